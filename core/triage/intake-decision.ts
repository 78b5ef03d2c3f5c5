import type { Severity } from '../incident/severity';
import type { Plan } from '../plan/plan.schema';
import { classifySeverity, meetsThreshold } from './classify-severity';
import type { Signal } from './signal.schema';

/** What the correlation record says about the problem a signal belongs to. */
export interface OpenProblem {
  readonly incidentId: string;
  readonly open: boolean;
  /** Epoch ms of the last signal that joined. */
  readonly lastSeenAt: number;
}

export type IntakeDecision =
  | { readonly outcome: 'created'; readonly severity: Severity; readonly rule: string }
  | { readonly outcome: 'joined' | 'annotated' | 'resolved'; readonly incidentId: string; readonly severity: Severity; readonly rule: string }
  | { readonly outcome: 'ignored'; readonly severity: Severity | null; readonly rule: string | null; readonly why: string };

/**
 * What a signal does to the incidents, given what is already open for its
 * correlation key. Pure: the caller reads the correlation record and carries
 * out the decision with conditional writes.
 *
 * Resolutions never close a security incident: they are recorded and offered
 * to the Crisis Lead. INSUFFICIENT_DATA opens nothing. CloudTrail calls count
 * only when the plan lists the action as sensitive.
 */
export function decideIntake(signal: Signal, plan: Plan, problem: OpenProblem | null, now: number): IntakeDecision {
  if (signal.state === 'nodata') {
    return { outcome: 'ignored', severity: null, rule: null, why: 'the source has insufficient data: nothing to act on' };
  }
  if (signal.source === 'cloudtrail' && !plan.sensitiveActions.includes(signal.severityInput.action ?? '')) {
    return { outcome: 'ignored', severity: null, rule: null, why: `"${signal.severityInput.action ?? 'unknown'}" is not a sensitive action in the plan` };
  }
  const { severity, rule } = classifySeverity(signal, plan);
  const live = problem !== null && problem.open && now - problem.lastSeenAt <= plan.correlation.window * 1000;
  if (signal.state === 'resolved' || signal.state === 'archived') {
    return live
      ? { outcome: 'resolved', incidentId: problem.incidentId, severity, rule }
      : { outcome: 'ignored', severity, rule, why: `a ${signal.state} signal with no open incident` };
  }
  if (live) {
    return { outcome: signal.state === 'info' ? 'annotated' : 'joined', incidentId: problem.incidentId, severity, rule };
  }
  // A person who declares an incident has decided it is one: the threshold filters sensors, not people.
  if (signal.source !== 'manual' && !meetsThreshold(severity, plan)) {
    return { outcome: 'ignored', severity, rule, why: `${severity} is below the plan's threshold (${plan.severity.threshold})` };
  }
  return { outcome: 'created', severity, rule };
}
