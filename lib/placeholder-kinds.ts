import {
  aslPath,
  definitionSubstitutions,
  MACHINES,
  type MachineName,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunctionName,
} from '../core/workflow/workflow-names';
import { UnsupportedAslError } from './asl-usage';

export type PlaceholderKind = 'function' | 'machine' | 'table' | 'topic';

/** Which resource each placeholder stands for, learned from definitionSubstitutions() itself rather than re-spelled. */
export function placeholderKinds(): ReadonlyMap<string, readonly [PlaceholderKind, string]> {
  const sentinel = definitionSubstitutions({
    machineArns: Object.fromEntries(MACHINES.map((m) => [m, `machine:${m}`])) as Record<MachineName, string>,
    functionArns: Object.fromEntries(WORKFLOW_FUNCTIONS.map((f) => [f, `function:${f}`])) as Record<WorkflowFunctionName, string>,
    tableName: 'table:table',
    topicArn: 'topic:topic',
  });
  return new Map(
    Object.entries(sentinel).map(([placeholder, value]) => {
      const [kind, name] = value.split(':') as [PlaceholderKind, string];
      return [placeholder, [kind, name]] as const;
    }),
  );
}

/** The name of what `placeholder` stands for, which must be a `expected`. */
export function kindOf(
  kinds: ReadonlyMap<string, readonly [PlaceholderKind, string]>,
  placeholder: string,
  expected: PlaceholderKind,
  machine: MachineName,
): string {
  const found = kinds.get(placeholder);
  if (found?.[0] !== expected) {
    throw new UnsupportedAslError(`${aslPath(machine)} uses \${${placeholder}} as a ${expected}, but it is not one`);
  }
  return found[1];
}
