import { z } from 'zod';

/**
 * Deterministic `kill -9` for the restart tests and for drills of the runtime
 * itself: `SIRP_CRASH_AT=<point>[#n]` makes the runtime SIGKILL itself the
 * n-th time (default the first) it reaches that point, exactly where a power
 * cut would hurt most. Unset (always, in normal use) it costs one branch.
 *
 * - `sns:request`: an SNS call (a Publish) arrived; nothing of it is written yet (the
 *   sender never learns whether it went out).
 * - `outbox:delivery`: one delivery is on disk, before the Publish is answered
 *   (a message that went out while the sender did not hear back).
 * - `sfn:SendTaskSuccess`: an approval was decided and recorded; the workflow
 *   has not heard of it yet (the middle of a phase transition).
 */
export const CRASH_POINTS = ['sns:request', 'outbox:delivery', 'sfn:SendTaskSuccess'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const CrashAtSchema = z
  .string()
  .regex(/^[a-z]+:[A-Za-z]+(#[1-9]\d{0,5})?$/, 'must be <point> or <point>#<n>, like "outbox:delivery#2"')
  .transform((text) => {
    const [point = '', n = '1'] = text.split('#');
    return { point, hit: Number(n) };
  })
  .pipe(z.object({ point: z.enum(CRASH_POINTS), hit: z.number().int().min(1) }));

export interface CrashPoints {
  /** Called at each point; kills the process when it is the armed point's n-th hit. */
  reach(point: CrashPoint): void;
}

/** Reads `SIRP_CRASH_AT`; throws naming the variable when it is malformed. */
export function crashPointsFrom(env: NodeJS.ProcessEnv): CrashPoints {
  const raw = env.SIRP_CRASH_AT;
  if (raw === undefined || raw === '') return { reach: () => undefined };
  const parsed = CrashAtSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`SIRP_CRASH_AT: ${parsed.error.issues[0]?.message ?? 'invalid'} (points: ${CRASH_POINTS.join(', ')}), got "${raw}"`);
  }
  const armed = parsed.data;
  let hits = 0;
  return {
    reach: (point) => {
      if (point !== armed.point) return;
      hits += 1;
      // SIGKILL, not exit(): no handler, no flush, no goodbye to the dynalite child.
      if (hits === armed.hit) process.kill(process.pid, 'SIGKILL');
    },
  };
}
