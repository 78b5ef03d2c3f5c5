import { randomUUID } from 'node:crypto';
import { NOTIFICATION_ATTRIBUTES, type NotificationChannel } from '../../core/plan/subscriptions';
import { toIso, type Clock } from '../../core/time/clock';
import { matchFilterPolicy, type MessageAttributes } from './filter-policy';
import type { Delivery, Undelivered } from './outbox';
import type { LocalSubscription } from './sns-subscriptions';
import { invalidParameter } from './sns-wire';

/**
 * From one accepted SNS message to what each subscriber receives: filter
 * policies decide who, the protocol decides the shape (email gets SNS's
 * footer, SMS the text as published).
 */

// SNS email subscriptions use this subject when the Publish has none.
const DEFAULT_EMAIL_SUBJECT = 'AWS Notification Message';

/** A Publish (or PublishBatch entry) that passed validation. */
export interface Message {
  readonly topicArn: string;
  readonly message: string;
  readonly subject: string | undefined;
  readonly structure: 'json' | undefined;
  readonly attributes: MessageAttributes;
}

/** With MessageStructure=json, each protocol gets its own key or "default" (SNS semantics). */
export function perChannelBody(message: string, channel: NotificationChannel): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidParameter('Message Structure - JSON message body failed to parse');
  const bodies = parsed as Record<string, unknown>;
  if (typeof bodies.default !== 'string') throw invalidParameter('Message Structure - No default entry in JSON message body');
  const body = bodies[channel];
  return typeof body === 'string' ? body : bodies.default;
}

/**
 * What an email subscriber reads: the message, then the footer SNS appends to
 * every email. Its unsubscribe link is why sirp confirms subscriptions with
 * AuthenticateOnUnsubscribe (mail scanners follow links).
 */
function emailBody(body: string, subscription: LocalSubscription): string {
  const region = subscription.topicArn.split(':')[3] ?? 'us-east-1';
  const unsubscribe = `https://sns.${region}.amazonaws.com/unsubscribe.html?SubscriptionArn=${encodeURIComponent(subscription.subscriptionArn)}&Endpoint=${encodeURIComponent(subscription.endpoint)}`;
  return [
    body,
    '',
    '--',
    'If you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:',
    unsubscribe,
    '',
    'Please do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support',
    '',
    '[sirp local] SNS adds the footer above to every email. sirp confirms email subscriptions with AuthenticateOnUnsubscribe, so a mail scanner that follows the link cannot unsubscribe anyone: see README.md, "AuthenticateOnUnsubscribe".',
  ].join('\n');
}

const stringAttribute = (attributes: MessageAttributes, name: string): string | undefined => {
  const attribute = attributes[name];
  return attribute?.dataType === 'String' ? attribute.value : undefined;
};

/** Fans one accepted message out to the subscriptions whose filter policy admits it. */
export function deliver(message: Message, messageId: string, options: { readonly subscriptions: readonly LocalSubscription[]; readonly clock: Clock }): { deliveries: Delivery[]; undelivered?: Undelivered } {
  const at = toIso(options.clock.now());
  const incidentId = stringAttribute(message.attributes, NOTIFICATION_ATTRIBUTES.incidentId);
  const approvalId = stringAttribute(message.attributes, NOTIFICATION_ATTRIBUTES.approvalId);
  const onTopic = options.subscriptions.filter((s) => s.topicArn === message.topicArn);
  const matching = onTopic.filter((s) => matchFilterPolicy(s.filterPolicy, message.attributes).matched);
  const deliveries = matching.map((subscription): Delivery => {
    const body = message.structure === 'json' ? perChannelBody(message.message, subscription.protocol) : message.message;
    return {
      id: randomUUID(),
      at,
      channel: subscription.protocol,
      to: subscription.contactId,
      address: subscription.endpoint,
      ...(subscription.protocol === 'email' ? { subject: message.subject ?? DEFAULT_EMAIL_SUBJECT, body: emailBody(body, subscription) } : { body }),
      ...(incidentId === undefined ? {} : { incidentId }),
      ...(approvalId === undefined ? {} : { approvalId }),
      messageId,
    };
  });
  if (deliveries.length > 0) return { deliveries };
  const shown = Object.entries(message.attributes).map(([name, a]) => `${name}=${JSON.stringify(a.value)}`).join(' ');
  return {
    deliveries,
    undelivered: {
      id: randomUUID(),
      at,
      messageId,
      topicArn: message.topicArn,
      ...(message.subject === undefined ? {} : { subject: message.subject }),
      body: message.message,
      attributes: Object.fromEntries(Object.entries(message.attributes).map(([name, a]) => [name, a.value])),
      reason: onTopic.length === 0
        ? 'the topic has no subscriptions'
        : `no subscription's filter policy admits ${shown === '' ? 'a message without attributes' : shown}`,
    },
  };
}

