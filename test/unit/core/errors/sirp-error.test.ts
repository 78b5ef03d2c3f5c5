import {
  ConflictError,
  NotAuthorizedError,
  SirpError,
  TransitionRefusedError,
  ValidationError,
} from '../../../../core/errors/sirp-error';

describe('SirpError', () => {
  it('carries a stable code and message and is terminal unless told otherwise', () => {
    const error = new SirpError('SOME.CODE', 'went wrong');

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SirpError');
    expect(error.code).toBe('SOME.CODE');
    expect(error.message).toBe('went wrong');
    expect(error.terminal).toBe(true);
    expect(error.cause).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('is retryable when created with terminal false', () => {
    expect(new SirpError('THROTTLED', 'slow down', { terminal: false }).terminal).toBe(false);
  });

  it('keeps the cause it wraps', () => {
    const cause = new Error('socket hang up');

    expect(new SirpError('IO', 'write failed', { cause }).cause).toBe(cause);
  });
});

describe('ValidationError', () => {
  it('lists every issue by path in its message and keeps the issues', () => {
    const issues = [
      { path: 'contacts[2].phone', message: 'must be E.164' },
      { path: 'org', message: 'must be DNS-safe' },
    ];
    const error = new ValidationError(issues);

    expect(error).toBeInstanceOf(SirpError);
    expect(error.name).toBe('ValidationError');
    expect(error.code).toBe('INPUT.INVALID');
    expect(error.terminal).toBe(true);
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe('contacts[2].phone: must be E.164; org: must be DNS-safe');
  });

  it('keeps the cause it wraps', () => {
    const cause = new SyntaxError('bad JSON');

    expect(new ValidationError([{ path: '$', message: 'is not JSON' }], cause).cause).toBe(cause);
  });
});

describe('domain refusals', () => {
  it.each([
    [new TransitionRefusedError('no sign-off'), 'TransitionRefusedError', 'INCIDENT.TRANSITION_REFUSED', true],
    [new NotAuthorizedError('not yours'), 'NotAuthorizedError', 'APPROVAL.NOT_AUTHORIZED', true],
    [new ConflictError('changed meanwhile'), 'ConflictError', 'STATE.CONFLICT', false],
  ])('%s has name %s, code %s and terminal %s', (error, name, code, terminal) => {
    expect(error).toBeInstanceOf(SirpError);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.terminal).toBe(terminal);
  });
});
