import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { isAtLeastAsSevere } from '../core/incident/severity';
import type { Plan, SeverityRule } from '../core/plan/plan.schema';

/** One EventBridge rule of the intake: a construct id, what it takes in, and the pattern. */
export interface IntakePattern {
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
}

/**
 * CloudTrail's eventSource is `<service>.amazonaws.com` for almost every IAM
 * action prefix; CloudWatch (`monitoring`) is the exception that matters here.
 */
const EVENT_SOURCE_EXCEPTIONS: Readonly<Record<string, string>> = { cloudwatch: 'monitoring.amazonaws.com' };

export const eventSourceOf = (service: string): string => EVENT_SOURCE_EXCEPTIONS[service] ?? `${service}.amazonaws.com`;

/**
 * The event patterns the plan asks for:
 * - CloudWatch alarms entering ALARM, and returning to OK (offered to the
 *   Crisis Lead as a resolution); INSUFFICIENT_DATA never opens an incident.
 *   When the severity rules name alarm prefixes and no CloudWatch rule takes
 *   every alarm, only alarms with those prefixes; otherwise all.
 * - GuardDuty findings at or above the lowest score the plan can raise to its
 *   threshold (all of them when the default or a score-less rule does).
 * - Security Hub findings that are new and active, and the updates that end
 *   one (archived, resolved, suppressed, control passed); other updates of a
 *   finding already worked on are not new signals. Only the labels the plan
 *   can raise to its threshold, when that is not every label.
 * - AWS Health events.
 * - CloudTrail calls of the plan's `sensitiveActions`, one rule per service
 *   (a single pattern would match every name under every source).
 * - Console sign-ins by the root user or that failed.
 *
 * Filtering here is a cost and noise bound only: triage decides again on
 * everything that arrives.
 */
export function intakePatterns(plan: Plan): IntakePattern[] {
  const minSeverity = minimumFindingSeverity(plan);
  const labels = findingLabels(plan);
  return [
    alarmPattern(plan),
    {
      id: 'GuardDutyFindings',
      description: minSeverity === undefined ? 'GuardDuty findings' : `GuardDuty findings of severity ${minSeverity} and above`,
      pattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        ...(minSeverity === undefined ? {} : { detail: { severity: [{ numeric: ['>=', minSeverity] }] } }),
      },
    },
    {
      id: 'SecurityHubFindings',
      description: `New, active Security Hub findings and their endings${labels === undefined ? '' : ` (${labels.join(', ')})`}`,
      pattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            ...(labels === undefined ? {} : { Severity: { Label: labels } }),
            $or: [
              { RecordState: ['ACTIVE'], Workflow: { Status: ['NEW'] } },
              { RecordState: ['ARCHIVED'] },
              { Workflow: { Status: ['RESOLVED', 'SUPPRESSED'] } },
              { Compliance: { Status: ['PASSED'] } },
            ],
          },
        },
      },
    },
    {
      id: 'HealthEvents',
      description: 'AWS Health events',
      pattern: { source: ['aws.health'], detailType: ['AWS Health Event'] },
    },
    ...cloudTrailPatterns(plan.sensitiveActions),
    {
      id: 'ConsoleSignIns',
      description: 'Console sign-ins by the root user, and failed sign-ins',
      pattern: {
        source: ['aws.signin'],
        detailType: ['AWS Console Sign In via CloudTrail'],
        detail: { $or: [{ userIdentity: { type: ['Root'] } }, { responseElements: { ConsoleLogin: ['Failure'] } }] },
      },
    },
  ];
}

/** Rules that can apply to a source's signals, and whether each reaches the plan's threshold. */
function reaching(plan: Plan, source: 'guardduty' | 'securityhub'): { readonly opensAlways: boolean; readonly rules: SeverityRule[] } {
  const applicable = plan.severity.rules.filter((r) => r.match.source === undefined || r.match.source === source);
  const reaches = (r: SeverityRule): boolean => isAtLeastAsSevere(r.severity, plan.severity.threshold);
  return { opensAlways: isAtLeastAsSevere(plan.severity.default, plan.severity.threshold), rules: applicable.filter(reaches) };
}

/**
 * The lowest GuardDuty score that some rule raises to the threshold, or
 * undefined when any score can open an incident (the default reaches the
 * threshold, or a reaching rule does not look at the score).
 */
export function minimumFindingSeverity(plan: Plan): number | undefined {
  const { opensAlways, rules } = reaching(plan, 'guardduty');
  if (opensAlways || rules.length === 0 || rules.some((r) => r.match.minFindingSeverity === undefined)) return undefined;
  return Math.min(...rules.map((r) => r.match.minFindingSeverity ?? 0));
}

/** The ASFF labels some rule raises to the threshold, or undefined when any label can open an incident. */
export function findingLabels(plan: Plan): string[] | undefined {
  const { opensAlways, rules } = reaching(plan, 'securityhub');
  if (opensAlways || rules.length === 0 || rules.some((r) => r.match.labels === undefined)) return undefined;
  return [...new Set(rules.flatMap((r) => r.match.labels ?? []))];
}

/** Alarm name prefixes to filter on, or undefined for every alarm. */
export function alarmPrefixes(plan: Plan): string[] | undefined {
  const alarmRules = plan.severity.rules.filter((r) => r.match.source === undefined || r.match.source === 'cloudwatch');
  const prefixes = alarmRules.flatMap((r) => (r.match.alarmNamePrefix === undefined ? [] : [r.match.alarmNamePrefix]));
  const takesEveryAlarm = alarmRules.some((r) => r.match.source === 'cloudwatch' && r.match.alarmNamePrefix === undefined);
  return prefixes.length === 0 || takesEveryAlarm ? undefined : [...new Set(prefixes)];
}

function alarmPattern(plan: Plan): IntakePattern {
  const prefixes = alarmPrefixes(plan);
  return {
    id: 'CloudWatchAlarms',
    description: `CloudWatch alarms entering ALARM or OK${prefixes === undefined ? '' : `, named ${prefixes.join('*, ')}*`}`,
    pattern: {
      source: ['aws.cloudwatch'],
      detailType: ['CloudWatch Alarm State Change'],
      detail: {
        state: { value: ['ALARM', 'OK'] },
        ...(prefixes === undefined ? {} : { alarmName: prefixes.map((prefix) => ({ prefix })) }),
      },
    },
  };
}

function cloudTrailPatterns(actions: readonly string[]): IntakePattern[] {
  const byService = new Map<string, Set<string>>();
  for (const action of actions) {
    const [service = '', name = ''] = action.split(':');
    byService.set(service, (byService.get(service) ?? new Set<string>()).add(name));
  }
  return [...byService].map(([service, names]) => ({
    id: `CloudTrail-${service}`,
    description: `Sensitive ${service} API calls: ${[...names].join(', ')}`.slice(0, 512),
    pattern: {
      detailType: ['AWS API Call via CloudTrail'],
      detail: { eventSource: [eventSourceOf(service)], eventName: [...names] },
    },
  }));
}
