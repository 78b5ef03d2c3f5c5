import { normalizeEvent } from '../../../../core/triage/normalize-event';
import type { Signal } from '../../../../core/triage/signal.schema';
import { loadFixture, withField, withoutField } from '../../../fixtures/events/load-fixture';
import { onlySignal, reasonOf, signalsOf } from './helpers';

const SERVER_CPU = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh';

/** The parsed alarm message inside an SNS fixture. */
function snsMessage(name: string): Record<string, unknown> {
  const event = loadFixture('cloudwatch', name) as { Records: [{ Sns: { Message: string } }] };
  return JSON.parse(event.Records[0].Sns.Message) as Record<string, unknown>;
}

/** An SNS fixture whose alarm message is replaced. */
function withMessage(name: string, message: unknown): unknown {
  return withField(loadFixture('cloudwatch', name), ['Records', 0, 'Sns', 'Message'], JSON.stringify(message));
}

function single(event: unknown): Signal {
  const signals = signalsOf(normalizeEvent(event));
  expect(signals).toHaveLength(1);
  return signals[0] as Signal;
}

/** What must not depend on the transport an alarm used. */
const transportFree = (s: Signal) => ({
  identity: s.identity,
  correlationKey: s.correlationKey,
  state: s.state,
  account: s.account,
  region: s.region,
  time: s.time,
  resources: s.resources.map((r) => ({ type: r.type, id: r.id, arn: r.arn })),
  alarmType: s.severityInput.attributes.alarmType,
});

describe('CloudWatch alarms over EventBridge', () => {
  it('names the alarm and what it watches as resources', () => {
    const signal = onlySignal('cloudwatch', 'single-metric-alarm');

    expect(signal.resources).toEqual([
      { type: 'AwsCloudWatchAlarm', id: 'ServerCpuTooHigh', arn: SERVER_CPU, tags: {} },
      { type: 'dimension:InstanceId', id: 'i-12345678901234567', tags: {} },
    ]);
    expect(signal.severityInput).toEqual({ alarmName: 'ServerCpuTooHigh', tags: {}, attributes: { alarmType: 'metric' } });
    expect(signal.title).toBe('ALARM: ServerCpuTooHigh (Goes into alarm when server CPU utilization is too high!)');
    expect(signal.description).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[99\.50/);
  });

  it('has no description when the state gives no reason', () => {
    const event = withoutField(loadFixture('cloudwatch', 'single-metric-alarm'), ['detail', 'state', 'reason']);

    expect(single(event).description).toBeUndefined();
  });

  it('takes the time of the state change, not of the delivery', () => {
    expect(onlySignal('cloudwatch', 'single-metric-alarm').time).toBe('2019-10-02T17:04:40.989Z');
  });

  it('falls back to the event time when the state has no readable timestamp', () => {
    const event = withField(loadFixture('cloudwatch', 'single-metric-alarm'), ['detail', 'state', 'timestamp'], 'yesterday');

    expect(single(event).time).toBe('2019-10-02T17:04:40.000Z');
  });

  it.each([
    ['single-metric-alarm', 'metric'],
    ['metric-math-alarm', 'metric-math'],
    ['anomaly-detection-alarm', 'anomaly-detection'],
    ['composite-alarm', 'composite'],
  ])('tells a %s apart as a %s alarm', (name, alarmType) => {
    expect(onlySignal('cloudwatch', name).severityInput.attributes.alarmType).toBe(alarmType);
  });

  it('titles an alarm without a description by its state and name', () => {
    expect(onlySignal('cloudwatch', 'composite-alarm').title).toBe('ALARM: ServiceAggregatedAlarm');
  });

  it('carries propagated alarm tags to the alarm resource and the severity input', () => {
    const event = withField(loadFixture('cloudwatch', 'single-metric-alarm'), ['detail', 'alarmTags'], {
      Team: 'payments',
      Environment: 'prod',
    });

    const signal = single(event);

    expect(signal.resources[0]?.tags).toEqual({ Team: 'payments', Environment: 'prod' });
    expect(signal.severityInput.tags).toEqual({ Team: 'payments', Environment: 'prod' });
  });

  it('keeps the event as received in raw', () => {
    expect(onlySignal('cloudwatch', 'metric-math-alarm').raw).toEqual(loadFixture('cloudwatch', 'metric-math-alarm'));
  });

  it('lists a dimension shared by several metrics once', () => {
    const ids = onlySignal('cloudwatch', 'metric-math-alarm').resources.map((r) => r.id);

    expect(ids).toEqual(['TotalNetworkTrafficTooHigh', 'i-12345678901234567']);
  });

  it('rejects an event whose first resource is not an alarm ARN, naming resources[0]', () => {
    const event = withField(loadFixture('cloudwatch', 'single-metric-alarm'), ['resources', 0], 'ServerCpuTooHigh');

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'resources[0]', message: 'must be a CloudWatch alarm ARN' });
  });

  it('rejects an event without resources, naming the missing resources[0]', () => {
    const event = withField(loadFixture('cloudwatch', 'single-metric-alarm'), ['resources'], []);

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'resources[0]', message: 'is required (expected string)' });
  });

  it('rejects an unknown alarm state, naming detail.state.value and what it received', () => {
    const event = withField(loadFixture('cloudwatch', 'single-metric-alarm'), ['detail', 'state', 'value'], 'ON_FIRE');

    const reason = reasonOf(normalizeEvent(event));

    expect(reason.path).toBe('detail.state.value');
    expect(reason.message).toContain('received "ON_FIRE"');
  });
});

