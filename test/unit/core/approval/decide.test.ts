import { acknowledgedUntil, type ApprovalContext, assessApproval, decide } from '../../../../core/approval/decide';
import { MAX_REASON_LENGTH } from '../../../../core/approval/approval.schema';
import { alertIncident, APPROVAL_ID, MINUTE, mobilizedIncident, pendingRecord, plan, T0 } from './approval-fixtures';

const context = (overrides: Partial<ApprovalContext> = {}): ApprovalContext => ({
  record: pendingRecord(),
  incident: alertIncident(),
  plan,
  now: T0 + MINUTE,
  ...overrides,
});

describe('assessApproval', () => {
  it('is open to the person it was issued to, while pending, in time, and allowed', () => {
    expect(assessApproval(context(), 'alice')).toEqual({ kind: 'open' });
  });

  it('is forbidden to anyone else', () => {
    expect(assessApproval(context(), 'bob')).toEqual({ kind: 'forbidden', reason: 'this approval was issued to alice, not to bob' });
  });

  it('names who holds the decision after an escalation', () => {
    const record = pendingRecord({ status: 'superseded', supersededBy: { approvalId: APPROVAL_ID, holder: 'bob' }, taskToken: null });
    expect(assessApproval(context({ record }), 'alice')).toEqual({ kind: 'superseded', supersededBy: { approvalId: APPROVAL_ID, holder: 'bob' } });
  });

  it('reports a decision already made, without the token', () => {
    const record = pendingRecord({ status: 'approved', decision: 'mobilize', decidedBy: 'alice', decidedAt: new Date(T0).toISOString(), channel: 'web' });
    const state = assessApproval(context({ record }), 'alice');
    expect(state).toMatchObject({ kind: 'decided', approval: { decision: 'mobilize', decidedBy: 'alice' } });
    expect(JSON.stringify(state)).not.toContain(record.taskToken);
    expect(assessApproval(context({ record: { ...record, status: 'rejected' } }), 'alice').kind).toBe('decided');
  });

  it('expires by status, or by time at the expiry instant', () => {
    const record = pendingRecord();
    expect(assessApproval(context({ record: { ...record, status: 'expired' } }), 'alice')).toEqual({ kind: 'expired', expiresAt: record.expiresAt });
    expect(assessApproval(context({ now: Date.parse(record.expiresAt) }), 'alice')).toEqual({ kind: 'expired', expiresAt: record.expiresAt });
    expect(assessApproval(context({ now: Date.parse(record.expiresAt) - 1 }), 'alice')).toEqual({ kind: 'open' });
  });

  it('is forbidden when the incident is another one, or no longer open', () => {
    expect(assessApproval(context({ incident: alertIncident({ id: 'inc-otherincident' }) }), 'alice').kind).toBe('forbidden');
    expect(assessApproval(context({ incident: alertIncident({ status: 'dismissed' }) }), 'alice')).toEqual({
      kind: 'forbidden',
      reason: 'incident inc-01jd7x3k9m is dismissed',
    });
  });

  it('is forbidden when the gate has been handed to someone else', () => {
    const incident = alertIncident();
    const handedOn = { ...incident, gate: incident.gate === null ? null : { ...incident.gate, holder: 'bob' } };
    expect(assessApproval(context({ incident: handedOn }), 'alice')).toEqual({
      kind: 'forbidden',
      reason: 'only bob holds the alert gate of inc-01jd7x3k9m',
    });
  });

  it('lets only an approver named in the plan decide an extraordinary action', () => {
    const record = pendingRecord({ subject: { kind: 'action', actionId: 'isolate-web' }, decider: 'carol' });
    expect(assessApproval(context({ record, incident: mobilizedIncident('contain') }), 'carol')).toEqual({ kind: 'open' });
    const alices = { ...record, decider: 'alice' };
    expect(assessApproval(context({ record: alices, incident: mobilizedIncident('contain') }), 'alice')).toEqual({
      kind: 'forbidden',
      reason: 'only carol may approve "Isolate the web fleet"',
    });
  });
});

