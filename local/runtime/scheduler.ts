import type { RuntimeClock } from '../engine/runtime-clock';

/** How often, in incident time, the scheduler asks for due reminders: the same rate as the stack's rule. */
export const SYNC_REMINDER_RATE_MS = 5 * 60_000;

export interface ReminderScheduler {
  /** Runs one round now (tests and drills call it to avoid waiting). */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * The embedded runtime's stand-in for the stack's EventBridge rule: every
 * five minutes of runtime-clock time (so `--speed` compresses it like every
 * other timer) it invokes the steps handler with `{ "step": "syncReminders" }`.
 * It keeps no state: what was sent is claimed on each incident in the table,
 * so after a restart the first round sends exactly what is due. Rounds never
 * overlap; a failed round is reported and the next one tries again.
 */
export function startReminderScheduler(options: {
  readonly clock: RuntimeClock;
  readonly invokeSteps: (event: unknown) => Promise<unknown>;
  readonly onError?: (error: unknown) => void;
  readonly rateMs?: number;
}): ReminderScheduler {
  const rate = options.rateMs ?? SYNC_REMINDER_RATE_MS;
  let running: Promise<void> | null = null;
  let cancel: (() => void) | null = null;
  let stopped = false;

  const tick = (): Promise<void> => {
    running ??= options
      .invokeSteps({ step: 'syncReminders' })
      .then(
        () => undefined,
        (error: unknown) => {
          options.onError?.(error);
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const arm = (): void => {
    if (stopped) return;
    cancel = options.clock.schedule(options.clock.now() + rate, () => {
      void tick().then(arm);
    });
  };
  arm();
  return {
    tick,
    stop: () => {
      stopped = true;
      cancel?.();
    },
  };
}
