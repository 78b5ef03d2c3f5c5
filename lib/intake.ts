import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Plan } from '../core/plan/plan.schema';
import { acknowledgeOnFailureDestination, ASYNC_RETRIES, RULE_DELIVERY } from './async-delivery';
import { DeadLetterQueue } from './dead-letter-queue';
import { DeclarationApi } from './declaration-api';
import { intakePatterns } from './intake-patterns';
import { physicalName } from './names';

export interface IntakeProps {
  readonly plan: Plan;
  /** The triage function: every signal goes there. */
  readonly triage: IFunction;
  readonly encryptionKey: IKey;
  /** For the declaration API's access logs. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * How signals come in. EventBridge rules built from the plan (CloudWatch
 * alarms, GuardDuty, Security Hub, AWS Health, CloudTrail sensitive actions,
 * console sign-ins) target the triage function with retries and a
 * dead-letter queue; an SNS topic takes legacy CloudWatch alarm actions and
 * feeds the same function with its own DLQ. A triage failure after Lambda's
 * async retries goes to the DLQ too (on-failure destination): no signal is
 * dropped silently. People declare incidents by hand through an
 * IAM-authorized API (`DeclarationApi`) served by the same function.
 *
 * Triage reserves its concurrency (the stack sets it): a storm queues in
 * EventBridge and Lambda's async queue, retried, instead of starving the
 * account's other functions; StartExecution runs only for a new incident and
 * the SDK retries its throttling with backoff (6 attempts).
 *
 * CloudTrail events of global services (IAM, STS, sign-in) arrive in
 * us-east-1: deploy the org stack there, or forward them there.
 */
export class Intake extends Construct {
  /** Events EventBridge or triage could not process. */
  readonly deadLetterQueue: IQueue;
  /** Point legacy CloudWatch alarm actions here. */
  readonly alarmTopic: Topic;
  readonly rules: readonly Rule[];
  readonly declarationApi: DeclarationApi;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    const org = props.plan.org;
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', {
      queueName: physicalName(org, 'intake-dlq'),
      encryptionKey: props.encryptionKey,
      holds: 'EventBridge intake targets and failed triage invocations',
    }).queue;

    props.triage.configureAsyncInvoke({ ...ASYNC_RETRIES, onFailure: new SqsDestination(this.deadLetterQueue) });
    acknowledgeOnFailureDestination(props.triage);

    const target = new LambdaFunction(props.triage, { ...RULE_DELIVERY, deadLetterQueue: this.deadLetterQueue });
    this.rules = intakePatterns(props.plan).map(
      ({ id: ruleId, description, pattern }) => new Rule(this, ruleId, { description: `sirp ${org}: ${description}`, eventPattern: pattern, targets: [target] }),
    );

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      topicName: physicalName(org, 'alarms'),
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    // CloudWatch alarms of this account (and only this account) publish here.
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const topicDeadLetters = new DeadLetterQueue(this, 'AlarmTopicDeadLetters', {
      queueName: physicalName(org, 'alarms-dlq'),
      encryptionKey: props.encryptionKey,
      holds: 'alarm notifications SNS could not deliver to triage',
    }).queue;
    this.alarmTopic.addSubscription(new LambdaSubscription(props.triage, { deadLetterQueue: topicDeadLetters }));

    this.declarationApi = new DeclarationApi(this, 'DeclarationApi', {
      org,
      triage: props.triage,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
  }
}
