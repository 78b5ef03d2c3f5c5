import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../core/table/table-shape';
import { verifyChain } from '../../../core/timeline/timeline-entry';
import { TimelineStore } from '../../../lambdas/adapters/timeline-store';
import { localNames } from '../../../local/runtime/local-names';
import type { Runtime } from '../../../local/runtime/runtime';
import { EXAMPLE_PLAN, exampleEvent, ROOT } from '../runtime/runtime-harness';
import { startPlanRuntime, trigger, waitFor } from './lifecycle-harness';

let runtime: Runtime;
let stock: DynamoDBClient;

/** The real CLI, as a person runs it (asynchronously: the runtime answering it lives in this process). */
function sirp(...args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'sirp.js'), ...args, '--endpoint', runtime.url], { encoding: 'utf8', timeout: 60_000 }, (error, stdout) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout });
    });
  });
}

beforeAll(async () => {
  runtime = await startPlanRuntime(EXAMPLE_PLAN);
  // The stock client, configured only by the endpoint variable the runtime set: what someone with table access holds.
  stock = new DynamoDBClient({ region: localNames(runtime.plan).region });
});

afterAll(async () => {
  stock.destroy();
  await runtime.stop();
});

describe('the tamper-evident timeline', () => {
  it('names the first altered entry when someone rewrites the table directly', async () => {
    const id = await trigger(runtime, exampleEvent('cloudwatch-alarm'));
    await waitFor(runtime, id, 'three timeline entries', (d) => d.timeline.length >= 3);

    const intact = await sirp('verify', id);
    expect(intact.stdout).toMatch(/timeline intact: \d+ entries/);
    expect(intact.status).toBe(0);

    await stock.send(
      new UpdateItemCommand({
        TableName: localNames(runtime.plan).tableName,
        Key: { pk: { S: keys.timelineEntry(id, 2).pk }, sk: { S: keys.timelineEntry(id, 2).sk } },
        UpdateExpression: 'SET summary = :s',
        ExpressionAttributeValues: { ':s': { S: 'Nobody was paged.' } },
      }),
    );
    const altered = await sirp('verify', id);
    expect(altered.stdout).toContain('ALTERED: entry 2 was altered after it was written');
    expect(altered.status).toBe(1);
  }, 120_000);

  it('names an entry rewritten into a shape that no longer parses', async () => {
    const id = await trigger(runtime, exampleEvent('guardduty-finding'));
    await waitFor(runtime, id, 'two timeline entries', (d) => d.timeline.length >= 2);
    await stock.send(
      new UpdateItemCommand({
        TableName: localNames(runtime.plan).tableName,
        Key: { pk: { S: keys.timelineEntry(id, 1).pk }, sk: { S: keys.timelineEntry(id, 1).sk } },
        UpdateExpression: 'SET seq = :s',
        ExpressionAttributeValues: { ':s': { S: 'one' } },
      }),
    );
    const verdict = (await (await fetch(`${runtime.url}/api/incidents/${id}/verify`)).json()) as { intact: boolean; firstBadSeq: number; reason: string };
    expect(verdict).toMatchObject({ intact: false, firstBadSeq: 1, reason: expect.stringContaining('malformed (seq)') as unknown });
  });

  it('never forks the chain under concurrent appends, and signs it with the key', async () => {
    const store = new TimelineStore(DynamoDBDocumentClient.from(stock), localNames(runtime.plan).tableName, () => Promise.resolve('concurrency-test-key'));
    const id = 'inc-concurrent0001';
    const writers = Array.from({ length: 12 }, (_, i) =>
      store.append(id, { type: 'notified', actor: 'sirp', summary: `writer ${String(i)}`, data: { i } }, new Date().toISOString(), 50),
    );
    await Promise.all(writers);
    const entries = await store.list(id);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.data.i)).size).toBe(12);
    expect(verifyChain('concurrency-test-key', entries)).toEqual({ intact: true, entries: 12 });
    expect(verifyChain('a-key-someone-guessed', entries)).toMatchObject({ intact: false, firstBadSeq: 1 });
  });

  it('appends a keyed entry once, however often a resumed step asks', async () => {
    const store = new TimelineStore(DynamoDBDocumentClient.from(stock), localNames(runtime.plan).tableName, () => Promise.resolve('k'));
    const id = 'inc-appendonce0001';
    const draft = { type: 'review-drafted' as const, actor: 'sirp', summary: 'drafted', data: {} };
    const first = await store.appendOnce(id, 'review:7', draft, new Date().toISOString());
    const again = await store.appendOnce(id, 'review:7', draft, new Date().toISOString());
    expect([first.appended, again.appended]).toEqual([true, false]);
    expect(again.entry).toEqual(first.entry);
    expect(await store.list(id)).toHaveLength(1);
  });

  it('appends a keyed entry once when twins of a step race each other', async () => {
    const store = new TimelineStore(DynamoDBDocumentClient.from(stock), localNames(runtime.plan).tableName, () => Promise.resolve('k'));
    const id = 'inc-appendtwins0001';
    const draft = { type: 'communication' as const, actor: 'sirp', summary: 'released', data: {} };
    const results = await Promise.all([1, 2, 3].map(() => store.appendOnce(id, 'comm-released:x', draft, new Date().toISOString())));
    expect(results.filter((r) => r.appended)).toHaveLength(1);
    expect(await store.list(id)).toHaveLength(1);
  });
});
