import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { correlationKey, type CorrelationIdentity } from '../../../../core/triage/correlation';
import { normalizeEvent } from '../../../../core/triage/normalize-event';
import { SignalSchema, type SignalSource, type SignalState } from '../../../../core/triage/signal.schema';
import { loadFixture, type FixtureSource } from '../../../fixtures/events/load-fixture';
import { signalsOf } from './helpers';

interface Expected {
  readonly source: SignalSource;
  readonly kind: string;
  readonly state: SignalState;
  readonly identity: string;
  readonly correlation: CorrelationIdentity;
}

const SERVER_CPU = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh';
const NETWORK = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh';
const alarm = (state: SignalState, arn: string): Expected => ({
  source: 'cloudwatch',
  kind: 'alarm',
  state,
  identity: arn,
  correlation: { kind: 'alarm', alarmArn: arn },
});
const guardDuty = (type: string, state: SignalState, id: string): Expected => ({
  source: 'guardduty',
  kind: `finding/${type}`,
  state,
  identity: id,
  correlation: { kind: 'guardduty', findingId: id },
});
const EC2_FINDING = '46ba0ac2845071e23ccdeb2ae03bfdea';
const OUTAGE = 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_7f35c8ae-af1f-54e6-a526-d0179ed6d68f';
const health = (kind: string, state: SignalState, eventArn: string): Expected => ({
  source: 'health',
  kind,
  state,
  identity: eventArn,
  correlation: { kind: 'health', eventArn },
});
const trail = (kind: string, eventId: string, account: string, action: string, principal: string): Expected => ({
  source: 'cloudtrail',
  kind,
  state: 'info',
  identity: eventId,
  correlation: { kind: 'cloudtrail', account, action, principal },
});

/** Every single-signal fixture and what it must become. */
const SINGLE: readonly (readonly [FixtureSource, string, Expected])[] = [
  ['cloudwatch', 'single-metric-alarm', alarm('firing', SERVER_CPU)],
  ['cloudwatch', 'single-metric-ok', alarm('resolved', SERVER_CPU)],
  ['cloudwatch', 'insufficient-data', alarm('nodata', SERVER_CPU)],
  ['cloudwatch', 'metric-math-alarm', alarm('firing', NETWORK)],
  ['cloudwatch', 'anomaly-detection-alarm', alarm('firing', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:EC2 CPU Utilization Anomaly')],
  ['cloudwatch', 'composite-alarm', alarm('firing', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm')],
  ['cloudwatch', 'sns-alarm-new-format', alarm('firing', SERVER_CPU)],
  ['cloudwatch', 'sns-alarm-old-format', alarm('firing', SERVER_CPU)],
  ['cloudwatch', 'sns-alarm-metric-math', alarm('firing', NETWORK)],
  ['guardduty', 'ec2-ssh-brute-force', guardDuty('UnauthorizedAccess:EC2/SSHBruteForce', 'firing', EC2_FINDING)],
  ['guardduty', 'ec2-ssh-brute-force-archived', guardDuty('UnauthorizedAccess:EC2/SSHBruteForce', 'archived', EC2_FINDING)],
  [
    'guardduty',
    'iam-access-key-malicious-ip',
    guardDuty('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom', 'firing', 'e2c8d5f0a1b34c6d8e9f0a1b2c3d4e5f'),
  ],
  [
    'guardduty',
    's3-block-public-access-disabled',
    guardDuty('Policy:S3/BucketBlockPublicAccessDisabled', 'firing', 'a4b9f2c6d8e04b1c9a7f3e5d2c1b0a99'),
  ],
  [
    'securityhub',
    'archived-control-finding',
    {
      source: 'securityhub',
      kind: 'finding/Industry and Regulatory Standards',
      state: 'archived',
      identity: 'arn:aws:securityhub:us-east-1:123456789012:security-control/EC2.19/finding/5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
      correlation: {
        kind: 'securityhub',
        findingId: 'arn:aws:securityhub:us-east-1:123456789012:security-control/EC2.19/finding/5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
      },
    },
  ],
  ['health', 'ec2-operational-issue-open', health('health/issue', 'firing', OUTAGE)],
  ['health', 'ec2-operational-issue-closed', health('health/issue', 'resolved', OUTAGE)],
  [
    'health',
    'ec2-reboot-scheduled-upcoming',
    health(
      'health/scheduledChange',
      'info',
      'arn:aws:health:eu-west-1::event/EC2/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED_2f5a7c9e-1b3d-4f6a-8c0e-2a4b6c8d0e1f',
    ),
  ],
  [
    'health',
    'legacy-instance-store-degraded',
    health('health/issue', 'firing', 'arn:aws:health:us-west-2::event/AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED_90353408594353980'),
  ],
  [
    'cloudtrail',
    'stop-logging',
    trail('api-call', '3f9a2b1c-8d7e-4f6a-9b5c-2d1e0f3a4b5c', '123456789012', 'cloudtrail:StopLogging', 'AROAJQABLZS4A3QDU576Q:alice'),
  ],
  [
    'cloudtrail',
    'create-access-key',
    trail('api-call', '9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a5f', '123456789012', 'iam:CreateAccessKey', 'AIDACKCEVSQ6C2EXAMPLE'),
  ],
  [
    'cloudtrail',
    'console-login-success-no-mfa',
    trail('console-signin', '3fcfb182-98f8-4744-bd45-10a395ab61cb', '111122223333', 'signin:ConsoleLogin', 'AIDACKCEVSQ6C2EXAMPLE'),
  ],
  [
    'cloudtrail',
    'console-login-failure',
    trail('console-signin', 'd38ce1b3-4575-4cb8-a632-611b8243bfc3', '111122223333', 'signin:ConsoleLogin', 'AIDACKCEVSQ6C2EXAMPLE'),
  ],
  [
    'cloudtrail',
    'root-console-login-no-mfa',
    trail('console-signin', 'deb1e1f9-c99b-4612-8e9f-21f93b5d79c0', '111122223333', 'signin:ConsoleLogin', '111122223333'),
  ],
];

describe('fixtures', () => {
  it.each(SINGLE)('normalizes %s/%s to its source, kind, state, identity and key', (source, name, expected) => {
    const signals = signalsOf(normalizeEvent(loadFixture(source, name)));

    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      source: expected.source,
      kind: expected.kind,
      state: expected.state,
      identity: expected.identity,
      correlationKey: correlationKey(expected.correlation),
    });
  });

  it('produces signals that satisfy the signal schema for every AWS fixture', () => {
    const names = (['cloudwatch', 'guardduty', 'securityhub', 'health', 'cloudtrail'] as const).flatMap((source) =>
      readdirSync(join(__dirname, '../../../fixtures/events', source)).map((file) => [source, file.replace(/\.json$/, '')] as const),
    );

    const signals = names.flatMap(([source, name]) => signalsOf(normalizeEvent(loadFixture(source, name))));

    expect(signals.length).toBeGreaterThanOrEqual(names.length);
    for (const signal of signals) expect(SignalSchema.safeParse(signal).error).toBeUndefined();
  });

  it('lists every fixture file in SOURCES.md', () => {
    const sources = loadFixtureList();
    for (const source of ['cloudwatch', 'guardduty', 'securityhub', 'health', 'cloudtrail', 'manual']) {
      for (const file of readdirSync(join(__dirname, '../../../fixtures/events', source))) {
        expect(sources).toContain(`${source}/${file}`);
      }
    }
  });
});

function loadFixtureList(): string {
  return readFileSync(join(__dirname, '../../../fixtures/events/SOURCES.md'), 'utf8');
}
