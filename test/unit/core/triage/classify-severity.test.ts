import type { Plan, SeverityRule } from '../../../../core/plan/plan.schema';
import { classifySeverity, meetsThreshold } from '../../../../core/triage/classify-severity';
import type { Signal } from '../../../../core/triage/signal.schema';
import { validPlan } from '../plan/plan-fixture';
import { TEST_SIGNAL } from './helpers';

const signalWith = (input: Partial<Signal['severityInput']>, overrides: Partial<Signal> = {}): Signal => ({
  ...TEST_SIGNAL,
  ...overrides,
  severityInput: { ...TEST_SIGNAL.severityInput, ...input },
});

const planWith = (match: SeverityRule['match']): Plan => {
  const plan = validPlan();
  return { ...plan, severity: { ...plan.severity, rules: [{ name: 'the-rule', match, severity: 'sev1' }] } };
};

describe('classifySeverity', () => {
  it('uses the first matching rule of the fixture plan', () => {
    expect(classifySeverity(signalWith({ findingSeverity: 8 }), validPlan())).toEqual({ severity: 'sev2', rule: 'guardduty-high' });
  });

  it('falls back to the default when no rule matches', () => {
    expect(classifySeverity(signalWith({ findingSeverity: 3 }), validPlan())).toEqual({ severity: 'sev3', rule: 'default' });
  });

  it('takes a declared severity over every rule, recorded as "declared"', () => {
    expect(classifySeverity(signalWith({ declaredSeverity: 'sev4', findingSeverity: 8 }), validPlan())).toEqual({ severity: 'sev4', rule: 'declared' });
  });

  it('treats a missing finding severity as below any minimum', () => {
    expect(classifySeverity(signalWith({}), validPlan()).rule).toBe('default');
  });

  it('rejects a signal from another source', () => {
    expect(classifySeverity(signalWith({ findingSeverity: 9 }, { source: 'health' }), validPlan()).rule).toBe('default');
  });

  it('matches an alarm name prefix', () => {
    const plan = planWith({ alarmNamePrefix: 'prod-' });
    expect(classifySeverity(signalWith({ alarmName: 'prod-cpu' }), plan).rule).toBe('the-rule');
    expect(classifySeverity(signalWith({ alarmName: 'dev-cpu' }), plan).rule).toBe('default');
    expect(classifySeverity(signalWith({}), plan).rule).toBe('default');
  });

  it('matches a label from the list', () => {
    const plan = planWith({ labels: ['HIGH', 'CRITICAL'] });
    expect(classifySeverity(signalWith({ label: 'CRITICAL' }), plan).rule).toBe('the-rule');
    expect(classifySeverity(signalWith({ label: 'LOW' }), plan).rule).toBe('default');
    expect(classifySeverity(signalWith({}), plan).rule).toBe('default');
  });

  it('requires every tag to match', () => {
    const plan = planWith({ tags: { env: 'prod', team: 'core' } });
    expect(classifySeverity(signalWith({ tags: { env: 'prod', team: 'core', extra: 'x' } }), plan).rule).toBe('the-rule');
    expect(classifySeverity(signalWith({ tags: { env: 'prod' } }), plan).rule).toBe('default');
  });

  it('matches an action from the list', () => {
    const plan = planWith({ actions: ['iam:CreateAccessKey'] });
    expect(classifySeverity(signalWith({ action: 'iam:CreateAccessKey' }), plan).rule).toBe('the-rule');
    expect(classifySeverity(signalWith({ action: 'iam:ListUsers' }), plan).rule).toBe('default');
    expect(classifySeverity(signalWith({}), plan).rule).toBe('default');
  });

  it('matches every signal with an empty match', () => {
    expect(classifySeverity(signalWith({}), planWith({}))).toEqual({ severity: 'sev1', rule: 'the-rule' });
  });
});

describe('meetsThreshold', () => {
  it('compares against the plan threshold', () => {
    const plan = validPlan();
    const strict: Plan = { ...plan, severity: { ...plan.severity, threshold: 'sev2' } };
    expect(meetsThreshold('sev1', strict)).toBe(true);
    expect(meetsThreshold('sev2', strict)).toBe(true);
    expect(meetsThreshold('sev3', strict)).toBe(false);
  });
});
