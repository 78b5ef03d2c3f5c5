import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeOnFailureDestination, ASYNC_RETRIES, RULE_DELIVERY } from './async-delivery';

export interface ExecutionFailureRuleProps {
  readonly org: string;
  /** This stack's machines: only their executions are watched. */
  readonly stateMachines: readonly IStateMachine[];
  /** The notify function, which tells the Crisis Lead a workflow broke. */
  readonly notify: IFunction;
  /** Where undeliverable failure notices wait. */
  readonly deadLetterQueue: IQueue;
}

export const FAILED_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/**
 * A workflow that fails, times out or is aborted leaves an incident without
 * its process: this rule sends such executions of this stack's machines (and
 * no other stack's) to the notify function.
 */
export class ExecutionFailureRule extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ExecutionFailureRuleProps) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: `sirp ${props.org}: workflow executions that failed, timed out or were aborted`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: [...FAILED_STATUSES], stateMachineArn: props.stateMachines.map((m) => m.stateMachineArn) },
      },
      targets: [new LambdaFunction(props.notify, { ...RULE_DELIVERY, deadLetterQueue: props.deadLetterQueue })],
    });
    // This rule is notify's only asynchronous caller: a notice it fails to send is kept, not dropped.
    props.notify.configureAsyncInvoke({ ...ASYNC_RETRIES, onFailure: new SqsDestination(props.deadLetterQueue) });
    acknowledgeOnFailureDestination(props.notify);
  }
}
