import { ActionFailedError } from './actions.port';

/** A transient AWS answer (throttling, 5xx, a dropped connection): the workflow's Retry takes it. */
export class ActionTransientError extends Error {
  override readonly name = 'Actions.Transient';
}

/** What an AWS SDK v3 error carries that matters here (ServiceException, or a network error the SDK passed on). */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

// Error names AWS uses for "slow down" and "try again" across EC2 (query), IAM (query) and S3 (REST XML);
// the SDK marks only some of them `$retryable`, and only once its own retries are spent do they reach us.
const TRANSIENT_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  'PriorRequestNotComplete',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
// A connection that failed before AWS answered: the call may be repeated (every action here is idempotent).
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * Maps an error of an EC2, IAM or S3 call to what the workflow does with it:
 * {@link ActionTransientError} is retried with backoff by the ASL, an
 * {@link ActionFailedError} (AccessDenied, NoSuchEntity,
 * InvalidInstanceID.NotFound, any other refusal) is recorded and told to the
 * Crisis Lead. The message names the service and AWS's error code only: the
 * SDK's message (account ids, role ARNs) stays out of the timeline and SMS.
 * An error that is not an AWS answer nor a network failure (a bug of ours)
 * is returned as it is, to fail the step loudly.
 */
export function classifyAwsError(service: string, error: unknown): Error {
  // Duck-typed, not `instanceof Error`: an error made by Node's own http module may come from another realm (jest's sandbox).
  if (typeof error !== 'object' || error === null) return new Error(`${service} call failed with a non-error value`);
  const shape = error as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  // The SDK names an answer it could not parse `Unknown` (or leaves `Error`): the status is all there is to say.
  const answer = name === 'Error' || name === 'Unknown' ? `HTTP ${status ?? 'error'}` : name;
  if (shape.$retryable !== undefined || TRANSIENT_NAMES.has(name) || (status !== undefined && (status >= 500 || status === 429))) {
    return new ActionTransientError(`${service} answered ${answer}`);
  }
  if (code !== undefined && NETWORK_CODES.has(code)) return new ActionTransientError(`${service} unreachable: ${code}`);
  if (status !== undefined) return new ActionFailedError(`${service} refused: ${answer}`);
  return error instanceof Error ? error : new Error(`${service} call failed: ${name}`);
}
