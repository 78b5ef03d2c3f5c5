/**
 * What an ASL definition reaches, read from the file itself, so that a
 * machine's IAM policy follows its definition: a Task the lifecycle work adds
 * gets its grant, a Task this construct cannot grant fails the synth instead
 * of failing at 3 a.m. in the middle of an incident.
 */
export interface AslUsage {
  /** Every `${Placeholder}` in the file. */
  readonly placeholders: ReadonlySet<string>;
  /** Placeholders of Lambda functions invoked (`lambda:invoke`, with or without `.waitForTaskToken`). */
  readonly invokedFunctions: ReadonlySet<string>;
  /** Placeholders of state machines started, and whether any start waits for the child (`.sync`). */
  readonly startedMachines: ReadonlyMap<string, { readonly sync: boolean }>;
  /** Placeholders of topics published to. */
  readonly publishedTopics: ReadonlySet<string>;
  /** Placeholders of tables, with the DynamoDB actions used on each. */
  readonly tableActions: ReadonlyMap<string, ReadonlySet<string>>;
}

export class UnsupportedAslError extends Error {
  override readonly name = 'UnsupportedAslError';
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;
const EXACT_PLACEHOLDER = /^\$\{([A-Za-z0-9_]+)\}$/;
const INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)(?:\.(sync(?::2)?|waitForTaskToken))?$/;
const DYNAMODB_ACTIONS: Readonly<Record<string, string>> = {
  getItem: 'dynamodb:GetItem',
  putItem: 'dynamodb:PutItem',
  updateItem: 'dynamodb:UpdateItem',
  deleteItem: 'dynamodb:DeleteItem',
};

/** Every `${Placeholder}` in an ASL text. */
export function placeholdersIn(text: string): Set<string> {
  return new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1] ?? ''));
}

/** Reads what a definition uses; `source` names it in errors. Throws UnsupportedAslError for anything it cannot grant. */
export function readAslUsage(text: string, source: string): AslUsage {
  const invokedFunctions = new Set<string>();
  const startedMachines = new Map<string, { sync: boolean }>();
  const publishedTopics = new Set<string>();
  const tableActions = new Map<string, Set<string>>();

  for (const [stateName, state] of taskStates(JSON.parse(text) as unknown)) {
    const where = `${source}: state "${stateName}"`;
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    const parameters = isRecord(state.Parameters) ? state.Parameters : {};
    const direct = EXACT_PLACEHOLDER.exec(resource);
    if (direct?.[1] !== undefined) {
      invokedFunctions.add(direct[1]); // a bare function ARN as the Resource is a Lambda invoke
      continue;
    }
    const integration = INTEGRATION.exec(resource);
    const service = integration?.[1];
    const action = integration?.[2] ?? '';
    const suffix = integration?.[3];
    const dynamoAction = service === 'dynamodb' ? DYNAMODB_ACTIONS[action] : undefined;
    if (service === 'lambda' && action === 'invoke') {
      invokedFunctions.add(target(parameters, 'FunctionName', where));
    } else if (service === 'states' && action === 'startExecution') {
      const machine = target(parameters, 'StateMachineArn', where);
      const sync = suffix?.startsWith('sync') ?? false;
      startedMachines.set(machine, { sync: sync || (startedMachines.get(machine)?.sync ?? false) });
    } else if (service === 'sns' && action === 'publish') {
      publishedTopics.add(target(parameters, 'TopicArn', where));
    } else if (dynamoAction !== undefined) {
      const table = target(parameters, 'TableName', where);
      const actions = tableActions.get(table) ?? new Set<string>();
      actions.add(dynamoAction);
      tableActions.set(table, actions);
    } else {
      throw new UnsupportedAslError(
        `${where} uses "${resource}", which PhaseStateMachine cannot grant: add the grant to lib/phase-state-machine.ts and lib/asl-usage.ts`,
      );
    }
  }
  return { placeholders: placeholdersIn(text), invokedFunctions, startedMachines, publishedTopics, tableActions };
}

interface TaskState {
  readonly Resource?: unknown;
  readonly Parameters?: unknown;
}

/** Task states at any depth: Parallel branches and Map processors included. */
function* taskStates(definition: unknown): Generator<[string, TaskState]> {
  if (!isRecord(definition) || !isRecord(definition.States)) return;
  for (const [name, state] of Object.entries(definition.States)) {
    if (!isRecord(state)) continue;
    if (state.Type === 'Task') yield [name, state];
    if (Array.isArray(state.Branches)) for (const branch of state.Branches as unknown[]) yield* taskStates(branch);
    yield* taskStates(state.Iterator);
    yield* taskStates(state.ItemProcessor);
  }
}

/** The target must be one placeholder: a literal ARN or a `.$` path would escape the stack's grants. */
function target(parameters: Readonly<Record<string, unknown>>, field: string, where: string): string {
  if (`${field}.$` in parameters) {
    throw new UnsupportedAslError(`${where} chooses its ${field} at run time ("${field}.$"): a grant needs a fixed \${Placeholder}`);
  }
  const value = parameters[field];
  const placeholder = typeof value === 'string' ? EXACT_PLACEHOLDER.exec(value)?.[1] : undefined;
  if (placeholder === undefined) {
    throw new UnsupportedAslError(`${where} must name its ${field} with a \${Placeholder}, got ${JSON.stringify(value)}`);
  }
  return placeholder;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
