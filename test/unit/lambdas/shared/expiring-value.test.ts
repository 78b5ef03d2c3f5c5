import { expiringValue } from '../../../../lambdas/shared/expiring-value';

describe('expiringValue', () => {
  let at = 0;
  const now = () => at;

  it('loads once while the value is fresh, and again once it expired', async () => {
    let loads = 0;
    const value = expiringValue(1000, () => Promise.resolve((loads += 1)), now);
    at = 0;
    expect(await value.get()).toBe(1);
    at = 999;
    expect(await value.get()).toBe(1);
    at = 1000;
    expect(await value.get()).toBe(2);
    expect(loads).toBe(2);
  });

  it('loads again at once after forget', async () => {
    let loads = 0;
    const value = expiringValue(60_000, () => Promise.resolve((loads += 1)), now);
    expect(await value.get()).toBe(1);
    value.forget();
    expect(await value.get()).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    let loads = 0;
    const value = expiringValue(60_000, () => new Promise<number>((resolve) => setTimeout(() => { resolve((loads += 1)); }, 5)), now);
    expect(await Promise.all([value.get(), value.get(), value.get()])).toEqual([1, 1, 1]);
  });

  it('keeps no failure: the next get tries again', async () => {
    let loads = 0;
    const value = expiringValue(60_000, () => ((loads += 1) === 1 ? Promise.reject(new Error('unavailable')) : Promise.resolve(loads)), now);
    await expect(value.get()).rejects.toThrow('unavailable');
    expect(await value.get()).toBe(2);
  });
});
