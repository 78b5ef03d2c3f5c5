import type { Plan } from '../../../../core/plan/plan.schema';
import { decideIntake, type OpenProblem } from '../../../../core/triage/intake-decision';
import type { Signal } from '../../../../core/triage/signal.schema';
import { validPlan } from '../plan/plan-fixture';
import { TEST_SIGNAL } from './helpers';

/** Severity 8: the plan's guardduty-high rule makes it sev2. */
const baseSignal: Signal = { ...TEST_SIGNAL, severityInput: { findingSeverity: 8, tags: {}, attributes: {} } };

const NOW = 10_000_000;
const openProblem: OpenProblem = { incidentId: 'inc-1', open: true, lastSeenAt: NOW - 1000 };

const planWithThreshold = (threshold: Plan['severity']['threshold']): Plan => {
  const plan = validPlan();
  return { ...plan, severity: { ...plan.severity, threshold }, sensitiveActions: ['iam:CreateAccessKey'] };
};

describe('decideIntake', () => {
  it('ignores a signal without data', () => {
    expect(decideIntake({ ...baseSignal, state: 'nodata' }, validPlan(), openProblem, NOW)).toEqual({
      outcome: 'ignored',
      severity: null,
      rule: null,
      why: 'the source has insufficient data: nothing to act on',
    });
  });

  it('ignores a CloudTrail call that is not sensitive', () => {
    const signal: Signal = { ...baseSignal, source: 'cloudtrail', state: 'info', severityInput: { tags: {}, attributes: {}, action: 'iam:ListUsers' } };
    expect(decideIntake(signal, planWithThreshold('sev4'), null, NOW)).toMatchObject({ outcome: 'ignored', why: '"iam:ListUsers" is not a sensitive action in the plan' });
  });

  it('ignores a CloudTrail call without an action', () => {
    const signal: Signal = { ...baseSignal, source: 'cloudtrail', state: 'info', severityInput: { tags: {}, attributes: {} } };
    expect(decideIntake(signal, planWithThreshold('sev4'), null, NOW)).toMatchObject({ outcome: 'ignored', why: '"unknown" is not a sensitive action in the plan' });
  });

  it('creates an incident for a sensitive CloudTrail call', () => {
    const signal: Signal = { ...baseSignal, source: 'cloudtrail', state: 'info', severityInput: { tags: {}, attributes: {}, action: 'iam:CreateAccessKey' } };
    expect(decideIntake(signal, planWithThreshold('sev4'), null, NOW)).toEqual({ outcome: 'created', severity: 'sev3', rule: 'default' });
  });

  it('resolves the open incident for a resolved signal', () => {
    expect(decideIntake({ ...baseSignal, state: 'resolved' }, validPlan(), openProblem, NOW)).toEqual({
      outcome: 'resolved',
      incidentId: 'inc-1',
      severity: 'sev2',
      rule: 'guardduty-high',
    });
  });

  it('ignores an archived signal with no open incident', () => {
    expect(decideIntake({ ...baseSignal, state: 'archived' }, validPlan(), null, NOW)).toEqual({
      outcome: 'ignored',
      severity: 'sev2',
      rule: 'guardduty-high',
      why: 'a archived signal with no open incident',
    });
  });

  it('ignores a resolved signal when the problem is closed', () => {
    expect(decideIntake({ ...baseSignal, state: 'resolved' }, validPlan(), { ...openProblem, open: false }, NOW)).toMatchObject({ outcome: 'ignored' });
  });

  it('joins a firing signal to a live incident', () => {
    expect(decideIntake(baseSignal, validPlan(), openProblem, NOW)).toEqual({ outcome: 'joined', incidentId: 'inc-1', severity: 'sev2', rule: 'guardduty-high' });
  });

  it('annotates a live incident with an info signal', () => {
    expect(decideIntake({ ...baseSignal, state: 'info' }, validPlan(), openProblem, NOW)).toMatchObject({ outcome: 'annotated', incidentId: 'inc-1' });
  });

  it('creates a new incident when the problem is outside the window', () => {
    const stale: OpenProblem = { ...openProblem, lastSeenAt: NOW - 3600 * 1000 - 1 };
    expect(decideIntake(baseSignal, validPlan(), stale, NOW)).toEqual({ outcome: 'created', severity: 'sev2', rule: 'guardduty-high' });
  });

  it('joins at the exact edge of the window', () => {
    const edge: OpenProblem = { ...openProblem, lastSeenAt: NOW - 3600 * 1000 };
    expect(decideIntake(baseSignal, validPlan(), edge, NOW)).toMatchObject({ outcome: 'joined' });
  });

  it('ignores a signal below the threshold', () => {
    const signal: Signal = { ...baseSignal, severityInput: { tags: {}, attributes: {} } };
    expect(decideIntake(signal, planWithThreshold('sev2'), null, NOW)).toEqual({
      outcome: 'ignored',
      severity: 'sev3',
      rule: 'default',
      why: "sev3 is below the plan's threshold (sev2)",
    });
  });

  it('opens an incident for a declaration below the threshold: a person decided', () => {
    const declared: Signal = { ...baseSignal, source: 'manual', kind: 'manual', severityInput: { declaredSeverity: 'sev4', tags: {}, attributes: {} } };
    expect(decideIntake(declared, planWithThreshold('sev2'), null, NOW)).toEqual({ outcome: 'created', severity: 'sev4', rule: 'declared' });
  });
});
