import type { Clock } from '../../core/time/clock';

/** Node caps a timer delay at 2^31-1 ms (about 24.8 days); longer waits re-arm on wake-up. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

interface ScheduledTimer {
  readonly id: number;
  readonly atMs: number;
  readonly fn: () => void;
}

/** Options of {@link RuntimeClock}. */
export interface RuntimeClockOptions {
  /** Incident time at construction, in epoch ms. Default: the wall clock. */
  readonly startMs?: number;
  /** Incident milliseconds per real millisecond. Default 1. */
  readonly speed?: number;
  /** The real time source; tests may replace it. Default `Date.now`. */
  readonly realNow?: () => number;
}

/**
 * The embedded runtime's clock: incident time that runs at `speed` times real
 * time, plus timers on that time line. Callback and child-execution timeouts,
 * retries and Wait states of the workflow engine are scheduled here (a
 * request-response task's timeout guards real handler time: it is not), so a
 * drill can compress a four-hour gate into four minutes (`speed = 60`) and a
 * test can jump over it with {@link RuntimeClock.advance}.
 *
 * `speed = 0` freezes time: only `advance()` moves it (deterministic tests).
 * Timers are `unref`'d: a pending timer never keeps the process alive.
 *
 * @example
 * const clock = new RuntimeClock({ speed: 60 });
 * const cancel = clock.schedule(clock.now() + 3_600_000, () => escalate()); // fires after one real minute
 */
export class RuntimeClock implements Clock {
  private readonly realNow: () => number;
  private anchorVirtualMs: number;
  private anchorRealMs: number;
  private currentSpeed: number;
  private timers: ScheduledTimer[] = [];
  private nextId = 1;
  private handle: NodeJS.Timeout | undefined;

  constructor(options: RuntimeClockOptions = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.anchorRealMs = this.realNow();
    this.anchorVirtualMs = options.startMs ?? this.anchorRealMs;
    this.currentSpeed = checkSpeed(options.speed ?? 1);
  }

  /** Incident time in epoch milliseconds (an integer, like `Date.now()`). */
  now(): number {
    return Math.floor(this.preciseNow());
  }

  /** Incident milliseconds per real millisecond: 1 is real time, 60 makes a real second one minute, 0 freezes time. */
  get speed(): number {
    return this.currentSpeed;
  }

  set speed(value: number) {
    const speed = checkSpeed(value);
    // Re-anchor so that changing the rate never makes time jump.
    this.anchorVirtualMs = this.preciseNow();
    this.anchorRealMs = this.realNow();
    this.currentSpeed = speed;
    this.arm();
  }

  /**
   * Runs `fn` once incident time reaches `atMs` (at once, asynchronously, when
   * `atMs` is already past). Timers fire in time order, ties in scheduling order.
   * @returns a function that cancels the timer (harmless after it fired).
   */
  schedule(atMs: number, fn: () => void): () => void {
    if (Number.isNaN(atMs)) throw new RangeError('schedule(atMs) needs a time, got NaN');
    const timer: ScheduledTimer = { id: this.nextId++, atMs, fn };
    const index = this.timers.findIndex((t) => t.atMs > atMs);
    if (index === -1) this.timers.push(timer);
    else this.timers.splice(index, 0, timer);
    this.arm();
    return () => {
      this.timers = this.timers.filter((t) => t.id !== timer.id);
      this.arm();
    };
  }

  /**
   * Jumps incident time forward by `ms` and fires, synchronously and in order,
   * every timer that became due (also those that firing timers schedule).
   * Promise continuations of the fired callbacks run after this returns.
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
    this.anchorVirtualMs += ms;
    this.fireDue();
  }

  /** Drops every pending timer (runtime shutdown): nothing fires afterwards unless scheduled anew. */
  stop(): void {
    this.timers = [];
    this.arm();
  }

  /** Number of timers not yet fired nor cancelled (diagnostics and tests). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private preciseNow(): number {
    return this.anchorVirtualMs + (this.realNow() - this.anchorRealMs) * this.currentSpeed;
  }

  private fireDue(): void {
    let firstError: unknown;
    let failed = false;
    for (;;) {
      const next = this.timers[0];
      if (next === undefined || next.atMs > this.preciseNow()) break;
      this.timers.shift();
      try {
        next.fn();
      } catch (error) {
        // Keep firing the others: one bad callback must not stall every deadline.
        if (!failed) firstError = error;
        failed = true;
      }
    }
    this.arm();
    if (failed) throw firstError;
  }

  /** Keeps exactly one real timer, set for the earliest virtual deadline. */
  private arm(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    const next = this.timers[0];
    if (next === undefined) return;
    const now = this.preciseNow();
    if (next.atMs > now && this.currentSpeed === 0) return; // frozen: only advance() moves time
    const realDelay = Math.max(0, Math.ceil((next.atMs - now) / (this.currentSpeed || 1)));
    this.handle = setTimeout(() => {
      this.handle = undefined;
      this.fireDue();
    }, Math.min(realDelay, MAX_TIMER_DELAY_MS));
    this.handle.unref();
  }
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`clock speed must be a finite number >= 0, got ${speed}`);
  return speed;
}
