import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Subscription, SubscriptionFilter, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Contact } from '../core/plan/contact.schema';
import { type NotificationChannel, planSubscriptions, type RecipientFilterPolicy } from '../core/plan/subscriptions';
import { physicalName } from './names';

export interface NotificationTopicProps {
  readonly org: string;
  readonly contacts: readonly Contact[];
  readonly encryptionKey: IKey;
}

const PROTOCOLS: Readonly<Record<NotificationChannel, SubscriptionProtocol>> = {
  email: SubscriptionProtocol.EMAIL,
  sms: SubscriptionProtocol.SMS,
};

/**
 * The org's notifications topic. Notifications go to people, not roles: the
 * subscriptions are `planSubscriptions(plan)` (the list the embedded runtime
 * uses too), each contact's email and SMS subscription with a filter policy
 * on the `recipient` and `channel` message attributes, so an approval link
 * published for one person on one channel reaches that subscription only.
 *
 * Email subscriptions must be confirmed with `AuthenticateOnUnsubscribe`
 * (mail scanners follow unsubscribe links); that is a confirmation-time
 * setting CloudFormation cannot make.
 */
export class NotificationTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      topicName: physicalName(props.org, 'notifications'),
      displayName: 'sirp',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    for (const planned of planSubscriptions(props)) {
      // The construct id comes from the contact id, never the address: stable logical ids without personal data.
      new Subscription(this, `${planned.contactId}-${planned.protocol}`, {
        topic: this.topic,
        protocol: PROTOCOLS[planned.protocol],
        endpoint: planned.endpoint,
        filterPolicy: toSnsFilter(planned.filterPolicy),
      });
    }
  }
}

function toSnsFilter(policy: RecipientFilterPolicy): Record<string, SubscriptionFilter> {
  return Object.fromEntries(
    Object.entries(policy).map(([attribute, allowed]: [string, readonly string[]]) => [
      attribute,
      SubscriptionFilter.stringFilter({ allowlist: [...allowed] }),
    ]),
  );
}
