/**
 * The one base error of sirp. `code` is stable (dashboards and the CLI match on
 * it); `terminal` says whether retrying can help: bad input and rejected
 * approvals are terminal, throttling is not.
 */
export class SirpError extends Error {
  override readonly name: string = 'SirpError';

  constructor(
    readonly code: string,
    message: string,
    readonly options: { readonly terminal?: boolean; readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get terminal(): boolean {
    return this.options.terminal ?? true;
  }
}

/** Input that crossed a boundary and failed validation; `path` names the field. */
export class ValidationError extends SirpError {
  override readonly name = 'ValidationError';

  constructor(
    readonly issues: readonly { readonly path: string; readonly message: string }[],
    cause?: unknown,
  ) {
    super('INPUT.INVALID', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { terminal: true, cause });
  }
}

/** A state change that the domain rules forbid (for example Contain -> Recover without the sign-off). */
export class TransitionRefusedError extends SirpError {
  override readonly name = 'TransitionRefusedError';

  constructor(message: string) {
    super('INCIDENT.TRANSITION_REFUSED', message, { terminal: true });
  }
}

/** Someone tried to decide what is not theirs to decide. */
export class NotAuthorizedError extends SirpError {
  override readonly name = 'NotAuthorizedError';

  constructor(message: string) {
    super('APPROVAL.NOT_AUTHORIZED', message, { terminal: true });
  }
}

/** A conditional write lost: someone else changed the item first. Retry after re-reading. */
export class ConflictError extends SirpError {
  override readonly name = 'ConflictError';

  constructor(message: string) {
    super('STATE.CONFLICT', message, { terminal: false });
  }
}
