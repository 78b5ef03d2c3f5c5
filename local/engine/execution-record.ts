import type { DescribeExecutionOutput, ExecutionStatus } from '@aws-sdk/client-sfn';
import type { ExecutionHistory } from './execution-history';
import type { LoadedMachine } from './machine-loader';

/** How an execution ended. */
export interface Outcome {
  readonly status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** One execution, in memory (the durable truth is the incident table, not this). */
export interface ExecutionRecord {
  readonly arn: string;
  readonly name: string;
  readonly machine: LoadedMachine;
  /** The input as given (JSON text) and parsed. */
  readonly input: string;
  readonly inputValue: unknown;
  readonly startMs: number;
  readonly history: ExecutionHistory;
  /** Every token minted for this execution: redacted from its history. */
  readonly tokens: Set<string>;
  /** Cancels each task or wait still pending; run when the execution is stopped. */
  readonly inflight: Set<() => void>;
  /** Resolves once the execution is closed and its history complete. */
  readonly done: Promise<void>;
  readonly markDone: () => void;
  /** The execution whose `startExecution.sync` task started this one. */
  readonly parentArn: string | undefined;
  /** Aborts the interpreter's run (set once it runs). */
  abort: () => void;
  /** Cancels the machine-level TimeoutSeconds timer. */
  cancelTimeout: () => void;
  outcome: Outcome | undefined;
  stopMs: number | undefined;
}

export const statusOf = (record: ExecutionRecord): ExecutionStatus => record.outcome?.status ?? 'RUNNING';

/** DescribeExecution's answer, AWS field names, dates as `Date` like the SDK. */
export function describe(record: ExecutionRecord): DescribeExecutionOutput {
  const { outcome } = record;
  return {
    executionArn: record.arn,
    stateMachineArn: record.machine.arn,
    name: record.name,
    status: statusOf(record),
    startDate: new Date(record.startMs),
    ...(record.stopMs === undefined ? {} : { stopDate: new Date(record.stopMs) }),
    input: record.input,
    inputDetails: { included: true },
    ...(outcome?.output === undefined ? {} : { output: outcome.output, outputDetails: { included: true } }),
    ...(outcome?.error === undefined ? {} : { error: outcome.error }),
    ...(outcome?.cause === undefined ? {} : { cause: outcome.cause }),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

/**
 * A child execution as `states:startExecution.sync` reports it to the parent
 * (DescribeExecution with PascalCase keys and epoch-millisecond dates); with
 * `.sync:2` Input and Output are JSON values instead of JSON text.
 */
export function describeForParent(record: ExecutionRecord, parseData: boolean): Record<string, unknown> {
  const data = (text: string): unknown => (parseData ? parseOr(text) : text);
  const { outcome } = record;
  return {
    ExecutionArn: record.arn,
    Input: data(record.input),
    InputDetails: { Included: true },
    Name: record.name,
    ...(outcome?.output === undefined ? {} : { Output: data(outcome.output), OutputDetails: { Included: true } }),
    ...(outcome?.error === undefined ? {} : { Error: outcome.error }),
    ...(outcome?.cause === undefined ? {} : { Cause: outcome.cause }),
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    StartDate: record.startMs,
    StateMachineArn: record.machine.arn,
    Status: statusOf(record),
    ...(record.stopMs === undefined ? {} : { StopDate: record.stopMs }),
  };
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
