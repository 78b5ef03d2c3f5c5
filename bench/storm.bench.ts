/**
 * `npm run bench:storm`: an alert storm on the embedded runtime. 10,000
 * distinct events from mixed sources in 100 correlation groups, each
 * delivered three times (30,000 deliveries, shuffled), sent by 10 concurrent
 * senders over HTTP to POST /events. The senders run in a worker thread
 * (`lib/storm-senders.ts`), not on the runtime's event loop; the CPU time of
 * the runtime's thread, the senders' thread and the dynalite child is printed
 * with the machine's load average. Prints throughput, exact counts
 * (incidents, Crisis Lead pages, lost events, dead letters), DynamoDB writes
 * per distinct event, and the write rate against the raw dynalite
 * conditional-put rate measured first, in the same run, on the same dynalite.
 *
 * Exit 1 when a count is wrong (incidents != groups, pages != incidents,
 * any lost event or dead letter); speed targets are reported, not enforced.
 */
// ESM-only dependencies (@middy/*) must resolve before any handler loads.
import '../local/runtime/esm-only-packages';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { onCallAt } from '../core/plan/on-call';
import { keys } from '../core/table/table-shape';
import { clients } from '../lambdas/shared/clients';
import { startRuntime } from '../local/runtime/runtime';
import { localNames } from '../local/runtime/local-names';
import { dynaliteChildPid, processCpuMs } from './lib/cpu-time';
import type { SendersJob, SendersMessage, SendersResult } from './lib/storm-senders';
import { shuffle, STORM_MIX, type StormEvent, stormEvent } from './lib/storm-events';

/** `--per-group N` makes a smaller storm (for profiling); the figures in the README are from the default. */
const EVENTS_PER_GROUP = Number(parseArgs({ options: { 'per-group': { type: 'string', default: '100' } } }).values['per-group']);
const DELIVERIES_PER_EVENT = 3;
const SENDERS = 10;
const RAW_PUT_MS = 3000;
/** Alert workflows page after triage answers; give the 100 of them this long to finish paging. */
const PAGE_WAIT_MS = 120_000;
const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand']);

/** Counts every request the runtime's handlers send to DynamoDB, by command. */
function countRequests(): Map<string, number> {
  const counts = new Map<string, number>();
  clients().db.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'stormRequestCounter' },
  );
  return counts;
}

const writesIn = (counts: Map<string, number>): number => [...counts].reduce((sum, [name, n]) => sum + (WRITE_COMMANDS.has(name) ? n : 0), 0);

/** 10 writers racing conditional PutItems at the runtime's dynalite: the ceiling the intake's writes are compared to. */
async function rawConditionalPutRate(endpoint: string, tableName: string, region: string): Promise<number> {
  const db = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  let done = 0;
  const started = performance.now();
  const deadline = started + RAW_PUT_MS;
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        try {
          await db.send(
            new PutItemCommand({
              TableName: tableName,
              // Half the puts race the other writers on a shared key and lose their condition, as triage's claims do.
              Item: { pk: { S: i % 2 === 0 ? `BENCH#raw-${w}-${i}` : `BENCH#raw-shared-${i}` }, sk: { S: 'META' }, body: { S: 'x'.repeat(512) } },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
        done++;
      }
    }),
  );
  db.destroy();
  return (done * 1000) / (performance.now() - started);
}

