import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { TABLE_SHAPE } from '../../core/table/table-shape';

// dynalite is started with createTableMs 0, so the table is ACTIVE almost at
// once; against a real DynamoDB Local this bounds the wait to a few seconds.
const ACTIVE_POLL_MS = 25;
const ACTIVE_TIMEOUT_MS = 10_000;

interface KeyPair {
  readonly partitionKey: { readonly name: string; readonly type: string };
  readonly sortKey: { readonly name: string; readonly type: string };
}

const keySchema = (shape: KeyPair): KeySchemaElement[] => [
  { AttributeName: shape.partitionKey.name, KeyType: 'HASH' },
  { AttributeName: shape.sortKey.name, KeyType: 'RANGE' },
];

function attributeDefinitions(): AttributeDefinition[] {
  const byName = new Map<string, AttributeDefinition>();
  for (const shape of [TABLE_SHAPE, ...TABLE_SHAPE.globalIndexes]) {
    for (const key of [shape.partitionKey, shape.sortKey]) {
      byName.set(key.name, { AttributeName: key.name, AttributeType: key.type });
    }
  }
  return [...byName.values()];
}

/**
 * Creates the organization's table from `TABLE_SHAPE` (on-demand, the GSI
 * projecting ALL) unless it exists, then waits until it is ACTIVE. Safe to
 * call on every start and from two starters at once. Throws when an existing
 * table has other keys than `TABLE_SHAPE` (a data dir from an older shape).
 * No TTL is configured: dynalite has none, and expiry is checked in code.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let table = await describe(client, tableName);
  if (table === undefined) {
    try {
      await client.send(new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(),
        KeySchema: keySchema(TABLE_SHAPE),
        GlobalSecondaryIndexes: TABLE_SHAPE.globalIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: keySchema(index),
          Projection: { ProjectionType: 'ALL' },
        })),
      }));
    } catch (error) {
      // Someone else created it between our describe and create: same outcome.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    table = await describe(client, tableName);
  }
  checkShape(tableName, table);
  await waitUntilActive(client, tableName, table);
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function checkShape(tableName: string, table: TableDescription | undefined): void {
  const expected = JSON.stringify(keySchema(TABLE_SHAPE));
  const actual = JSON.stringify(table?.KeySchema?.map(({ AttributeName, KeyType }) => ({ AttributeName, KeyType })));
  const indexes = new Set(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName));
  const missing = TABLE_SHAPE.globalIndexes.filter((index) => !indexes.has(index.indexName)).map((index) => index.indexName);
  if (actual !== expected || missing.length > 0) {
    throw new Error(`table ${tableName} exists with another shape (keys ${actual}${missing.length > 0 ? `, missing ${missing.join(', ')}` : ''}); expected keys ${expected}`);
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, first: TableDescription | undefined): Promise<void> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  let table = first;
  while (table?.TableStatus !== 'ACTIVE') {
    if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms (status ${String(table?.TableStatus)})`);
    await new Promise((resolve) => setTimeout(resolve, ACTIVE_POLL_MS));
    table = await describe(client, tableName);
  }
}
