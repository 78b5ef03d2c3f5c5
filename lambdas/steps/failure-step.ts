import { toIso } from '../../core/time/clock';
import type { StepsDeps } from './steps-service';

/**
 * A phase workflow failed for good (its retries spent): the incident shows it
 * (`incident.failure`) and the timeline says so. The Crisis Lead is told by the
 * execution-failure rule (notify), which fires when the parent then fails.
 */
export async function recordPhaseFailure(incidentId: string, failure: { Error?: string | undefined; Cause?: string | undefined }, deps: StepsDeps): Promise<{ recorded: boolean }> {
  const now = deps.clock.now();
  const error = (failure.Error ?? 'States.TaskFailed').slice(0, 200);
  const cause = (failure.Cause ?? 'no cause given').slice(0, 2000);
  const incident = await deps.incidents.update(incidentId, (current) => ({
    ...current,
    failure: { at: toIso(now), phase: current.phase, error, cause },
    updatedAt: toIso(now),
    version: current.version + 1,
  }));
  await deps.timeline.append(
    incidentId,
    { type: 'workflow-failed', actor: 'sirp', summary: `The ${incident.phase} workflow failed (${error}); the incident stays at its gate until it is restarted.`, data: { phase: incident.phase, error } },
    toIso(now),
  );
  return { recorded: true };
}
