/**
 * `npm run bench:approvals [-- --incidents N] [-- --json]`
 *
 * Hostile attempts on approval links mixed with legitimate decisions, on the
 * embedded runtime (real HTTP server, approval handler, dynalite, engine):
 * for each incident, its Crisis Lead decides through the page while scanners,
 * forgers, other people, cross-site forms, oversized bodies, replays, a
 * concurrent duplicate and (every fifth incident) a revoked link hit the
 * same approval at the same time. Prints the attempts, how many hostile ones
 * were accepted (must be 0), whether every legitimate decision was accepted
 * exactly once, decisions per second, and the bare HTTP round trip of
 * `GET /health` measured in the same run as the baseline, with the ratio.
 * Exits 1 if a hostile attempt got through or a decision was lost or doubled.
 */
import '../local/runtime/esm-only-packages';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { linkSegment } from '../core/approval/link';
import { findForm } from '../local/cli/approval-form';
import type { Runtime } from '../local/runtime/runtime';
import { alarmEvents } from './lib/alarm-events';
import { PROJECT_ROOT } from './lib/sirp-process';
import { ms, summarize } from './lib/stats';
import { formatTable } from './lib/table';

const ArgsSchema = z.object({
  json: z.boolean().default(false),
  incidents: z.coerce.number().int().min(10).max(1000).default(48),
  // Incidents under attack at the same time.
  parallel: z.coerce.number().int().min(1).max(64).default(8),
});

interface Listed {
  approvalId: string;
  incidentId: string;
  decider: string;
  status: string;
  decidedBy: string | null;
  link: string | null;
}

interface Answer {
  readonly status: number;
  readonly state: string | null;
}

type Kind =
  | 'scanner GET'
  | 'scanner HEAD'
  | 'forged signature'
  | 'approval id changed'
  | "another person's link"
  | 'missing anti-forgery value'
  | "another page's anti-forgery value"
  | 'cross-site form'
  | 'form naming another person'
  | 'oversized body'
  | 'concurrent duplicate'
  | 'replay after the decision'
  | 'revoked link';

/** A hostile attempt is accepted if anything was decided or acknowledged through it. */
const accepted = (answer: Answer): boolean => answer.state === 'decided' || answer.state === 'acknowledged' || answer.state === 'moved-on';

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  await response.arrayBuffer();
  return { status: response.status, state: response.headers.get('x-sirp-approval-state') };
}

const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> =>
  send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });

async function formOf(link: string): Promise<Record<string, string>> {
  const response = await fetch(link);
  const form = findForm(await response.text(), 'approve', 'mobilize');
  if (form === undefined) throw new Error(`no mobilize form at ${response.status}`);
  return { ...form.fields };
}

