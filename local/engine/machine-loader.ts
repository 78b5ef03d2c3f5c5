import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { stateMachineArn, type ArnScope } from './arn';
import type { AslValidationCache } from './asl-validation-cache';
import { EngineLoadError } from './engine-errors';
import type { DynamoDbAction, Integration, IntegrationPattern, Retrier, TaskPlan, WaitSpec } from './task-plan';
import { WRAP } from './task-plan';

/**
 * The interpreter arms its own real-time timer on every Task (60 s when the
 * ASL sets none). The engine enforces timeouts on the runtime clock instead,
 * so the interpreter's timer is pushed as far as a Node timer reaches
 * (2^31-1 ms, 24.8 days) and never fires first.
 */
const INTERPRETER_TIMEOUT_SECONDS = 2_147_483;

/** Resource of the Task that replaces a Wait state; never leaves the engine. */
const WAIT_RESOURCE = 'arn:aws:states:::sirp:wait';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9$_-]+)?$/;
const STATES_INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)(\.waitForTaskToken|\.sync:2|\.sync)?$/;
const DYNAMODB_ACTIONS: readonly DynamoDbAction[] = ['getItem', 'putItem', 'updateItem', 'deleteItem'];

/** A state machine given to the engine: ASL text (substitutions applied) or its parsed object. */
export interface MachineSource {
  readonly name: string;
  readonly definition: string | object;
}

/** What the loader may ask about the engine it loads into. */
export interface LoadEnvironment {
  readonly scope: ArnScope;
  hasLambda(nameOrArn: string): boolean;
  readonly services: { readonly sns: boolean; readonly dynamodb: boolean };
  /** Definitions the validator already accepted (see asl-validation-cache.ts); none when absent. */
  readonly validationCache?: AslValidationCache;
}

/** A machine checked, rewritten and constructed once; every execution reuses it. */
export interface LoadedMachine {
  readonly name: string;
  readonly arn: string;
  /** The definition as given (what DescribeStateMachine returns). */
  readonly definition: string;
  readonly runner: StateMachine;
  readonly tasks: ReadonlyMap<string, TaskPlan>;
  /** The type each state had in the ASL (a Wait runs as a Task but is reported as a Wait). */
  readonly stateTypes: ReadonlyMap<string, string>;
  /** `s<n>` alias -> state name, for `$$.State.*` (see {@link rewriteContextPaths}). */
  readonly stateAliases: ReadonlyMap<string, string>;
  readonly timeoutSeconds: number | undefined;
  /** Literal `StateMachineArn`s of startExecution tasks, checked once every machine is known. */
  readonly childMachineArns: readonly { readonly stateName: string; readonly arn: string }[];
  /** Milliseconds spent validating and constructing (reported by the runtime). */
  readonly loadMs: number;
}