describe('decide', () => {
  it('approves with a decision the gate accepts and answers the task with it', () => {
    const result = decide(context(), 'alice', { action: 'approve', decision: 'mobilize' }, 'web');
    const decidedAt = new Date(T0 + MINUTE).toISOString();
    expect(result).toEqual({
      kind: 'decide',
      change: { status: 'approved', decision: 'mobilize', reason: null, decidedBy: 'alice', decidedAt, channel: 'web' },
      callback: { kind: 'success', output: { decision: 'mobilize', decidedBy: 'alice', decidedAt } },
    });
  });

  it('accepts dismiss at the Alert gate', () => {
    expect(decide(context(), 'alice', { action: 'approve', decision: 'dismiss' }, 'cli')).toMatchObject({ kind: 'decide', change: { decision: 'dismiss', channel: 'cli' } });
  });

  it('refuses a decision the gate does not accept', () => {
    expect(decide(context(), 'alice', { action: 'approve', decision: 'approve' }, 'web')).toEqual({
      kind: 'invalid',
      reason: 'this decision accepts mobilize or dismiss, not "approve"',
    });
    const record = pendingRecord({ subject: { kind: 'gate', gate: 'contain' } });
    expect(decide(context({ record, incident: mobilizedIncident('contain') }), 'alice', { action: 'approve', decision: 'dismiss' }, 'web').kind).toBe('invalid');
  });

  it('rejects with a cleaned reason and fails the task as Approval.Rejected', () => {
    const result = decide(context(), 'alice', { action: 'reject', reason: '  Not enough evidence\r\nyet\u0007  ' }, 'web');
    expect(result).toMatchObject({
      kind: 'decide',
      change: { status: 'rejected', decision: null, reason: 'Not enough evidence\nyet' },
      callback: { kind: 'failure', error: 'Approval.Rejected', cause: 'Not enough evidence\nyet' },
    });
  });

  it('requires a reason to reject, of bounded length', () => {
    expect(decide(context(), 'alice', { action: 'reject', reason: ' \n ' }, 'web')).toEqual({ kind: 'invalid', reason: 'a rejection needs a reason' });
    expect(decide(context(), 'alice', { action: 'reject', reason: 'x'.repeat(MAX_REASON_LENGTH) }, 'web').kind).toBe('decide');
    expect(decide(context(), 'alice', { action: 'reject', reason: 'x'.repeat(MAX_REASON_LENGTH + 1) }, 'web')).toEqual({
      kind: 'invalid',
      reason: `the reason is ${MAX_REASON_LENGTH + 1} characters; at most ${MAX_REASON_LENGTH} are kept`,
    });
  });

  it('acknowledges for the plan acknowledgement window without deciding', () => {
    expect(decide(context(), 'alice', { action: 'acknowledge' }, 'web')).toEqual({
      kind: 'acknowledge',
      acknowledgedAt: new Date(T0 + MINUTE).toISOString(),
      acknowledgedUntil: new Date(T0 + 31 * MINUTE).toISOString(),
    });
  });

  it('refuses every action on an approval that is not open', () => {
    const expired = context({ now: T0 + 60 * MINUTE });
    expect(decide(expired, 'alice', { action: 'approve', decision: 'mobilize' }, 'web')).toMatchObject({ kind: 'refused', state: { kind: 'expired' } });
    expect(decide(context(), 'bob', { action: 'acknowledge' }, 'web')).toMatchObject({ kind: 'refused', state: { kind: 'forbidden' } });
  });

  it('approves a communication for the Crisis Lead only', () => {
    const record = pendingRecord({ subject: { kind: 'communication', draftId: 'customers-1' } });
    expect(decide(context({ record, incident: mobilizedIncident() }), 'alice', { action: 'approve', decision: 'approve' }, 'web').kind).toBe('decide');
    expect(decide(context({ record, incident: mobilizedIncident() }), 'alice', { action: 'approve', decision: 'mobilize' }, 'web').kind).toBe('invalid');
  });
});

describe('acknowledgedUntil', () => {
  it('is the acknowledgement plus the plan window, or null', () => {
    expect(acknowledgedUntil({ acknowledgedAt: null }, plan)).toBeNull();
    expect(acknowledgedUntil({ acknowledgedAt: new Date(T0).toISOString() }, plan)).toBe(new Date(T0 + 30 * MINUTE).toISOString());
  });
});
