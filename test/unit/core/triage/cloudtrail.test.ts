import { correlationKey } from '../../../../core/triage/correlation';
import { normalizeEvent } from '../../../../core/triage/normalize-event';
import { loadFixture, withField, withoutField } from '../../../fixtures/events/load-fixture';
import { firstSignal, onlySignal, reasonOf } from './helpers';

describe('CloudTrail events', () => {
  it.each([
    ['stop-logging', 'cloudtrail:StopLogging'],
    ['create-access-key', 'iam:CreateAccessKey'],
    ['console-login-success-no-mfa', 'signin:ConsoleLogin'],
  ])('names the action of %s as %s', (name, action) => {
    expect(onlySignal('cloudtrail', name).severityInput.action).toBe(action);
  });

  it('describes a console sign-in without MFA for the plan to judge', () => {
    const signal = onlySignal('cloudtrail', 'console-login-success-no-mfa');

    expect(signal).toMatchObject({
      kind: 'console-signin',
      state: 'info',
      title: 'signin:ConsoleLogin by arn:aws:iam::111122223333:user/anaya',
      account: '111122223333',
      region: 'us-east-2',
      resources: [{ type: 'AwsIamPrincipal', id: 'arn:aws:iam::111122223333:user/anaya', arn: 'arn:aws:iam::111122223333:user/anaya', tags: {} }],
    });
    expect(signal.severityInput.attributes).toEqual({
      outcome: 'success',
      identityType: 'IAMUser',
      sourceIp: '192.0.2.0',
      mfaUsed: 'no',
    });
  });

  it('marks a failed sign-in and keys it with the same user’s successful one', () => {
    const failed = onlySignal('cloudtrail', 'console-login-failure');
    const succeeded = onlySignal('cloudtrail', 'console-login-success-no-mfa');

    expect(failed.severityInput.attributes.outcome).toBe('failure');
    expect(failed.title).toBe('signin:ConsoleLogin by AIDACKCEVSQ6C2EXAMPLE (failed)');
    expect(failed.description).toBe('Failed authentication');
    expect(failed.correlationKey).toBe(succeeded.correlationKey);
  });

  it('names the root account as such', () => {
    expect(onlySignal('cloudtrail', 'root-console-login-no-mfa').resources[0]?.type).toBe('AwsAccountRoot');
  });

  it('reads an error code as a failure', () => {
    const event = withField(loadFixture('cloudtrail', 'create-access-key'), ['detail', 'errorCode'], 'AccessDenied');

    expect(firstSignal(event).severityInput.attributes).toMatchObject({ outcome: 'failure', errorCode: 'AccessDenied' });
  });

  it('lists the resources the record names after the actor', () => {
    const event = withField(loadFixture('cloudtrail', 'stop-logging'), ['detail', 'resources'], [
      { ARN: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events', type: 'AWS::CloudTrail::Trail', accountId: '123456789012' },
      { ARN: 'arn:aws:s3:::amzn-s3-demo-bucket' },
    ]);

    expect(firstSignal(event).resources.slice(1)).toEqual([
      {
        type: 'AWS::CloudTrail::Trail',
        id: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events',
        arn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events',
        tags: {},
      },
      { type: 'Other', id: 'arn:aws:s3:::amzn-s3-demo-bucket', arn: 'arn:aws:s3:::amzn-s3-demo-bucket', tags: {} },
    ]);
  });

  it('keys a call by account, action and the acting principal', () => {
    expect(onlySignal('cloudtrail', 'create-access-key').correlationKey).toBe(
      correlationKey({ kind: 'cloudtrail', account: '123456789012', action: 'iam:CreateAccessKey', principal: 'AIDACKCEVSQ6C2EXAMPLE' }),
    );
  });

  it('falls back from principal id to ARN, user name, identity type, then "unknown"', () => {
    const base = loadFixture('cloudtrail', 'create-access-key');
    const principalOf = (event: unknown) => {
      const signal = firstSignal(event);
      return [signal.correlationKey, signal.resources[0]?.id];
    };
    const key = (principal: string) =>
      correlationKey({ kind: 'cloudtrail', account: '123456789012', action: 'iam:CreateAccessKey', principal });

    const noId = withoutField(base, ['detail', 'userIdentity', 'principalId']);
    const noArn = withoutField(noId, ['detail', 'userIdentity', 'arn']);
    const noName = withoutField(noArn, ['detail', 'userIdentity', 'userName']);
    const noType = withoutField(noName, ['detail', 'userIdentity', 'type']);

    expect(principalOf(noId)).toEqual([key('arn:aws:iam::123456789012:user/Mary_Major'), 'arn:aws:iam::123456789012:user/Mary_Major']);
    expect(principalOf(noArn)).toEqual([key('Mary_Major'), 'Mary_Major']);
    expect(principalOf(noName)).toEqual([key('IAMUser'), 'IAMUser']);
    expect(principalOf(noType)).toEqual([key('unknown'), 'unknown']);
    expect(firstSignal(noType).severityInput.attributes).toEqual({ outcome: 'success', sourceIp: '198.51.100.178' });
  });

  it('uses the envelope account when the record names no recipient account', () => {
    const event = withoutField(loadFixture('cloudtrail', 'stop-logging'), ['detail', 'recipientAccountId']);

    expect(firstSignal(event).account).toBe('123456789012');
  });

  it('reads a record without source IP or additional data', () => {
    let event = withoutField(loadFixture('cloudtrail', 'console-login-failure'), ['detail', 'sourceIPAddress']);
    event = withField(event, ['detail', 'additionalEventData'], null);
    event = withField(event, ['detail', 'responseElements'], null);

    expect(firstSignal(event).severityInput.attributes).toEqual({ outcome: 'success', identityType: 'IAMUser' });
  });

  it('accepts an API call from any AWS service source', () => {
    const event = withField(loadFixture('cloudtrail', 'create-access-key'), ['source'], 'aws.sts');

    expect(firstSignal(event).kind).toBe('api-call');
  });

  it('rejects a CloudTrail detail-type from a non-AWS source', () => {
    const event = withField(loadFixture('cloudtrail', 'create-access-key'), ['source'], 'my.app');

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'source',
      message: 'unsupported event source "my.app" / detail-type "AWS API Call via CloudTrail"',
    });
  });

  it('rejects a record without an event name, naming detail.eventName', () => {
    const event = withoutField(loadFixture('cloudtrail', 'stop-logging'), ['detail', 'eventName']);

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'detail.eventName', message: 'is required (expected string)' });
  });

  it('rejects a record without a user identity', () => {
    const event = withoutField(loadFixture('cloudtrail', 'stop-logging'), ['detail', 'userIdentity']);

    expect(reasonOf(normalizeEvent(event)).path).toBe('detail.userIdentity');
  });
});
