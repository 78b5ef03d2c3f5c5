import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/time/clock';
import { BodyTooLargeError, readBody } from './http-body';
import type { Outbox } from './outbox';
import { deliver, perChannelBody, type Message } from './sns-delivery';
import type { LocalSubscription } from './sns-subscriptions';
import {
  element, indexed, invalidParameter, parseMessageAttributes, parseQueryParams, scoped, sendError, sendResult, SnsError, type QueryParams,
} from './sns-wire';

export { subscriptionsFromPlan, type LocalSubscription } from './sns-subscriptions';

/**
 * An SNS-compatible endpoint for the embedded runtime: the notify handler's
 * stock SNSClient publishes here (`AWS_ENDPOINT_URL_SNS`), and instead of
 * email and SMS every delivery lands in the outbox.
 *
 * Supported: Publish, PublishBatch, ListSubscriptionsByTopic,
 * ListSubscriptions, ListTopics. Subscriptions are the plan's, read-only:
 * Subscribe and Unsubscribe answer AuthorizationError.
 */

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