/** Sends every delivery from the senders' worker thread (see storm-senders.ts); the clock starts when they start. */
async function send(url: string, events: readonly StormEvent[], deliveries: readonly StormEvent[]): Promise<{ answers: Map<string, string[]>; failures: number; seconds: number; sendersCpuMs: number }> {
  const index = new Map(events.map((e, i) => [e, i]));
  const job: SendersJob = { url, senders: SENDERS, bodies: events.map((e) => e.body), order: deliveries.map((d) => index.get(d) ?? -1) };
  const worker = new Worker(join(__dirname, 'lib', 'storm-senders.ts'), { workerData: job });
  try {
    let started = 0;
    const result = await new Promise<SendersResult>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => {
        reject(new Error(`the senders' worker exited (${code}) before it was done`));
      });
      worker.on('message', (message: SendersMessage) => {
        if (message.type === 'ready') {
          started = performance.now();
          worker.postMessage('go');
        } else resolve(message);
      });
    });
    const seconds = (performance.now() - started) / 1000;
    const answers = new Map<string, string[]>();
    for (const [i, outcomes] of result.answers) {
      const eventId = events[i]?.eventId ?? '';
      answers.set(eventId, [...(answers.get(eventId) ?? []), ...outcomes]);
    }
    return { answers, failures: result.failures, seconds, sendersCpuMs: result.cpuMs };
  } finally {
    await worker.terminate();
  }
}