function flipped(text: string): string {
  const bytes = Buffer.from(text, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64url');
}

async function pendingOf(runtime: Runtime, incidentId: string, except: string | null = null): Promise<Listed & { link: string }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const listed = (await (await fetch(`${runtime.url}/api/approvals?all=1&incident=${incidentId}`)).json()) as Listed[];
    const found = listed.find((a) => a.status === 'pending' && a.link !== null && a.approvalId !== except);
    if (found !== undefined) return found as Listed & { link: string };
    if (Date.now() > deadline) throw new Error(`no pending approval for ${incidentId}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, incidents: { type: 'string' }, parallel: { type: 'string' } } });
  const args = ArgsSchema.parse(values);
  // A thousand refused attempts are a thousand warnings: keep the figures readable (set before the handlers load).
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const { startRuntime } = await import('../local/runtime/runtime');
  const runtime = await startRuntime({ planPath: `${PROJECT_ROOT}/orgs/example.yaml`, port: 0, host: '127.0.0.1', dataDir: null });
  try {
    // Baseline: the bare HTTP round trip of the same server, same run.
    for (let i = 0; i < 50; i += 1) await send(`${runtime.url}/health`);
    const health: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      const started = performance.now();
      await send(`${runtime.url}/health`);
      health.push(performance.now() - started);
    }

    // Incidents, each waiting on its Crisis Lead's Alert decision.
    const events = alarmEvents(`apr-${randomUUID().slice(0, 8)}`);
    const incidents: string[] = [];
    for (let n = 0; n < args.incidents; n += 1) {
      const answer = (await (await fetch(`${runtime.url}/events`, { method: 'POST', body: events(n) })).json()) as { results: { incidentId: string }[] };
      incidents.push(answer.results[0]?.incidentId ?? '');
    }
    const secrets = new SecretsManagerClient({ endpoint: `${runtime.url}/aws/secrets`, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: `sirp-${runtime.plan.org}-signing` }));
    secrets.destroy();
    const key = { versionId: secret.VersionId ?? '', secret: Buffer.from(secret.SecretString ?? '', 'utf8') };
    const someoneElse = (decider: string): string => runtime.plan.contacts.find((c) => c.id !== decider)?.id ?? 'nobody';

    const byKind = new Map<Kind, { attempts: number; accepted: number }>();
    const record = (kind: Kind, answer: Answer): void => {
      const entry = byKind.get(kind) ?? { attempts: 0, accepted: 0 };
      entry.attempts += 1;
      if (accepted(answer)) entry.accepted += 1;
      byKind.set(kind, entry);
    };
    const decisionLatency: number[] = [];
    let legitimateAccepted = 0;
    let otherTabForm: Record<string, string> | null = null;

    /** One incident under attack while its person decides. */
    const attack = async (incidentId: string, n: number, calm = false): Promise<void> => {
      let approval = await pendingOf(runtime, incidentId);
      if (!calm && n % 5 === 0) {
        // A lost phone: the operator revokes; the old link (and its page's form) is then hostile.
        const oldLink = approval.link;
        const oldForm = await formOf(oldLink);
        await fetch(`${runtime.url}/api/links/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ approvalId: approval.approvalId }) });
        approval = await pendingOf(runtime, incidentId, approval.approvalId);
        record('revoked link', await postForm(oldLink, oldForm));
        record('revoked link', await send(oldLink));
      }
      const { link, decider } = approval;
      const [base = '', segment = ''] = link.split('/a/');
      const [id = '', mac = ''] = segment.split('.');
      const form = await formOf(link);
      const foreignForm = otherTabForm;
      otherTabForm = form;
      const hostile: [Kind, () => Promise<Answer>][] = calm ? [] : [
        ['scanner GET', () => send(link, { headers: { 'user-agent': 'Mimecast URL protect' } })],
        ['scanner GET', () => send(link)],
        ['scanner HEAD', () => send(link, { method: 'HEAD' })],
        ['forged signature', () => postForm(`${base}/a/${id}.${flipped(mac)}`, form)],
        ['forged signature', () => send(`${base}/a/${id}.${flipped(mac)}`)],
        ['approval id changed', () => postForm(`${base}/a/${flipped(id)}.${mac}`, form)],
        ['approval id changed', () => send(`${base}/a/${flipped(id)}.${mac}`)],
        ["another person's link", () => postForm(`${base}/a/${linkSegment({ approvalId: id, decider: someoneElse(decider) }, key)}`, form)],
        ["another person's link", () => send(`${base}/a/${linkSegment({ approvalId: id, decider: someoneElse(decider) }, key)}`)],
        ['missing anti-forgery value', () => postForm(link, { action: 'approve', decision: 'mobilize' })],
        ['missing anti-forgery value', () => postForm(link, { action: 'approve', decision: 'dismiss', actor: decider })],
        ["another page's anti-forgery value", () => postForm(link, { ...form, csrf: foreignForm?.csrf ?? `${'A'.repeat(22)}.1` })],
        ["another page's anti-forgery value", () => postForm(link, { ...form, csrf: `${flipped(form.csrf?.split('.')[0] ?? 'A'.repeat(22))}.${form.csrf?.split('.')[1] ?? '1'}` })],
        ['cross-site form', () => postForm(link, form, { 'sec-fetch-site': 'cross-site' })],
        ['cross-site form', () => postForm(link, { ...form, decision: 'dismiss' }, { 'sec-fetch-site': 'same-site' })],
        ['form naming another person', () => postForm(link, { ...form, actor: someoneElse(decider) })],
        ['form naming another person', () => postForm(link, { ...form, actor: 'daniel-weiss' === decider ? 'grace-lin' : 'daniel-weiss' })],
        ['form naming another person', () => postForm(link, { ...form, decision: 'dismiss', actor: someoneElse(decider) })],
        ['oversized body', () => postForm(link, { ...form, reason: 'x'.repeat(n < 10 ? 1024 * 1024 : 64 * 1024) })],
        ['concurrent duplicate', () => postForm(link, form)],
      ];
      const started = performance.now();
      const legit = postForm(link, form).then((answer) => {
        (calm ? calmLatency : decisionLatency).push(performance.now() - started);
        return answer;
      });
      const answers = await Promise.all(hostile.map(async ([kind, attempt]) => [kind, await attempt()] as const));
      const mine = await legit;
      // The person and the duplicate are the same form: exactly one of them is the decision.
      const duplicate = answers.find(([kind]) => kind === 'concurrent duplicate')?.[1];
      const decidedCount = [mine, duplicate].filter((a) => a?.state === 'decided').length;
      if (decidedCount === 1 || (calm && mine.state === 'decided')) legitimateAccepted += 1;
      // When the duplicate won the race, the person's own post was the one told "already decided": still one decision.
      for (const [kind, answer] of answers) record(kind, kind === 'concurrent duplicate' && decidedCount === 1 && answer.state === 'decided' ? mine : answer);
      if (calm) return;
      record('replay after the decision', await postForm(link, form));
      record('replay after the decision', await postForm(link, { ...form, decision: 'dismiss' }));
    };

    // A second reference: the same decision with nobody attacking, one at a time.
    const calmLatency: number[] = [];
    const CALM = 5;
    for (let n = 0; n < CALM; n += 1) await attack(incidents[n] ?? '', n, true);

    const stormStarted = performance.now();
    let next = CALM;
    await Promise.all(
      Array.from({ length: args.parallel }, async () => {
        while (next < incidents.length) {
          const n = next++;
          await attack(incidents[n] ?? '', n);
        }
      }),
    );
    const stormSeconds = (performance.now() - stormStarted) / 1000;

    // The table is the truth: each incident's Alert decision was made once, by its decider, as mobilize.
    const all = (await (await fetch(`${runtime.url}/api/approvals?all=1`)).json()) as (Listed & { decision: string | null })[];
    const decidedApprovals = all.filter((a) => a.status === 'approved' || a.status === 'rejected');
    const wrong = decidedApprovals.filter((a) => a.decidedBy !== a.decider || a.decision !== 'mobilize');
    const perIncident = new Map<string, number>();
    for (const a of decidedApprovals) perIncident.set(a.incidentId, (perIncident.get(a.incidentId) ?? 0) + 1);
    const exactlyOnce = incidents.filter((id) => perIncident.get(id) === 1).length;

    const hostileAttempts = [...byKind.values()].reduce((s, k) => s + k.attempts, 0);
    const hostileAccepted = [...byKind.values()].reduce((s, k) => s + k.accepted, 0) + wrong.length;
    const healthP50 = summarize(health).p50;
    const decision = summarize(decisionLatency);
    const figures = {
      incidents: incidents.length,
      attempts: hostileAttempts + incidents.length,
      hostileAttempts,
      hostileAccepted,
      legitimate: incidents.length,
      legitimateAcceptedExactlyOnce: Math.min(legitimateAccepted, exactlyOnce),
      decisionsPerSecond: (incidents.length - CALM) / stormSeconds,
      attemptsPerSecond: (hostileAttempts + incidents.length - CALM) / stormSeconds,
      decisionAloneMs: summarize(calmLatency),
      decisionUnderAttackMs: decision,
      baselineHealthRoundTripMs: summarize(health),
      ratioDecisionP50ToBaselineP50: decision.p50 / healthP50,
      byKind: Object.fromEntries(byKind),
    };
    if (args.json) {
      process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    } else {
      process.stdout.write(`approvals under attack: ${incidents.length} incidents (${CALM} decided alone first, the rest ${args.parallel} at a time under attack), embedded runtime\n\n`);
      process.stdout.write(`${formatTable(['hostile attempt', 'attempts', 'accepted'], [...byKind].map(([kind, k]) => [kind, String(k.attempts), String(k.accepted)]))}\n\n`);
      process.stdout.write(
        `${formatTable(
          ['figure', 'value'],
          [
            ['attempts (hostile + legitimate)', String(figures.attempts)],
            ['hostile accepted (must be 0)', String(hostileAccepted)],
            ['legitimate accepted exactly once', `${figures.legitimateAcceptedExactlyOnce} / ${incidents.length}`],
            ['decisions per second (under attack)', figures.decisionsPerSecond.toFixed(1)],
            ['requests per second (all)', figures.attemptsPerSecond.toFixed(1)],
            ['decision round trip under attack p50 / p95 ms', `${ms(decision.p50)} / ${ms(decision.p95)}`],
            ['decision round trip alone p50 ms (5, one at a time)', ms(figures.decisionAloneMs.p50)],
            ['baseline GET /health p50 / p95 ms', `${ms(healthP50)} / ${ms(figures.baselineHealthRoundTripMs.p95)}`],
            ['ratio decision p50 / baseline p50', `${figures.ratioDecisionP50ToBaselineP50.toFixed(1)}x`],
          ],
        )}\n`,
      );
    }
    if (hostileAccepted !== 0 || figures.legitimateAcceptedExactlyOnce !== incidents.length) process.exitCode = 1;
  } finally {
    await runtime.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:approvals failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
