import { EventBridgeSchema, SnsSchema } from '@aws-lambda-powertools/parser/schemas';
import { EventBridgeEnvelope, SnsEnvelope } from '../../../../core/triage/envelopes';
import { loadFixture, withField, withoutField, type FixtureSource } from '../../../fixtures/events/load-fixture';

// core/ restates the envelopes instead of importing Powertools (core depends on no
// Lambda library); these tests keep the two in step on the real fixtures.

const EVENTBRIDGE: readonly (readonly [FixtureSource, string])[] = [
  ['cloudwatch', 'single-metric-alarm'],
  ['cloudwatch', 'composite-alarm'],
  ['guardduty', 'ec2-ssh-brute-force'],
  ['securityhub', 'three-findings-guardduty-control-resolved'],
  ['health', 'legacy-instance-store-degraded'],
  ['cloudtrail', 'console-login-failure'],
];

const SNS = ['sns-alarm-new-format', 'sns-alarm-old-format', 'sns-alarm-metric-math'];

describe('envelopes', () => {
  it.each(EVENTBRIDGE)('reads %s/%s as Powertools EventBridgeSchema does', (source, name) => {
    const event = loadFixture(source, name);

    expect(EventBridgeSchema.safeParse(event).success).toBe(true);
    expect(EventBridgeEnvelope.safeParse(event).success).toBe(true);
  });

  it.each(SNS)('reads cloudwatch/%s as Powertools SnsSchema does', (name) => {
    const event = loadFixture('cloudwatch', name);

    expect(SnsSchema.safeParse(event).success).toBe(true);
    expect(SnsEnvelope.safeParse(event).success).toBe(true);
  });

  it.each([['id'], ['detail-type'], ['source'], ['account'], ['time'], ['region'], ['resources']])(
    'requires %s, as Powertools does',
    (field) => {
      const event = withoutField(loadFixture('guardduty', 'ec2-ssh-brute-force'), [field]);

      expect(EventBridgeSchema.safeParse(event).success).toBe(false);
      expect(EventBridgeEnvelope.safeParse(event).success).toBe(false);
    },
  );

  it('requires an SNS record to come from aws:sns, as Powertools does', () => {
    const event = withField(loadFixture('cloudwatch', 'sns-alarm-new-format'), ['Records', 0, 'EventSource'], 'aws:sqs');

    expect(SnsSchema.safeParse(event).success).toBe(false);
    expect(SnsEnvelope.safeParse(event).success).toBe(false);
  });

  it('also requires detail to be an object, where Powertools accepts anything', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail'], 'text');

    expect(EventBridgeSchema.safeParse(event).success).toBe(true);
    expect(EventBridgeEnvelope.safeParse(event).success).toBe(false);
  });
});
