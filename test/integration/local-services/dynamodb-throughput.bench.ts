/**
 * Throughput of conditional PutItem with 10 concurrent writers through the
 * real DynamoDBClient, dynalite in this process vs in a forked child. Not a
 * jest test (it takes a while and its numbers depend on the machine's load):
 *
 *   npx tsx test/integration/local-services/dynamodb-throughput.bench.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamoDb, type DynamoDbMode } from '../../../local/services/dynamodb-server';

const WRITERS = 10;
const DURATION_MS = 4000;
const ROUNDS = 3;

async function measure(mode: DynamoDbMode, onDisk: boolean): Promise<{ opsPerSecond: number; startupMs: number }> {
  const dataDir = onDisk ? await mkdtemp(join(tmpdir(), 'sirp-bench-')) : undefined;
  const server = await startDynamoDb({ mode, dataDir });
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await ensureTable(client, 'bench');
    let done = 0;
    const deadline = performance.now() + DURATION_MS;
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; performance.now() < deadline; i++) {
        // Every writer also races the others on a shared key: half the puts lose their condition.
        const pk = i % 2 === 0 ? `INC#w${w}-${i}` : `INC#shared-${i}`;
        try {
          await client.send(new PutItemCommand({
            TableName: 'bench',
            Item: { pk: { S: pk }, sk: { S: 'META' }, version: { N: '1' }, body: { S: 'x'.repeat(512) } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }));
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
        done++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    return { opsPerSecond: (done * 1000) / (performance.now() - started), startupMs: server.startupMs };
  } finally {
    client.destroy();
    await server.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const onDisk of [false, true]) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['in-process', 'child-process'] as const) {
        const { opsPerSecond, startupMs } = await measure(mode, onDisk);
        console.log(`${onDisk ? 'disk  ' : 'memory'} ${mode.padEnd(13)} round ${round}: ${opsPerSecond.toFixed(0)} puts/s, startup ${startupMs.toFixed(0)} ms`);
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
