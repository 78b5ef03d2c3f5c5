import { WorkflowEngine, type EngineEvent, type EngineServices, type LambdaHandler } from '../../../local/engine/engine';
import { RuntimeClock } from '../../../local/engine/runtime-clock';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const T0 = Date.parse('2026-03-01T09:00:00.000Z');

export const machineArn = (name: string): string => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

/** A minimal ASL machine around the given states, starting at the first one. */
export function asl(states: Record<string, object>): object {
  const [first] = Object.keys(states);
  return { StartAt: first, States: states };
}

/** One callback task: it hands `sirp-ask` a token and waits (60 s) until someone answers with it. */
export const waitForGo = asl({
  'Wait For Go': {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: { FunctionName: 'sirp-ask', Payload: { 'token.$': '$$.Task.Token' } },
    TimeoutSeconds: 60,
    End: true,
  },
});

export interface Harness {
  readonly engine: WorkflowEngine;
  readonly clock: RuntimeClock;
  readonly events: EngineEvent[];
  /** Starts an execution of `machine` and returns its ARN. */
  start(machine: string, input?: unknown, name?: string): Promise<string>;
}

/**
 * An engine on a frozen clock (speed 0: only `clock.advance` moves time), so
 * timeouts and waits fire exactly when a test says.
 */
export function harness(options: {
  machines: Record<string, object>;
  lambdas?: Record<string, LambdaHandler>;
  services?: EngineServices;
  speed?: number;
}): Harness {
  const clock = new RuntimeClock({ startMs: T0, speed: options.speed ?? 0 });
  const events: EngineEvent[] = [];
  const engine = new WorkflowEngine({
    clock,
    region: REGION,
    accountId: ACCOUNT,
    machines: Object.entries(options.machines).map(([name, definition]) => ({ name, definition })),
    lambdas: options.lambdas ?? {},
    ...(options.services === undefined ? {} : { services: options.services }),
    onEvent: (event) => events.push(event),
  });
  return {
    engine,
    clock,
    events,
    start: async (machine, input = {}, name) => {
      const { executionArn } = await engine.startExecution({
        stateMachineArn: machineArn(machine),
        input: JSON.stringify(input),
        ...(name === undefined ? {} : { name }),
      });
      return executionArn!;
    },
  };
}

/** Lets queued promise jobs and immediates run until `condition` holds (the engine works asynchronously). */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A Lambda handler that records each event and hands back the task token it was given. */
export function tokenCatcher(): { handler: LambdaHandler; tokens: string[]; events: unknown[] } {
  const tokens: string[] = [];
  const events: unknown[] = [];
  return {
    tokens,
    events,
    handler: (event) => {
      events.push(event);
      const token = (event as { token?: unknown }).token;
      if (typeof token === 'string') tokens.push(token);
      return Promise.resolve({ notified: true });
    },
  };
}

/** An error whose `name` is an ASL error name, as a handler would throw it. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
