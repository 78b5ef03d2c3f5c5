import { RuntimeClock } from '../../../local/engine/runtime-clock';

describe('RuntimeClock', () => {
  it('runs at speed times real time', () => {
    let real = 1_000;
    const clock = new RuntimeClock({ startMs: 50_000, speed: 60, realNow: () => real });
    real += 1_000;
    expect(clock.now()).toBe(50_000 + 60_000);
  });

  it('keeps time continuous when the speed changes', () => {
    let real = 0;
    const clock = new RuntimeClock({ startMs: 0, speed: 10, realNow: () => real });
    real = 100;
    clock.speed = 1;
    expect(clock.now()).toBe(1_000);
    real = 200;
    expect(clock.now()).toBe(1_100);
  });

  it('fires due timers in time order when advanced, and no others', () => {
    const clock = new RuntimeClock({ startMs: 0, speed: 0 });
    const fired: string[] = [];
    clock.schedule(3_000, () => fired.push('c'));
    clock.schedule(1_000, () => fired.push('a'));
    clock.schedule(2_000, () => fired.push('b'));
    clock.schedule(10_000, () => fired.push('late'));
    clock.advance(3_000);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.pendingTimers).toBe(1);
  });

  it('fires timers that firing timers schedule within the advanced span', () => {
    const clock = new RuntimeClock({ startMs: 0, speed: 0 });
    const fired: number[] = [];
    clock.schedule(1_000, () => {
      fired.push(clock.now());
      clock.schedule(1_500, () => fired.push(clock.now()));
    });
    clock.advance(2_000);
    expect(fired).toEqual([2_000, 2_000]);
  });

  it('does not fire a cancelled timer', () => {
    const clock = new RuntimeClock({ startMs: 0, speed: 0 });
    const fn = jest.fn();
    const cancel = clock.schedule(1_000, fn);
    cancel();
    clock.advance(5_000);
    expect(fn).not.toHaveBeenCalled();
  });

  it('fires timers from real time, compressed by the speed', async () => {
    const clock = new RuntimeClock({ speed: 60_000 });
    const fired = new Promise<number>((resolve) => {
      clock.schedule(clock.now() + 60_000, () => {
        resolve(clock.now());
      });
    });
    const start = clock.now();
    // One incident minute is one real millisecond at this speed.
    await expect(fired).resolves.toBeGreaterThanOrEqual(start + 60_000);
  });

  it('refuses a negative speed', () => {
    expect(() => new RuntimeClock({ speed: -1 })).toThrow(RangeError);
  });
});
