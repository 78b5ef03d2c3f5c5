import { PlanSchema } from '../../../core/plan/plan.schema';
import { alarmPrefixes, eventSourceOf } from '../../../lib/intake-patterns';
import { alphaInput } from './plans';

const withRules = (rules: unknown[]) => PlanSchema.parse({ ...alphaInput, severity: { rules } });

describe('alarm prefixes', () => {
  it('filters on the prefixes the severity rules name', () => {
    expect(alarmPrefixes(withRules([{ name: 'a', match: { alarmNamePrefix: 'prod-' }, severity: 'sev2' }]))).toEqual(['prod-']);
  });

  it('takes every alarm when no rule names a prefix', () => {
    expect(alarmPrefixes(withRules([{ name: 'g', match: { source: 'guardduty' }, severity: 'sev2' }]))).toBeUndefined();
  });

  it('takes every alarm when one CloudWatch rule has no prefix', () => {
    const rules = [
      { name: 'a', match: { alarmNamePrefix: 'prod-' }, severity: 'sev2' },
      { name: 'b', match: { source: 'cloudwatch' }, severity: 'sev3' },
    ];
    expect(alarmPrefixes(withRules(rules))).toBeUndefined();
  });

  it('ignores prefixes of rules about other sources', () => {
    const rules = [{ name: 'a', match: { source: 'guardduty', alarmNamePrefix: 'x-' }, severity: 'sev2' }];
    expect(alarmPrefixes(withRules(rules))).toBeUndefined();
  });
});

describe('CloudTrail event sources', () => {
  it('maps an action prefix to its CloudTrail event source', () => {
    expect(eventSourceOf('iam')).toBe('iam.amazonaws.com');
    expect(eventSourceOf('cloudwatch')).toBe('monitoring.amazonaws.com');
  });
});
