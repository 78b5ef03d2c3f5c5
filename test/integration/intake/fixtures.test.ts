import { correlationKey, type CorrelationIdentity } from '../../../core/triage/correlation';
import type { Runtime } from '../../../local/runtime/runtime';
import { type FixtureSource, loadFixture, withField } from '../../fixtures/events/load-fixture';
import { getJson, startTestRuntime } from '../runtime/runtime-harness';
import { incident, post, postOne } from './intake-client';

/**
 * Every fixture through the real intake of the embedded runtime (POST /events,
 * the triage handler, dynalite), with the example plan (orgs/example.yaml):
 * threshold sev3, "sec-" alarms sev2, other alarms sev4, GuardDuty >= 4 sev3,
 * Security Hub HIGH sev2, sensitive CloudTrail actions sev1/sev2.
 */

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

const ACCOUNT = '123456789012';
const alarmArn = (name: string): string => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;
const alarmKey = (name: string): string => correlationKey({ kind: 'alarm', alarmArn: alarmArn(name) });
const key = (identity: CorrelationIdentity): string => correlationKey(identity);

/** An EventBridge alarm fixture renamed (a security alarm is one whose name starts with "sec-"), with its own event id. */
function renamedAlarm(name: string, fixture: string, eventId: string): unknown {
  const renamed = withField(withField(loadFixture('cloudwatch', fixture), ['detail', 'alarmName'], name), ['resources', 0], alarmArn(name));
  return withField(renamed, ['id'], eventId);
}

/** An SNS alarm fixture whose message is about another alarm. */
function renamedSnsAlarm(name: string, fixture: string, messageId: string): unknown {
  const event = loadFixture('cloudwatch', fixture) as { Records: [{ Sns: { Message: string } }] };
  const message = JSON.parse(event.Records[0].Sns.Message) as Record<string, unknown>;
  const renamed = { ...message, AlarmName: name, ...('AlarmArn' in message ? { AlarmArn: alarmArn(name) } : {}) };
  return withField(withField(event, ['Records', 0, 'Sns', 'Message'], JSON.stringify(renamed)), ['Records', 0, 'Sns', 'MessageId'], messageId);
}

/** The event about another EC2 instance (the plan groups signals of one kind on one resource). */
const onInstance = (event: unknown, instanceId: string): unknown =>
  JSON.parse(JSON.stringify(event).replace(/i-[0-9a-f]{8,17}\b/g, instanceId)) as unknown;

interface Expected {
  readonly outcome: string;
  readonly severity: string | null;
  readonly rule: string | null;
  readonly correlationKey: string;
}

const SERVER_CPU = alarmKey('ServerCpuTooHigh');
const NETWORK = alarmKey('TotalNetworkTrafficTooHigh');

