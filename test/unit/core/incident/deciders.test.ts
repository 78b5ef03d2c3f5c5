import { authorizeDecision, escalationChain, nextHolder } from '../../../../core/incident/deciders';
import type { Incident } from '../../../../core/incident/incident.schema';
import { applySignOff, escalateGate, openGate, openIncident } from '../../../../core/incident/lifecycle';
import { validPlan } from '../plan/plan-fixture';

const T0 = Date.UTC(2025, 5, 2, 14, 0, 0);

const alertIncident = (): Incident =>
  openIncident(
    {
      id: 'inc-01jd7x3k9m',
      org: 'testorg',
      title: 'Root console login',
      severity: 'sev1',
      severityRule: 'root-login',
      source: 'cloudtrail',
      correlationKey: 'cloudtrail:root',
      drill: false,
    },
    T0,
  );

/** Mobilized by "lena" (deputy "dev"), waiting on the mobilize gate held by `holder`. */
const mobilizeGateHeldBy = (holder: string): Incident =>
  openGate(applySignOff(alertIncident(), { gate: 'alert', decision: 'mobilize', decidedBy: 'lena', decidedAt: T0 }, 'dev'), holder, 'apr-1', 3600, T0);

describe('authorizeDecision: gates', () => {
  it('lets whoever holds the open gate decide it', () => {
    expect(authorizeDecision({ kind: 'gate', gate: 'mobilize' }, 'lena', mobilizeGateHeldBy('lena'), validPlan())).toEqual({ allowed: true });
  });

  it('lets the person an escalation handed the gate to decide it, and not the Crisis Lead any more', () => {
    const incident = escalateGate(mobilizeGateHeldBy('lena'), 'eve', 'apr-2', 3600, T0 + 3_600_000);

    expect(authorizeDecision({ kind: 'gate', gate: 'mobilize' }, 'eve', incident, validPlan()).allowed).toBe(true);
    expect(authorizeDecision({ kind: 'gate', gate: 'mobilize' }, 'lena', incident, validPlan())).toEqual({
      allowed: false,
      reason: 'only eve holds the mobilize gate of inc-01jd7x3k9m',
    });
  });

  it('refuses a decision on a gate that is not open', () => {
    expect(authorizeDecision({ kind: 'gate', gate: 'contain' }, 'lena', mobilizeGateHeldBy('lena'), validPlan())).toEqual({
      allowed: false,
      reason: 'the contain gate of inc-01jd7x3k9m is not open',
    });
  });

  it('refuses a gate decision when no gate is open at all', () => {
    expect(authorizeDecision({ kind: 'gate', gate: 'alert' }, 'lena', alertIncident(), validPlan()).allowed).toBe(false);
  });
});

describe('authorizeDecision: extraordinary actions', () => {
  it('lets an executive the plan names for the action approve it', () => {
    expect(authorizeDecision({ kind: 'action', actionId: 'go-offline' }, 'eve', mobilizeGateHeldBy('lena'), validPlan())).toEqual({ allowed: true });
  });

  it('refuses the Crisis Lead an action reserved for executives', () => {
    expect(authorizeDecision({ kind: 'action', actionId: 'go-offline' }, 'lena', mobilizeGateHeldBy('lena'), validPlan())).toEqual({
      allowed: false,
      reason: 'only eve may approve "Take the product offline"',
    });
  });

  it('refuses an action the plan does not have', () => {
    expect(authorizeDecision({ kind: 'action', actionId: 'nuke-account' }, 'eve', mobilizeGateHeldBy('lena'), validPlan())).toEqual({
      allowed: false,
      reason: 'the plan has no action "nuke-account"',
    });
  });
});

describe('authorizeDecision: communications', () => {
  it('lets only the Crisis Lead approve a communication', () => {
    const incident = mobilizeGateHeldBy('eve');

    expect(authorizeDecision({ kind: 'communication', draftId: 'd1' }, 'lena', incident, validPlan())).toEqual({ allowed: true });
    expect(authorizeDecision({ kind: 'communication', draftId: 'd1' }, 'eve', incident, validPlan())).toEqual({
      allowed: false,
      reason: 'communications are approved by the Crisis Lead (lena)',
    });
  });

  it('refuses every communication before anyone leads the incident', () => {
    expect(authorizeDecision({ kind: 'communication', draftId: 'd1' }, 'lena', alertIncident(), validPlan())).toEqual({
      allowed: false,
      reason: 'communications are approved by the Crisis Lead (none yet)',
    });
  });
});

describe('escalationChain', () => {
  const plan = { escalation: { chain: ['head-of-security', 'ciso'], acknowledgementWindow: 1800 } };

  it('escalates from the holder to the deputy, then through the plan chain in order', () => {
    expect(escalationChain('lena', 'dev', plan)).toEqual(['lena', 'dev', 'head-of-security', 'ciso']);
  });

  it('goes straight to the plan chain when there is no deputy', () => {
    expect(escalationChain('lena', null, plan)).toEqual(['lena', 'head-of-security', 'ciso']);
  });

  it('names nobody twice, keeping the earliest place', () => {
    expect(escalationChain('ciso', 'head-of-security', plan)).toEqual(['ciso', 'head-of-security']);
    expect(escalationChain('lena', 'lena', { escalation: { chain: ['lena', 'ciso'], acknowledgementWindow: 1800 } })).toEqual(['lena', 'ciso']);
  });
});

describe('nextHolder', () => {
  it('names the person after the given number of escalations', () => {
    const chain = ['lena', 'dev', 'ciso'];

    expect(nextHolder(chain, 0)).toBe('dev');
    expect(nextHolder(chain, 1)).toBe('ciso');
  });

  it('names nobody once the chain is exhausted, so the gate stays with the last person', () => {
    expect(nextHolder(['lena', 'dev', 'ciso'], 2)).toBeUndefined();
    expect(nextHolder(['lena'], 0)).toBeUndefined();
  });
});
