import { PlanSchema } from '../../../core/plan/plan.schema';
import { alarmPrefixes, eventSourceOf, findingLabels, intakePatterns, minimumFindingSeverity } from '../../../lib/intake-patterns';
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

describe('minimum finding severity and labels', () => {
  /** Default sev4 below the threshold sev3: only what a rule raises counts. */
  const strict = (rules: unknown[]) => PlanSchema.parse({ ...alphaInput, severity: { default: 'sev4', threshold: 'sev3', rules } });

  it('filters GuardDuty on the lowest score a rule raises to the threshold', () => {
    const plan = strict([
      { name: 'high', match: { source: 'guardduty', minFindingSeverity: 7 }, severity: 'sev2' },
      { name: 'medium', match: { source: 'guardduty', minFindingSeverity: 4 }, severity: 'sev3' },
      { name: 'low', match: { source: 'guardduty', minFindingSeverity: 1 }, severity: 'sev4' },
    ]);

    expect(minimumFindingSeverity(plan)).toBe(4);
    const guardDuty = intakePatterns(plan).find((p) => p.id === 'GuardDutyFindings');
    expect(guardDuty?.pattern.detail).toEqual({ severity: [{ numeric: ['>=', 4] }] });
  });

  it('takes every GuardDuty finding when the default opens an incident or a rule ignores the score', () => {
    expect(minimumFindingSeverity(withRules([{ name: 'g', match: { source: 'guardduty', minFindingSeverity: 7 }, severity: 'sev2' }]))).toBeUndefined();
    expect(minimumFindingSeverity(strict([{ name: 't', match: { tags: { env: 'prod' } }, severity: 'sev1' }]))).toBeUndefined();
    expect(minimumFindingSeverity(strict([]))).toBeUndefined();
  });

  it('filters Security Hub on the labels rules raise to the threshold', () => {
    const plan = strict([
      { name: 'crit', match: { source: 'securityhub', labels: ['CRITICAL'] }, severity: 'sev1' },
      { name: 'high', match: { labels: ['HIGH', 'CRITICAL'] }, severity: 'sev2' },
      { name: 'low', match: { source: 'securityhub', labels: ['LOW'] }, severity: 'sev4' },
    ]);

    expect(findingLabels(plan)).toEqual(['CRITICAL', 'HIGH']);
    const securityHub = intakePatterns(plan).find((p) => p.id === 'SecurityHubFindings');
    expect(securityHub?.pattern.detail).toMatchObject({ findings: { Severity: { Label: ['CRITICAL', 'HIGH'] } } });
  });

  it('takes every label when a reaching rule does not look at labels', () => {
    expect(findingLabels(strict([{ name: 's', match: { source: 'securityhub' }, severity: 'sev2' }]))).toBeUndefined();
  });
});