interface LoadContext {
  readonly machineName: string;
  readonly env: LoadEnvironment;
  readonly tasks: Map<string, TaskPlan>;
  readonly stateTypes: Map<string, string>;
  readonly stateAliases: Map<string, string>;
  readonly childMachineArns: { stateName: string; arn: string }[];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Loads one machine: refuses what the embedded interpreter would run
 * differently from AWS (naming the machine and the state), validates the ASL,
 * rewrites it so that timeouts, waits and retries follow the runtime clock,
 * and constructs the interpreter once (about 200 ms, all of it validation).
 *
 * @throws EngineLoadError
 */
export function loadMachine(source: MachineSource, env: LoadEnvironment): LoadedMachine {
  const started = performance.now();
  const definition = typeof source.definition === 'string' ? source.definition : JSON.stringify(source.definition, null, 2);
  const parse = (): Json => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new EngineLoadError(source.name, undefined, `definition is not JSON (${(error as Error).message})`);
    }
    if (!isRecord(parsed)) throw new EngineLoadError(source.name, undefined, 'definition is not a JSON object');
    return parsed;
  };

  const runnable = parse();
  refuseJsonata(source.name, undefined, runnable);
  const ctx: LoadContext = {
    machineName: source.name,
    env,
    tasks: new Map(),
    stateTypes: new Map(),
    stateAliases: new Map(),
    childMachineArns: [],
  };
  prepareStates(runnable.States, ctx);
  const timeoutSeconds = typeof runnable.TimeoutSeconds === 'number' ? runnable.TimeoutSeconds : undefined;
  // The execution timeout runs on the runtime clock too (see the engine).
  delete runnable.TimeoutSeconds;

  if (env.validationCache?.has(definition) !== true) {
    try {
      // Validation runs on the ASL as written, so its messages match the file.
      new StateMachine(parse() as unknown as StateMachineDefinition);
    } catch (error) {
      throw new EngineLoadError(source.name, undefined, (error as Error).message);
    }
    env.validationCache?.remember(definition);
  }
  const runner = new StateMachine(runnable as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });

  return {
    name: source.name,
    arn: stateMachineArn(env.scope, source.name),
    definition,
    runner,
    tasks: ctx.tasks,
    stateTypes: ctx.stateTypes,
    stateAliases: ctx.stateAliases,
    timeoutSeconds,
    childMachineArns: ctx.childMachineArns,
    loadMs: performance.now() - started,
  };
}

function prepareStates(states: unknown, ctx: LoadContext): void {
  if (!isRecord(states)) return; // the validator reports it
  for (const [name, state] of Object.entries(states)) {
    if (!isRecord(state)) continue;
    if (ctx.stateTypes.has(name)) {
      // Task overrides are keyed by state name, branches and iterations included.
      refuse(ctx, name, 'state names must be unique in the whole machine (Parallel branches and Map iterations included)');
    }
    refuseJsonata(ctx.machineName, name, state);
    if ('Assign' in state) refuse(ctx, name, 'variables (Assign) are not supported by the embedded engine');
    const type = typeof state.Type === 'string' ? state.Type : '';
    ctx.stateTypes.set(name, type);
    const alias = `s${ctx.stateAliases.size}`;
    ctx.stateAliases.set(alias, name);
    rewriteContextPaths(state, alias);

    switch (type) {
      case 'Task':
        states[name] = prepareTask(name, state, ctx);
        break;
      case 'Wait':
        states[name] = prepareWait(name, state, ctx);
        break;
      case 'Parallel':
        for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
          if (!isRecord(branch)) continue;
          refuseJsonata(ctx.machineName, name, branch);
          prepareStates(branch.States, ctx);
        }
        break;
      case 'Map':
        prepareMap(name, state, ctx);
        break;
      default:
        break;
    }
  }
}

function prepareMap(name: string, state: Json, ctx: LoadContext): void {
  for (const field of ['ItemReader', 'ResultWriter', 'ItemBatcher']) {
    if (field in state) refuse(ctx, name, `${field} (distributed Map) is not supported by the embedded engine`);
  }
  const processor = isRecord(state.ItemProcessor) ? state.ItemProcessor : state.Iterator;
  if (!isRecord(processor)) return;
  if (isRecord(processor.ProcessorConfig) && processor.ProcessorConfig.Mode === 'DISTRIBUTED') {
    refuse(ctx, name, 'distributed Map is not supported by the embedded engine');
  }
  refuseJsonata(ctx.machineName, name, processor);
  prepareStates(processor.States, ctx);
}

