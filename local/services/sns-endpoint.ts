import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plan } from '../../core/plan/plan.schema';
import { NOTIFICATION_ATTRIBUTES, planSubscriptions, type NotificationChannel } from '../../core/plan/subscriptions';
import { toIso, type Clock } from '../../core/time/clock';
import { matchFilterPolicy, parseFilterPolicy, type FilterPolicy, type MessageAttributes } from './filter-policy';
import { BodyTooLargeError, readBody } from './http-body';
import type { Delivery, Outbox, Undelivered } from './outbox';
import {
  element, indexed, invalidParameter, parseMessageAttributes, parseQueryParams, scoped, sendError, sendResult, SnsError, type QueryParams,
} from './sns-wire';

/**
 * An SNS-compatible endpoint for the embedded runtime: the notify handler's
 * stock SNSClient publishes here (`AWS_ENDPOINT_URL_SNS`), and instead of
 * email and SMS every delivery lands in the outbox.
 *
 * Supported: Publish, PublishBatch, ListSubscriptionsByTopic,
 * ListSubscriptions, ListTopics. Subscriptions are the plan's, read-only:
 * Subscribe and Unsubscribe answer AuthorizationError.
 */

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

export interface SnsEndpointOptions {
  /** The topic ARNs that exist; a Publish to any other answers NotFound. */
  readonly topics: readonly string[];
  readonly subscriptions: readonly LocalSubscription[];
  readonly outbox: Outbox;
  /** Stamps deliveries: drills compress time, and the outbox should show drill time. */
  readonly clock: Clock;
}

// SNS's limit for one message (and for a whole PublishBatch), attributes included.
export const MAX_MESSAGE_BYTES = 262_144;
// Form encoding turns each byte into at most 3 characters; 1 MiB leaves room for a full batch plus names.
const MAX_REQUEST_BYTES = 1_048_576;
// SNS: "up to 10 entries" per PublishBatch.
const MAX_BATCH_ENTRIES = 10;
// SNS email subscriptions use this subject when the Publish has none.
const DEFAULT_EMAIL_SUBJECT = 'AWS Notification Message';

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

/**
 * The request handler. It ignores the request path, so it can be mounted
 * under a prefix (the runtime serves it at `/aws/sns`; the SDK keeps an
 * endpoint's base path and POSTs to `/aws/sns/`) or serve a port on its own.
 *
 * @example
 * const sns = createSnsRequestHandler({ topics: [arn], subscriptions: subscriptionsFromPlan(plan, arn), outbox, clock });
 * http.createServer((req, res) => req.url?.startsWith('/aws/sns') ? sns(req, res) : notFound(res));
 */
