import {
  ApprovalAlreadyDecidedError,
  ApprovalBadLinkError,
  ApprovalExpiredError,
  ApprovalForgeryError,
  ApprovalInvalidRequestError,
  ApprovalLinkTooLongError,
  ApprovalSupersededError,
  refusalError,
} from '../../../../core/approval/approval-errors';
import { toPublicView } from '../../../../core/approval/approval.schema';
import { NotAuthorizedError, SirpError } from '../../../../core/errors/sirp-error';
import { APPROVAL_ID, pendingRecord } from './approval-fixtures';

describe('approval errors', () => {
  it.each([
    [new ApprovalExpiredError('2026-03-02T09:15:00.000Z'), 'APPROVAL.EXPIRED', 'ApprovalExpiredError'],
    [new ApprovalAlreadyDecidedError('alice', '2026-03-02T09:01:00.000Z'), 'APPROVAL.ALREADY_DECIDED', 'ApprovalAlreadyDecidedError'],
    [new ApprovalSupersededError('bob'), 'APPROVAL.SUPERSEDED', 'ApprovalSupersededError'],
    [new ApprovalBadLinkError('the link is empty'), 'APPROVAL.BAD_LINK', 'ApprovalBadLinkError'],
    [new ApprovalForgeryError('the page is too old'), 'APPROVAL.FORGERY', 'ApprovalForgeryError'],
    [new ApprovalInvalidRequestError('a rejection needs a reason'), 'APPROVAL.INVALID_REQUEST', 'ApprovalInvalidRequestError'],
    [new ApprovalLinkTooLongError('too long'), 'APPROVAL.LINK_TOO_LONG', 'ApprovalLinkTooLongError'],
  ])('%s has a stable code and is terminal', (error, code, name) => {
    expect(error).toBeInstanceOf(SirpError);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(error.terminal).toBe(true);
  });

  it('says who decided and who holds it, or that it is not known', () => {
    expect(new ApprovalAlreadyDecidedError(null, null).message).toBe('the approval was already decided by someone at an unknown time');
    expect(new ApprovalSupersededError(null).message).toBe('the decision has moved on; it is now with someone else');
  });
});

describe('refusalError', () => {
  it('turns each closed state into its error', () => {
    const decided = toPublicView(pendingRecord({ status: 'approved', decidedBy: 'alice', decidedAt: '2026-03-02T09:01:00.000Z' }));
    expect(refusalError({ kind: 'decided', approval: decided })).toBeInstanceOf(ApprovalAlreadyDecidedError);
    expect(refusalError({ kind: 'superseded', supersededBy: { approvalId: APPROVAL_ID, holder: 'bob' } }).message).toContain('bob');
    expect(refusalError({ kind: 'superseded', supersededBy: null })).toBeInstanceOf(ApprovalSupersededError);
    expect(refusalError({ kind: 'expired', expiresAt: '2026-03-02T09:15:00.000Z' })).toBeInstanceOf(ApprovalExpiredError);
    const forbidden = refusalError({ kind: 'forbidden', reason: 'only bob holds the alert gate' });
    expect(forbidden).toBeInstanceOf(NotAuthorizedError);
    expect(forbidden.code).toBe('APPROVAL.NOT_AUTHORIZED');
  });
});
