/**
 * `npm run bench:cost [-- --hours H] [-- --json]`
 *
 * What one incident costs in AWS. Runs a sev2 incident on the embedded
 * runtime with the real ASL, handlers and endpoints on a compressed clock
 * (frozen while steps run, advanced in steps of the reminder rate),
 * open `--hours` (24) of incident time with the example plan's sync cadences,
 * scripted people deciding every gate, an extraordinary action and a customer
 * notice through their personal links, then counts what AWS bills:
 * state transitions (the engine's history), Lambda invocations, DynamoDB
 * requests and request units (a middleware on the handlers' shared client),
 * SNS publishes and deliveries by channel (the outbox) and scheduler
 * invocations, and prices them from public list prices (printed with the run).
 * The baseline, measured in the same run, is one execution of a bare
 * one-state machine on the same engine: the ratio says how many bare
 * executions one whole incident costs.
 */
import '../local/runtime/esm-only-packages';
import { parseArgs } from 'node:util';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { findForm } from '../local/cli/approval-form';
import { WorkflowEngine } from '../local/engine/engine';
import { RuntimeClock } from '../local/engine/runtime-clock';
import { clients } from '../lambdas/shared/clients';
import { MACHINES } from '../core/workflow/workflow-names';
import { localNames } from '../local/runtime/local-names';
import { startRuntime, type Runtime } from '../local/runtime/runtime';
import { SYNC_REMINDER_RATE_MS } from '../local/runtime/scheduler';
import { PROJECT_ROOT } from './lib/sirp-process';
import { formatTable } from './lib/table';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ArgsSchema = z.object({
  json: z.boolean().default(false),
  hours: z.coerce.number().min(13).max(168).default(24),
});

/** Public list prices, US East (N. Virginia) / EU (Ireland) where equal; checked Nov 2026 from the AWS pricing pages, as the issue states them. */
const PRICES = {
  sfnPerTransition: 25 / 1e6,
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecondArm: 0.0000133334,
  lambdaMemoryGb: 512 / 1024,
  /** Assumed billed duration of a warm handler that makes a few SDK calls. */
  lambdaBilledSeconds: 0.2,
  // On-demand, us-east-1 list price before the November 2024 cut (now $0.625 / $0.125): the conservative figure.
  dynamoPerWriteUnit: 1.25 / 1e6,
  dynamoPerReadUnit: 0.25 / 1e6,
  snsPerPublish: 0.5 / 1e6,
  snsPerEmail: 2 / 100_000,
  /** SMS varies by country and carrier: approximate 2024 list prices per message. */
  smsByCountry: [
    ['+1', 0.00883],
    ['+44', 0.0395],
  ] as const,
  smsOther: 0.05,
  schedulerPerInvocation: 1 / 1e6,
} as const;

const TARGET_USD = 0.01;

/** Incident minutes at which the scripted people answer each kind of approval (all well inside the plan's gate timeouts). */
function script(hours: number): readonly { readonly kind: string; readonly match: RegExp; readonly atMinute: number }[] {
  return [
    { kind: 'alert gate', match: /Mobilize a response/, atMinute: 5 },
    { kind: 'mobilize gate', match: /Move to containment/, atMinute: 30 },
    { kind: 'extraordinary action', match: /extraordinary/i, atMinute: 45 },
    { kind: 'communication', match: /communication/i, atMinute: 75 },
    { kind: 'contain gate', match: /containment achieved/i, atMinute: 4 * 60 },
    { kind: 'recover gate', match: /recovery complete/i, atMinute: 11 * 60 },
    { kind: 'learn gate', match: /review/i, atMinute: hours * 60 },
  ];
}

interface DynamoCounts {
  requests: number;
  reads: number;
  writes: number;
  readUnits: number;
  writeUnits: number;
  byCommand: Map<string, number>;
}

const READS = new Set(['GetCommand', 'QueryCommand', 'ScanCommand', 'BatchGetCommand', 'GetItemCommand', 'QueryCommand', 'ScanCommand']);
const size = (value: unknown): number => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));

