/**
 * What the engine does when the interpreter reaches a Task state: decided once
 * at load time from the ASL, so a run never re-parses a resource ARN.
 */

export type DynamoDbAction = 'getItem' | 'putItem' | 'updateItem' | 'deleteItem';

/** How the state waits: AWS's three service integration patterns. */
export type IntegrationPattern = 'request-response' | 'callback' | 'sync' | 'sync2';

/** A Wait state rewritten into a Task that sleeps on the runtime clock. */
export interface WaitSpec {
  readonly seconds?: number;
  readonly timestamp?: string;
  /** The duration comes from the state input (SecondsPath / TimestampPath). */
  readonly fromInput?: 'seconds' | 'timestamp';
}

export type Integration =
  | { readonly kind: 'lambda-invoke' }
  | { readonly kind: 'lambda-arn'; readonly functionArn: string }
  | { readonly kind: 'sns-publish' }
  | { readonly kind: 'dynamodb'; readonly action: DynamoDbAction }
  | { readonly kind: 'sfn-start' }
  | { readonly kind: 'wait'; readonly wait: WaitSpec };

/** One retrier of a Task's `Retry`, applied by the engine on the runtime clock. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface TaskPlan {
  readonly stateName: string;
  /** The Resource as written in the ASL. */
  readonly resource: string;
  /** History fields, like AWS: `lambda` + `invoke.waitForTaskToken`. */
  readonly resourceType: string;
  readonly resourceAction: string;
  readonly integration: Integration;
  readonly pattern: IntegrationPattern;
  readonly timeoutSeconds?: number;
  readonly timeoutFromInput: boolean;
  readonly retriers: readonly Retrier[];
  /** The interpreter hands the override `{ SirpPayload, SirpTimeoutSeconds?, SirpWait*? }` instead of the bare input. */
  readonly wrapped: boolean;
}

/** Keys of the wrapped input (see {@link TaskPlan.wrapped}). */
export const WRAP = {
  payload: 'SirpPayload',
  timeoutSeconds: 'SirpTimeoutSeconds',
  waitSeconds: 'SirpWaitSeconds',
  waitTimestamp: 'SirpWaitTimestamp',
} as const;