/** Fixtures about problems no other case touches, each on its own: outcome, severity, the rule, the key. */
const SINGLES: readonly (readonly [FixtureSource, string, Expected])[] = [
  ['cloudwatch', 'single-metric-alarm', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: SERVER_CPU }],
  ['cloudwatch', 'insufficient-data', { outcome: 'ignored', severity: null, rule: null, correlationKey: SERVER_CPU }],
  ['cloudwatch', 'single-metric-ok', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: SERVER_CPU }],
  ['cloudwatch', 'metric-math-alarm', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: NETWORK }],
  ['cloudwatch', 'anomaly-detection-alarm', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: alarmKey('EC2 CPU Utilization Anomaly') }],
  ['cloudwatch', 'composite-alarm', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: alarmKey('ServiceAggregatedAlarm') }],
  ['cloudwatch', 'sns-alarm-new-format', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: SERVER_CPU }],
  ['cloudwatch', 'sns-alarm-old-format', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: SERVER_CPU }],
  ['cloudwatch', 'sns-alarm-metric-math', { outcome: 'ignored', severity: 'sev4', rule: 'other-alarms', correlationKey: NETWORK }],
  [
    'guardduty',
    'iam-access-key-malicious-ip',
    { outcome: 'created', severity: 'sev3', rule: 'guardduty-medium', correlationKey: key({ kind: 'guardduty', findingId: 'e2c8d5f0a1b34c6d8e9f0a1b2c3d4e5f' }) },
  ],
  [
    'guardduty',
    's3-block-public-access-disabled',
    { outcome: 'created', severity: 'sev3', rule: 'default', correlationKey: key({ kind: 'guardduty', findingId: 'a4b9f2c6d8e04b1c9a7f3e5d2c1b0a99' }) },
  ],
  [
    'securityhub',
    'archived-control-finding',
    {
      outcome: 'ignored',
      severity: 'sev1',
      rule: 'securityhub-critical',
      correlationKey: key({
        kind: 'securityhub',
        findingId: 'arn:aws:securityhub:us-east-1:123456789012:security-control/EC2.19/finding/5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
      }),
    },
  ],
  [
    'health',
    'ec2-reboot-scheduled-upcoming',
    {
      outcome: 'created',
      severity: 'sev3',
      rule: 'default',
      correlationKey: key({
        kind: 'health',
        eventArn:
          'arn:aws:health:eu-west-1::event/EC2/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED_2f5a7c9e-1b3d-4f6a-8c0e-2a4b6c8d0e1f',
      }),
    },
  ],
  [
    'health',
    'legacy-instance-store-degraded',
    {
      outcome: 'created',
      severity: 'sev3',
      rule: 'default',
      correlationKey: key({ kind: 'health', eventArn: 'arn:aws:health:us-west-2::event/AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED_90353408594353980' }),
    },
  ],
  [
    'cloudtrail',
    'stop-logging',
    {
      outcome: 'created',
      severity: 'sev1',
      rule: 'root-or-trail-tampering',
      correlationKey: key({ kind: 'cloudtrail', account: ACCOUNT, action: 'cloudtrail:StopLogging', principal: 'AROAJQABLZS4A3QDU576Q:alice' }),
    },
  ],
  [
    'cloudtrail',
    'create-access-key',
    {
      outcome: 'created',
      severity: 'sev2',
      rule: 'iam-changes',
      correlationKey: key({ kind: 'cloudtrail', account: ACCOUNT, action: 'iam:CreateAccessKey', principal: 'AIDACKCEVSQ6C2EXAMPLE' }),
    },
  ],
  [
    'cloudtrail',
    'root-console-login-no-mfa',
    {
      outcome: 'created',
      severity: 'sev1',
      rule: 'root-or-trail-tampering',
      correlationKey: key({ kind: 'cloudtrail', account: '111122223333', action: 'signin:ConsoleLogin', principal: '111122223333' }),
    },
  ],
];

describe('every fixture through the intake of the embedded runtime', () => {
  it.each(SINGLES)('%s/%s: %j', async (source, name, expected) => {
    const result = await postOne(runtime.url, loadFixture(source, name));

    expect(result).toMatchObject({ status: 202, ...expected });
    // What the table holds for it: the incident with the rule that matched, or no incident at all.
    const view = result.incidentId === null ? null : await incident(runtime.url, result.incidentId);
    const recorded =
      view === null
        ? null
        : { severity: view.record.severity, rule: view.record.severityRule, key: view.record.correlationKey, status: view.record.status, signals: view.signals.map((s) => s.outcome) };
    const wanted =
      expected.outcome === 'created'
        ? { severity: expected.severity, rule: expected.rule, key: expected.correlationKey, status: 'open', signals: ['created'] }
        : null;
    expect(recorded).toEqual(wanted);
  });
});

