import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childPids, commandLine, isAlive, killGroup, PROJECT_ROOT, startSirpProcess, type SirpProcess } from '../../../bench/lib/sirp-process';
import { loadPlanFile } from '../../../core/plan/load-plan';
import { findForm } from '../../../local/cli/approval-form';
import type { Delivery } from '../../../local/services/outbox';
import { getJson, eventually as poll } from '../polling';

export const EXAMPLE_PLAN = join(PROJECT_ROOT, 'orgs', 'example.yaml');
export const examplePlan = loadPlanFile(EXAMPLE_PLAN);
export const ALARM = readFileSync(join(PROJECT_ROOT, 'examples', 'events', 'cloudwatch-alarm.json'), 'utf8');

/** What `/api/outbox` answers: the runtime's own deliveries. */
export type { Delivery } from '../../../local/services/outbox';

export interface IncidentDetail {
  incident: { id: string; phase: string; status: string; crisisLead: string | null; gate: { gate: string; holder: string } | null };
  record: { gate: { gate: string; holder: string; approvalId: string | null } | null };
  timeline: { type: string; actor: string; data?: Record<string, unknown> }[];
  chain: { intact: boolean };
}

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), 'sirp-restart-'));

/**
 * A free port, so both runs of one data dir answer on the same origin: the
 * links sent by the first run name it, as they would name :8080 in real use.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** `sirp local` on the example plan, this data dir and port, as an operator starts it. */
export function startSirp(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<SirpProcess> {
  return startSirpProcess(['--port', String(port), '--data', dataDir, '--plan', EXAMPLE_PLAN], { timeoutMs: 60_000, env });
}

/**
 * The runtimes and data dirs of one test file's tests, stopped and removed
 * after each test (the `afterEach` is registered here: call it at the top level).
 */
export function restartSandbox(): { dataDir(): string; boot(dataDir: string, port: number, env?: NodeJS.ProcessEnv): Promise<SirpProcess> } {
  const running: SirpProcess[] = [];
  const dataDirs: string[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => stopSirp(s)));
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    dataDir: () => {
      const dir = newDataDir();
      dataDirs.push(dir);
      return dir;
    },
    boot: async (dataDir, port, env = {}) => {
      const sirp = await startSirp(dataDir, port, env);
      running.push(sirp);
      return sirp;
    },
  };
}

/**
 * kill -9 of the runtime alone (not its group): its dynalite child must notice
 * and exit by itself, or it would hold the data dir's LevelDB lock and the
 * next start would have to wait for it. Resolves with the dynalite children that were running.
 */
export async function killRuntimeOnly(sirp: SirpProcess): Promise<number[]> {
  const children = childPids(sirp.pid).filter((pid) => commandLine(pid).includes('dynamodb-child'));
  process.kill(sirp.pid, 'SIGKILL');
  await sirp.exited;
  await eventually(async () => Promise.resolve(children.every((pid) => !isAlive(pid)) ? true : undefined), 'the dynalite child to exit after its parent was killed', 20_000);
  return children;
}

/** Stops a runtime and anything left of its group. */
export async function stopSirp(sirp: SirpProcess | undefined): Promise<void> {
  if (sirp === undefined) return;
  killGroup({ pid: sirp.pid }, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([sirp.exited.then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => { r(false); }, 8000); })]);
  clearTimeout(timer);
  if (!exited) killGroup({ pid: sirp.pid }, 'SIGKILL');
}

export { getJson };

/** `eventually` with the patience of a runtime in a child process that may be booting, polled less often. */
export const eventually = <T>(read: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> => poll(read, what, ms, 50);

export const incidentDetail = (url: string, id: string): Promise<IncidentDetail> => getJson<IncidentDetail>(`${url}/api/incidents/${id}`);
export const outbox = (url: string): Promise<Delivery[]> => getJson<Delivery[]>(`${url}/api/outbox`);

export async function trigger(url: string, body: string): Promise<string> {
  const accepted = await fetch(`${url}/events`, { method: 'POST', body });
  const answer = (await accepted.json()) as { results: { outcome: string; incidentId: string }[] };
  if (accepted.status !== 202 || answer.results[0]?.outcome !== 'created') throw new Error(`the alarm did not open an incident: ${JSON.stringify(answer)}`);
  return answer.results[0].incidentId;
}

export const linkIn = (body: string): string | undefined => /https?:\/\/\S+\/a\/[A-Za-z0-9_.-]+/.exec(body)?.[0];

/** Opens the link page and submits its `choice` form as a browser would. */
export async function decide(link: string, choice: string): Promise<Response> {
  const page = await fetch(link);
  if (page.status !== 200) throw new Error(`GET ${link}: HTTP ${page.status}`);
  const form = findForm(await page.text(), 'approve', choice);
  if (form === undefined) throw new Error(`the page at ${link} offers no "${choice}" form`);
  return fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields).toString() });
}

/** Deliveries that went out more than once: one person, one approval, one channel is one message. */
export function duplicates(outbox: readonly Delivery[]): string[] {
  const counts = new Map<string, number>();
  for (const d of outbox) {
    if (d.approvalId === undefined) continue;
    const key = `${d.to}/${d.approvalId}/${d.channel}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
}
