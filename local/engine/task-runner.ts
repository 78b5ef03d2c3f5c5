import { randomUUID } from 'node:crypto';
import { AslRuntimeError, AslTaskError, ExecutionClosedError, lambdaError, serviceError } from './asl-errors';
import type { EngineServices, LambdaHandler } from './engine.types';
import { json, type HistoryDetails, type TaskEntry } from './execution-history';
import { describeForParent, type ExecutionRecord } from './execution-record';
import type { RuntimeClock } from './runtime-clock';
import { statesTimeoutError } from './states-timeout';
import { WRAP, type Retrier, type TaskPlan, type WaitSpec } from './task-plan';
import type { TaskTokenRegistry } from './task-token-registry';

/** What the task runner needs from the engine. */
export interface TaskRunnerDeps {
  readonly clock: RuntimeClock;
  readonly tokens: TaskTokenRegistry;
  /** What the interpreter puts where the ASL reads `$$.Task.Token`; replaced by a fresh token per attempt. */
  readonly tokenSentinel: string;
  readonly region: string;
  readonly services: EngineServices;
  lambda(nameOrArn: string): LambdaHandler | undefined;
  /** Starts a child execution for `states:startExecution*`; throws AslTaskError when AWS would refuse. */
  startChild(parent: ExecutionRecord, params: unknown): ExecutionRecord;
  stopChild(child: ExecutionRecord): void;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const noop = (): void => undefined;

/**
 * Runs Task states for the interpreter (as its task overrides): dispatches to
 * the in-process Lambda handlers and service integrations, mints a task token
 * per callback attempt, enforces TimeoutSeconds and applies Retry on the
 * runtime clock, runs child executions, and records AWS history events.
 */
export class TaskRunner {
  constructor(private readonly deps: TaskRunnerDeps) {}

  /** The override body for one Task state (or rewritten Wait) of one execution. */
  async run(record: ExecutionRecord, plan: TaskPlan, interpreterInput: unknown): Promise<unknown> {
    const wrapped = plan.wrapped && isRecord(interpreterInput) ? interpreterInput : undefined;
    const payload = wrapped === undefined ? interpreterInput : wrapped[WRAP.payload];
    if (plan.integration.kind === 'wait') return this.wait(record, plan.integration.wait, payload, wrapped);

    const timeoutSeconds = plan.timeoutFromInput ? positiveInteger(wrapped?.[WRAP.timeoutSeconds], 'TimeoutSecondsPath') : plan.timeoutSeconds;
    const entry = record.history.openTaskEntry(plan.stateName);
    const attempts = plan.retriers.map(() => 0);
    for (;;) {
      try {
        return await this.attempt(record, plan, entry, payload, timeoutSeconds);
      } catch (error) {
        if (!(error instanceof Error) || error instanceof ExecutionClosedError || record.outcome !== undefined) throw error;
        const delayMs = retryDelayMs(plan.retriers, attempts, error.name);
        if (delayMs === undefined) throw error;
        await this.sleepUntil(record, this.deps.clock.now() + delayMs);
      }
    }
  }