describe('one security alarm over EventBridge and SNS, firing then recovering', () => {
  it('opens one incident, joins the SNS copy, records OK as offered and never closes, and ignores INSUFFICIENT_DATA', async () => {
    const fired = await postOne(runtime.url, renamedAlarm('sec-ServerCpuTooHigh', 'single-metric-alarm', 'a1-fired'));
    expect(fired).toMatchObject({ status: 202, outcome: 'created', severity: 'sev2', rule: 'security-alarms', correlationKey: alarmKey('sec-ServerCpuTooHigh') });

    const overSns = await postOne(runtime.url, renamedSnsAlarm('sec-ServerCpuTooHigh', 'sns-alarm-new-format', 'a1-sns-new'));
    const overOldSns = await postOne(runtime.url, renamedSnsAlarm('sec-ServerCpuTooHigh', 'sns-alarm-old-format', 'a1-sns-old'));
    const recovered = await postOne(runtime.url, renamedAlarm('sec-ServerCpuTooHigh', 'single-metric-ok', 'a1-ok'));
    const noData = await postOne(runtime.url, renamedAlarm('sec-ServerCpuTooHigh', 'insufficient-data', 'a1-nodata'));

    expect([overSns, overOldSns, recovered, noData].map((r) => [r.outcome, r.incidentId])).toEqual([
      ['joined', fired.incidentId],
      ['joined', fired.incidentId],
      ['resolved', fired.incidentId],
      ['ignored', null],
    ]);
    const view = await incident(runtime.url, fired.incidentId!);
    expect(view.record).toMatchObject({ status: 'open', severityRule: 'security-alarms' });
    expect(view.timeline.find((e) => e.type === 'signal-resolved')?.summary).toMatch(/Offered to the Crisis Lead; the incident stays open/);
    expect(view.signals.map((s) => s.outcome).sort()).toEqual(['created', 'joined', 'joined', 'resolved']);
  });

  it('joins a metric math, an anomaly detection and a composite security alarm to their own incidents once fired', async () => {
    for (const [fixture, name] of [
      ['metric-math-alarm', 'sec-TotalNetworkTrafficTooHigh'],
      ['anomaly-detection-alarm', 'sec-EC2 CPU Utilization Anomaly'],
      ['composite-alarm', 'sec-ServiceAggregatedAlarm'],
    ] as const) {
      const first = await postOne(runtime.url, onInstance(renamedAlarm(name, fixture, `${fixture}-1`), `i-0${fixture.length}`));
      const again = await postOne(runtime.url, onInstance(renamedAlarm(name, fixture, `${fixture}-2`), `i-0${fixture.length}`));
      expect([first.outcome, first.severity, first.rule]).toEqual(['created', 'sev2', 'security-alarms']);
      expect([again.outcome, again.incidentId]).toEqual(['joined', first.incidentId]);
    }
  });

  it('joins a second alarm on the same instance to the first (same resource and kind within the window)', async () => {
    const alarm = (name: string, eventId: string) => onInstance(renamedAlarm(name, 'single-metric-alarm', eventId), 'i-0aaaa1234');
    const cpu = await postOne(runtime.url, alarm('sec-Cpu-i-1234', 'grp-cpu'));
    const disk = await postOne(runtime.url, alarm('sec-Disk-i-1234', 'grp-disk'));
    const diskAgain = await postOne(runtime.url, alarm('sec-Disk-i-1234', 'grp-disk-2'));
    const otherInstance = await postOne(runtime.url, onInstance(renamedAlarm('sec-Disk-i-5678', 'single-metric-alarm', 'grp-other'), 'i-0bbbb5678'));

    expect(cpu.outcome).toBe('created');
    expect([disk.outcome, disk.incidentId, disk.correlationKey]).toEqual(['joined', cpu.incidentId, alarmKey('sec-Disk-i-1234')]);
    expect([diskAgain.outcome, diskAgain.incidentId]).toEqual(['joined', cpu.incidentId]);
    expect(otherInstance.outcome).toBe('created');
  });
});

describe('a GuardDuty finding and its Security Hub copy', () => {
  it('land on one incident; the batch gives one result per finding; archiving resolves without closing', async () => {
    const finding = await postOne(runtime.url, loadFixture('guardduty', 'ec2-ssh-brute-force'));
    expect(finding).toMatchObject({ outcome: 'created', severity: 'sev3', rule: 'default', correlationKey: key({ kind: 'guardduty', findingId: '46ba0ac2845071e23ccdeb2ae03bfdea' }) });

    const batch = await post(runtime.url, loadFixture('securityhub', 'three-findings-guardduty-control-resolved'));
    expect(batch.status).toBe(202);
    expect(batch.answer.results.map((r) => [r.outcome, r.severity, r.rule])).toEqual([
      ['joined', 'sev3', 'default'],
      ['created', 'sev2', 'securityhub-high'],
      ['ignored', 'sev2', 'securityhub-high'],
    ]);
    expect(batch.answer.results[0]!.incidentId).toBe(finding.incidentId);

    const archived = await postOne(runtime.url, loadFixture('guardduty', 'ec2-ssh-brute-force-archived'));
    expect([archived.outcome, archived.incidentId]).toEqual(['resolved', finding.incidentId]);
    expect((await incident(runtime.url, finding.incidentId!)).record.status).toBe('open');
  });
});

