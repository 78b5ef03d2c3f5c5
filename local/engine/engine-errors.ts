import { SirpError } from '../../core/errors/sirp-error';

/**
 * The error names of the Step Functions API that the embedded engine can
 * return, spelled exactly as AWS does: the SFN endpoint sends them as
 * `__type`, and the stock SDK turns them back into an error `name`.
 */
export type SfnErrorName =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException';

/**
 * An error of the Step Functions API surface of the engine: `name` is the
 * AWS error name (`TaskDoesNotExist`...). Messages never contain a task token.
 */
export class SfnApiError extends SirpError {
  override readonly name: SfnErrorName;

  constructor(name: SfnErrorName, message: string) {
    super(`SFN.${name}`, message, { terminal: true });
    this.name = name;
  }
}

/**
 * A state machine that the embedded engine refuses to load, because it would
 * behave differently here than on AWS (for example a Task with no local
 * handler, which the interpreter would silently send to real Lambda). The
 * message names the machine and the state.
 */
export class EngineLoadError extends SirpError {
  override readonly name = 'EngineLoadError';

  constructor(
    readonly machineName: string,
    readonly stateName: string | undefined,
    reason: string,
  ) {
    super('ENGINE.UNSUPPORTED', `state machine '${machineName}'${stateName === undefined ? '' : `, state '${stateName}'`}: ${reason}`, {
      terminal: true,
    });
  }
}