  private attempt(record: ExecutionRecord, plan: TaskPlan, entry: TaskEntry, payload: unknown, timeoutSeconds: number | undefined): Promise<unknown> {
    const { clock, tokens } = this.deps;
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const events = historyEvents(plan, this.deps.region);
    const token = plan.pattern === 'callback' ? tokens.mint() : undefined;
    const input = token === undefined ? payload : replaceInStrings(payload, this.deps.tokenSentinel, token);
    let child: ExecutionRecord | undefined;
    let cancelTimer = noop;
    let open = true;

    const close = (): boolean => {
      if (!open) return false;
      open = false;
      cancelTimer();
      record.inflight.delete(cancel);
      if (token !== undefined) tokens.close(token);
      return true;
    };
    const succeed = (output: unknown): void => {
      if (!close()) return;
      entry.add(...events.succeeded(output));
      resolve(output);
    };
    const fail = (error: unknown): void => {
      if (!close()) return;
      const failure = error instanceof AslTaskError ? error : new AslTaskError('States.TaskFailed', 'task failed');
      entry.add(...events.failed(failure.name, failure.message));
      reject(failure);
    };
    const submitted = (output: unknown): void => {
      if (open) entry.add(...events.submitted(output));
    };
    const timeOut = (): void => {
      if (!close()) return;
      entry.add(...events.timedOut());
      stopWaitedChild();
      void statesTimeoutError().then(reject);
    };
    const cancel = (): void => {
      if (!close()) return;
      stopWaitedChild();
      reject(new ExecutionClosedError());
    };
    // AWS stops a child the parent waits on with .sync; a callback child runs on.
    const stopWaitedChild = (): void => {
      if (child !== undefined && (plan.pattern === 'sync' || plan.pattern === 'sync2')) this.deps.stopChild(child);
    };

    record.inflight.add(cancel);
    if (timeoutSeconds !== undefined) {
      // A callback wait (a person deciding) and a child execution (its gates) last incident time: a drill compresses
      // them. A request-response call (a Lambda invoke, a Publish) lasts the real time its handler runs: its
      // TimeoutSeconds is a safety net for that, and compressing it would fail a 50 ms step at --speed 600.
      cancelTimer = plan.pattern === 'request-response' ? realTimer(timeoutSeconds * 1000, timeOut) : clock.schedule(clock.now() + timeoutSeconds * 1000, timeOut);
    }
    if (token !== undefined) {
      record.tokens.add(token);
      // Registered before the integration runs: an in-process handler may answer at once.
      tokens.register(token, {
        executionArn: record.arn,
        succeed,
        fail: (error, cause) => {
          fail(new AslTaskError(error ?? '', cause ?? ''));
        },
      });
    }
    for (const event of events.scheduled(input, timeoutSeconds)) entry.add(...event);

    const params = isRecord(input) ? input : {};
    const callback = plan.pattern === 'callback';
    const integration = plan.integration;
    switch (integration.kind) {
      case 'lambda-arn':
        this.invokeLambda(integration.functionArn, input).then(succeed, fail);
        break;
      case 'lambda-invoke': {
        const functionName = typeof params.FunctionName === 'string' ? params.FunctionName : '';
        const event = 'Payload' in params ? params.Payload : {};
        if (params.InvocationType === 'Event') {
          // Asynchronous invocation: AWS answers 202 at once and never reports the function's result.
          this.invokeLambda(functionName, event).catch(noop);
          (callback ? submitted : succeed)({ StatusCode: 202, Payload: '' });
        } else {
          this.invokeLambda(functionName, event).then((value) => {
            (callback ? submitted : succeed)(lambdaInvokeResult(value));
          }, fail);
        }
        break;
      }
      case 'sns-publish':
        this.callService('SNS', () => this.deps.services.snsPublish?.(params)).then(callback ? submitted : succeed, fail);
        break;
      case 'dynamodb':
        this.callService('DynamoDB', () => this.deps.services.dynamodb?.(integration.action, params)).then(succeed, fail);
        break;
      case 'sfn-start': {
        try {
          child = this.deps.startChild(record, input);
        } catch (error) {
          fail(error);
          break;
        }
        const started = { ExecutionArn: child.arn, StartDate: child.startMs };
        if (plan.pattern === 'request-response') succeed(started);
        else submitted(started);
        if (plan.pattern === 'sync' || plan.pattern === 'sync2') {
          const running = child;
          void running.done.then(() => {
            const described = describeForParent(running, plan.pattern === 'sync2');
            if (running.outcome?.status === 'SUCCEEDED') succeed(described);
            else fail(new AslTaskError('States.TaskFailed', JSON.stringify(described)));
          });
        }
        break;
      }
    }
    return promise;
  }

  private async invokeLambda(nameOrArn: string, event: unknown): Promise<unknown> {
    const handler = this.deps.lambda(nameOrArn);
    if (handler === undefined) {
      throw new AslTaskError('Lambda.ResourceNotFoundException', `Function not found: ${nameOrArn.slice(0, 200)}`);
    }
    try {
      // Through JSON both ways, like the Lambda service: no shared objects, no undefined.
      return toJson(await handler(toJson(event)));
    } catch (error) {
      throw lambdaError(error);
    }
  }

  private async callService(prefix: string, call: () => Promise<Record<string, unknown>> | undefined): Promise<unknown> {
    try {
      const result = call();
      if (result === undefined) throw new Error(`${prefix} integration is not configured`);
      return toJson(await result);
    } catch (error) {
      throw serviceError(prefix, error);
    }
  }

  /** A Wait state, on the runtime clock. */
  private async wait(record: ExecutionRecord, spec: WaitSpec, payload: unknown, wrapped: Json | undefined): Promise<unknown> {
    const now = this.deps.clock.now();
    let until = now;
    if (spec.seconds !== undefined) until = now + spec.seconds * 1000;
    else if (spec.timestamp !== undefined) until = timestamp(spec.timestamp, 'Timestamp');
    else if (spec.fromInput === 'seconds') until = now + nonNegativeInteger(wrapped?.[WRAP.waitSeconds], 'SecondsPath') * 1000;
    else if (spec.fromInput === 'timestamp') until = timestamp(wrapped?.[WRAP.waitTimestamp], 'TimestampPath');
    if (until > now) await this.sleepUntil(record, until);
    return payload;
  }