function prepareTask(name: string, state: Json, ctx: LoadContext): Json {
  if ('HeartbeatSeconds' in state || 'HeartbeatSecondsPath' in state) {
    refuse(ctx, name, 'HeartbeatSeconds is not supported (the embedded engine would ignore it): use TimeoutSeconds');
  }
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  const { integration, pattern, resourceType, resourceAction } = classifyResource(name, resource, state, ctx);

  const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
  const timeoutPath = typeof state.TimeoutSecondsPath === 'string' ? state.TimeoutSecondsPath : undefined;
  if (pattern === 'callback' && timeoutSeconds === undefined && timeoutPath === undefined) {
    refuse(ctx, name, 'a callback task (.waitForTaskToken) needs TimeoutSeconds or TimeoutSecondsPath');
  }

  const runnable: Json = { ...state, TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS };
  // Retries run in the engine, on the runtime clock (the interpreter would sleep in real time).
  delete runnable.Retry;
  delete runnable.TimeoutSecondsPath;
  const wrapped = timeoutPath !== undefined;
  if (timeoutPath !== undefined) {
    // TimeoutSecondsPath reads the state input (after InputPath), not the Parameters result:
    // let the interpreter resolve it next to the payload.
    runnable.Parameters = {
      ...('Parameters' in state ? { [WRAP.payload]: state.Parameters } : { [`${WRAP.payload}.$`]: '$' }),
      [`${WRAP.timeoutSeconds}.$`]: timeoutPath,
    };
  }

  ctx.tasks.set(name, {
    stateName: name,
    resource,
    resourceType,
    resourceAction,
    integration,
    pattern,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    timeoutFromInput: timeoutPath !== undefined,
    retriers: Array.isArray(state.Retry) ? (state.Retry as Retrier[]) : [],
    wrapped,
  });
  return runnable;
}

interface Classified {
  readonly integration: Integration;
  readonly pattern: IntegrationPattern;
  readonly resourceType: string;
  readonly resourceAction: string;
}

function classifyResource(name: string, resource: string, state: Json, ctx: LoadContext): Classified {
  if (LAMBDA_ARN.test(resource)) {
    if (!ctx.env.hasLambda(resource)) refuse(ctx, name, `no local handler for Lambda '${resource}': register it by ARN or function name`);
    return { integration: { kind: 'lambda-arn', functionArn: resource }, pattern: 'request-response', resourceType: 'lambda', resourceAction: 'invoke' };
  }
  const match = STATES_INTEGRATION.exec(resource);
  if (match === null) {
    return refuse(ctx, name, `unsupported Task resource '${resource}': only Lambda, sns:publish, dynamodb items and states:startExecution run locally`);
  }
  const [, service = '', action = '', suffix] = match;
  const pattern: IntegrationPattern =
    suffix === '.waitForTaskToken' ? 'callback' : suffix === '.sync:2' ? 'sync2' : suffix === '.sync' ? 'sync' : 'request-response';
  const classified = (integration: Integration): Classified => ({
    integration,
    pattern,
    resourceType: service,
    resourceAction: `${action}${suffix ?? ''}`,
  });
  const parameters = isRecord(state.Parameters) ? state.Parameters : {};
  const unsupported = (): never => refuse(ctx, name, `unsupported integration '${resource}'`);

  if (service === 'lambda' && action === 'invoke' && (pattern === 'request-response' || pattern === 'callback')) {
    const functionName = parameters.FunctionName;
    if (typeof functionName === 'string') {
      if (!ctx.env.hasLambda(functionName)) refuse(ctx, name, `no local handler for Lambda '${functionName}': register it by ARN or function name`);
    } else if (typeof parameters['FunctionName.$'] !== 'string') {
      refuse(ctx, name, 'lambda:invoke needs Parameters.FunctionName');
    }
    return classified({ kind: 'lambda-invoke' });
  }
  if (service === 'sns' && action === 'publish' && (pattern === 'request-response' || pattern === 'callback')) {
    if (!ctx.env.services.sns) refuse(ctx, name, `'${resource}' needs services.snsPublish`);
    return classified({ kind: 'sns-publish' });
  }
  if (service === 'dynamodb' && pattern === 'request-response') {
    const dynamoAction = DYNAMODB_ACTIONS.find((a) => a === action);
    if (dynamoAction === undefined) return unsupported();
    if (!ctx.env.services.dynamodb) refuse(ctx, name, `'${resource}' needs services.dynamodb`);
    return classified({ kind: 'dynamodb', action: dynamoAction });
  }
  if (service === 'states' && action === 'startExecution') {
    const arn = parameters.StateMachineArn;
    if (typeof arn === 'string') ctx.childMachineArns.push({ stateName: name, arn });
    else if (typeof parameters['StateMachineArn.$'] !== 'string') refuse(ctx, name, 'states:startExecution needs Parameters.StateMachineArn');
    return classified({ kind: 'sfn-start' });
  }
  return unsupported();
}

