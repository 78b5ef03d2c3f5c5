import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidParameterException, ListSubscriptionsByTopicCommand, NotFoundException, PublishBatchCommand, PublishCommand, type MessageAttributeValue, type SNSClient,
} from '@aws-sdk/client-sns';
import type { Contact } from '../../../core/plan/contact.schema';
import { deliveryAttributes } from '../../../core/plan/subscriptions';
import { ManualClock } from '../../../core/time/clock';
import { parseFilterPolicy } from '../../../local/services/filter-policy';
import { Outbox, type Delivery } from '../../../local/services/outbox';
import { createSnsRequestHandler, subscriptionsFromPlan, type LocalSubscription } from '../../../local/services/sns-endpoint';
import { snsClient } from './aws-clients';
import { mount } from './mount';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:sirp-testorg-notifications';
const contacts: Contact[] = [
  { id: 'alice', name: 'Alice', email: 'alice@test.example', phone: '+14155550101', timeZone: 'Europe/Berlin' },
  { id: 'bob', name: 'Bob', email: 'bob@test.example', timeZone: 'Europe/Berlin' },
];

const stringAttributes = (values: Record<string, string>): Record<string, MessageAttributeValue> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));

async function startSns(options: { outbox: Outbox; clock?: ManualClock; subscriptions?: LocalSubscription[] }) {
  const handler = createSnsRequestHandler({
    topics: [TOPIC],
    subscriptions: options.subscriptions ?? subscriptionsFromPlan({ contacts }, TOPIC),
    outbox: options.outbox,
    clock: options.clock ?? new ManualClock(Date.parse('2026-11-20T10:00:00Z')),
  });
  const server = await mount({ '/aws/sns': handler });
  const client = snsClient(`${server.url}/aws/sns`);
  return { client, close: async () => { client.destroy(); await server.close(); } };
}

