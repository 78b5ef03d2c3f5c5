import { rmSync } from 'node:fs';
import { loadPlanFile } from '../../../core/plan/load-plan';
import { onCallAt } from '../../../core/plan/on-call';
import type { SirpProcess } from '../../../bench/lib/sirp-process';
import {
  ALARM,
  decide,
  type Delivery,
  duplicates,
  eventually,
  EXAMPLE_PLAN,
  freePort,
  getJson,
  type IncidentDetail,
  killRuntimeOnly,
  linkIn,
  newDataDir,
  startSirp,
  stopSirp,
  trigger,
} from './restart-harness';

// Two or three real `sirp local` boots per test on a shared 2-core machine.
jest.setTimeout(240_000);

const plan = loadPlanFile(EXAMPLE_PLAN);
const running: SirpProcess[] = [];
const dataDirs: string[] = [];

async function boot(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<SirpProcess> {
  const sirp = await startSirp(dataDir, port, env);
  running.push(sirp);
  return sirp;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => stopSirp(s)));
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const incident = (url: string, id: string): Promise<IncidentDetail> => getJson<IncidentDetail>(`${url}/api/incidents/${id}`);
const outbox = (url: string): Promise<Delivery[]> => getJson<Delivery[]>(`${url}/api/outbox`);

describe('sirp local survives kill -9', () => {
  it('prints one ready line and reports health at once', async () => {
    const dataDir = newDataDir();
    dataDirs.push(dataDir);
    const sirp = await boot(dataDir, 0);
    expect(sirp.stdout).toEqual([expect.stringMatching(/^ready http:\/\/127\.0\.0\.1:\d+\/$/)]);
    const health = await getJson<{ status: string; org: string }>(`${sirp.url}/health`);
    expect([health.status, health.org]).toEqual(['ok', 'example']);
  });

  it('resumes an incident at its gate after kill -9: the first link still decides, nobody is paged twice', async () => {
    const dataDir = newDataDir();
    dataDirs.push(dataDir);
    const port = await freePort();
    const first = await boot(dataDir, port);
    const lead = onCallAt(plan, Date.now()).lead;
    const incidentId = await trigger(first.url, ALARM);

    // The gate names its approval before the page goes out: once the 'notified' entry names it, the page is on disk.
    const paged = (d: IncidentDetail): boolean => d.record.gate?.approvalId != null && d.timeline.some((e) => e.type === 'notified' && e.data?.approvalId === d.record.gate?.approvalId);
    const atGate = await eventually(async () => {
      const d = await incident(first.url, incidentId);
      return paged(d) ? d : undefined;
    }, 'the Alert gate to be recorded');
    const pages = (await outbox(first.url)).filter((d) => d.to === lead && d.incidentId === incidentId);
    const email = pages.find((d) => d.channel === 'email');
    expect(email?.approvalId).toBe(atGate.record.gate?.approvalId);
    const link = linkIn(email!.body);
    expect(link).toBeDefined();

    const dynalite = await killRuntimeOnly(first);
    expect(dynalite).toHaveLength(1);

    const second = await boot(dataDir, port);
    expect(second.stdout).toEqual([`ready ${second.url}/`]);
    const health = await fetch(`${second.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');

    const resumed = await incident(second.url, incidentId);
    expect([resumed.incident.status, resumed.incident.phase, resumed.record.gate?.gate, resumed.record.gate?.holder, resumed.record.gate?.approvalId])
      .toEqual(['open', 'alert', 'alert', lead, atGate.record.gate?.approvalId]);

    const decided = await decide(link!, 'mobilize');
    expect(decided.status).toBe(200);
    const mobilizing = await eventually(async () => {
      const d = await incident(second.url, incidentId);
      return d.record.gate?.gate === 'mobilize' && paged(d) ? d : undefined;
    }, 'the Mobilize gate to open');
    expect([mobilizing.incident.phase, mobilizing.incident.crisisLead]).toEqual(['mobilize', lead]);
    expect(mobilizing.chain.intact).toBe(true);

    const sent = await outbox(second.url);
    const mobilizePage = sent.find((d) => d.to === lead && d.approvalId === mobilizing.record.gate?.approvalId);
    expect(mobilizePage).toBeDefined();
    expect(duplicates(sent)).toEqual([]);
    // The Alert page went out once, before the kill, on each of the lead's channels.
    const alertPages = sent.filter((d) => d.approvalId === atGate.record.gate?.approvalId);
    expect(alertPages.map((d) => d.id).sort()).toEqual(pages.filter((d) => d.approvalId === atGate.record.gate?.approvalId).map((d) => d.id).sort());
    expect(mobilizing.timeline.filter((e) => e.type === 'notified' && e.data?.gate === 'alert')).toHaveLength(1);
  });
});
