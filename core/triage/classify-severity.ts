import { isAtLeastAsSevere, type Severity } from '../incident/severity';
import type { Plan, SeverityRule } from '../plan/plan.schema';
import type { Signal } from './signal.schema';

export interface SeverityVerdict {
  readonly severity: Severity;
  /** The plan rule that matched, or "default": recorded on the incident so everyone sees why. */
  readonly rule: string;
}

/** Every condition a rule gives must hold. */
function matches(match: SeverityRule['match'], signal: Signal): boolean {
  const input = signal.severityInput;
  const checks: boolean[] = [
    match.source === undefined || match.source === signal.source,
    match.alarmNamePrefix === undefined || (input.alarmName?.startsWith(match.alarmNamePrefix) ?? false),
    match.minFindingSeverity === undefined || (input.findingSeverity ?? -1) >= match.minFindingSeverity,
    match.labels === undefined || (input.label !== undefined && match.labels.includes(input.label)),
    match.tags === undefined || Object.entries(match.tags).every(([key, value]) => input.tags[key] === value),
    match.actions === undefined || (input.action !== undefined && match.actions.includes(input.action)),
  ];
  return checks.every(Boolean);
}

/** The plan's severity for a signal: what a person declared, else the first matching rule, else the plan's default. */
export function classifySeverity(signal: Signal, plan: Pick<Plan, 'severity'>): SeverityVerdict {
  const declared = signal.severityInput.declaredSeverity;
  if (declared !== undefined) return { severity: declared, rule: 'declared' };
  const rule = plan.severity.rules.find((r) => matches(r.match, signal));
  return rule === undefined ? { severity: plan.severity.default, rule: 'default' } : { severity: rule.severity, rule: rule.name };
}

/** Below the threshold a signal is only recorded: nobody is paged for it. */
export const meetsThreshold = (severity: Severity, plan: Pick<Plan, 'severity'>): boolean =>
  isAtLeastAsSevere(severity, plan.severity.threshold);
