/**
 * `npm run bench:page [-- --json] [-- --memory] [-- --incidents N] [-- --senders N]`
 *
 * How long from the intake's 202 (the event is accepted and durable) to the
 * on-call Crisis Lead's page in the outbox, on the embedded runtime with the
 * real workflows, handlers and endpoints: N incidents one at a time, then N
 * more from concurrent senders. Each time is taken from the outbox's
 * `delivery` event, not by polling. The floor (one bare state machine run,
 * one conditional PutItem, one outbox write) is measured in the same run, so
 * the ratio holds on any machine.
 */
import '../local/runtime/esm-only-packages';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { onCallAt } from '../core/plan/on-call';
import { clients } from '../lambdas/shared/clients';
import { localNames } from '../local/runtime/local-names';
import { startRuntime, type Runtime } from '../local/runtime/runtime';
import type { Delivery } from '../local/services/outbox';
import { alarmEvents } from './lib/alarm-events';
import { measureFloor } from './lib/floor';
import { countRequests } from './lib/request-count';
import { killGroup, PROJECT_ROOT, startSirpProcess } from './lib/sirp-process';
import { ms, summarize, type Summary } from './lib/stats';
import { formatTable } from './lib/table';

const ArgsSchema = z.object({
  json: z.boolean().default(false),
  memory: z.boolean().default(false),
  incidents: z.coerce.number().int().min(1).max(5000).default(200),
  senders: z.coerce.number().int().min(1).max(200).default(20),
});
type Args = z.infer<typeof ArgsSchema>;

const TARGET_P99_MS = 100;
const TARGET_RATIO = 3;
// A page that takes longer than this is a hang, not a figure.
const PAGE_TIMEOUT_MS = 15_000;

interface PageWatch {
  /** Resolves with the time (performance.now) the lead's first page for this incident was recorded. */
  pagedAt(incidentId: string): Promise<number>;
}

/** Watches the outbox's `delivery` events for the lead's first page per incident. */
function watchPages(runtime: Runtime, lead: string): PageWatch {
  const seen = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  runtime.outbox.on('delivery', (delivery: Delivery) => {
    if (delivery.to !== lead || delivery.incidentId === undefined || seen.has(delivery.incidentId)) return;
    const at = performance.now();
    seen.set(delivery.incidentId, at);
    waiting.get(delivery.incidentId)?.(at);
  });
  return {
    pagedAt: (incidentId) => {
      const at = seen.get(incidentId);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error(`no page for ${incidentId} within ${PAGE_TIMEOUT_MS} ms`)); }, PAGE_TIMEOUT_MS);
        waiting.set(incidentId, (pagedAt) => {
          clearTimeout(timer);
          resolve(pagedAt);
        });
      });
    },
  };
}

/** Milliseconds from the 202 to the page, and from sending the alarm to the page (triage included). */
interface Sample {
  readonly accepted: number;
  readonly endToEnd: number;
}

/** One incident: send its alarm, take the 202, wait for the page. */
async function onePage(runtime: Runtime, pages: PageWatch, body: string): Promise<Sample> {
  const sentAt = performance.now();
  const response = await fetch(`${runtime.url}/events`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const acceptedAt = performance.now();
  const answer = (await response.json()) as { results?: { outcome: string; incidentId: string | null }[] };
  const result = answer.results?.[0];
  if (response.status !== 202 || result?.outcome !== 'created' || result.incidentId === null) {
    throw new Error(`the alarm did not open an incident: HTTP ${response.status} ${JSON.stringify(answer)}`);
  }
  const pagedAt = await pages.pagedAt(result.incidentId);
  // The workflow starts before the 202 is written, so the page can be on disk
  // before the client has read the 202: that counts as 0, not a negative time.
  return { accepted: Math.max(0, pagedAt - acceptedAt), endToEnd: pagedAt - sentAt };
}

async function sequential(runtime: Runtime, pages: PageWatch, event: (n: number) => string, count: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let n = 0; n < count; n += 1) samples.push(await onePage(runtime, pages, event(n)));
  return samples;
}

async function concurrent(runtime: Runtime, pages: PageWatch, event: (n: number) => string, count: number, senders: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < count) {
      const n = next;
      next += 1;
      samples.push(await onePage(runtime, pages, event(n)));
    }
  };
  await Promise.all(Array.from({ length: senders }, sender));
  return samples;
}

/** Spawn to `ready` of the real CLI, as an operator sees it (a Node boot, tsx, the runtime). */
async function cliStartupMs(): Promise<number> {
  const sirp = await startSirpProcess(['--port', '0', '--memory', '--plan', join(PROJECT_ROOT, 'orgs', 'example.yaml')], { timeoutMs: 60_000 });
  killGroup({ pid: sirp.pid }, 'SIGTERM');
  await sirp.exited;
  return sirp.readyMs;
}

