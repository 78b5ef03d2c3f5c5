import { randomBytes, randomUUID } from 'node:crypto';
import type {
  DescribeExecutionOutput,
  DescribeStateMachineOutput,
  GetExecutionHistoryOutput,
  HistoryEvent,
  ListExecutionsOutput,
  ListStateMachinesOutput,
  SendTaskFailureOutput,
  SendTaskHeartbeatOutput,
  SendTaskSuccessOutput,
  StartExecutionOutput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import { assertExecutionArn, assertStateMachineArn, executionArn, isValidName, lambdaFunctionName, type ArnScope } from './arn';
import { AslTaskError } from './asl-errors';
import { EngineLoadError, SfnApiError } from './engine-errors';
import type {
  GetExecutionHistoryRequest,
  LambdaHandler,
  ListExecutionsRequest,
  ListStateMachinesRequest,
  SendTaskFailureRequest,
  SendTaskSuccessRequest,
  StartExecutionRequest,
  StopExecutionRequest,
  WorkflowEngineOptions,
} from './engine.types';
import { ExecutionLifecycle } from './execution-lifecycle';
import { describe, statusOf, type ExecutionRecord } from './execution-record';
import { loadMachine, type LoadedMachine } from './machine-loader';
import { paginate } from './pagination';
import type { RuntimeClock } from './runtime-clock';
import { statesTimeoutError } from './states-timeout';
import { TaskRunner } from './task-runner';
import { TaskTokenRegistry } from './task-token-registry';

export { applySubstitutions } from './substitutions';
export { EngineLoadError, SfnApiError, type SfnErrorName } from './engine-errors';
export type * from './engine.types';

/** SFN's limit on execution input and task output: 256 KiB of UTF-8. */
const MAX_PAYLOAD_BYTES = 262_144;

/**
 * The embedded workflow engine: runs the same ASL files as AWS Step Functions,
 * in process, with `aws-local-stepfunctions` as the interpreter, and answers
 * the SFN API (plain objects, AWS field names, AWS error names) for the
 * Step Functions-compatible endpoint, the runtime and tests.
 *
 * Around the interpreter it adds what AWS does and the library does not:
 * in-process Lambda and service integrations, a fresh task token per callback
 * task, nested executions (`startExecution.sync:2`), timeouts, retries and
 * waits on the {@link RuntimeClock}, the context object, and AWS-shaped
 * history. Machines that would run differently are refused at construction
 * ({@link EngineLoadError}). Executions live in memory.
 *
 * @example
 * const engine = new WorkflowEngine({ clock, region: 'us-east-1', accountId: '123456789012',
 *   machines: [{ name: 'contain', definition: applySubstitutions(asl, values) }],
 *   lambdas: { 'sirp-notify': notifyHandler }, services: { snsPublish } });
 * const { executionArn } = await engine.startExecution({ stateMachineArn, input: JSON.stringify(incident) });
 */
export class WorkflowEngine {
  private readonly clock: RuntimeClock;
  private readonly scope: ArnScope;
  private readonly roleArn: string;
  private readonly machines = new Map<string, LoadedMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly lambdas: ReadonlyMap<string, LambdaHandler>;
  private readonly tokens = new TaskTokenRegistry();
  /** Per engine and unguessable, so ASL data can never spell it by accident. */
  private readonly tokenSentinel = `sirp-task-token-${randomBytes(16).toString('hex')}`;
  private readonly lifecycle: ExecutionLifecycle;
  private readonly createdAt = new Date();

  constructor(options: WorkflowEngineOptions) {
    this.clock = options.clock;
    this.scope = { region: options.region, accountId: options.accountId };
    this.roleArn = options.roleArn ?? `arn:aws:iam::${options.accountId}:role/sirp-embedded-engine`;
    this.lambdas = indexLambdas(options.lambdas);
    const services = options.services ?? {};
    const runner = new TaskRunner({
      clock: this.clock,
      tokens: this.tokens,
      tokenSentinel: this.tokenSentinel,
      region: options.region,
      services,
      lambda: (nameOrArn) => this.lambdas.get(nameOrArn) ?? this.lambdas.get(lambdaFunctionName(nameOrArn)),
      startChild: (parent, params) => this.startChild(parent, params),
      stopChild: (child) => {
        this.lifecycle.terminate(child, { status: 'ABORTED', error: 'States.Aborted', cause: `the parent execution ${child.parentArn ?? ''} stopped waiting for it` });
      },
    });
    this.lifecycle = new ExecutionLifecycle({
      clock: this.clock,
      roleArn: this.roleArn,
      tokenSentinel: this.tokenSentinel,
      onEvent: options.onEvent,
      runTask: (record, plan, input) => runner.run(record, plan, input),
    });

    const environment = {
      scope: this.scope,
      hasLambda: (nameOrArn: string) => this.lambdas.has(nameOrArn) || this.lambdas.has(lambdaFunctionName(nameOrArn)),
      services: { sns: services.snsPublish !== undefined, dynamodb: services.dynamodb !== undefined },
      ...(options.validationCache === undefined ? {} : { validationCache: options.validationCache }),
    };
    for (const source of options.machines) {
      if (!isValidName(source.name)) throw new EngineLoadError(source.name, undefined, 'not a valid state machine name');
      const machine = loadMachine(source, environment);
      if (this.machines.has(machine.arn)) throw new EngineLoadError(source.name, undefined, 'two machines have this name');
      this.machines.set(machine.arn, machine);
    }
    for (const machine of this.machines.values()) {
      for (const { stateName, arn } of machine.childMachineArns) {
        if (!this.machines.has(arn)) throw new EngineLoadError(machine.name, stateName, `starts '${arn}', which is not loaded in this engine`);
      }
    }
    // Warm up the States.Timeout probe now, not at the first timeout.
    void statesTimeoutError();
  }

  /** Milliseconds each machine took to validate and construct, by name. */
  get loadTimes(): Readonly<Record<string, number>> {
    return Object.fromEntries([...this.machines.values()].map((m) => [m.name, m.loadMs]));
  }

  /** StartExecution: same name and input as a running execution returns it (AWS idempotency); otherwise `ExecutionAlreadyExists`. */
  startExecution(request: StartExecutionRequest): Promise<StartExecutionOutput> {
    return answer(() => {
      const record = this.start(request);
      return { executionArn: record.arn, startDate: new Date(record.startMs) };
    });
  }

  describeExecution(request: { readonly executionArn: string }): Promise<DescribeExecutionOutput> {
    return answer(() => {
      return describe(this.execution(request.executionArn));
    });
  }

  /** ListExecutions, newest first. */
  listExecutions(request: ListExecutionsRequest): Promise<ListExecutionsOutput> {
    return answer(() => {
      const machine = this.machine(request.stateMachineArn);
      const matching = [...this.executions.values()]
        .filter((r) => r.machine === machine && (request.statusFilter === undefined || statusOf(r) === request.statusFilter))
        .reverse();
      const { page, nextToken } = paginate(matching, `executions:${machine.arn}:${request.statusFilter ?? ''}`, request.maxResults, request.nextToken);
      return {
        executions: page.map((r) => ({
          executionArn: r.arn,
          stateMachineArn: machine.arn,
          name: r.name,
          status: statusOf(r),
          startDate: new Date(r.startMs),
          ...(r.stopMs === undefined ? {} : { stopDate: new Date(r.stopMs) }),
        })),
        ...(nextToken === undefined ? {} : { nextToken }),
      };
    });
  }

  /** GetExecutionHistory: AWS-shaped events (task tokens redacted). */
  getExecutionHistory(request: GetExecutionHistoryRequest): Promise<GetExecutionHistoryOutput> {
    return answer(() => {
      const record = this.execution(request.executionArn);
      const events: HistoryEvent[] = request.reverseOrder === true ? [...record.history.events].reverse() : [...record.history.events];
      const { page, nextToken } = paginate(events, `history:${record.arn}:${String(request.reverseOrder === true)}`, request.maxResults, request.nextToken);
      return { events: page, ...(nextToken === undefined ? {} : { nextToken }) };
    });
  }

  /** StopExecution: aborts the execution; its open task tokens stop working. */
  stopExecution(request: StopExecutionRequest): Promise<StopExecutionOutput> {
    return answer(() => {
      const record = this.execution(request.executionArn);
      this.lifecycle.terminate(record, { status: 'ABORTED', ...(request.error === undefined ? {} : { error: request.error }), ...(request.cause === undefined ? {} : { cause: request.cause }) });
      return { stopDate: new Date(record.stopMs ?? this.clock.now()) };
    });
  }

  /** SendTaskSuccess: `output` is JSON text; the waiting task resolves with its value. */
  sendTaskSuccess(request: SendTaskSuccessRequest): Promise<SendTaskSuccessOutput> {
    return answer(() => {
      const waiter = this.tokens.waiterOf(request.taskToken);
      waiter.succeed(parseJson(request.output, 'InvalidOutput', 'Invalid Output'));
      return {};
    });
  }

  /** SendTaskFailure: the waiting task fails with this Error/Cause (catchable by name). */
  sendTaskFailure(request: SendTaskFailureRequest): Promise<SendTaskFailureOutput> {
    return answer(() => {
      this.tokens.waiterOf(request.taskToken).fail(request.error, request.cause);
      return {};
    });
  }

  /** SendTaskHeartbeat: accepted for open tokens (HeartbeatSeconds is refused at load, so there is nothing to reset). */
  sendTaskHeartbeat(request: { readonly taskToken: string }): Promise<SendTaskHeartbeatOutput> {
    return answer(() => {
      this.tokens.waiterOf(request.taskToken);
      return {};
    });
  }

  describeStateMachine(request: { readonly stateMachineArn: string }): Promise<DescribeStateMachineOutput> {
    return answer(() => {
      const machine = this.machine(request.stateMachineArn);
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: machine.definition,
        roleArn: this.roleArn,
        type: 'STANDARD',
        creationDate: this.createdAt,
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    });
  }

  listStateMachines(request: ListStateMachinesRequest = {}): Promise<ListStateMachinesOutput> {
    return answer(() => {
      const machines = [...this.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
      const { page, nextToken } = paginate(machines, 'state-machines', request.maxResults, request.nextToken);
      return {
        stateMachines: page.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: this.createdAt })),
        ...(nextToken === undefined ? {} : { nextToken }),
      };
    });
  }

  /** Resolves with DescribeExecution once the execution has closed and its history is complete (tests, CLI). */
  async waitForExecution(executionArnToWait: string): Promise<DescribeExecutionOutput> {
    const record = this.execution(executionArnToWait);
    await record.done;
    return describe(record);
  }

  /** Aborts every running execution (shutdown, end of a test): no task or timer stays pending. */
  async close(): Promise<void> {
    for (const record of this.executions.values()) this.lifecycle.terminate(record, { status: 'ABORTED', error: 'Engine.Closed', cause: 'the engine was closed' });
    await Promise.all([...this.executions.values()].map((r) => r.done));
  }

  private machine(arn: string): LoadedMachine {
    assertStateMachineArn(arn);
    const machine = this.machines.get(arn);
    if (machine === undefined) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private execution(arn: string): ExecutionRecord {
    assertExecutionArn(arn);
    const record = this.executions.get(arn);
    if (record === undefined) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  private start(request: StartExecutionRequest, parentArn?: string): ExecutionRecord {
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!isValidName(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name.slice(0, 100)}'`);
    const input = request.input ?? '{}';
    if (Buffer.byteLength(input, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw new SfnApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: larger than ${MAX_PAYLOAD_BYTES} bytes`);
    }
    const inputValue = parseJson(input, 'InvalidExecutionInput', 'Invalid State Machine Execution Input');
    const arn = executionArn(this.scope, machine.name, name);
    const existing = this.executions.get(arn);
    if (existing !== undefined) {
      if (existing.outcome === undefined && existing.input === input) return existing;
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const record = this.lifecycle.launch({ machine, arn, name, input, inputValue, parentArn });
    this.executions.set(arn, record);
    return record;
  }

  /** `states:startExecution*` from a task: AWS's refusals become the task's error (`StepFunctions.<Name>Exception`). */
  private startChild(parentRecord: ExecutionRecord, params: unknown): ExecutionRecord {
    const p = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
    try {
      if (typeof p.StateMachineArn !== 'string') throw new SfnApiError('ValidationException', 'StateMachineArn is required');
      const input = p.Input === undefined ? '{}' : typeof p.Input === 'string' ? p.Input : JSON.stringify(p.Input);
      return this.start({ stateMachineArn: p.StateMachineArn, input, ...(typeof p.Name === 'string' ? { name: p.Name } : {}) }, parentRecord.arn);
    } catch (error) {
      if (!(error instanceof SfnApiError)) throw error;
      const code = error.name.endsWith('Exception') ? error.name : `${error.name}Exception`;
      throw new AslTaskError(`StepFunctions.${code}`, error.message);
    }
  }
}

/** Runs an API call: its SfnApiError becomes a rejection, never a synchronous throw. */
function answer<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function indexLambdas(lambdas: Readonly<Record<string, LambdaHandler>>): ReadonlyMap<string, LambdaHandler> {
  const index = new Map<string, LambdaHandler>();
  // Exact keys first, then bare function names, so `FunctionName: "notify"` finds a handler registered by ARN.
  for (const [key, handler] of Object.entries(lambdas)) index.set(key, handler);
  for (const [key, handler] of Object.entries(lambdas)) {
    const name = lambdaFunctionName(key);
    if (!index.has(name)) index.set(name, handler);
  }
  return index;
}

function parseJson(text: string, errorName: 'InvalidExecutionInput' | 'InvalidOutput', prefix: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SfnApiError(errorName, `${prefix}: not valid JSON`);
  }
}
