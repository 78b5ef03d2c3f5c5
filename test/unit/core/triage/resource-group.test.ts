import { correlationKey } from '../../../../core/triage/correlation';
import { normalizeEvent } from '../../../../core/triage/normalize-event';
import { resourceGroupKey } from '../../../../core/triage/resource-group';
import type { Signal } from '../../../../core/triage/signal.schema';
import { loadFixture, withField, type FixtureSource } from '../../../fixtures/events/load-fixture';
import { signalsOf } from './helpers';

const only = (source: FixtureSource, name: string, change?: (event: unknown) => unknown): Signal => {
  const event = loadFixture(source, name);
  const [signal] = signalsOf(normalizeEvent(change === undefined ? event : change(event)));
  if (signal === undefined) throw new Error(`${source}/${name} gave no signal`);
  return signal;
};

describe('resourceGroupKey', () => {
  it('groups two alarms that watch the same instance', () => {
    const cpu = only('cloudwatch', 'single-metric-alarm');
    const other = only('cloudwatch', 'single-metric-alarm', (e) =>
      withField(withField(e, ['resources', 0], 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerDiskFull'), ['detail', 'alarmName'], 'ServerDiskFull'),
    );

    expect(cpu.correlationKey).not.toBe(other.correlationKey);
    expect(resourceGroupKey(cpu)).toBeDefined();
    expect(resourceGroupKey(other)).toBe(resourceGroupKey(cpu));
  });

  it('keys on the kind and the resource ARN when the resource has one', () => {
    const finding = only('guardduty', 'ec2-ssh-brute-force');
    const instance = finding.resources[0]!;

    expect(resourceGroupKey(finding)).toBe(
      correlationKey({ kind: 'resource', signalKind: finding.kind, resource: instance.arn! }),
    );
  });

  it('keys on the type and id when the resource has no ARN', () => {
    const signal = { source: 'health' as const, kind: 'health/issue', resources: [{ type: 'AwsHealthEntity:EC2', id: 'i-1', tags: {} }] };

    expect(resourceGroupKey(signal)).toBe(correlationKey({ kind: 'resource', signalKind: 'health/issue', resource: 'AwsHealthEntity:EC2/i-1' }));
  });

  it('separates different kinds on the same resource', () => {
    const resources = [{ type: 'AwsS3Bucket', id: 'b', tags: {} }];

    expect(resourceGroupKey({ source: 'guardduty', kind: 'finding/A', resources })).not.toBe(
      resourceGroupKey({ source: 'guardduty', kind: 'finding/B', resources }),
    );
  });

  it('gives nothing for an alarm without dimensions, CloudTrail calls and declarations', () => {
    expect(resourceGroupKey(only('cloudwatch', 'composite-alarm'))).toBeUndefined();
    expect(resourceGroupKey(only('cloudtrail', 'stop-logging'))).toBeUndefined();
    expect(resourceGroupKey({ source: 'manual', kind: 'manual', resources: [] })).toBeUndefined();
  });
});
