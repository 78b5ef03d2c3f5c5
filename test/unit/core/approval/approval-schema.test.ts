import {
  ApprovalIdSchema,
  ApprovalRecordSchema,
  newApprovalRecord,
  sameSubject,
  toPublicView,
} from '../../../../core/approval/approval.schema';
import { APPROVAL_ID, pendingRecord, TASK_TOKEN } from './approval-fixtures';

describe('approval record', () => {
  it('starts pending with nothing decided', () => {
    const record = pendingRecord();
    expect(record).toMatchObject({ status: 'pending', decidedBy: null, decision: null, reason: null, supersededBy: null, acknowledgedAt: null });
    expect(ApprovalRecordSchema.parse(record)).toEqual(record);
  });

  it('refuses an id that is not 128 bits of base64url', () => {
    expect(ApprovalIdSchema.safeParse(APPROVAL_ID).success).toBe(true);
    expect(ApprovalIdSchema.safeParse('AAECAwQFBgcICQoLDA0ODx').success).toBe(false);
    expect(ApprovalIdSchema.safeParse('short').success).toBe(false);
    expect(() => newApprovalRecord({ ...pendingRecord(), approvalId: 'not-an-id', taskToken: TASK_TOKEN })).toThrow();
  });

  it('refuses a subject that names no gate', () => {
    expect(ApprovalRecordSchema.safeParse({ ...pendingRecord(), subject: { kind: 'gate', gate: 'closed' } }).success).toBe(false);
  });
});

describe('toPublicView', () => {
  it('keeps everything but the task token', () => {
    const record = pendingRecord({ supersededBy: { approvalId: APPROVAL_ID, holder: 'bob' } });
    const view = toPublicView(record);
    expect(view).not.toHaveProperty('taskToken');
    expect(JSON.stringify(view)).not.toContain(TASK_TOKEN);
    const { taskToken: _token, ...rest } = record;
    expect(view).toEqual(rest);
  });
});

describe('sameSubject', () => {
  it('matches subjects of the same kind and name only', () => {
    const gate = { kind: 'gate', gate: 'alert' } as const;
    const action = { kind: 'action', actionId: 'isolate-web' } as const;
    const comm = { kind: 'communication', draftId: 'd1' } as const;
    expect(sameSubject(gate, { kind: 'gate', gate: 'alert' })).toBe(true);
    expect(sameSubject(gate, { kind: 'gate', gate: 'contain' })).toBe(false);
    expect(sameSubject(gate, action)).toBe(false);
    expect(sameSubject(action, { kind: 'action', actionId: 'isolate-web' })).toBe(true);
    expect(sameSubject(action, comm)).toBe(false);
    expect(sameSubject(comm, { kind: 'communication', draftId: 'd1' })).toBe(true);
    expect(sameSubject(comm, gate)).toBe(false);
  });
});
