import { createHash } from 'node:crypto';
import type { Plan } from '../../core/plan/plan.schema';
import { planSubscriptions, type NotificationChannel } from '../../core/plan/subscriptions';
import { parseFilterPolicy, type FilterPolicy } from './filter-policy';

/** One subscription as the CDK stack makes it: a contact's email or phone, filtered on `recipient` and `channel`. */
export interface LocalSubscription {
  readonly subscriptionArn: string;
  readonly topicArn: string;
  readonly protocol: NotificationChannel;
  /** Email address or E.164 phone number. */
  readonly endpoint: string;
  readonly contactId: string;
  readonly filterPolicy: FilterPolicy;
}

/** A subscription ARN stable across restarts (the unsubscribe footer shows it), shaped like SNS's `<topic>:<uuid>`. */
function subscriptionArn(topicArn: string, contactId: string, protocol: string): string {
  const hex = createHash('sha256').update(`${topicArn}\n${contactId}\n${protocol}`).digest('hex');
  return `${topicArn}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The plan's subscriptions on `topicArn`, exactly as the CDK stack makes them (`planSubscriptions`). */
export function subscriptionsFromPlan(plan: Pick<Plan, 'contacts'>, topicArn: string): LocalSubscription[] {
  return planSubscriptions(plan).map((planned) => ({
    subscriptionArn: subscriptionArn(topicArn, planned.contactId, planned.protocol),
    topicArn,
    protocol: planned.protocol,
    endpoint: planned.endpoint,
    contactId: planned.contactId,
    filterPolicy: parseFilterPolicy(planned.filterPolicy),
  }));
}

