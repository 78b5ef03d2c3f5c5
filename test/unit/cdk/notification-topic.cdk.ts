import { Match } from 'aws-cdk-lib/assertions';
import { alphaPlan } from './plans';
import { templatesOf } from './synth';
import { resourcesOf } from './template-queries';

const [alpha] = templatesOf(alphaPlan);
const topicId = resourcesOf(alpha, 'AWS::SNS::Topic').find(([, r]) => r.Properties?.TopicName === 'sirp-alpha-notifications')![0];
const subscriptions = resourcesOf(alpha, 'AWS::SNS::Subscription')
  .map(([, r]) => r.Properties!)
  .filter((p) => JSON.stringify(p.TopicArn) === JSON.stringify({ Ref: topicId }));

type FilterPolicy = Record<string, string[]>;

/** SNS filter semantics for exact-string allowlists: every key present, with an allowed value. */
const matches = (policy: FilterPolicy, attributes: Record<string, string>): boolean =>
  Object.entries(policy).every(([key, allowed]) => attributes[key] !== undefined && allowed.includes(attributes[key]));

const receivers = (attributes: Record<string, string>) =>
  subscriptions.filter((s) => matches(s.FilterPolicy as FilterPolicy, attributes)).map((s) => `${s.Protocol as string}:${s.Endpoint as string}`);

describe('NotificationTopic', () => {
  it("is encrypted with the stack's key and refuses requests without TLS", () => {
    const [[keyId]] = resourcesOf(alpha, 'AWS::KMS::Key') as [[string, unknown]];
    alpha.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'sirp-alpha-notifications',
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    alpha.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes each email and each phone of a contact once, with a filter on recipient and channel', () => {
    expect(subscriptions).toHaveLength(4); // alice email + sms, bob email, carol sms
    alpha.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+14155550103',
      FilterPolicy: { recipient: ['carol'], channel: ['sms'] },
    });
  });

  it("delivers a message for alice by email to alice's email subscription only", () => {
    expect(receivers({ recipient: 'alice', channel: 'email' })).toEqual(['email:alice@alpha.example']);
    expect(receivers({ recipient: 'alice', channel: 'sms' })).toEqual(['sms:+14155550101']);
  });

  it('delivers a message without a recipient to nobody', () => {
    expect(receivers({ channel: 'email' })).toEqual([]);
    expect(receivers({})).toEqual([]);
  });

  it('lets the key policy allow SNS of this account to use the key', () => {
    alpha.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: Match.arrayWith(['sns.amazonaws.com']) },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ]),
      },
    });
  });
});
