import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../../../core/errors/sirp-error';
import { keys } from '../../../../core/table/table-shape';
import { DynamoDbApprovalStore } from '../../../../lambdas/approval/dynamodb-approval-store';
import { DynamoDbIncidentReader } from '../../../../lambdas/approval/dynamodb-incident-reader';
import { loadApprovalEnv } from '../../../../lambdas/approval/env';
import { alertIncident, APPROVAL_ID, OTHER_APPROVAL_ID, pendingRecord, T0 } from '../../core/approval/approval-fixtures';
import { harness, startTable, TABLE, type TableServer } from './approval-harness';

let table: TableServer;
let store: DynamoDbApprovalStore;

beforeAll(async () => {
  table = await startTable();
  store = new DynamoDbApprovalStore(table.db, TABLE);
});

afterAll(async () => {
  await table.stop();
});

describe('DynamoDbApprovalStore', () => {
  const first = pendingRecord({ incidentId: 'inc-storetest01' });
  const second = pendingRecord({ approvalId: OTHER_APPROVAL_ID, incidentId: 'inc-storetest02', createdAt: new Date(T0 + 1000).toISOString() });

  beforeAll(async () => {
    await store.create(first);
    await store.create(second);
  });

  it('stores the record with its key, its gsi1 entry and a TTL a week past expiry', async () => {
    const { Item } = await table.db.send(new GetCommand({ TableName: TABLE, Key: keys.approval(APPROVAL_ID) }));
    expect(Item).toMatchObject({
      pk: `APR#${APPROVAL_ID}`,
      sk: 'META',
      gsi1pk: 'APPROVALS',
      gsi1sk: `inc-storetest01#${first.createdAt}#${APPROVAL_ID}`,
      ttl: Date.parse(first.expiresAt) / 1000 + 7 * 86400,
    });
    expect(await store.get(APPROVAL_ID)).toEqual(first);
  });

  it('refuses to create an approval twice', async () => {
    await expect(store.create(first)).rejects.toThrow(ConflictError);
  });

  it('lists by incident and all, newest first', async () => {
    expect((await store.listByIncident('inc-storetest02')).map((r) => r.approvalId)).toEqual([OTHER_APPROVAL_ID]);
    const all = (await store.listAll()).map((r) => r.approvalId);
    expect(all.indexOf(OTHER_APPROVAL_ID)).toBeLessThan(all.indexOf(APPROVAL_ID));
  });

  it('lists the approvals of one incident by a key condition, not those of an incident whose id extends it', async () => {
    const later = pendingRecord({ approvalId: 'CCCCCCCCCCCCCCCCCCCCCA', incidentId: 'inc-storetest01', createdAt: new Date(T0 + 2000).toISOString() });
    await store.create(later);
    const sent: unknown[] = [];
    const counting = { send: (command: { input: unknown }) => { sent.push(command.input); return table.db.send(command as never); } };
    const listed = await new DynamoDbApprovalStore(counting as never, TABLE).listByIncident('inc-storetest01');
    expect(listed.map((r) => r.approvalId)).toEqual([later.approvalId, APPROVAL_ID]);
    expect(sent).toEqual([expect.objectContaining({ KeyConditionExpression: 'gsi1pk = :collection AND begins_with(gsi1sk, :incident)' })]);
    expect(sent[0]).not.toHaveProperty('FilterExpression');
    expect(await store.listByIncident('inc-storetest0')).toEqual([]);
  });

  it('moves the expiry and the TTL of an acknowledged approval to the end of the acknowledgement window', async () => {
    const held = pendingRecord({ approvalId: 'BBBBBBBBBBBBBBBBBBBBBA', incidentId: 'inc-storetest03' });
    await store.create(held);
    const until = new Date(Date.parse(held.expiresAt) + 15 * 60_000).toISOString();
    const written = await store.acknowledge(held.approvalId, new Date(T0).toISOString(), until);
    expect(written).toMatchObject({ ok: true, before: { expiresAt: held.expiresAt, acknowledgedAt: null }, after: { expiresAt: until, acknowledgedAt: new Date(T0).toISOString() } });
    const { Item } = await table.db.send(new GetCommand({ TableName: TABLE, Key: keys.approval(held.approvalId) }));
    expect(Item).toMatchObject({ expiresAt: until, ttl: Date.parse(until) / 1000 + 7 * 86400, status: 'pending' });
    expect(await store.get(held.approvalId)).toEqual({ ...held, expiresAt: until, acknowledgedAt: new Date(T0).toISOString() });
  });

  it('returns null for an approval that does not exist, and a lost transition for it', async () => {
    expect(await store.get('AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    expect(await store.acknowledge('AAAAAAAAAAAAAAAAAAAAAA', new Date(T0).toISOString(), new Date(T0).toISOString())).toEqual({ ok: false, current: null });
    await expect(store.markDelivered('AAAAAAAAAAAAAAAAAAAAAA', new Date(T0).toISOString())).rejects.toThrow();
  });

  it('takes a new task token only while pending, and clears it on leaving pending', async () => {
    const taken = await store.updateTaskToken(OTHER_APPROVAL_ID, 'token-2');
    expect(taken).toMatchObject({ ok: true, before: { taskToken: second.taskToken }, after: { taskToken: 'token-2' } });
    const decided = await store.decide(OTHER_APPROVAL_ID, {
      status: 'approved',
      decision: 'mobilize',
      reason: null,
      decidedBy: 'alice',
      decidedAt: new Date(T0).toISOString(),
      channel: 'web',
    });
    expect(decided).toMatchObject({ ok: true, before: { taskToken: 'token-2', status: 'pending' }, after: { taskToken: null, status: 'approved' } });
    expect(await store.updateTaskToken(OTHER_APPROVAL_ID, 'token-3')).toMatchObject({ ok: false, current: { status: 'approved', taskToken: null } });
    await store.markDelivered(OTHER_APPROVAL_ID, new Date(T0 + 1).toISOString());
    expect((await store.get(OTHER_APPROVAL_ID))?.deliveredAt).toBe(new Date(T0 + 1).toISOString());
  });
});

describe('DynamoDbIncidentReader', () => {
  it('reads an incident without the table attributes, or null', async () => {
    const h = harness(table);
    const incident = alertIncident({ id: 'inc-readertest01' });
    await h.putIncident(incident);
    const reader = new DynamoDbIncidentReader(table.db, TABLE);
    expect(await reader.get('inc-readertest01')).toEqual(incident);
    expect(await reader.get('inc-readertest02')).toBeNull();
  });
});

describe('loadApprovalEnv', () => {
  it('reads the table and the signing secret', () => {
    expect(loadApprovalEnv({ TABLE_NAME: 't', SIGNING_SECRET_ARN: 'arn', TIMELINE_SECRET_ARN: 'tl' })).toEqual({ TABLE_NAME: 't', SIGNING_SECRET_ARN: 'arn', TIMELINE_SECRET_ARN: 'tl' });
  });

  it('takes an approval base URL when one is given, and only an http(s) one', () => {
    const env = { TABLE_NAME: 't', SIGNING_SECRET_ARN: 'arn', TIMELINE_SECRET_ARN: 'tl' };
    expect(loadApprovalEnv({ ...env, APPROVAL_BASE_URL: 'http://127.0.0.1:3000' }).APPROVAL_BASE_URL).toBe('http://127.0.0.1:3000');
    expect(() => loadApprovalEnv({ ...env, APPROVAL_BASE_URL: 'javascript:alert(1)' })).toThrow(/APPROVAL_BASE_URL/);
  });

  it('names every missing variable', () => {
    expect(() => loadApprovalEnv({ TABLE_NAME: 't' })).toThrow(/SIGNING_SECRET_ARN/);
    expect(() => loadApprovalEnv({ TABLE_NAME: 't', SIGNING_SECRET_ARN: 'arn' })).toThrow(/TIMELINE_SECRET_ARN/);
  });
});
