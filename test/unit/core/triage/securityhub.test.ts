import { correlationKey } from '../../../../core/triage/correlation';
import { normalizeEvent } from '../../../../core/triage/normalize-event';
import { loadFixture, withField, withoutField } from '../../../fixtures/events/load-fixture';
import { firstSignal, onlySignal, reasonOf, signalsOf } from './helpers';

const BATCH = 'three-findings-guardduty-control-resolved';
const finding = (index: number, path: readonly (string | number)[] = []) => ['detail', 'findings', index, ...path];

describe('Security Hub findings', () => {
  it('makes one signal per finding, each with its own event id', () => {
    const signals = signalsOf(normalizeEvent(loadFixture('securityhub', BATCH)));

    expect(signals.map((s) => [s.eventId, s.state, s.kind])).toEqual([
      ['a5f0e3c2-9d41-4b7a-8e12-6f3c0b9d2a71#0', 'firing', 'finding/UnauthorizedAccess:EC2-SSHBruteForce'],
      ['a5f0e3c2-9d41-4b7a-8e12-6f3c0b9d2a71#1', 'firing', 'finding/Industry and Regulatory Standards'],
      ['a5f0e3c2-9d41-4b7a-8e12-6f3c0b9d2a71#2', 'resolved', 'finding/CVE'],
    ]);
  });

  it('gives the GuardDuty copy the key of the original GuardDuty finding', () => {
    const [copy] = signalsOf(normalizeEvent(loadFixture('securityhub', BATCH)));
    const original = onlySignal('guardduty', 'ec2-ssh-brute-force');

    expect(copy?.correlationKey).toBe(original.correlationKey);
    expect(copy?.identity).toBe(
      'arn:aws:guardduty:us-east-1:193043430472:detector/d4b040365221be2b54a6264dc9a4bc64/finding/46ba0ac2845071e23ccdeb2ae03bfdea',
    );
    expect(copy?.severityInput).toMatchObject({ findingSeverity: 2, label: 'MEDIUM', normalized: 40 });
  });

  it('keys a finding of another product by its ASFF Id', () => {
    const control = signalsOf(normalizeEvent(loadFixture('securityhub', BATCH)))[1];

    expect(control?.correlationKey).toBe(
      correlationKey({
        kind: 'securityhub',
        findingId: 'arn:aws:securityhub:us-east-1:123456789012:security-control/S3.8/finding/0c5e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a',
      }),
    );
    expect(control?.severityInput).toEqual({
      label: 'HIGH',
      normalized: 70,
      tags: { Team: 'data', Environment: 'prod' },
      attributes: { generatorId: 'security-control/S3.8', productName: 'Security Hub' },
    });
    expect(control?.resources).toEqual([
      { type: 'AwsS3Bucket', id: 'arn:aws:s3:::amzn-s3-demo-bucket', arn: 'arn:aws:s3:::amzn-s3-demo-bucket', tags: { Team: 'data', Environment: 'prod' } },
    ]);
  });

  it('keeps the envelope with only its own finding in raw', () => {
    const event = loadFixture('securityhub', BATCH) as { detail: { findings: unknown[] } };

    const raw = signalsOf(normalizeEvent(event))[2]?.raw as { id: string; detail: { findings: unknown[] } };

    expect(raw.id).toBe('a5f0e3c2-9d41-4b7a-8e12-6f3c0b9d2a71');
    expect(raw.detail.findings).toEqual([event.detail.findings[2]]);
  });

  it('finds the GuardDuty origin in ProductFields when the Id is not the GuardDuty ARN', () => {
    const event = withField(loadFixture('securityhub', BATCH), finding(0, ['Id']), 'rewritten-by-an-integration');

    expect(firstSignal(event).correlationKey).toBe(onlySignal('guardduty', 'ec2-ssh-brute-force').correlationKey);
  });

  it('keys a GuardDuty-product finding without a traceable origin by its ASFF Id', () => {
    let event = withField(loadFixture('securityhub', BATCH), finding(0, ['Id']), 'rewritten-by-an-integration');
    event = withoutField(event, finding(0, ['ProductFields', 'aws/securityhub/FindingId']));

    expect(firstSignal(event).correlationKey).toBe(correlationKey({ kind: 'securityhub', findingId: 'rewritten-by-an-integration' }));
    expect(firstSignal(event).severityInput.findingSeverity).toBeUndefined();
  });

  it('ignores a Security Hub id that embeds no GuardDuty ARN', () => {
    let event = withField(loadFixture('securityhub', BATCH), finding(0, ['Id']), 'rewritten-by-an-integration');
    event = withField(event, finding(0, ['ProductFields', 'aws/securityhub/FindingId']), 'arn:aws:securityhub:us-east-1::product/aws/guardduty/arn:aws:guardduty:us-east-1:193043430472:detector/x');

    expect(firstSignal(event).correlationKey).toBe(correlationKey({ kind: 'securityhub', findingId: 'rewritten-by-an-integration' }));
  });

  it('keys a GuardDuty-product finding without ProductFields by its ASFF Id', () => {
    let event = withField(loadFixture('securityhub', BATCH), finding(0, ['Id']), 'rewritten-by-an-integration');
    event = withoutField(event, finding(0, ['ProductFields']));

    expect(firstSignal(event).correlationKey).toBe(correlationKey({ kind: 'securityhub', findingId: 'rewritten-by-an-integration' }));
  });

  it.each([
    [['RecordState'], 'ARCHIVED', 'archived'],
    [['Workflow', 'Status'], 'SUPPRESSED', 'archived'],
    [['Workflow', 'Status'], 'RESOLVED', 'resolved'],
    [['Compliance', 'Status'], 'PASSED', 'resolved'],
    [['Workflow', 'Status'], 'NOTIFIED', 'firing'],
    [['Workflow', 'Status'], 'A_STATUS_AWS_ADDS_LATER', 'firing'],
  ])('reads %j %s as %s', (path, value, state) => {
    const event = withField(loadFixture('securityhub', BATCH), finding(1, path), value);

    expect(signalsOf(normalizeEvent(event))[1]?.state).toBe(state);
  });

  it('reads a finding without workflow or compliance as firing', () => {
    let event = withoutField(loadFixture('securityhub', BATCH), finding(1, ['Workflow']));
    event = withoutField(event, finding(1, ['Compliance']));

    expect(signalsOf(normalizeEvent(event))[1]?.state).toBe('firing');
  });

  it('finds the region in the first resource, then in the envelope', () => {
    const noTopRegion = withoutField(loadFixture('securityhub', 'archived-control-finding'), finding(0, ['Region']));
    const noRegion = withoutField(noTopRegion, finding(0, ['Resources', 0, 'Region']));
    const envelopeElsewhere = withField(noRegion, ['region'], 'eu-west-1');

    expect(firstSignal(withField(noTopRegion, finding(0, ['Resources', 0, 'Region']), 'us-west-2')).region).toBe('us-west-2');
    expect(firstSignal(envelopeElsewhere).region).toBe('eu-west-1');
  });

  it('names the kind after the generator when the finding has no types', () => {
    const event = withField(loadFixture('securityhub', 'archived-control-finding'), finding(0, ['Types']), []);

    expect(firstSignal(event).kind).toBe('finding/security-control/EC2.19');
  });

  it('keeps a non-ARN resource id without an ARN, and a finding without a product name', () => {
    let event = withField(loadFixture('securityhub', 'archived-control-finding'), finding(0, ['Resources', 0, 'Id']), 'sg-0d1e2f3a4b5c6d7e8');
    event = withoutField(event, finding(0, ['ProductName']));

    const signal = firstSignal(event);

    expect(signal.resources).toEqual([{ type: 'AwsEc2SecurityGroup', id: 'sg-0d1e2f3a4b5c6d7e8', arn: undefined, tags: {} }]);
    expect(signal.severityInput.attributes).toEqual({ generatorId: 'security-control/EC2.19' });
  });

  it('rejects an unknown severity label, naming detail.findings[1].Severity.Label', () => {
    const event = withField(loadFixture('securityhub', BATCH), finding(1, ['Severity', 'Label']), 'SEVERE');

    const reason = reasonOf(normalizeEvent(event));

    expect(reason.path).toBe('detail.findings[1].Severity.Label');
    expect(reason.message).toBe(
      'Invalid option: expected one of "INFORMATIONAL"|"LOW"|"MEDIUM"|"HIGH"|"CRITICAL", received "SEVERE"',
    );
  });

  it('rejects a severity with neither label nor score', () => {
    const event = withField(loadFixture('securityhub', BATCH), finding(2, ['Severity']), { Original: '7.5' });

    expect(reasonOf(normalizeEvent(event))).toEqual({
      path: 'detail.findings[2].Severity',
      message: 'needs a Label or a Normalized score',
    });
  });

  it('rejects a finding without resources, naming them', () => {
    const event = withField(loadFixture('securityhub', BATCH), finding(0, ['Resources']), []);

    expect(reasonOf(normalizeEvent(event)).path).toBe('detail.findings[0].Resources[0]');
  });

  it('rejects an event without findings', () => {
    const event = withField(loadFixture('securityhub', BATCH), ['detail', 'findings'], []);

    expect(reasonOf(normalizeEvent(event)).path).toBe('detail.findings');
  });

  it('names a ProductFields key with slashes in brackets', () => {
    const event = withField(loadFixture('securityhub', BATCH), finding(0, ['ProductFields', 'aws/guardduty/service/count']), 74);

    expect(reasonOf(normalizeEvent(event)).path).toBe('detail.findings[0].ProductFields["aws/guardduty/service/count"]');
  });
});
