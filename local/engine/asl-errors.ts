/**
 * Errors handed to the interpreter from task overrides. The interpreter
 * matches Retry/Catch on `name` and reports `message` as the Cause, so these
 * carry the ASL error name (`Approval.Rejected`, `States.TaskFailed`...) as
 * their `name`, not a class name. They never leave the engine as exceptions:
 * they end up as Error/Cause fields of the execution.
 */

/** A task that failed: matchable by `Retry`/`Catch` on its name. */
export class AslTaskError extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}

/** `States.Runtime`: bad data for the state itself; AWS neither retries nor catches it. */
export class AslRuntimeError extends Error {
  override readonly name = 'States.Runtime';
  // Read by the interpreter (duck-typed like its own RuntimeError).
  readonly isRetryable = false;
  readonly isCatchable = false;
}

/** The execution was stopped or timed out while the task waited; nothing may catch it. */
export class ExecutionClosedError extends Error {
  override readonly name = 'States.ExecutionClosed';
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('execution closed');
  }
}

/** A thrown Lambda error as AWS reports it: Error = errorType, Cause = `{ errorType, errorMessage }`. */
export function lambdaError(error: unknown): AslTaskError {
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  return new AslTaskError(errorType, JSON.stringify({ errorType, errorMessage }));
}

/** A service integration's SDK error, named like AWS names it (`DynamoDB.ConditionalCheckFailedException`). */
export function serviceError(prefix: string, error: unknown): AslTaskError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new AslTaskError(name.includes('.') ? name : `${prefix}.${name}`, message);
}