describe('AWS Health and console sign-ins', () => {
  it('opens an incident for an open Health issue and records its closing as a resolution', async () => {
    const open = await postOne(runtime.url, onInstance(loadFixture('health', 'ec2-operational-issue-open'), 'i-0health01'));
    const closed = await postOne(runtime.url, onInstance(loadFixture('health', 'ec2-operational-issue-closed'), 'i-0health01'));

    expect([open.outcome, open.severity, open.rule]).toEqual(['created', 'sev3', 'default']);
    expect([closed.outcome, closed.incidentId]).toEqual(['resolved', open.incidentId]);
  });

  it('annotates the incident of a principal signing in with their failed sign-in', async () => {
    const success = await postOne(runtime.url, loadFixture('cloudtrail', 'console-login-success-no-mfa'));
    const failure = await postOne(runtime.url, loadFixture('cloudtrail', 'console-login-failure'));

    expect([success.outcome, success.severity, success.rule]).toEqual(['created', 'sev1', 'root-or-trail-tampering']);
    expect([failure.outcome, failure.incidentId]).toEqual(['annotated', success.incidentId]);
  });

  it('ignores an API call the plan does not list as sensitive, and records why', async () => {
    const call = withField(loadFixture('cloudtrail', 'create-access-key'), ['detail', 'eventName'], 'ListUsers');
    const result = await postOne(runtime.url, withField(call, ['id'], 'not-sensitive-1'));

    expect([result.status, result.outcome, result.incidentId]).toEqual([202, 'ignored', null]);
  });
});

describe('duplicate delivery', () => {
  it('answers a redelivered event as a duplicate of the first, with its incident', async () => {
    const event = loadFixture('guardduty', 'iam-access-key-malicious-ip');
    const again = withField(withField(event, ['detail', 'id'], 'dup0000000000000000000000000001'), ['detail', 'resource', 'accessKeyDetails', 'accessKeyId'], 'AKIADUPLICATE0000001');
    const first = await postOne(runtime.url, withField(again, ['id'], 'dup-delivery-1'));
    const second = await postOne(runtime.url, withField(again, ['id'], 'dup-delivery-1'));

    expect([first.outcome, second.outcome, second.incidentId]).toEqual(['created', 'duplicate', first.incidentId]);
  });

  it('answers a redelivery of the same bytes (from memory) exactly as the handler answers the same event in other bytes', async () => {
    const event = withField(renamedAlarm('sec-redelivered-bytes', 'single-metric-alarm', 'dup-bytes-1'), ['detail', 'state', 'reason'], 'redelivered');
    const first = await post(runtime.url, JSON.stringify(event));
    const sameBytes = await post(runtime.url, JSON.stringify(event));
    // Indented: another body text, so the full path (parse, normalize, the handler) answers it.
    const otherBytes = await post(runtime.url, JSON.stringify(event, null, 2));

    expect([first.status, first.answer.results.length]).toEqual([202, 1]);
    expect(sameBytes).toEqual({ status: 202, answer: { ...first.answer, results: [{ ...first.answer.results[0], outcome: 'duplicate' }] } });
    expect(otherBytes).toEqual(sameBytes);
  });

  it('still refuses a body that reuses an accepted event id with a bad field, and keeps it as a dead letter', async () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['id'], 'dup-hostile-1');
    const accepted = await post(runtime.url, event);
    const hostile = await post(runtime.url, withField(event, ['detail', 'severity'], 'high'));

    expect(accepted.status).toBe(202);
    expect([hostile.status, hostile.answer.eventId, hostile.answer.results[0]?.outcome, hostile.answer.results[0]?.reason?.path]).toEqual([400, 'dup-hostile-1', 'rejected', 'detail.severity']);
    const letters = await getJson<{ id: string; path: string }[]>(`${runtime.url}/api/deadletters`);
    expect(letters.filter((l) => l.id === 'dup-hostile-1').map((l) => l.path)).toEqual(['detail.severity']);
  });
});