export function createSnsRequestHandler(options: SnsEndpointOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const topics = new Set(options.topics);
  return function snsRequestHandler(req, res) {
    const requestId = randomUUID();
    handle(req, res, requestId, topics, options).catch((error: unknown) => {
      // 5xx carries a generic text; the cause stays in this process.
      const answer = error instanceof SnsError ? error
        : error instanceof BodyTooLargeError ? invalidParameter('Request too long')
          : new SnsError('InternalError', 500, 'Internal error');
      if (!res.headersSent) sendError(res, requestId, answer);
      else res.destroy();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, requestId: string, topics: ReadonlySet<string>, options: SnsEndpointOptions): Promise<void> {
  if (req.method !== 'POST' && req.method !== 'GET') throw new SnsError('InvalidAction', 400, `Method ${String(req.method)} is not supported`);
  const body = await readBody(req, MAX_REQUEST_BYTES);
  const params = parseQueryParams(body, new URL(req.url ?? '/', 'http://local').search);
  const action = params.get('Action');
  switch (action) {
    case 'Publish': {
      const messageId = await publish(params, topics, options);
      sendResult(res, action, requestId, element('MessageId', messageId));
      return;
    }
    case 'PublishBatch':
      sendResult(res, action, requestId, await publishBatch(params, topics, options));
      return;
    case 'ListSubscriptionsByTopic': {
      const topicArn = requireTopic(params.get('TopicArn'), topics);
      sendResult(res, action, requestId, listSubscriptions(options.subscriptions.filter((s) => s.topicArn === topicArn)));
      return;
    }
    case 'ListSubscriptions':
      sendResult(res, action, requestId, listSubscriptions(options.subscriptions));
      return;
    case 'ListTopics':
      sendResult(res, action, requestId, `<Topics>${[...topics].map((arn) => `<member>${element('TopicArn', arn)}</member>`).join('')}</Topics>`);
      return;
    case 'Subscribe':
    case 'Unsubscribe':
      throw new SnsError('AuthorizationError', 403, 'sirp local: subscriptions come from the plan\'s contacts; change the plan and restart');
    default:
      throw new SnsError('InvalidAction', 400, `The action ${String(action)} is not valid for this endpoint.`);
  }
}

function requireTopic(topicArn: string | undefined, topics: ReadonlySet<string>): string {
  if (topicArn === undefined || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(topicArn)) {
    throw invalidParameter('TopicArn');
  }
  if (!topics.has(topicArn)) throw new SnsError('NotFound', 404, 'Topic does not exist');
  return topicArn;
}

interface Message {
  readonly topicArn: string;
  readonly message: string;
  readonly subject: string | undefined;
  readonly structure: 'json' | undefined;
  readonly attributes: MessageAttributes;
}

/** Validates one message (a Publish, or one PublishBatch entry) as SNS does. */
function parseMessage(params: QueryParams, topicArn: string): Message {
  const message = params.get('Message');
  if (message === undefined || message === '') throw invalidParameter('Empty message');
  const subject = params.get('Subject');
  // SNS: ASCII, at most 100 characters, starting with a letter, digit or punctuation, no line breaks.
  if (subject !== undefined && !/^[\x21-\x7e][\x20-\x7e]{0,99}$/.test(subject)) throw invalidParameter('Subject');
  const structure = params.get('MessageStructure');
  if (structure !== undefined && structure !== 'json') throw invalidParameter('MessageStructure');
  if (structure === 'json') perChannelBody(message, 'email');
  const attributes = parseMessageAttributes(params);
  return { topicArn, message, subject, structure, attributes };
}

function messageBytes(message: Message): number {
  return Buffer.byteLength(message.message) + Object.entries(message.attributes)
    .reduce((sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.dataType) + Buffer.byteLength(a.value), 0);
}

/** With MessageStructure=json, each protocol gets its own key or "default" (SNS semantics). */
function perChannelBody(message: string, channel: NotificationChannel): string {
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
function deliver(message: Message, messageId: string, options: SnsEndpointOptions): { deliveries: Delivery[]; undelivered?: Undelivered } {
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

async function publish(params: QueryParams, topics: ReadonlySet<string>, options: SnsEndpointOptions): Promise<string> {
  if (params.has('PhoneNumber') || params.has('TargetArn')) throw invalidParameter('sirp local publishes to topics only (TopicArn)');
  const message = parseMessage(params, requireTopic(params.get('TopicArn'), topics));
  if (messageBytes(message) > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  const messageId = randomUUID();
  await options.outbox.record(deliver(message, messageId, options));
  return messageId;
}

async function publishBatch(params: QueryParams, topics: ReadonlySet<string>, options: SnsEndpointOptions): Promise<string> {
  const topicArn = requireTopic(params.get('TopicArn'), topics);
  const count = indexed(params, 'PublishBatchRequestEntries.member').length;
  if (count === 0) throw new SnsError('EmptyBatchRequest', 400, 'The batch request doesn\'t contain any entries.');
  if (count > MAX_BATCH_ENTRIES) throw new SnsError('TooManyEntriesInBatchRequest', 400, `The batch request contains more entries than permissible (${MAX_BATCH_ENTRIES}).`);
  const entries = Array.from({ length: count }, (_, i) => scoped(params, `PublishBatchRequestEntries.member.${i + 1}`));
  const ids = entries.map((entry) => entry.get('Id') ?? '');
  if (new Set(ids).size !== ids.length) throw new SnsError('BatchEntryIdsNotDistinct', 400, 'Two or more batch entries in the request have the same Id.');
  if (ids.some((id) => !/^[A-Za-z0-9_-]{1,80}$/.test(id))) throw new SnsError('InvalidBatchEntryId', 400, 'A batch entry Id must be 1-80 letters, digits, hyphens or underscores.');

  const successful: string[] = [];
  const failed: string[] = [];
  const accepted: { id: string; message: Message }[] = [];
  for (const [i, entry] of entries.entries()) {
    const id = ids[i] ?? '';
    try {
      accepted.push({ id, message: parseMessage(entry, topicArn) });
    } catch (error) {
      if (!(error instanceof SnsError)) throw error;
      failed.push(`<member>${element('Id', id)}${element('Code', error.code)}${element('Message', error.message)}<SenderFault>true</SenderFault></member>`);
    }
  }
  if (accepted.reduce((sum, { message }) => sum + messageBytes(message), 0) > MAX_MESSAGE_BYTES) {
    throw new SnsError('BatchRequestTooLong', 400, `The length of all the messages put together is more than the limit (${MAX_MESSAGE_BYTES} bytes).`);
  }
  for (const { id, message } of accepted) {
    const messageId = randomUUID();
    await options.outbox.record(deliver(message, messageId, options));
    successful.push(`<member>${element('Id', id)}${element('MessageId', messageId)}</member>`);
  }
  return `<Successful>${successful.join('')}</Successful><Failed>${failed.join('')}</Failed>`;
}

function listSubscriptions(subscriptions: readonly LocalSubscription[]): string {
  // The account id of the topic's ARN stands in for the owner.
  const members = subscriptions.map((s) => `<member>${element('TopicArn', s.topicArn)}${element('Protocol', s.protocol)}`
    + `${element('SubscriptionArn', s.subscriptionArn)}${element('Owner', s.topicArn.split(':')[4])}${element('Endpoint', s.endpoint)}</member>`);
  return `<Subscriptions>${members.join('')}</Subscriptions>`;
}
