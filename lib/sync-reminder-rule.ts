import { Duration } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeOnFailureDestination } from './async-delivery';

export interface SyncReminderRuleProps {
  readonly org: string;
  /** The steps function: `{ "step": "syncReminders" }` sends what is due for every open incident. */
  readonly steps: IFunction;
  readonly deadLetterQueue: IQueue;
}

/** As often as a reminder may be late: the shortest sensible sync cadence is far longer. */
export const SYNC_REMINDER_RATE = Duration.minutes(5);

/**
 * One fixed-rate rule per stack instead of one schedule (or one waiting
 * workflow) per incident: a Wait loop in a workflow costs state transitions
 * for as long as the incident is open, and per-incident schedules need an
 * EventBridge Scheduler client and cleanup when the incident closes. Each
 * round reads the open incidents and sends what is due; the claim on the
 * incident makes a retried or overlapping round send nothing twice, and a
 * closed incident simply is not open any more.
 */
export class SyncReminderRule extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SyncReminderRuleProps) {
    super(scope, id);
    this.rule = new Rule(this, 'Rule', {
      description: `sirp ${props.org}: sync reminders of open incidents at the plan's cadence`,
      schedule: Schedule.rate(SYNC_REMINDER_RATE),
      targets: [
        new LambdaFunction(props.steps, {
          event: RuleTargetInput.fromObject({ step: 'syncReminders' }),
          // A round that cannot be delivered soon is worthless: the next one covers it.
          retryAttempts: 2,
          maxEventAge: SYNC_REMINDER_RATE,
          deadLetterQueue: props.deadLetterQueue,
        }),
      ],
    });
    // The rule is the steps function's only asynchronous caller; a round that keeps failing is kept for a look.
    props.steps.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: SYNC_REMINDER_RATE, onFailure: new SqsDestination(props.deadLetterQueue) });
    acknowledgeOnFailureDestination(props.steps);
  }
}