async function main(): Promise<void> {
  const runId = randomBytes(3).toString('hex');
  const runtime = await startRuntime({ planPath: join(__dirname, '..', 'orgs', 'example.yaml'), port: 0, host: '127.0.0.1', dataDir: null });
  try {
    const names = localNames(runtime.plan);
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '';
    const counts = countRequests();

    const events: StormEvent[] = [];
    let group = 0;
    for (const [source, groups] of STORM_MIX) {
      for (let g = 0; g < groups; g++, group++) {
        for (let n = 0; n < EVENTS_PER_GROUP; n++) events.push(stormEvent(runId, source, group, n));
      }
    }
    const deliveries = shuffle(events.flatMap((e) => Array.from({ length: DELIVERIES_PER_EVENT }, () => e)), parseInt(runId, 16));

    const rawPutsPerSecond = await rawConditionalPutRate(endpoint, names.tableName, names.region);

    // Where the CPU goes during the storm: the runtime's thread, the senders' thread, the dynalite child.
    const dynalitePid = dynaliteChildPid();
    const dynaliteCpuBefore = dynalitePid === undefined ? null : processCpuMs(dynalitePid);
    const cpuBefore = process.threadCpuUsage();
    const loadBefore = loadavg()[0] ?? 0;
    const { answers, failures, seconds, sendersCpuMs } = await send(runtime.url, events, deliveries);
    const loadAfter = loadavg()[0] ?? 0;
    const cpu = process.threadCpuUsage(cpuBefore);
    const runtimeCpuS = (cpu.user + cpu.system) / 1e6;
    const dynaliteCpuAfter = dynalitePid === undefined ? null : processCpuMs(dynalitePid);
    const dynaliteCpuS = dynaliteCpuBefore === null || dynaliteCpuAfter === null ? null : (dynaliteCpuAfter - dynaliteCpuBefore) / 1000;
    const during = new Map(counts);
    const writes = writesIn(during);
    const requests = [...during.values()].reduce((a, b) => a + b, 0);

    // Every distinct event: exactly one answer that is not "duplicate", and its delivery record in the table.
    const { db } = clients();
    let lost = 0;
    let unrecorded = 0;
    const outcomes = new Map<string, number>();
    for (const event of events) {
      const first = (answers.get(event.eventId) ?? []).filter((o) => o !== 'duplicate');
      if (first.length !== 1) lost++;
      for (const o of answers.get(event.eventId) ?? []) outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      // A Security Hub batch gives one signal per finding, keyed `<event id>#<index>`.
      const signalId = event.source === 'securityhub' ? `${event.eventId}#0` : event.eventId;
      const { Item } = await db.send(new GetCommand({ TableName: names.tableName, Key: keys.delivery(signalId) }));
      if (Item === undefined) unrecorded++;
    }
    const created = [...answers.values()].flat().filter((o) => o === 'created').length;
    const incidents = (await runtime.engine.listExecutions({ stateMachineArn: names.machineArns.incident, maxResults: 1000 })).executions?.length ?? 0;

    // Pages: the Alert gate's email to the on-call Crisis Lead, one per incident.
    const lead = onCallAt(runtime.plan, runtime.clock.now()).lead;
    const pagesNow = (): number => runtime.outbox.list({ to: lead }).filter((d) => d.channel === 'email' && d.incidentId !== undefined).length;
    const pageDeadline = Date.now() + PAGE_WAIT_MS;
    while (pagesNow() < created && Date.now() < pageDeadline) await new Promise((r) => {
      setTimeout(r, 250);
    });
    await new Promise((r) => setTimeout(r, 1000));
    const pages = pagesNow();
    const pagedIncidents = new Set(runtime.outbox.list({ to: lead }).filter((d) => d.channel === 'email').map((d) => d.incidentId)).size;
    const deadLetters = (await (await fetch(`${runtime.url}/api/deadletters`)).json()) as unknown[];

    const groups = STORM_MIX.reduce((sum, [, n]) => sum + n, 0);
    const deliveriesPerSecond = deliveries.length / seconds;
    const writeRate = writes / seconds;
    const line = (label: string, value: string, note = ''): void => {
      console.log(`${label.padEnd(34)} ${value.padStart(12)}  ${note}`);
    };
    console.log(`machine: ${cpus().length} cores, 1-minute load average ${loadBefore.toFixed(2)} at the start of the storm, ${loadAfter.toFixed(2)} at the end`);
    console.log(`storm ${runId}: ${events.length} distinct events in ${groups} groups x ${DELIVERIES_PER_EVENT} deliveries, ${SENDERS} senders, ${STORM_MIX.map(([s, n]) => `${s} ${n}`).join(', ')}`);
    line('deliveries', String(deliveries.length), `${failures} not answered 202`);
    line('elapsed', `${seconds.toFixed(1)} s`);
    line('deliveries/s', deliveriesPerSecond.toFixed(0), `target >= 1000: ${deliveriesPerSecond >= 1000 ? 'met' : 'MISSED'}`);
    const cpuNote = (cpuS: number): string => `${((cpuS * 1000) / deliveries.length).toFixed(2)} ms per delivery, ${((cpuS / seconds) * 100).toFixed(0)} % of a core`;
    line('CPU: runtime thread', `${runtimeCpuS.toFixed(1)} s`, cpuNote(runtimeCpuS));
    line('CPU: senders thread', `${(sendersCpuMs / 1000).toFixed(1)} s`, cpuNote(sendersCpuMs / 1000));
    line('CPU: dynalite child', dynaliteCpuS === null ? 'n/a' : `${dynaliteCpuS.toFixed(1)} s`, dynaliteCpuS === null ? '' : cpuNote(dynaliteCpuS));
    line('outcomes', [...outcomes].map(([o, n]) => `${o} ${n}`).join(', '));
    line('incidents created', String(created), `groups ${groups}, incident workflows started ${incidents}: ${created === groups && incidents === groups ? 'equal' : 'WRONG'}`);
    line('Crisis Lead pages (email)', String(pages), `${pagedIncidents} incidents paged: ${pages === created ? 'one per incident' : 'WRONG'}`);
    line('lost events', String(lost), `${unrecorded} without a delivery record`);
    line('dead letters', String(deadLetters.length));
    line('DynamoDB requests during storm', String(requests), [...during].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n.replace(/Command$/, '')} ${c}`).join(', '));
    line('DynamoDB writes / distinct event', (writes / events.length).toFixed(3), `${writes} writes (incl. the workflows'); target <= 2: ${writes / events.length <= 2 ? 'met' : 'MISSED'}`);
    line('raw dynalite conditional puts/s', rawPutsPerSecond.toFixed(0), `baseline: ${SENDERS} writers, ${RAW_PUT_MS / 1000} s, same dynalite, before the storm`);
    line('achieved writes/s', writeRate.toFixed(0), `${((writeRate / rawPutsPerSecond) * 100).toFixed(1)} % of raw; target >= 50 %: ${writeRate / rawPutsPerSecond >= 0.5 ? 'met' : 'MISSED'}`);
    const wrong = created !== groups || incidents !== groups || pages !== created || lost > 0 || unrecorded > 0 || deadLetters.length > 0 || failures > 0;
    if (wrong) process.exitCode = 1;
  } finally {
    await runtime.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