  /** Sleeps on the runtime clock; rejects if the execution is stopped meanwhile. */
  private sleepUntil(record: ExecutionRecord, atMs: number): Promise<void> {
    const { promise, resolve, reject } = Promise.withResolvers<undefined>();
    const cancel = (): void => {
      cancelTimer();
      record.inflight.delete(cancel);
      reject(new ExecutionClosedError());
    };
    const cancelTimer = this.deps.clock.schedule(atMs, () => {
      record.inflight.delete(cancel);
      resolve(undefined);
    });
    record.inflight.add(cancel);
    return promise;
  }
}

type HistoryEntry = Parameters<TaskEntry['add']>;

/** The history events of one task attempt: `Task*` for integrations, `LambdaFunction*` for a bare Lambda ARN, like AWS. */
function historyEvents(plan: TaskPlan, region: string) {
  const resource = { resourceType: plan.resourceType, resource: plan.resourceAction };
  const data = (output: unknown) => ({ output: json(output), outputDetails: { truncated: false } });
  if (plan.integration.kind === 'lambda-arn') {
    const arn = plan.integration.functionArn;
    return {
      scheduled: (input: unknown, timeoutSeconds: number | undefined): HistoryEntry[] => [
        [
          'LambdaFunctionScheduled',
          {
            lambdaFunctionScheduledEventDetails: {
              resource: arn,
              input: json(input),
              inputDetails: { truncated: false },
              ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
            },
          },
        ],
        ['LambdaFunctionStarted', {}],
      ],
      // A bare Lambda ARN is always request-response: nothing is ever "submitted".
      submitted: (): HistoryEntry => ['LambdaFunctionStarted', {}],
      succeeded: (output: unknown): HistoryEntry => ['LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: data(output) }],
      failed: (error: string, cause: string): HistoryEntry => ['LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } }],
      timedOut: (): HistoryEntry => ['LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error: 'States.Timeout' } }],
    };
  }
  const details = (extra: HistoryDetails): HistoryDetails => extra;
  return {
    scheduled: (input: unknown, timeoutSeconds: number | undefined): HistoryEntry[] => [
      [
        'TaskScheduled',
        details({
          taskScheduledEventDetails: {
            ...resource,
            region,
            parameters: json(input),
            ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
          },
        }),
      ],
      ['TaskStarted', { taskStartedEventDetails: resource }],
    ],
    submitted: (output: unknown): HistoryEntry => ['TaskSubmitted', { taskSubmittedEventDetails: { ...resource, ...data(output) } }],
    succeeded: (output: unknown): HistoryEntry => ['TaskSucceeded', { taskSucceededEventDetails: { ...resource, ...data(output) } }],
    failed: (error: string, cause: string): HistoryEntry => ['TaskFailed', { taskFailedEventDetails: { ...resource, error, cause } }],
    timedOut: (): HistoryEntry => ['TaskTimedOut', { taskTimedOutEventDetails: { ...resource, error: 'States.Timeout', cause: '' } }],
  };
}

/** The `lambda:invoke` optimised integration's result: the function's return value under `Payload`. */
function lambdaInvokeResult(payload: unknown): Json {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: { HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: randomUUID() },
    StatusCode: 200,
  };
}

/**
 * Delay before the next attempt, or undefined when no retrier applies or the
 * matching one is exhausted (AWS semantics: the first retrier whose
 * ErrorEquals matches decides; `States.TaskFailed` matches all but `States.Timeout`).
 */
export function retryDelayMs(retriers: readonly Retrier[], attempts: number[], errorName: string): number | undefined {
  for (const [index, retrier] of retriers.entries()) {
    const matches = retrier.ErrorEquals.some(
      (name) => name === errorName || name === 'States.ALL' || (name === 'States.TaskFailed' && errorName !== 'States.Timeout'),
    );
    if (!matches) continue;
    const attempt = attempts[index] ?? 0;
    if (attempt >= (retrier.MaxAttempts ?? 3)) return undefined;
    attempts[index] = attempt + 1;
    let seconds = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
    if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
    if (retrier.JitterStrategy === 'FULL') seconds *= Math.random();
    return Math.round(seconds * 1000);
  }
  return undefined;
}

/** Replaces `search` inside every string of a JSON value (the token sentinel, wherever the ASL put `$$.Task.Token`). */
export function replaceInStrings(value: unknown, search: string, replacement: string): unknown {
  if (typeof value === 'string') return value.includes(search) ? value.replaceAll(search, replacement) : value;
  if (Array.isArray(value)) return value.map((item) => replaceInStrings(item, search, replacement));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceInStrings(item, search, replacement)]));
  return value;
}

const toJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

function positiveInteger(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new AslRuntimeError(`${field} must select a positive integer, got ${json(value).slice(0, 100)}`);
}

function nonNegativeInteger(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new AslRuntimeError(`${field} must select a non-negative integer, got ${json(value).slice(0, 100)}`);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timestamp(value: unknown, field: string): number {
  const ms = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new AslRuntimeError(`${field} must be an RFC 3339 timestamp, got ${json(value).slice(0, 100)}`);
  return ms;
}

/** A timer on real time (not the runtime clock); unref'd like the clock's own, so it never keeps the process alive. */
function realTimer(delayMs: number, fn: () => void): () => void {
  const handle = setTimeout(fn, delayMs);
  handle.unref();
  return () => {
    clearTimeout(handle);
  };
}
