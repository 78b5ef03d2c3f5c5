import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

type ErrorFactory = () => Error;

let factory: Promise<ErrorFactory> | undefined;

/**
 * A `States.Timeout` error the interpreter recognises as its own.
 *
 * Why not a plain `Error` named `States.Timeout`: the interpreter lets a
 * `States.TaskFailed` catcher match any error except an instance of its
 * (unexported) timeout class, as AWS does. The engine times tasks out on the
 * runtime clock, so it needs that class: a 1 ms task run once per process
 * (schema validation off, so the fraction of a second is allowed) makes the
 * interpreter throw one, and its constructor is kept. If a future version of
 * the library changed that, the fallback is a plain error (a
 * `States.TaskFailed` catcher would then also catch timeouts).
 */
export function statesTimeoutError(): Promise<Error> {
  factory ??= probe();
  return factory.then((make) => make());
}

async function probe(): Promise<ErrorFactory> {
  const definition = { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'probe', TimeoutSeconds: 0.001, End: true } } };
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  const run = machine.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => undefined) } } });
  const cause = await run.result.then(
    () => undefined,
    (error: unknown) => (error instanceof ExecutionError ? error.cause : undefined),
  );
  if (cause instanceof Error && cause.name === 'States.Timeout') {
    const TimeoutError = cause.constructor as new () => Error;
    return () => withEmptyCause(new TimeoutError());
  }
  return () => {
    const error = new Error('');
    error.name = 'States.Timeout';
    return error;
  };
}

/** AWS reports a task timeout with an empty Cause. */
function withEmptyCause(error: Error): Error {
  error.message = '';
  return error;
}
