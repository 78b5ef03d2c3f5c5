import type { EventPattern } from 'aws-cdk-lib/aws-events';
import type { Plan } from '../core/plan/plan.schema';

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
 * - CloudWatch alarms entering ALARM (OK and INSUFFICIENT_DATA never open an
 *   incident). When the severity rules name alarm prefixes and no CloudWatch
 *   rule takes every alarm, only alarms with those prefixes; otherwise all.
 * - GuardDuty findings, AWS Health events.
 * - Security Hub findings that are new and active (updates of a finding
 *   already worked on are not new signals).
 * - CloudTrail calls of the plan's `sensitiveActions`, one rule per service
 *   (a single pattern would match every name under every source).
 * - Console sign-ins by the root user or that failed.
 */
export function intakePatterns(plan: Plan): IntakePattern[] {
  return [
    alarmPattern(plan),
    {
      id: 'GuardDutyFindings',
      description: 'GuardDuty findings',
      pattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'] },
    },
    {
      id: 'SecurityHubFindings',
      description: 'New, active Security Hub findings',
      pattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: { findings: { RecordState: ['ACTIVE'], Workflow: { Status: ['NEW'] } } },
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
    description: prefixes === undefined ? 'CloudWatch alarms entering ALARM' : `CloudWatch alarms entering ALARM, named ${prefixes.join('*, ')}*`,
    pattern: {
      source: ['aws.cloudwatch'],
      detailType: ['CloudWatch Alarm State Change'],
      detail: {
        state: { value: ['ALARM'] },
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
