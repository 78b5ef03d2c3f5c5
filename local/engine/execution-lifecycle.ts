import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ExecutionError, type RunOptions, type StateMachine } from 'aws-local-stepfunctions';
import type { EngineEvent } from './engine.types';
import { ExecutionHistory, type InterpreterEvent } from './execution-history';
import { describe, type ExecutionRecord, type Outcome } from './execution-record';
import type { LoadedMachine } from './machine-loader';
import type { RuntimeClock } from './runtime-clock';
import type { TaskPlan } from './task-plan';

type JsonValue = Parameters<StateMachine['run']>[0];
type TaskOverrides = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

const REDACTED = '[task token]';
const noop = (): void => undefined;

const EXECUTION_STATUS_EVENTS: ReadonlySet<string> = new Set([
  'ExecutionStarted',
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

export interface ExecutionLifecycleDeps {
  readonly clock: RuntimeClock;
  readonly roleArn: string;
  /** What the interpreter sees as `$$.Task.Token` (see the task runner). */
  readonly tokenSentinel: string;
  readonly onEvent: ((event: EngineEvent) => void) | undefined;
  /** The override body of a Task state. */
  readonly runTask: (record: ExecutionRecord, plan: TaskPlan, input: unknown) => Promise<unknown>;
}

/** What {@link ExecutionLifecycle.launch} needs to know about a new execution. */
export interface LaunchRequest {
  readonly machine: LoadedMachine;
  readonly arn: string;
  readonly name: string;
  readonly input: string;
  readonly inputValue: unknown;
  readonly parentArn: string | undefined;
}

/**
 * Runs executions on the interpreter, from start to close: builds the
 * context object and the task overrides, feeds the history from the
 * interpreter's event log, enforces the machine's TimeoutSeconds on the
 * runtime clock, and records how each execution ends.
 */
export class ExecutionLifecycle {
  private readonly stateContexts = new WeakMap<LoadedMachine, Record<string, unknown>>();

  constructor(private readonly deps: ExecutionLifecycleDeps) {}

  launch({ machine, arn, name, input, inputValue, parentArn }: LaunchRequest): ExecutionRecord {
    const { clock } = this.deps;
    const startMs = clock.now();
    const { promise: done, resolve: markDone } = Promise.withResolvers<undefined>();
    const tokens = new Set<string>();
    const redact = (text: string): string => {
      let out = text.replaceAll(this.deps.tokenSentinel, REDACTED);
      for (const token of tokens) if (out.includes(token)) out = out.replaceAll(token, REDACTED);
      return out;
    };
    const history = new ExecutionHistory({
      clock,
      stateTypeOf: (stateName) => machine.stateTypes.get(stateName),
      redact,
      emit: (event) => {
        this.emit(record, event);
      },
    });
    const record: ExecutionRecord = {
      arn,
      name,
      machine,
      input,
      inputValue,
      startMs,
      history,
      tokens,
      inflight: new Set(),
      done,
      markDone: () => {
        markDone(undefined);
      },
      parentArn,
      abort: noop,
      cancelTimeout: noop,
      outcome: undefined,
      stopMs: undefined,
    };
    history.add('ExecutionStarted', { executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn: this.deps.roleArn } });

    const overrides: TaskOverrides = {};
    for (const plan of machine.tasks.values()) {
      overrides[plan.stateName] = (taskInput) => this.deps.runTask(record, plan, taskInput) as Promise<JsonValue>;
    }
    const run = machine.runner.run(inputValue as JsonValue, { overrides: { taskResourceLocalHandlers: overrides }, context: this.context(record) });
    record.abort = run.abort;
    if (machine.timeoutSeconds !== undefined) {
      record.cancelTimeout = clock.schedule(startMs + machine.timeoutSeconds * 1000, () => {
        this.terminate(record, { status: 'TIMED_OUT', error: 'States.Timeout', cause: '' });
      });
    }
    void this.settle(record, run.result, this.consume(record, run.eventLogs));
    return record;
  }

  /** Stops a running execution from outside (StopExecution, execution timeout, parent stopped). */
  terminate(record: ExecutionRecord, outcome: Outcome): void {
    if (record.outcome !== undefined) return;
    record.abort();
    this.finish(record, outcome);
  }

  /** The context object (`$$`) of one execution; see `rewriteContextPaths` for the Sirp* fields. */
  private context(record: ExecutionRecord): NonNullable<RunOptions['context']> {
    return {
      Execution: {
        Id: record.arn,
        Name: record.name,
        RoleArn: this.deps.roleArn,
        RedriveCount: 0,
        SirpInput: record.inputValue,
        SirpStartTime: new Date(record.startMs).toISOString(),
      },
      StateMachine: { Id: record.machine.arn, Name: record.machine.name },
      Task: { Token: this.deps.tokenSentinel },
      SirpStates: this.stateContext(record.machine),
    };
  }

  /**
   * `$$.State.*` per state, built once per machine. EnteredTime is read when
   * the interpreter resolves the path, which it does synchronously as the
   * state is entered, so "now" on the clock is the entry time.
   */
  private stateContext(machine: LoadedMachine): Record<string, unknown> {
    const known = this.stateContexts.get(machine);
    if (known !== undefined) return known;
    const { clock } = this.deps;
    const states = Object.fromEntries(
      [...machine.stateAliases].map(([alias, name]) => [
        alias,
        {
          Name: name,
          RetryCount: 0,
          get EnteredTime() {
            return new Date(clock.now()).toISOString();
          },
        },
      ]),
    );
    this.stateContexts.set(machine, states);
    return states;
  }

  private async consume(record: ExecutionRecord, events: AsyncGenerator<InterpreterEvent>): Promise<void> {
    for await (const event of events) {
      if (record.outcome === undefined) record.history.record(event);
    }
  }

  private async settle(record: ExecutionRecord, result: Promise<JsonValue>, consumed: Promise<void>): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = { status: 'SUCCEEDED', output: JSON.stringify(await result) };
    } catch (error) {
      outcome =
        error instanceof ExecutionError && error.cause instanceof Error
          ? { status: 'FAILED', error: error.cause.name, cause: error.cause.message }
          : { status: 'FAILED', error: 'States.Runtime', cause: 'the interpreter failed' };
    }
    // The interpreter settles before its event log is drained: finish the history first.
    await consumed.catch(noop);
    this.finish(record, outcome);
  }

  private finish(record: ExecutionRecord, outcome: Outcome): void {
    if (record.outcome !== undefined) return;
    record.outcome = outcome;
    record.stopMs = this.deps.clock.now();
    record.cancelTimeout();
    for (const cancel of [...record.inflight]) cancel();
    const { error, cause } = outcome;
    const failure = { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
    switch (outcome.status) {
      case 'SUCCEEDED':
        record.history.add('ExecutionSucceeded', { executionSucceededEventDetails: { output: outcome.output ?? 'null', outputDetails: { truncated: false } } });
        break;
      case 'FAILED':
        record.history.add('ExecutionFailed', { executionFailedEventDetails: failure });
        break;
      case 'ABORTED':
        record.history.add('ExecutionAborted', { executionAbortedEventDetails: failure });
        break;
      case 'TIMED_OUT':
        record.history.add('ExecutionTimedOut', { executionTimedOutEventDetails: failure });
        break;
    }
    record.markDone();
  }

  /**
   * `details` is the history event without `type`/`timestamp` (`id`,
   * `previousEventId`, `<type>EventDetails`). Execution start and close events
   * also carry the flat fields of EventBridge's "Step Functions Execution
   * Status Change" detail (`stateMachineArn`, `name`, `status`, `input`,
   * `output`, `error`, `cause`), so a listener can raise that event without
   * another lookup.
   */
  private emit(record: ExecutionRecord, event: HistoryEvent): void {
    const { onEvent } = this.deps;
    if (onEvent === undefined) return;
    const { type, timestamp, ...historyFields } = event;
    const statusChange = type !== undefined && EXECUTION_STATUS_EVENTS.has(type);
    const details = statusChange ? { ...historyFields, ...statusChangeDetail(record) } : historyFields;
    try {
      onEvent({ executionArn: record.arn, type: type ?? 'Unknown', timestamp: timestamp?.getTime() ?? this.deps.clock.now(), details });
    } catch {
      // A listener's bug must not break the execution it listens to.
    }
  }
}

function statusChangeDetail(record: ExecutionRecord): Record<string, unknown> {
  const { status, input, output, error, cause, stateMachineArn, name } = describe(record);
  return { stateMachineArn, name, status, input, output: output ?? null, error: error ?? null, cause: cause ?? null };
}
