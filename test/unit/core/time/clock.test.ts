import { ManualClock, systemClock, toIso } from '../../../../core/time/clock';

const T0 = Date.UTC(2025, 2, 14, 9, 30, 0);

describe('ManualClock', () => {
  it('reads the instant it was given until it is moved', () => {
    const clock = new ManualClock(T0);

    expect(clock.now()).toBe(T0);
    expect(clock.now()).toBe(T0);
  });

  it('advances by the given milliseconds', () => {
    const clock = new ManualClock(T0);
    clock.advance(90_000);
    clock.advance(10_000);

    expect(clock.now()).toBe(T0 + 100_000);
  });

  it('jumps to the instant it is set to', () => {
    const clock = new ManualClock(T0);
    clock.set(T0 - 1);

    expect(clock.now()).toBe(T0 - 1);
  });
});

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now();
    const after = Date.now();

    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });
});

describe('toIso', () => {
  it('renders epoch milliseconds as UTC ISO 8601', () => {
    expect(toIso(T0)).toBe('2025-03-14T09:30:00.000Z');
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
