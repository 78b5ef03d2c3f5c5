import type { Contact } from './contact.schema';

/**
 * Who receives what through the notifications topic. One SNS topic per org
 * stack; each contact gets an `email` subscription (when the plan has an email)
 * and an `sms` subscription (when it has a phone), each with a filter policy on
 * the `recipient` and `channel` message attributes, so a message published for
 * one person and channel reaches that person on that channel only: an approval
 * link bound to Alice never lands in Bob's inbox. The CDK stack and the
 * embedded runtime's SNS endpoint both derive their subscriptions from this.
 */

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Message attribute names shared by the publisher and the filter policies. */
export const NOTIFICATION_ATTRIBUTES = {
  recipient: 'recipient',
  channel: 'channel',
  incidentId: 'incidentId',
  approvalId: 'approvalId',
} as const;

/** An SNS filter policy (MessageAttributes scope) that admits one contact on one channel. */
export interface RecipientFilterPolicy {
  readonly recipient: readonly [string];
  readonly channel: readonly [NotificationChannel];
}

export interface PlannedSubscription {
  readonly contactId: string;
  /** SNS subscription protocol: `email` is plain-text email, `sms` a text message. */
  readonly protocol: NotificationChannel;
  /** Email address or E.164 phone number. */
  readonly endpoint: string;
  readonly filterPolicy: RecipientFilterPolicy;
}

export const recipientFilterPolicy = (contactId: string, channel: NotificationChannel): RecipientFilterPolicy => ({
  recipient: [contactId],
  channel: [channel],
});

/**
 * The string message attributes a publisher sets so that exactly the
 * subscription of `contactId` on `channel` matches; the notifier maps them to
 * SNS `MessageAttributes` (`DataType: 'String'`).
 */
export function deliveryAttributes(
  contactId: string,
  channel: NotificationChannel,
  refs: { readonly incidentId?: string; readonly approvalId?: string } = {},
): Record<string, string> {
  return {
    [NOTIFICATION_ATTRIBUTES.recipient]: contactId,
    [NOTIFICATION_ATTRIBUTES.channel]: channel,
    ...(refs.incidentId === undefined ? {} : { [NOTIFICATION_ATTRIBUTES.incidentId]: refs.incidentId }),
    ...(refs.approvalId === undefined ? {} : { [NOTIFICATION_ATTRIBUTES.approvalId]: refs.approvalId }),
  };
}

/**
 * The subscriptions a plan asks for, in contact order, email before SMS.
 *
 * @example
 * planSubscriptions(plan).forEach((s) =>
 *   topic.addSubscription(s.protocol === 'email' ? new EmailSubscription(s.endpoint, ...) : new SmsSubscription(s.endpoint, ...)));
 */
export function planSubscriptions(plan: { readonly contacts: readonly Contact[] }): PlannedSubscription[] {
  return plan.contacts.flatMap((contact) => {
    const planned: PlannedSubscription[] = [];
    if (contact.email !== undefined) {
      planned.push({ contactId: contact.id, protocol: 'email', endpoint: contact.email, filterPolicy: recipientFilterPolicy(contact.id, 'email') });
    }
    if (contact.phone !== undefined) {
      planned.push({ contactId: contact.id, protocol: 'sms', endpoint: contact.phone, filterPolicy: recipientFilterPolicy(contact.id, 'sms') });
    }
    return planned;
  });
}