/**
 * A Wait becomes a Task the engine answers by sleeping on the runtime clock
 * (the interpreter would sleep in real time). Same InputPath/OutputPath; the
 * interpreter still resolves SecondsPath/TimestampPath for us.
 */
function prepareWait(name: string, state: Json, ctx: LoadContext): Json {
  const parameters: Json = { [`${WRAP.payload}.$`]: '$' };
  let wait: WaitSpec = {};
  if (typeof state.Seconds === 'number') wait = { seconds: state.Seconds };
  else if (typeof state.Timestamp === 'string') wait = { timestamp: state.Timestamp };
  else if (typeof state.SecondsPath === 'string') {
    wait = { fromInput: 'seconds' };
    parameters[`${WRAP.waitSeconds}.$`] = state.SecondsPath;
  } else if (typeof state.TimestampPath === 'string') {
    wait = { fromInput: 'timestamp' };
    parameters[`${WRAP.waitTimestamp}.$`] = state.TimestampPath;
  }
  const runnable: Json = { Type: 'Task', Resource: WAIT_RESOURCE, Parameters: parameters, TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS };
  for (const field of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
    if (field in state) runnable[field] = state[field];
  }
  ctx.tasks.set(name, {
    stateName: name,
    resource: WAIT_RESOURCE,
    resourceType: 'sirp',
    resourceAction: 'wait',
    integration: { kind: 'wait', wait },
    pattern: 'request-response',
    timeoutFromInput: false,
    retriers: [],
    wrapped: true,
  });
  return runnable;
}

/**
 * The interpreter fills `$$.Execution.Input` and `StartTime` itself, wrongly
 * inside Parallel branches and Map iterations (the branch input, the branch
 * start on the wall clock), and has no `$$.State`. Paths that read them are
 * pointed at fields the engine fills in the context: `$$.Execution.SirpInput`,
 * `$$.Execution.SirpStartTime`, `$$.SirpStates.s<n>.Name|EnteredTime|RetryCount`.
 * Only path-valued fields are touched (keys ending in `.$` or `Path`, and
 * `Variable`); nested branches get their own aliases.
 */
export function rewriteContextPaths(state: Json, alias: string): void {
  const rewrite = (path: string): string =>
    path
      .replace(/\$\$\.Execution\.(Input|StartTime)\b/g, (_whole, field: string) => `$$.Execution.Sirp${field}`)
      .replace(/\$\$\.State\.(Name|EnteredTime|RetryCount)\b/g, (_whole, field: string) => `$$.SirpStates.${alias}.${field}`);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Branches' || key === 'ItemProcessor' || key === 'Iterator') continue;
      if (typeof value === 'string' && (key.endsWith('.$') || key.endsWith('Path') || key === 'Variable')) node[key] = rewrite(value);
      else visit(value);
    }
  };
  visit(state);
}

function refuseJsonata(machineName: string, stateName: string | undefined, node: Json): void {
  if (node.QueryLanguage === 'JSONata') {
    throw new EngineLoadError(machineName, stateName, 'QueryLanguage JSONata is not supported: the embedded engine runs JSONPath only');
  }
}

function refuse(ctx: LoadContext, stateName: string, reason: string): never {
  throw new EngineLoadError(ctx.machineName, stateName, reason);
}
