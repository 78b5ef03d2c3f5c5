import { callbackFor, recordedDecision } from '../../../../core/approval/task-callback';
import { pendingRecord, T0 } from './approval-fixtures';

const decidedAt = new Date(T0).toISOString();

describe('recordedDecision', () => {
  it('reads an approval back as the change that decided it', () => {
    const approved = pendingRecord({ status: 'approved', decision: 'mobilize', decidedBy: 'alice', decidedAt, channel: 'web', taskToken: null });
    expect(recordedDecision(approved)).toEqual({ status: 'approved', decision: 'mobilize', reason: null, decidedBy: 'alice', decidedAt, channel: 'web' });
    const rejected = pendingRecord({ status: 'rejected', reason: 'no', decidedBy: 'alice', decidedAt, channel: 'cli', taskToken: null });
    expect(recordedDecision(rejected)).toEqual({ status: 'rejected', decision: null, reason: 'no', decidedBy: 'alice', decidedAt, channel: 'cli' });
  });

  it('is undefined while undecided or when the record is inconsistent', () => {
    expect(recordedDecision(pendingRecord())).toBeUndefined();
    expect(recordedDecision(pendingRecord({ status: 'approved', decidedBy: 'alice', decidedAt, channel: 'web' }))).toBeUndefined();
    expect(recordedDecision(pendingRecord({ status: 'rejected', decidedBy: 'alice', decidedAt, channel: 'web' }))).toBeUndefined();
    expect(recordedDecision(pendingRecord({ status: 'approved', decision: 'approve', decidedAt, channel: 'web' }))).toBeUndefined();
    expect(recordedDecision(pendingRecord({ status: 'approved', decision: 'approve', decidedBy: 'alice', channel: 'web' }))).toBeUndefined();
    expect(recordedDecision(pendingRecord({ status: 'approved', decision: 'approve', decidedBy: 'alice', decidedAt }))).toBeUndefined();
  });
});

describe('callbackFor', () => {
  it('never reports a rejection as success', () => {
    expect(callbackFor({ status: 'rejected', decision: null, reason: 'wrong host', decidedBy: 'alice', decidedAt, channel: 'web' })).toEqual({
      kind: 'failure',
      error: 'Approval.Rejected',
      cause: 'wrong host',
    });
  });
});
