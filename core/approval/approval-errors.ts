import { NotAuthorizedError, SirpError } from '../errors/sirp-error';
import type { ClosedState } from './decide';

/*
 * Why an approval could not be used. The link page turns these situations
 * into pages; callers without a page (CLI, console) get them as errors. All
 * are terminal: retrying the same request cannot succeed. Messages name
 * people and times, never a token, a MAC or an anti-forgery value.
 */

/** The approval's time ran out before a decision. */
export class ApprovalExpiredError extends SirpError {
  override readonly name = 'ApprovalExpiredError';

  constructor(readonly expiresAt: string) {
    super('APPROVAL.EXPIRED', `the approval expired at ${expiresAt}`, { terminal: true });
  }
}

/** Someone (maybe the same person, from another tab) decided first. */
export class ApprovalAlreadyDecidedError extends SirpError {
  override readonly name = 'ApprovalAlreadyDecidedError';

  constructor(readonly decidedBy: string | null, readonly decidedAt: string | null) {
    super('APPROVAL.ALREADY_DECIDED', `the approval was already decided by ${decidedBy ?? 'someone'} at ${decidedAt ?? 'an unknown time'}`, {
      terminal: true,
    });
  }
}

/** An escalation or a revocation moved the decision to a newer approval. */
export class ApprovalSupersededError extends SirpError {
  override readonly name = 'ApprovalSupersededError';

  constructor(readonly holder: string | null) {
    super('APPROVAL.SUPERSEDED', `the decision has moved on; it is now with ${holder ?? 'someone else'}`, { terminal: true });
  }
}

/** A link that does not parse, names no approval, or whose MAC does not match. Deliberately vague. */
export class ApprovalBadLinkError extends SirpError {
  override readonly name = 'ApprovalBadLinkError';

  constructor(reason: string) {
    super('APPROVAL.BAD_LINK', `not a valid approval link: ${reason}`, { terminal: true });
  }
}

/** A POST without a valid anti-forgery value from a page sirp rendered. */
export class ApprovalForgeryError extends SirpError {
  override readonly name = 'ApprovalForgeryError';

  constructor(reason: string) {
    super('APPROVAL.FORGERY', `the decision form was refused: ${reason}`, { terminal: true });
  }
}

/** A request that cannot be a decision: a decision the gate does not accept, a rejection without a reason. */
export class ApprovalInvalidRequestError extends SirpError {
  override readonly name = 'ApprovalInvalidRequestError';

  constructor(reason: string) {
    super('APPROVAL.INVALID_REQUEST', reason, { terminal: true });
  }
}

/** The plan's base URL leaves no room for the link in one SMS: a configuration error, caught at the first page. */
export class ApprovalLinkTooLongError extends SirpError {
  override readonly name = 'ApprovalLinkTooLongError';

  constructor(message: string) {
    super('APPROVAL.LINK_TOO_LONG', message, { terminal: true });
  }
}

/**
 * The error for an approval that cannot be used, for callers without a page
 * (the CLI, the console). A forbidden state is `NotAuthorizedError`.
 */
export function refusalError(state: ClosedState): SirpError {
  switch (state.kind) {
    case 'decided':
      return new ApprovalAlreadyDecidedError(state.approval.decidedBy, state.approval.decidedAt);
    case 'superseded':
      return new ApprovalSupersededError(state.supersededBy === null ? null : state.supersededBy.holder);
    case 'expired':
      return new ApprovalExpiredError(state.expiresAt);
    case 'forbidden':
      return new NotAuthorizedError(state.reason);
  }
}
