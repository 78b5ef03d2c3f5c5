import { readFileSync } from 'node:fs';
import { ArnFormat, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { DefinitionBody, type IStateMachine, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import {
  aslPath,
  definitionSubstitutions,
  MACHINES,
  type MachineName,
  WORKFLOW_FUNCTIONS,
  type WorkflowFunctionName,
} from '../core/workflow/workflow-names';
import { type AslUsage, readAslUsage, UnsupportedAslError } from './asl-usage';
import { kindOf, placeholderKinds } from './placeholder-kinds';
import { acknowledgeGrantWildcards } from './nag-findings';
import { acknowledgeStateMachineRole } from './state-machine-acknowledgements';
import { LOG_RETENTION, physicalName } from './names';
import { projectPath } from './project-paths';

export interface PhaseStateMachineProps {
  readonly org: string;
  readonly machine: MachineName;
  /** The functions workflows may invoke; only those the ASL names get a grant. */
  readonly functions: Readonly<Record<WorkflowFunctionName, IFunction>>;
  readonly table: ITable;
  readonly topic: ITopic;
  /** Encrypts the execution log group. */
  readonly encryptionKey: IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** The physical name of a machine; its ARN is known before it exists (see `stateMachineArnFor`). */
export const stateMachineNameFor = (org: string, machine: MachineName): string => physicalName(org, machine);

/**
 * A machine's ARN built from its name. The substitution map gives every
 * machine the ARN of every machine (one map for both runtimes), including
 * its own and its parent's: with `Ref`s that is a dependency cycle, with
 * names it is not.
 */
export function stateMachineArnFor(scope: IConstruct, org: string, machine: MachineName): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineNameFor(org, machine),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * One Step Functions workflow (STANDARD) from `statemachines/<machine>.asl.json`,
 * with the `${Substitutions}` of `definitionSubstitutions()` (the map the
 * embedded runtime uses too), logging at ALL without execution data (inputs
 * carry task tokens and personal data), X-Ray tracing, and exactly the grants
 * the ASL file uses: read from the file, so a Task the construct cannot
 * grant fails the synth.
 */
export class PhaseStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly usage: AslUsage;

  constructor(scope: Construct, id: string, props: PhaseStateMachineProps) {
    super(scope, id);
    const file = projectPath(aslPath(props.machine));
    this.usage = readAslUsage(readFileSync(file, 'utf8'), aslPath(props.machine));
    const substitutions = definitionSubstitutions({
      machineArns: Object.fromEntries(MACHINES.map((m) => [m, stateMachineArnFor(this, props.org, m)])) as Record<MachineName, string>,
      functionArns: Object.fromEntries(WORKFLOW_FUNCTIONS.map((f) => [f, props.functions[f].functionArn])) as Record<WorkflowFunctionName, string>,
      tableName: props.table.tableName,
      topicArn: props.topic.topicArn,
    });
    const kinds = placeholderKinds();
    for (const placeholder of this.usage.placeholders) {
      if (!(placeholder in substitutions)) {
        throw new UnsupportedAslError(`${aslPath(props.machine)} uses \${${placeholder}}, which definitionSubstitutions() does not define`);
      }
    }

    const name = stateMachineNameFor(props.org, props.machine);
    const logGroup = new LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps CloudWatch Logs' resource policy small (one entry for all machines).
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: LOG_RETENTION,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(file),
      definitionSubstitutions: substitutions,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    for (const placeholder of this.usage.invokedFunctions) {
      const fn = props.functions[kindOf(kinds, placeholder, 'function', props.machine) as WorkflowFunctionName];
      acknowledgeGrantWildcards(
        this,
        fn.grantInvoke(this.stateMachine),
        'Versions and aliases (`<function arn>:*`) of the one function this workflow invokes, as CDK grantInvoke writes it.',
      );
    }
    for (const [placeholder, { sync }] of this.usage.startedMachines) {
      const child = kindOf(kinds, placeholder, 'machine', props.machine) as MachineName;
      // By name, like the substitutions: this stack's machine, and a plain ARN in the policy.
      this.grantStartChild(StateMachine.fromStateMachineName(this, `${child}Child`, stateMachineNameFor(props.org, child)), sync);
    }
    for (const placeholder of this.usage.publishedTopics) {
      kindOf(kinds, placeholder, 'topic', props.machine);
      props.topic.grantPublish(this.stateMachine);
    }
    for (const [placeholder, actions] of this.usage.tableActions) {
      kindOf(kinds, placeholder, 'table', props.machine);
      props.table.grant(this.stateMachine, ...actions);
      const readOnly = [...actions].every((a) => a === 'dynamodb:GetItem');
      if (readOnly) props.table.encryptionKey?.grantDecrypt(this.stateMachine);
      else props.table.encryptionKey?.grantEncryptDecrypt(this.stateMachine);
    }
    acknowledgeStateMachineRole(this, this.usage);
  }

  private grantStartChild(child: IStateMachine, sync: boolean): void {
    child.grantStartExecution(this.stateMachine);
    if (!sync) return;
    // `.sync` polls and may stop the child's executions...
    acknowledgeGrantWildcards(
      this,
      child.grantExecution(this.stateMachine, 'states:DescribeExecution', 'states:StopExecution'),
      'Executions of one child machine of this stack (`execution:<name>:*`): a .sync start describes and stops them.',
    );
    // ...and learns of their end through a rule Step Functions manages in the
    // account. CDK has no grant method for it; this is the statement the
    // StepFunctionsStartExecution task construct adds, scoped to that one rule.
    Grant.addToPrincipal({
      grantee: this.stateMachine,
      actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      resourceArns: [
        Stack.of(this).formatArn({
          service: 'events',
          resource: 'rule',
          resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule',
        }),
      ],
    });
  }
}
