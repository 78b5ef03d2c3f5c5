import { normalizeEvent } from '../../../../core/triage/normalize-event';
import { loadFixture, withField, withoutField } from '../../../fixtures/events/load-fixture';
import { firstSignal, onlySignal, reasonOf } from './helpers';

describe('GuardDuty findings', () => {
  it('names the EC2 instance with its ARN and tags, and keeps GuardDuty severity', () => {
    const signal = onlySignal('guardduty', 'ec2-ssh-brute-force');

    expect(signal.resources).toEqual([
      {
        type: 'AwsEc2Instance',
        id: 'i-0c10c2c7863d1a356',
        arn: 'arn:aws:ec2:us-east-1:193043430472:instance/i-0c10c2c7863d1a356',
        tags: { Name: 'kubectl' },
      },
    ]);
    expect(signal.severityInput).toEqual({
      findingSeverity: 2,
      tags: { Name: 'kubectl' },
      attributes: { resourceType: 'Instance' },
    });
    expect(signal).toMatchObject({
      account: '193043430472',
      region: 'us-east-1',
      time: '2020-09-30T12:14:00.000Z',
      title: '199.241.229.197 is performing SSH brute force attacks against i-0c10c2c7863d1a356.',
    });
    expect(signal.description).toMatch(/^199\.241\.229\.197 is performing SSH brute force attacks/);
  });

  it('names the access key and its user, and marks a sample finding', () => {
    const signal = onlySignal('guardduty', 'iam-access-key-malicious-ip');

    expect(signal.resources).toEqual([
      { type: 'AwsIamAccessKey', id: 'ASIASZ4SI7REEEXAMPLE', tags: {} },
      { type: 'AwsIamUser', id: 'GeneratedFindingUserName', tags: {} },
    ]);
    expect(signal.severityInput.attributes).toEqual({ resourceType: 'AccessKey', sample: 'true' });
  });

  it('names the S3 bucket with its tags alongside the caller', () => {
    const signal = onlySignal('guardduty', 's3-block-public-access-disabled');

    expect(signal.resources.map((r) => [r.type, r.id])).toEqual([
      ['AwsIamAccessKey', 'ASIAIOSFODNN7EXAMPLE'],
      ['AwsIamUser', 'data-admin'],
      ['AwsS3Bucket', 'amzn-s3-demo-bucket'],
    ]);
    expect(signal.severityInput.tags).toEqual({ Team: 'data', Environment: 'prod' });
    expect(signal.region).toBe('eu-west-1');
  });

  it('gives an archived finding the same key as the live one', () => {
    const live = onlySignal('guardduty', 'ec2-ssh-brute-force');
    const archived = onlySignal('guardduty', 'ec2-ssh-brute-force-archived');

    expect(archived.state).toBe('archived');
    expect(archived.correlationKey).toBe(live.correlationKey);
    expect(archived.eventId).not.toBe(live.eventId);
  });

  it('titles a finding without a title by its type, and fires without service details', () => {
    const event = withoutField(withoutField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'title']), ['detail', 'service']);

    const signal = firstSignal(event);

    expect(signal.title).toBe('UnauthorizedAccess:EC2/SSHBruteForce');
    expect(signal.state).toBe('firing');
  });

  it('builds the instance ARN in the partition of the region when the finding has none', () => {
    let event = withoutField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'partition']);
    event = withField(event, ['detail', 'region'], 'cn-north-1');

    expect(firstSignal(event).resources[0]?.arn).toBe('arn:aws-cn:ec2:cn-north-1:193043430472:instance/i-0c10c2c7863d1a356');
  });

  it('reads a finding with no description, no resource type, no access key id and no tags', () => {
    let event = withoutField(loadFixture('guardduty', 'iam-access-key-malicious-ip'), ['detail', 'description']);
    event = withoutField(event, ['detail', 'resource', 'resourceType']);
    event = withoutField(event, ['detail', 'resource', 'accessKeyDetails', 'accessKeyId']);
    event = withoutField(event, ['detail', 'resource', 'accessKeyDetails', 'userName']);

    const signal = firstSignal(event);

    expect(signal.description).toBeUndefined();
    expect(signal.resources).toEqual([]);
    expect(signal.severityInput.attributes).toEqual({ sample: 'true' });
  });

  it('keeps the first of two tags with the same key', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'resource', 'instanceDetails', 'tags'], [
      { key: 'Name', value: 'first' },
      { key: 'Name', value: 'second' },
    ]);

    expect(firstSignal(event).resources[0]?.tags).toEqual({ Name: 'first' });
  });

  it('rejects a severity given as text, naming detail.severity and what it received', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'severity'], 'HIGH');

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'detail.severity', message: 'expected number, received "HIGH"' });
  });

  it('rejects a finding without an id, naming detail.id', () => {
    const event = withoutField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'id']);

    expect(reasonOf(normalizeEvent(event))).toEqual({ path: 'detail.id', message: 'is required (expected string)' });
  });

  it('rejects an instance tag without a value, naming it', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'resource', 'instanceDetails', 'tags', 0], {
      key: 'Name',
    });

    expect(reasonOf(normalizeEvent(event)).path).toBe('detail.resource.instanceDetails.tags[0].value');
  });

  it('tolerates fields AWS adds later', () => {
    const event = withField(loadFixture('guardduty', 'ec2-ssh-brute-force'), ['detail', 'associatedAttackSequenceArn'], 'arn:aws:guardduty:x');

    expect(firstSignal(event).identity).toBe('46ba0ac2845071e23ccdeb2ae03bfdea');
  });
});
