import { loadFixture, withField } from '../../test/fixtures/events/load-fixture';

/** Which source a correlation group of the storm comes from, and how many groups of each. */
export const STORM_MIX = [
  ['alarm', 20],
  ['alarm-sns', 10],
  ['guardduty', 25],
  ['securityhub', 20],
  ['health', 15],
  ['cloudtrail', 10],
] as const;

export type StormSource = (typeof STORM_MIX)[number][0];

export interface StormEvent {
  readonly group: number;
  readonly source: StormSource;
  /** The id triage keys idempotency on (EventBridge id, SNS MessageId). */
  readonly eventId: string;
  readonly body: string;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * Event `n` of correlation group `group`: every event of a group is about the
 * same thing (one alarm, one finding, one Health issue, one principal's
 * sensitive calls), each with its own event id, so a group is one incident
 * and each event one signal. Groups never share a resource, so the plan's
 * "same kind on the same resource" rule does not merge two of them. Every
 * group's severity meets the example plan's threshold (sev3).
 */
export function stormEvent(runId: string, source: StormSource, group: number, n: number): StormEvent {
  const eventId = `${runId}-g${group}-e${n}`;
  const instance = `i-0${hex(group, 16)}`;
  const event = ((): unknown => {
    switch (source) {
      case 'alarm': {
        const name = `sec-storm-${runId}-${group}`;
        let e = withField(loadFixture('cloudwatch', 'single-metric-alarm'), ['detail', 'alarmName'], name);
        e = withField(e, ['resources', 0], `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`);
        return withField(e, ['detail', 'configuration', 'metrics', 0, 'metricStat', 'metric', 'dimensions', 'InstanceId'], instance);
      }
      case 'alarm-sns': {
        const fixture = loadFixture('cloudwatch', 'sns-alarm-new-format') as { Records: [{ Sns: { Message: string } }] };
        const message = JSON.parse(fixture.Records[0].Sns.Message) as { Trigger: { Dimensions: { name: string; value: string }[] } } & Record<string, unknown>;
        const name = `sec-storm-sns-${runId}-${group}`;
        const renamed = { ...message, AlarmName: name, AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`, Trigger: { ...message.Trigger, Dimensions: [{ name: 'InstanceId', value: instance }] } };
        return withField(withField(fixture, ['Records', 0, 'Sns', 'Message'], JSON.stringify(renamed)), ['Records', 0, 'Sns', 'MessageId'], eventId);
      }
      case 'guardduty': {
        const findingId = `${runId.replace(/[^a-f0-9]/g, '')}${hex(group, 8)}`.padEnd(32, '0').slice(0, 32);
        let e = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'id'], findingId);
        e = withField(e, ['detail', 'arn'], `arn:aws:guardduty:us-east-1:123456789012:detector/d4b040365221be2b54a6264dc9a4bc64/finding/${findingId}`);
        e = withField(e, ['detail', 'severity'], 5);
        e = withField(e, ['detail', 'service', 'count'], n + 1);
        return withField(e, ['detail', 'resource', 'instanceDetails', 'instanceId'], instance);
      }
      case 'securityhub': {
        const batch = loadFixture('securityhub', 'three-findings-guardduty-control-resolved') as { detail: { findings: Record<string, unknown>[] } };
        const [, finding] = batch.detail.findings;
        const one = { ...finding, Id: `arn:aws:securityhub:us-east-1:123456789012:security-control/S3.8/finding/${runId}-${group}`, Resources: [{ Type: 'AwsS3Bucket', Id: `arn:aws:s3:::storm-${runId}-${group}` }] };
        return withField(batch, ['detail', 'findings'], [one]);
      }
      case 'health': {
        let e = withField(loadFixture('health', 'ec2-operational-issue-open'), ['detail', 'eventArn'], `arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/STORM_${runId}_${group}`);
        e = withField(e, ['detail', 'affectedEntities'], [{ entityValue: instance }]);
        return e;
      }
      case 'cloudtrail': {
        const e = withField(loadFixture('cloudtrail', 'create-access-key'), ['detail', 'userIdentity', 'principalId'], `AIDASTORM${runId.toUpperCase()}${group}`);
        return withField(e, ['detail', 'eventID'], eventId);
      }
    }
  })();
  const withId = source === 'alarm-sns' ? event : withField(event, ['id'], eventId);
  return { group, source, eventId, body: JSON.stringify(withId) };
}

/** A seeded shuffle (mulberry32): the same run id gives the same order. */
export function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swapped = items[j] as T;
    items[j] = items[i] as T;
    items[i] = swapped;
  }
  return items;
}
