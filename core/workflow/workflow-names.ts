/**
 * The names that tie the ASL files, the CDK stack and the embedded runtime
 * together. Both runtimes build the `${Substitution}` map with
 * `definitionSubstitutions()`, so a placeholder can never mean two things.
 */
export const PHASE_MACHINES = ['alert', 'mobilize', 'contain', 'recover', 'learn'] as const;
/** Workflows outside the phase sequence: one execution per communication draft. */
export const SIDE_MACHINES = ['communication'] as const;
export const MACHINES = ['incident', ...PHASE_MACHINES, ...SIDE_MACHINES] as const;
export type MachineName = (typeof MACHINES)[number];

/** Lambda functions invoked by the workflows (others, like the approval API, are not). */
export const WORKFLOW_FUNCTIONS = ['steps', 'notify'] as const;
export type WorkflowFunctionName = (typeof WORKFLOW_FUNCTIONS)[number];

export interface SubstitutionInputs {
  readonly machineArns: Readonly<Record<MachineName, string>>;
  readonly functionArns: Readonly<Record<WorkflowFunctionName, string>>;
  readonly tableName: string;
  readonly topicArn: string;
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** `${AlertStateMachineArn}`, `${StepsFunctionArn}`, `${TableName}`, `${TopicArn}`. */
export function definitionSubstitutions(inputs: SubstitutionInputs): Record<string, string> {
  const substitutions: Record<string, string> = { TableName: inputs.tableName, TopicArn: inputs.topicArn };
  for (const machine of MACHINES) substitutions[`${pascal(machine)}StateMachineArn`] = inputs.machineArns[machine];
  for (const fn of WORKFLOW_FUNCTIONS) substitutions[`${pascal(fn)}FunctionArn`] = inputs.functionArns[fn];
  return substitutions;
}

/** The ASL file of a machine, relative to the project root. */
export const aslPath = (machine: MachineName): string => `statemachines/${machine}.asl.json`;