async function main(args: Args): Promise<void> {
  const dataDir = args.memory ? null : mkdtempSync(join(tmpdir(), 'sirp-bench-page-'));
  const loadBefore = loadavg()[0] ?? 0;
  const runtime = await startRuntime({ planPath: join(PROJECT_ROOT, 'orgs', 'example.yaml'), port: 0, host: '127.0.0.1', dataDir });
  try {
    const names = localNames(runtime.plan);
    const lead = onCallAt(runtime.plan, Date.now()).lead;
    const pages = watchPages(runtime, lead);
    const runId = Date.now().toString(36);
    // Warm-up incidents (JIT, SDK clients, the secrets cache) are not counted.
    await sequential(runtime, pages, alarmEvents(`${runId}-warm`), 10);
    const { db, sfn, sns, secrets } = clients();
    const requests = countRequests({ DynamoDB: db, SFN: sfn, SNS: sns, SecretsManager: secrets });
    requests.start();
    const seq = await sequential(runtime, pages, alarmEvents(`${runId}-seq`), args.incidents);
    // The workflows go on after the page (timeline entries): let them finish before the count stops.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const perIncident = [...requests.stop()].map(([operation, n]) => [operation, n / args.incidents] as const).sort((a, b) => b[1] - a[1]);
    const conc = await concurrent(runtime, pages, alarmEvents(`${runId}-conc`), args.incidents, args.senders);
    const floor = await measureFloor({
      dynamodbEndpoint: requireEnv('AWS_ENDPOINT_URL_DYNAMODB'),
      tableName: names.tableName,
      region: names.region,
      ...(dataDir === null ? {} : { outboxDir: join(dataDir, 'floor') }),
      samples: args.incidents,
    });
    // Last, so that the figures above are taken with no second runtime booting beside them.
    const cliMs = await cliStartupMs();
    report(args, {
      seq: summarize(seq.map((s) => s.accepted)),
      conc: summarize(conc.map((s) => s.accepted)),
      seqEndToEnd: summarize(seq.map((s) => s.endToEnd)),
      concEndToEnd: summarize(conc.map((s) => s.endToEnd)),
      floor, requests: perIncident, startupMs: runtime.startupMs, cliMs, storage: dataDir === null ? 'memory' : 'disk (fsync)', load: [loadBefore, loadavg()[0] ?? 0] });
  } finally {
    await runtime.stop();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Figures {
  readonly seq: Summary;
  readonly conc: Summary;
  readonly seqEndToEnd: Summary;
  readonly concEndToEnd: Summary;
  readonly floor: Summary;
  /** SDK requests per incident by operation, over the sequential run (whole Alert path, page included). */
  readonly requests: readonly (readonly [string, number])[];
  readonly startupMs: number;
  readonly cliMs: number;
  readonly storage: string;
  /** 1-minute load average at the start and the end: figures from a busy machine are not figures of sirp. */
  readonly load: readonly [number, number];
}

function report(args: Args, f: Figures): void {
  const ratio = f.seq.p50 / f.floor.p50;
  const ratioEndToEnd = f.seqEndToEnd.p50 / f.floor.p50;
  const targets = { sequentialP99: f.seq.p99 <= TARGET_P99_MS, p50OverFloor: ratio <= TARGET_RATIO };
  if (args.json) {
    console.log(JSON.stringify({ incidents: args.incidents, senders: args.senders, storage: f.storage, sequential: f.seq, concurrent: f.conc, sequentialEndToEnd: f.seqEndToEnd, concurrentEndToEnd: f.concEndToEnd, floor: f.floor, requestsPerIncident: Object.fromEntries(f.requests), ratioP50: ratio, ratioP50EndToEnd: ratioEndToEnd, startupMs: f.startupMs, cliReadyMs: f.cliMs, cores: cpus().length, loadAverage: f.load, targets }, null, 2));
    return;
  }
  const row = (name: string, s: Summary): string[] => [name, String(s.count), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)];
  console.log(`bench:page: the Crisis Lead's page in the outbox, ms after the intake's 202 and after the POST (triage included); storage: ${f.storage}`);
  console.log(formatTable(['run', 'n', 'p50', 'p95', 'p99', 'max'], [
    row('sequential, 202 -> page', f.seq),
    row(`concurrent (${args.senders}), 202 -> page`, f.conc),
    row('sequential, POST -> page', f.seqEndToEnd),
    row(`concurrent (${args.senders}), POST -> page`, f.concEndToEnd),
    row('floor', f.floor),
  ]));
  console.log(`ratio p50 / floor p50: ${ratio.toFixed(2)}x after the 202 (target <= ${TARGET_RATIO}x: ${targets.p50OverFloor ? 'met' : 'NOT met'}), ${ratioEndToEnd.toFixed(2)}x after the POST`);
  console.log(`sequential p99: ${ms(f.seq.p99)} ms (target <= ${TARGET_P99_MS} ms: ${targets.sequentialP99 ? 'met' : 'NOT met'})`);
  const total = f.requests.reduce((sum, [, n]) => sum + n, 0);
  console.log(`SDK requests per incident (sequential run): ${total.toFixed(1)} = ${f.requests.map(([op, n]) => `${n.toFixed(1)} ${op}`).join(', ')}`);
  console.log(`machine: ${cpus().length} cores, 1-minute load average ${f.load[0].toFixed(1)} at the start, ${f.load[1].toFixed(1)} at the end`);
  console.log(`startup: ${f.startupMs} ms in process (startRuntime), ${ms(f.cliMs)} ms from spawn to "ready" for \`sirp local --memory\``);
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: the runtime sets it at start`);
  return value;
}

const { values } = parseArgs({
  options: { json: { type: 'boolean' }, memory: { type: 'boolean' }, incidents: { type: 'string' }, senders: { type: 'string' } },
  strict: true,
});
const parsed = ArgsSchema.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}
main(parsed.data).then(
  () => { process.exit(0); },
  (error: unknown) => {
    console.error(`bench:page failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