/** Counts every request the handlers' shared DynamoDB client sends, with request units estimated from item sizes. */
function countDynamoDb(): { counts: DynamoCounts; pause: (paused: boolean) => void; activity: () => number } {
  const counts: DynamoCounts = { requests: 0, reads: 0, writes: 0, readUnits: 0, writeUnits: 0, byCommand: new Map() };
  let paused = false;
  let activity = 0;
  clients().db.middlewareStack.add(
    (next, context) => async (args) => {
      activity += 1;
      const result = await next(args);
      if (paused) return result;
      const name = context.commandName ?? 'unknown';
      counts.requests += 1;
      counts.byCommand.set(name, (counts.byCommand.get(name) ?? 0) + 1);
      const input = args.input as { Item?: Record<string, unknown>; Key?: unknown };
      const output = result.output as { Item?: unknown; Items?: unknown[] };
      if (READS.has(name)) {
        counts.reads += 1;
        // Strongly consistent: one unit per 4 KB read, at least one per request.
        counts.readUnits += Math.max(1, Math.ceil((size(output.Item) + size(output.Items)) / 4096));
      } else {
        counts.writes += 1;
        const units = Math.max(1, Math.ceil(size(input.Item ?? input.Key) / 1024));
        // An item in the status/approvals index is written to the index too.
        counts.writeUnits += input.Item !== undefined && 'gsi1pk' in input.Item ? units * 2 : units;
      }
      return result;
    },
    { step: 'initialize', name: 'costBenchCounter' },
  );
  return {
    counts,
    pause: (value) => {
      paused = value;
    },
    activity: () => activity,
  };
}

interface EngineCounts {
  executions: number;
  transitions: number;
  lambdaTasks: number;
}

async function engineCounts(engine: WorkflowEngine, arns: readonly string[]): Promise<EngineCounts> {
  const counts: EngineCounts = { executions: 0, transitions: 0, lambdaTasks: 0 };
  for (const stateMachineArn of arns) {
    const { executions = [] } = await engine.listExecutions({ stateMachineArn, maxResults: 1000 });
    for (const execution of executions) {
      counts.executions += 1;
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await engine.getExecutionHistory({ executionArn: execution.executionArn ?? '', maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) });
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      for (const e of events) {
        // AWS bills a transition per state entered (Succeed and Fail states included).
        if (e.type?.endsWith('StateEntered') === true) counts.transitions += 1;
        if (e.type === 'LambdaFunctionScheduled' || (e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'lambda')) counts.lambdaTasks += 1;
      }
    }
  }
  return counts;
}

/** The baseline: one execution of a one-state machine on the same engine. */
async function bareExecution(): Promise<EngineCounts> {
  const clock = new RuntimeClock();
  const engine = new WorkflowEngine({
    clock,
    region: 'us-east-1',
    accountId: '000000000000',
    machines: [{ name: 'bare', definition: JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } }) }],
    lambdas: {},
  });
  const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:bare';
  const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{}' });
  if (executionArn === undefined) throw new Error('the engine started no execution');
  await engine.waitForExecution(executionArn);
  const counts = await engineCounts(engine, [arn]);
  await engine.close();
  return counts;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the runtime is idle: no DynamoDB request for a while means no
 * workflow step, reminder round or delivery is still running.
 */
async function settle(activity: () => number): Promise<void> {
  let last = activity();
  let quietSince = Date.now();
  while (Date.now() - quietSince < 120) {
    await sleep(20);
    const now = activity();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
  }
}

/**
 * Drives the incident on a frozen clock that jumps in steps of the reminder
 * rate: nothing times out while a step runs (the engine's 60 s task timeouts
 * are incident time), and every reminder round of the day happens. The
 * scripted people answer each approval at its scripted minute.
 */
