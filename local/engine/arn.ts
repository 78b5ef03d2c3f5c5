import { SfnApiError } from './engine-errors';

/** Where the engine pretends to live: ARNs are built like AWS builds them. */
export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
}

// AWS execution and state machine names: 1-80 characters, none of whitespace,
// brackets, wildcards, the listed punctuation, or control characters.
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):execution:([^:]+):([^:]+)$/;

export const stateMachineArn = (scope: ArnScope, name: string): string =>
  `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;

export const executionArn = (scope: ArnScope, machineName: string, executionName: string): string =>
  `arn:aws:states:${scope.region}:${scope.accountId}:execution:${machineName}:${executionName}`;

/** True when `name` is a valid execution or state machine name for AWS. */
export const isValidName = (name: string): boolean => NAME.test(name);

/** Checks the shape of a state machine ARN (`InvalidArn` otherwise); whether it exists is the caller's business. */
export function assertStateMachineArn(arn: string): void {
  if (!STATE_MACHINE_ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${describe(arn)}'`);
}

/** Checks the shape of an execution ARN (`InvalidArn` otherwise). */
export function assertExecutionArn(arn: string): void {
  if (!EXECUTION_ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${describe(arn)}'`);
}

/** The function name in a Lambda ARN, partial ARN or plain name (qualifier dropped). */
export function lambdaFunctionName(nameOrArn: string): string {
  const match = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?(?:function:)?([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

// Echo a bounded, printable piece of the caller's value, never a whole payload.
const describe = (value: string): string => value.slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
