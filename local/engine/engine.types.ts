import type { AslValidationCache } from './asl-validation-cache';
import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import type { RuntimeClock } from './runtime-clock';
import type { MachineSource } from './machine-loader';
import type { DynamoDbAction } from './task-plan';

export type { DynamoDbAction } from './task-plan';
export type { MachineSource } from './machine-loader';

/** An in-process Lambda handler: the same function the Lambda runtime would call. */
export type LambdaHandler = (event: unknown) => Promise<unknown>;

/**
 * Service integrations the engine cannot do alone; the runtime implements them
 * with real AWS SDK clients pointed at its local endpoints.
 */
export interface EngineServices {
  /** `arn:aws:states:::sns:publish` (and `.waitForTaskToken`): the SNS Publish request, PascalCase like the ASL. */
  snsPublish?(params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`: the request in DynamoDB JSON, PascalCase. */
  dynamodb?(action: DynamoDbAction, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** One history event as it happens, for the console and logs (task tokens already redacted). */
export interface EngineEvent {
  readonly executionArn: string;
  readonly type: string;
  readonly timestamp: number;
  readonly details?: unknown;
}

export interface WorkflowEngineOptions {
  readonly clock: RuntimeClock;
  readonly region: string;
  readonly accountId: string;
  /** Constructed and validated once, here. */
  readonly machines: readonly MachineSource[];
  /** Keyed by function ARN or name, as the ASL names them in `FunctionName` or `Resource`. */
  readonly lambdas: Readonly<Record<string, LambdaHandler>>;
  readonly services?: EngineServices;
  /** Called for each history event; an exception thrown here is ignored. */
  readonly onEvent?: (event: EngineEvent) => void;
  /** Reported as the executions' role, like AWS. Default `arn:aws:iam::<account>:role/sirp-embedded-engine`. */
  readonly roleArn?: string;
  /** Skips asl-validator for definitions it already accepted (startup time); every load validates when absent. */
  readonly validationCache?: AslValidationCache;
}

export interface StartExecutionRequest {
  readonly stateMachineArn: string;
  readonly name?: string;
  /** JSON text, like the SFN API. Default `{}`. */
  readonly input?: string;
}

export interface ListExecutionsRequest {
  readonly stateMachineArn: string;
  readonly statusFilter?: ExecutionStatus;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface GetExecutionHistoryRequest {
  readonly executionArn: string;
  readonly reverseOrder?: boolean;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface StopExecutionRequest {
  readonly executionArn: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface SendTaskSuccessRequest {
  readonly taskToken: string;
  /** JSON text. */
  readonly output: string;
}

export interface SendTaskFailureRequest {
  readonly taskToken: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface ListStateMachinesRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}