async function runIncident(runtime: Runtime, hours: number, activity: () => number, pause: (paused: boolean) => void): Promise<{ incidentId: string; approvalRequests: number; decided: string[]; operatorRequests: number }> {
  const alarm = readFileSync(join(PROJECT_ROOT, 'examples', 'events', 'cloudwatch-alarm.json'), 'utf8');
  runtime.clock.speed = 0;
  const opened = runtime.clock.now();
  const accepted = await fetch(`${runtime.url}/events`, { method: 'POST', body: alarm });
  const answer = (await accepted.json()) as { results?: { incidentId?: string }[] };
  const incidentId = answer.results?.[0]?.incidentId;
  if (accepted.status !== 202 || incidentId === undefined) throw new Error(`the alarm was not taken in: ${JSON.stringify(answer)}`);
  await settle(activity);
  const steps = script(hours);
  const decided = new Set<string>();
  const kinds: string[] = [];
  let approvalRequests = 0;
  let operatorRequests = 0;
  let drafted = false;
  for (;;) {
    const minute = (runtime.clock.now() - opened) / 60_000;
    if (!drafted && minute >= 60) {
      // The Communications workstream drafts a customer notice (an operator API call: a Lambda behind API Gateway in AWS).
      const response = await fetch(`${runtime.url}/api/incidents/${incidentId}/comms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ audience: 'customers', message: '# Security notice\n\nWe contained unusual access; no customer data was affected.' }),
      });
      if (response.status !== 202) throw new Error(`the draft was refused: ${await response.text()}`);
      operatorRequests += 1;
      drafted = true;
      await settle(activity);
    }
    for (const delivery of runtime.outbox.list({ incidentId })) {
      const link = /https?:\/\/\S+\/a\/[A-Za-z0-9_.-]+/.exec(delivery.body)?.[0];
      if (delivery.approvalId === undefined || link === undefined || decided.has(delivery.approvalId)) continue;
      const step = steps.find((s) => s.match.test(delivery.body));
      if (step === undefined || minute < step.atMinute) continue;
      decided.add(delivery.approvalId);
      const html = await (await fetch(link)).text();
      const form = findForm(html, 'approve', 'mobilize') ?? findForm(html, 'approve');
      approvalRequests += 1;
      if (form === undefined) continue;
      await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields).toString() });
      approvalRequests += 1;
      kinds.push(`${step.kind} at +${(minute / 60).toFixed(1)} h`);
      await settle(activity);
    }
    // The driver's own look at the incident is not part of the incident's cost.
    pause(true);
    const incident = (await (await fetch(`${runtime.url}/api/incidents/${incidentId}`)).json()) as { incident: { status: string; phase: string } };
    pause(false);
    if (incident.incident.status === 'closed') break;
    if (minute > hours * 60 + 60) throw new Error(`the incident did not close (phase ${incident.incident.phase}; decided ${kinds.join(', ')})`);
    runtime.clock.advance(SYNC_REMINDER_RATE_MS);
    await settle(activity);
  }
  return { incidentId, approvalRequests, decided: kinds, operatorRequests };
}

const usd = (value: number): string => `$${value.toFixed(value < 0.001 ? 6 : 4)}`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, hours: { type: 'string' } }, allowPositionals: false });
  const args = ArgsSchema.parse(values);
  const planPath = join(PROJECT_ROOT, 'orgs', 'example.yaml');
  const baseline = await bareExecution();

  const runtime = await startRuntime({ planPath, port: 0, host: '127.0.0.1', dataDir: null });
  const { counts: dynamo, pause, activity } = countDynamoDb();
  const startedReal = Date.now();
  const startedClock = runtime.clock.now();
  let run;
  try {
    run = await runIncident(runtime, args.hours, activity, pause);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  pause(true);
  const incidentHours = (runtime.clock.now() - startedClock) / 3600_000;
  const names = localNames(runtime.plan);
  const engine = await engineCounts(runtime.engine, MACHINES.map((m) => names.machineArns[m]));
  const deliveries = runtime.outbox.list({});
  await runtime.stop();

  const email = deliveries.filter((d) => d.channel === 'email').length;
  const sms = deliveries.filter((d) => d.channel === 'sms');
  const smsUsd = sms.reduce((sum, d) => sum + (PRICES.smsByCountry.find(([prefix]) => d.address.startsWith(prefix))?.[1] ?? PRICES.smsOther), 0);
  // The stack's reminder rule fires every 5 minutes whatever is open; one day of it is charged to this incident (one incident a day).
  const schedulerTicks = Math.floor((incidentHours * 3600_000) / SYNC_REMINDER_RATE_MS);
  const lambdaInvocations = engine.lambdaTasks + 1 /* triage */ + run.approvalRequests + run.operatorRequests + schedulerTicks;
  const lines = {
    'Step Functions transitions': [engine.transitions, engine.transitions * PRICES.sfnPerTransition],
    'Lambda requests': [lambdaInvocations, lambdaInvocations * PRICES.lambdaPerRequest],
    'Lambda compute (GB-s)': [lambdaInvocations * PRICES.lambdaMemoryGb * PRICES.lambdaBilledSeconds, lambdaInvocations * PRICES.lambdaMemoryGb * PRICES.lambdaBilledSeconds * PRICES.lambdaPerGbSecondArm],
    'DynamoDB write units': [dynamo.writeUnits, dynamo.writeUnits * PRICES.dynamoPerWriteUnit],
    'DynamoDB read units': [dynamo.readUnits, dynamo.readUnits * PRICES.dynamoPerReadUnit],
    'SNS publishes': [deliveries.length, deliveries.length * PRICES.snsPerPublish],
    'SNS email deliveries': [email, email * PRICES.snsPerEmail],
    'Scheduler invocations': [schedulerTicks, schedulerTicks * PRICES.schedulerPerInvocation],
  } as const;
  const withoutSms = Object.values(lines).reduce((sum, [, cost]) => sum + cost, 0);
  const baselineUsd = baseline.transitions * PRICES.sfnPerTransition;
  const result = {
    scenario: { severity: 'sev2', incidentHours: Number(incidentHours.toFixed(2)), clock: 'frozen, advanced in reminder-rate steps', realSeconds: Math.round((Date.now() - startedReal) / 1000), decided: run.decided },
    counts: {
      executions: engine.executions,
      transitions: engine.transitions,
      lambdaInvocations,
      lambdaFromWorkflows: engine.lambdaTasks,
      dynamoRequests: dynamo.requests,
      dynamoReads: dynamo.reads,
      dynamoWrites: dynamo.writes,
      dynamoByCommand: Object.fromEntries(dynamo.byCommand),
      notifications: { email, sms: sms.length },
      schedulerInvocations: schedulerTicks,
    },
    costUsd: { ...Object.fromEntries(Object.entries(lines).map(([k, [, c]]) => [k, c])), totalWithoutSms: withoutSms, sms: smsUsd, totalWithSms: withoutSms + smsUsd },
    baseline: { what: 'one execution of a one-state Pass machine', transitions: baseline.transitions, usd: baselineUsd, ratio: Number((withoutSms / baselineUsd).toFixed(1)) },
    target: { usd: TARGET_USD, met: withoutSms < TARGET_USD },
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const out = (text = ''): void => {
    process.stdout.write(`${text}\n`);
  };
  out(`bench:cost: one sev2 incident open ${incidentHours.toFixed(1)} h of incident time (compressed clock: ${String(result.scenario.realSeconds)} s real), example plan's sync cadences`);
  out(`decisions: ${run.decided.join(', ')}`);
  out();
  out(formatTable(['item', 'count', 'USD'], Object.entries(lines).map(([k, [n, c]]) => [k, Number.isInteger(n) ? String(n) : n.toFixed(1), usd(c)])));
  out();
  out(`executions ${String(engine.executions)} (incident, phases, communication), Lambda tasks from workflows ${String(engine.lambdaTasks)}, DynamoDB requests ${String(dynamo.requests)} (${String(dynamo.reads)} reads, ${String(dynamo.writes)} writes)`);
  out(`total without SMS: ${usd(withoutSms)} per incident  (target < $${TARGET_USD.toFixed(2)}: ${result.target.met ? 'met' : 'NOT met'})`);
  const smsReminders = sms.filter((d) => /sync|remind/i.test(d.body)).length;
  out(`SMS: ${String(sms.length)} messages (${String(smsReminders)} sync reminders, ${String(sms.length - smsReminders)} pages and notices) = ${usd(smsUsd)}  <- SMS dominates: it costs more than everything else together`);
  out(`total with SMS: ${usd(withoutSms + smsUsd)}`);
  out(`baseline: ${result.baseline.what} = ${String(baseline.transitions)} transition(s) = ${usd(baselineUsd)}; one incident (without SMS) = ${String(result.baseline.ratio)}x that`);
  out();
  out('assumptions: Step Functions Standard $25/M transitions (one per state entered); Lambda $0.20/M requests + $0.0000133334/GB-s (arm64),');
  out(`  512 MB, ${String(PRICES.lambdaBilledSeconds * 1000)} ms billed per invocation (assumed, warm); DynamoDB on-demand us-east-1 $1.25/M write units, $0.25/M read units`);
  out('  (list price before the Nov 2024 cut to $0.625/$0.125: conservative), units from item sizes (1 KB writes, 4 KB strongly consistent reads, GSI writes doubled);');
  out('  SNS $0.50/M publishes, email $2.00/100k, SMS ~$0.0088 (+1) / ~$0.0395 (+44) / $0.05 other per message (varies by country and carrier);');
  out(`  scheduler: the reminder rule fires every ${String(SYNC_REMINDER_RATE_MS / 60_000)} min for the org, charged here as if it served this one incident, at $1.00/M;`);
  out('  Lambda invocations = workflow tasks + triage + approval page GET/POST + operator API + scheduler ticks. Not counted: CloudWatch Logs, X-Ray, KMS, API Gateway, data transfer.');
}

main().then(
  () => {
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`bench:cost failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
