import { correlationKey, guardDutyFindingIdFromArn, type CorrelationIdentity } from '../../../../core/triage/correlation';

const SERVER_CPU = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh';

describe('correlationKey', () => {
  it('is stable across releases for the same alarm', () => {
    // Pinned: keys are stored (COR#<key>); changing the derivation splits open incidents.
    expect(correlationKey({ kind: 'alarm', alarmArn: SERVER_CPU })).toBe(
      'alarm:d82dd3df73c93c65992d21fc8ffd1a221bd485776667a7f129eb67469ed5bade',
    );
  });

  it.each<CorrelationIdentity>([
    { kind: 'alarm', alarmArn: `${SERVER_CPU}${'x'.repeat(2048)}` },
    { kind: 'guardduty', findingId: 'f'.repeat(5000) },
    { kind: 'securityhub', findingId: 'arn:aws:securityhub:us-east-1:123456789012:security-control/S3.8/finding/0c5e' },
    { kind: 'health', eventArn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/x' },
    { kind: 'cloudtrail', account: '123456789012', action: 'iam:CreateAccessKey', principal: 'AIDACKCEVSQ6C2EXAMPLE' },
    { kind: 'manual', id: '01J0000000000000000000000' },
    { kind: 'resource', signalKind: 'alarm', resource: 'arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0' },
  ])('is the kind and 64 hex digits, whatever the input length ($kind)', (identity) => {
    const key = correlationKey(identity);

    expect(key).toMatch(new RegExp(`^${identity.kind}:[0-9a-f]{64}$`));
    expect(key.length).toBeLessThanOrEqual(76);
  });

  it('separates kinds that share the same text', () => {
    expect(correlationKey({ kind: 'guardduty', findingId: 'abc' })).not.toBe(correlationKey({ kind: 'securityhub', findingId: 'abc' }));
  });

  it('does not let a separator inside a part collide with the next part', () => {
    const a = correlationKey({ kind: 'cloudtrail', account: '1', action: 'iam:X', principal: 'p' });
    const b = correlationKey({ kind: 'cloudtrail', account: '1:iam', action: 'X', principal: 'p' });

    expect(a).not.toBe(b);
  });
});

describe('guardDutyFindingIdFromArn', () => {
  it('reads the finding id from a finding ARN in any partition', () => {
    expect(
      guardDutyFindingIdFromArn(
        'arn:aws:guardduty:us-east-1:193043430472:detector/d4b040365221be2b54a6264dc9a4bc64/finding/46ba0ac2845071e23ccdeb2ae03bfdea',
      ),
    ).toBe('46ba0ac2845071e23ccdeb2ae03bfdea');
    expect(guardDutyFindingIdFromArn('arn:aws-cn:guardduty:cn-north-1:123456789012:detector/d1/finding/f1')).toBe('f1');
  });

  it.each([
    'arn:aws:guardduty:us-east-1:193043430472:detector/d4b040365221be2b54a6264dc9a4bc64',
    'arn:aws:securityhub:us-east-1:123456789012:security-control/S3.8/finding/0c5e',
    '46ba0ac2845071e23ccdeb2ae03bfdea',
  ])('finds no GuardDuty finding in %s', (text) => {
    expect(guardDutyFindingIdFromArn(text)).toBeUndefined();
  });
});