describe('the SNS endpoint', () => {
  let outbox: Outbox;
  let clock: ManualClock;
  let client: SNSClient;
  let close: () => Promise<void>;

  beforeEach(async () => {
    outbox = await Outbox.open();
    clock = new ManualClock(Date.parse('2026-11-20T10:00:00Z'));
    ({ client, close } = await startSns({ outbox, clock }));
  });

  afterEach(async () => {
    await close();
    await outbox.close();
  });

  it('delivers a message for one recipient and channel to that subscription only', async () => {
    const { MessageId } = await client.send(new PublishCommand({
      TopicArn: TOPIC,
      Subject: 'Mobilize? INC-1',
      Message: 'Decide: https://ir.test.example/a/apr-1',
      MessageAttributes: stringAttributes(deliveryAttributes('alice', 'email', { incidentId: 'inc-1', approvalId: 'apr-1' })),
    }));
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outbox.list()).toEqual([expect.objectContaining({
      channel: 'email', to: 'alice', address: 'alice@test.example', subject: 'Mobilize? INC-1',
      incidentId: 'inc-1', approvalId: 'apr-1', messageId: MessageId, at: '2026-11-20T10:00:00.000Z',
    })]);
    expect(outbox.list({ to: 'bob' })).toEqual([]);
  });

  it('writes one outbox entry per delivery: alice by email and sms, bob nothing', async () => {
    const { MessageId } = await client.send(new PublishCommand({
      TopicArn: TOPIC,
      Message: 'INC-2 needs you',
      MessageAttributes: {
        recipient: { DataType: 'String', StringValue: 'alice' },
        // String.Array: SNS matches each element, so one Publish reaches both of alice's subscriptions.
        channel: { DataType: 'String.Array', StringValue: '["email","sms"]' },
      },
    }));
    const deliveries = outbox.list();
    expect(deliveries.map((d) => [d.to, d.channel, d.address])).toEqual([
      ['alice', 'email', 'alice@test.example'],
      ['alice', 'sms', '+14155550101'],
    ]);
    expect(new Set(deliveries.map((d) => d.messageId))).toEqual(new Set([MessageId]));
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(2);
    expect(outbox.list({ to: 'bob' })).toHaveLength(0);
  });

  it('shapes email as SNS sends it, with the unsubscribe footer, and sms as published', async () => {
    for (const channel of ['email', 'sms'] as const) {
      await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'Contain INC-3', MessageAttributes: stringAttributes(deliveryAttributes('alice', channel)) }));
    }
    const [email, sms] = outbox.list();
    expect(email?.subject).toBe('AWS Notification Message');
    expect(email?.body.startsWith('Contain INC-3\n\n--\nIf you wish to stop receiving notifications from this topic')).toBe(true);
    expect(email?.body).toContain(`https://sns.eu-west-1.amazonaws.com/unsubscribe.html?SubscriptionArn=${encodeURIComponent(TOPIC)}%3A`);
    expect(email?.body).toContain('AuthenticateOnUnsubscribe');
    expect(sms).toEqual(expect.objectContaining({ channel: 'sms', body: 'Contain INC-3' }));
    expect(sms?.subject).toBeUndefined();
  });

  it('gives each protocol its own text with MessageStructure json', async () => {
    await client.send(new PublishCommand({
      TopicArn: TOPIC,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: 'long text for email', sms: 'short: https://ir.test.example/a/1' }),
      MessageAttributes: { recipient: { DataType: 'String', StringValue: 'alice' }, channel: { DataType: 'String.Array', StringValue: '["email","sms"]' } },
    }));
    const [email, sms] = outbox.list();
    expect(email?.body.startsWith('long text for email\n')).toBe(true);
    expect(sms?.body).toBe('short: https://ir.test.example/a/1');
  });

  it('delivers a message nobody subscribed to to nobody, and records why', async () => {
    const { MessageId } = await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'for mallory', MessageAttributes: stringAttributes(deliveryAttributes('mallory', 'email')) }));
    expect(outbox.list()).toEqual([]);
    expect(outbox.listUndelivered()).toEqual([expect.objectContaining({
      messageId: MessageId, body: 'for mallory', attributes: { recipient: 'mallory', channel: 'email' },
      reason: 'no subscription\'s filter policy admits recipient="mallory" channel="email"',
    })]);
  });

  it('answers an unknown topic with NotFound, which the SDK names NotFoundException', async () => {
    const error: unknown = await client.send(new PublishCommand({ TopicArn: `${TOPIC}-other`, Message: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as NotFoundException).name).toBe('NotFoundException');
    expect((error as NotFoundException).message).toBe('Topic does not exist');
    expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as NotFoundException).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a message over 256 KB, an empty message and a bad subject with InvalidParameter', async () => {
    const attempts = [
      { Message: 'x'.repeat(262_145) },
      { Message: '' },
      { Message: 'x', Subject: 'line\nbreak' },
    ];
    for (const attempt of attempts) {
      const error: unknown = await client.send(new PublishCommand({ TopicArn: TOPIC, ...attempt })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterException);
    }
    expect(outbox.list()).toHaveLength(0);
  });

  it('accepts a message of exactly 256 KB', async () => {
    const attributes = stringAttributes(deliveryAttributes('bob', 'email'));
    const attributeBytes = Object.entries(attributes).reduce((sum, [name, a]) => sum + name.length + 'String'.length + (a.StringValue?.length ?? 0), 0);
    await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'x'.repeat(262_144 - attributeBytes), MessageAttributes: attributes }));
    expect(outbox.list({ to: 'bob' })).toHaveLength(1);
  });

  it('publishes a batch and reports the entries it refused', async () => {
    const { Successful, Failed } = await client.send(new PublishBatchCommand({
      TopicArn: TOPIC,
      PublishBatchRequestEntries: [
        { Id: 'to-alice', Message: 'a', MessageAttributes: stringAttributes(deliveryAttributes('alice', 'sms')) },
        { Id: 'empty', Message: '' },
        { Id: 'to-bob', Message: 'b', Subject: 'Hi', MessageAttributes: stringAttributes(deliveryAttributes('bob', 'email')) },
      ],
    }));
    expect(Successful?.map((s) => s.Id)).toEqual(['to-alice', 'to-bob']);
    expect(Failed).toEqual([{ Id: 'empty', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true }]);
    expect(outbox.list().map((d) => [d.to, d.channel, d.messageId])).toEqual([
      ['alice', 'sms', Successful?.[0]?.MessageId],
      ['bob', 'email', Successful?.[1]?.MessageId],
    ]);
  });

  it('lists the plan\'s subscriptions with their endpoints', async () => {
    const { Subscriptions } = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }));
    expect(Subscriptions?.map((s) => [s.Protocol, s.Endpoint, s.Owner])).toEqual([
      ['email', 'alice@test.example', '123456789012'],
      ['sms', '+14155550101', '123456789012'],
      ['email', 'bob@test.example', '123456789012'],
    ]);
    expect(Subscriptions?.every((s) => s.SubscriptionArn?.startsWith(`${TOPIC}:`))).toBe(true);
  });

  it('announces each delivery to listeners once it is recorded', async () => {
    const seen: Delivery[] = [];
    outbox.on('delivery', (delivery) => { seen.push(delivery); });
    await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'live', MessageAttributes: stringAttributes(deliveryAttributes('bob', 'email')) }));
    expect(seen.map((d) => d.to)).toEqual(['bob']);
  });

  it('answers the Publish even when a listener throws, and warns', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    outbox.on('delivery', () => { throw new Error('console went away'); });
    try {
      await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'still sent', MessageAttributes: stringAttributes(deliveryAttributes('bob', 'email')) }));
      expect(outbox.list({ to: 'bob' })).toHaveLength(1);
      expect(emitWarning).toHaveBeenCalledWith('an outbox listener failed: console went away');
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('filters the outbox by recipient, incident and time', async () => {
    const publish = (to: string, incidentId: string) => client.send(new PublishCommand({
      TopicArn: TOPIC, Message: `${to} ${incidentId}`, MessageAttributes: stringAttributes(deliveryAttributes(to, 'email', { incidentId })),
    }));
    await publish('alice', 'inc-1');
    clock.advance(60_000);
    await publish('bob', 'inc-1');
    await publish('alice', 'inc-2');
    expect(outbox.list({ to: 'alice' }).map((d) => d.incidentId)).toEqual(['inc-1', 'inc-2']);
    expect(outbox.list({ incidentId: 'inc-1' }).map((d) => d.to)).toEqual(['alice', 'bob']);
    expect(outbox.list({ since: '2026-11-20T10:01:00Z' }).map((d) => d.body.split('\n')[0])).toEqual(['bob inc-1', 'alice inc-2']);
    expect(outbox.list({ to: 'alice', since: Date.parse('2026-11-20T10:00:30Z') })).toHaveLength(1);
  });
});