describe('CloudWatch alarms over SNS', () => {
  it('gives the same alarm the same identity, key, resources and time as over EventBridge', () => {
    const overEventBridge = transportFree(onlySignal('cloudwatch', 'single-metric-alarm'));

    expect(transportFree(onlySignal('cloudwatch', 'sns-alarm-new-format'))).toEqual(overEventBridge);
    expect(transportFree(onlySignal('cloudwatch', 'sns-alarm-old-format'))).toEqual(overEventBridge);
  });

  it('gives a metric math alarm the same identity, key and resources as over EventBridge', () => {
    expect(transportFree(onlySignal('cloudwatch', 'sns-alarm-metric-math'))).toEqual(
      transportFree(onlySignal('cloudwatch', 'metric-math-alarm')),
    );
  });

  it('uses the SNS message id as the event id and the alarm description in the title', () => {
    const signal = onlySignal('cloudwatch', 'sns-alarm-new-format');

    expect(signal.eventId).toBe('95df01b4-ee98-5cb9-9903-4c221d41eb5e');
    expect(signal.title).toBe('ALARM: ServerCpuTooHigh (Goes into alarm when server CPU utilization is too high!)');
  });

  it('derives the alarm ARN in the partition of the region when the notification has none', () => {
    const message = { ...snsMessage('sns-alarm-old-format'), Region: 'China (Beijing)', AWSAccountId: '123456789012' };

    expect(single(withMessage('sns-alarm-old-format', message)).identity).toBe(
      'arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:ServerCpuTooHigh',
    );
  });

  it('derives the ARN from the display name when the given AlarmArn is malformed', () => {
    const message = { ...snsMessage('sns-alarm-new-format'), AlarmArn: 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE' };

    expect(single(withMessage('sns-alarm-new-format', message)).identity).toBe(SERVER_CPU);
  });

  it('reads the region from the AlarmArn over the display name', () => {
    const message = { ...snsMessage('sns-alarm-new-format'), Region: 'Somewhere New' };

    expect(single(withMessage('sns-alarm-new-format', message)).region).toBe('us-east-1');
  });

  it("falls back to the topic's region for a display name it does not know", () => {
    const message = { ...snsMessage('sns-alarm-old-format'), Region: 'Moon (Tranquility Base)' };

    const signal = single(withMessage('sns-alarm-old-format', message));

    expect(signal.region).toBe('us-east-1');
    expect(signal.identity).toBe(SERVER_CPU);
  });

  it('rejects a notification whose region cannot be found, naming the Region inside the message', () => {
    const message = { ...snsMessage('sns-alarm-old-format'), Region: 'Moon (Tranquility Base)' };
    const event = withField(withMessage('sns-alarm-old-format', message), ['Records', 0, 'Sns', 'TopicArn'], 'arn:aws:sns:EXAMPLE');

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'Records[0].Sns.Message.Region',
      message: 'names no known AWS region (received "Moon (Tranquility Base)")',
    });
  });

  it('titles an alarm with a null description by its state and name', () => {
    const message = { ...snsMessage('sns-alarm-new-format'), AlarmDescription: null };

    expect(single(withMessage('sns-alarm-new-format', message)).title).toBe('ALARM: ServerCpuTooHigh');
  });

  it('takes the notification time when the state change time is missing', () => {
    const { StateChangeTime: _dropped, ...message } = snsMessage('sns-alarm-new-format');

    expect(single(withMessage('sns-alarm-new-format', message)).time).toBe('2019-10-02T17:04:41.123Z');
  });

  it('recognises a composite alarm notification by its AlarmRule', () => {
    const { Trigger: _dropped, ...metricAlarm } = snsMessage('sns-alarm-new-format');
    const message = { ...metricAlarm, AlarmRule: 'ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)' };

    const signal = single(withMessage('sns-alarm-new-format', message));

    expect(signal.severityInput.attributes.alarmType).toBe('composite');
    expect(signal.resources).toHaveLength(1);
  });

  it('reads OK as resolved and INSUFFICIENT_DATA as nodata', () => {
    const ok = { ...snsMessage('sns-alarm-new-format'), NewStateValue: 'OK' };
    const noData = { ...snsMessage('sns-alarm-new-format'), NewStateValue: 'INSUFFICIENT_DATA' };

    expect(single(withMessage('sns-alarm-new-format', ok)).state).toBe('resolved');
    expect(single(withMessage('sns-alarm-new-format', noData)).state).toBe('nodata');
  });

  it('keeps only its own record in raw when a batch has several', () => {
    const first = loadFixture('cloudwatch', 'sns-alarm-new-format') as { Records: unknown[] };
    const second = loadFixture('cloudwatch', 'sns-alarm-metric-math') as { Records: unknown[] };
    const batch = { Records: [...first.Records, ...second.Records] };

    const signals = signalsOf(normalizeEvent(batch));

    expect(signals.map((s) => s.identity)).toEqual([SERVER_CPU, 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh']);
    expect(signals[1]?.raw).toEqual({ Records: [second.Records[0]] });
  });

  it('names the record when the second message of a batch is bad', () => {
    const first = loadFixture('cloudwatch', 'sns-alarm-new-format') as { Records: unknown[] };
    const bad = withField(loadFixture('cloudwatch', 'sns-alarm-new-format'), ['Records', 0, 'Sns', 'Message'], '{"hello":"world"}') as {
      Records: unknown[];
    };

    const reason = reasonOf(normalizeEvent({ Records: [...first.Records, ...bad.Records] }));

    expect(reason.path).toBe('Records[1].Sns.Message');
  });

  it('rejects a message that is not an alarm, naming Records[0].Sns.Message', () => {
    const event = withField(loadFixture('cloudwatch', 'sns-alarm-new-format'), ['Records', 0, 'Sns', 'Message'], 'Hello from SNS');

    expect(reasonOf(normalizeEvent(event)).path).toBe('Records[0].Sns.Message');
    expect(reasonOf(normalizeEvent(event)).message).toMatch(/^is not valid JSON/);
  });

  it('rejects a JSON message that is not an alarm notification', () => {
    const event = withMessage('sns-alarm-new-format', { default: 'a plain SNS publish' });

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'Records[0].Sns.Message',
      message: 'is not a CloudWatch alarm notification (it has no AlarmName and NewStateValue)',
    });
  });

  it('rejects an alarm notification without an account, naming the field inside the message', () => {
    const { AWSAccountId: _dropped, ...message } = snsMessage('sns-alarm-new-format');

    expect(reasonOf(normalizeEvent(withMessage('sns-alarm-new-format', message)))).toEqual({
      path: 'Records[0].Sns.Message.AWSAccountId',
      message: 'is required (expected string)',
    });
  });

  it('rejects a record that is not from SNS, naming its EventSource', () => {
    const event = withField(loadFixture('cloudwatch', 'sns-alarm-new-format'), ['Records', 0, 'EventSource'], 'aws:sqs');

    expect(reasonOf(normalizeEvent(event)).path).toBe('Records[0].EventSource');
  });

  it('rejects a message nested deeper than the limit inside the SNS string, naming where', () => {
    let nested = '1';
    for (let i = 0; i < 40; i++) nested = `{"a":${nested}}`;
    const event = withField(loadFixture('cloudwatch', 'sns-alarm-new-format'), ['Records', 0, 'Sns', 'Message'], nested);

    const reason = reasonOf(normalizeEvent(event));

    expect(reason.path).toBe(`Records[0].Sns.Message${'.a'.repeat(32)}`);
    expect(reason.message).toContain('maximum depth of 32');
  });

  it('rejects an oversized message string, naming it', () => {
    const event = withField(loadFixture('cloudwatch', 'sns-alarm-new-format'), ['Records', 0, 'Sns', 'Message'], '[' + '1,'.repeat(40_000) + '1]');

    expect(reasonOf(normalizeEvent(event)).path).toBe('Records[0].Sns.Message');
  });

  it('reads an EventBridge event delivered through SNS as that event', () => {
    const finding = loadFixture('guardduty', 'ec2-ssh-brute-force');
    const event = withMessage('sns-alarm-new-format', finding);

    const signal = single(event);

    expect(signal).toMatchObject({ source: 'guardduty', identity: '46ba0ac2845071e23ccdeb2ae03bfdea', raw: finding });
  });

  it('names the field inside the message when an EventBridge event in SNS is invalid', () => {
    const finding = withoutField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'id']);

    expect(reasonOf(normalizeEvent(withMessage('sns-alarm-new-format', finding))).path).toBe('Records[0].Sns.Message.detail.id');
  });

  it('names a bracketed path inside the message when an array message item is bad', () => {
    const event = withField(loadFixture('cloudwatch', 'sns-alarm-new-format'), ['Records', 0, 'Sns', 'Message'], '[{"__proto__":1}]');

    expect(reasonOf(normalizeEvent(event)).path).toBe('Records[0].Sns.Message[0].__proto__');
  });
});
