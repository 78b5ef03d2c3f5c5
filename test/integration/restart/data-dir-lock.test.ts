import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDb, type DynamoDbServer } from '../../../local/services/dynamodb-server';

// The refusal waits out the child's 10 s grace for a lock that is being released.
jest.setTimeout(60_000);

let dataDir: string;
const servers: DynamoDbServer[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sirp-lock-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

const start = async (): Promise<DynamoDbServer> => {
  const server = await startDynamoDb({ dataDir });
  servers.push(server);
  return server;
};
const answers = async (server: DynamoDbServer): Promise<boolean> => {
  const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  const out = await client.send(new ListTablesCommand({}));
  client.destroy();
  return Array.isArray(out.TableNames);
};

describe('one data dir, one dynalite', () => {
  it('refuses a second dynalite on a data dir in use, naming it, instead of crashing at its first request', async () => {
    const first = await start();
    await expect(startDynamoDb({ dataDir })).rejects.toThrow(/data dir .* is in use by another process/);
    expect(await answers(first)).toBe(true);
  });

  it('waits for the lock of a dynalite that is exiting (a restart right after kill -9)', async () => {
    const first = await start();
    const second = startDynamoDb({ dataDir });
    await new Promise((r) => setTimeout(r, 1000));
    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    const started = await second;
    servers.push(started);
    expect(await answers(started)).toBe(true);
  });
});