describe('the SNS endpoint with other filter policies', () => {
  it('delivers by each subscription\'s own policy', async () => {
    const outbox = await Outbox.open();
    const subscription = (contactId: string, policy: object): LocalSubscription => ({
      subscriptionArn: `${TOPIC}:${contactId}`, topicArn: TOPIC, protocol: 'sms', endpoint: '+14155550100', contactId, filterPolicy: parseFilterPolicy(policy),
    });
    const { client, close } = await startSns({
      outbox,
      subscriptions: [
        subscription('sev-high', { severity: [{ numeric: ['<=', 2] }] }),
        subscription('not-drills', { kind: [{ 'anything-but': { prefix: 'drill-' } }] }),
        subscription('anyone-with-incident', { incidentId: [{ exists: true }] }),
      ],
    });
    try {
      await client.send(new PublishCommand({
        TopicArn: TOPIC,
        Message: 'x',
        MessageAttributes: { severity: { DataType: 'Number', StringValue: '1' }, kind: { DataType: 'String', StringValue: 'drill-tabletop' } },
      }));
      expect(outbox.list().map((d) => d.to)).toEqual(['sev-high']);
    } finally {
      await close();
    }
  });
});

describe('the outbox on disk', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sirp-outbox-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('survives a restart: every acknowledged delivery is reloaded', async () => {
    const first = await Outbox.open({ dataDir });
    const sns = await startSns({ outbox: first });
    await Promise.all(['alice', 'bob'].map((to) => sns.client.send(new PublishCommand({
      TopicArn: TOPIC, Message: `to ${to}`, MessageAttributes: stringAttributes(deliveryAttributes(to, 'email')),
    }))));
    await sns.client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'to nobody', MessageAttributes: stringAttributes(deliveryAttributes('nobody', 'sms')) }));
    await sns.close();
    const before = first.list();
    await first.close();

    const lines = (await readFile(join(dataDir, 'outbox.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    const second = await Outbox.open({ dataDir });
    try {
      expect(second.list()).toEqual(before);
      expect(second.list().map((d) => d.to).sort()).toEqual(['alice', 'bob']);
      expect(second.listUndelivered().map((u) => u.body)).toEqual(['to nobody']);
      expect(second.skippedLines).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('skips a torn last line left by a crash and keeps appending after it', async () => {
    const first = await Outbox.open({ dataDir });
    const sns = await startSns({ outbox: first });
    await sns.client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'kept', MessageAttributes: stringAttributes(deliveryAttributes('bob', 'email')) }));
    await sns.close();
    await first.close();
    await appendFile(join(dataDir, 'outbox.jsonl'), '{"kind":"delivery","id":"torn');

    const second = await Outbox.open({ dataDir });
    expect(second.skippedLines).toBe(1);
    expect(second.list()).toHaveLength(1);
    const again = await startSns({ outbox: second });
    await again.client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'after the crash', MessageAttributes: stringAttributes(deliveryAttributes('bob', 'email')) }));
    await again.close();
    await second.close();

    const third = await Outbox.open({ dataDir });
    expect(third.list().map((d) => d.body.split('\n')[0])).toEqual(['kept', 'after the crash']);
    expect(third.skippedLines).toBe(1);
    await third.close();
  });
});
