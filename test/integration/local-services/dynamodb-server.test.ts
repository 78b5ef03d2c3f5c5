import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConditionalCheckFailedException, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { collections, GSI1, keys } from '../../../core/table/table-shape';
import { ensureTable, startDynamoDb, type DynamoDbServer } from '../../../local/services/dynamodb-server';
import { dynamoDbClient } from './aws-clients';

const TABLE = 'sirp-test';

describe('startDynamoDb in a child process', () => {
  let server: DynamoDbServer;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  beforeAll(async () => {
    server = await startDynamoDb();
    client = dynamoDbClient(server.endpoint);
    doc = DynamoDBDocumentClient.from(client);
    await ensureTable(client, TABLE);
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  it('listens on a port the OS picked and reports how long it took to start', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.endpoint).not.toMatch(/:0$/);
    expect(server.pid).toBeGreaterThan(0);
    expect(server.pid).not.toBe(process.pid);
    expect(server.startupMs).toBeGreaterThan(0);
  });

  it('creates the table from TABLE_SHAPE, and ensureTable is idempotent even when raced', async () => {
    await Promise.all([ensureTable(client, TABLE), ensureTable(client, TABLE), ensureTable(client, 'sirp-raced'), ensureTable(client, 'sirp-raced')]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.Projection?.ProjectionType])).toEqual([[GSI1, 'ALL']]);
  });

  it('lets exactly one of two concurrent conditional puts win', async () => {
    const put = (owner: string) => doc.send(new PutCommand({
      TableName: TABLE,
      Item: { ...keys.correlation('guardduty:i-123'), owner },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    const results = await Promise.allSettled([put('first'), put('second')]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('lets exactly one of two writers holding the same version win (optimistic locking)', async () => {
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...keys.incident('inc-lock'), version: 1 } }));
    const bump = (by: string) => doc.send(new PutCommand({
      TableName: TABLE,
      Item: { ...keys.incident('inc-lock'), version: 2, by },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 1 },
    }));
    const results = await Promise.allSettled([bump('a'), bump('b')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const { Item } = await doc.send(new GetCommand({ TableName: TABLE, Key: keys.incident('inc-lock') }));
    expect(Item?.version).toBe(2);
  });

  it('queries the gsi1 collection in sort order', async () => {
    for (const [id, createdAt, status] of [['b', '2026-11-02T00:00:00Z', 'open'], ['a', '2026-11-01T00:00:00Z', 'open'], ['c', '2026-11-03T00:00:00Z', 'closed']] as const) {
      await doc.send(new PutCommand({ TableName: TABLE, Item: { ...keys.incident(`gsi-${id}`), ...collections.incidentsByStatus(status, createdAt, id) } }));
    }
    const { Items } = await doc.send(new QueryCommand({
      TableName: TABLE,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': collections.incidentsWithStatus('open') },
    }));
    expect(Items?.map((item) => String(item.pk))).toEqual(['INC#gsi-a', 'INC#gsi-b']);
  });
});

describe('startDynamoDb with a data directory', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sirp-dynamodb-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps items across a restart of the child', async () => {
    const first = await startDynamoDb({ dataDir });
    const firstClient = dynamoDbClient(first.endpoint);
    await ensureTable(firstClient, TABLE);
    await DynamoDBDocumentClient.from(firstClient).send(new PutCommand({ TableName: TABLE, Item: { ...keys.incident('kept'), title: 'survives' } }));
    firstClient.destroy();
    await first.stop();

    const second = await startDynamoDb({ dataDir });
    const secondClient = dynamoDbClient(second.endpoint);
    try {
      expect(second.pid).not.toBe(first.pid);
      await ensureTable(secondClient, TABLE);
      const { Item } = await DynamoDBDocumentClient.from(secondClient).send(new GetCommand({ TableName: TABLE, Key: keys.incident('kept') }));
      expect(Item?.title).toBe('survives');
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  });

  it('runs in-process too, with the same persistence', async () => {
    const first = await startDynamoDb({ dataDir, mode: 'in-process' });
    expect(first.pid).toBeUndefined();
    const firstClient = dynamoDbClient(first.endpoint);
    await ensureTable(firstClient, TABLE);
    await DynamoDBDocumentClient.from(firstClient).send(new PutCommand({ TableName: TABLE, Item: { ...keys.incident('kept-in-process') } }));
    firstClient.destroy();
    await first.stop();

    const second = await startDynamoDb({ dataDir });
    const secondClient = dynamoDbClient(second.endpoint);
    try {
      const { Item } = await DynamoDBDocumentClient.from(secondClient).send(new GetCommand({ TableName: TABLE, Key: keys.incident('kept-in-process') }));
      expect(Item?.pk).toBe('INC#kept-in-process');
    } finally {
      secondClient.destroy();
      await second.stop();
    }
  });
});

describe('the dynalite child', () => {
  it('exits when the process that started it is killed', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'dynamodb-parent.ts')], {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.trim());
      });
      parent.once('exit', (code) => { reject(new Error(`parent exited early with ${String(code)}`)); });
    });
    const { pid } = JSON.parse(line) as { pid: number };
    expect(await isRunning(pid)).toBe(true);

    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while ((await isRunning(pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await isRunning(pid)).toBe(false);
  });
});

/** A zombie (exited, not yet reaped by init) counts as gone. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
