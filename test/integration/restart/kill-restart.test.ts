import { onCallAt } from '../../../core/plan/on-call';
import {
  ALARM,
  decide,
  duplicates,
  eventually,
  examplePlan as plan,
  freePort,
  getJson,
  type IncidentDetail,
  incidentDetail as incident,
  killRuntimeOnly,
  linkIn,
  outbox,
  restartSandbox,
  trigger,
} from './restart-harness';

// Two or three real `sirp local` boots per test on a shared 2-core machine.
jest.setTimeout(240_000);

const sandbox = restartSandbox();

describe('sirp local survives kill -9', () => {
  it('prints one ready line and reports health at once', async () => {
    const dataDir = sandbox.dataDir();
    const sirp = await sandbox.boot(dataDir, 0);
    expect(sirp.stdout).toEqual([expect.stringMatching(/^ready http:\/\/127\.0\.0\.1:\d+\/$/)]);
    const health = await getJson<{ status: string; org: string }>(`${sirp.url}/health`);
    expect([health.status, health.org]).toEqual(['ok', 'example']);
  });

  it('resumes an incident at its gate after kill -9: the first link still decides, nobody is paged twice', async () => {
    const dataDir = sandbox.dataDir();
    const port = await freePort();
    const first = await sandbox.boot(dataDir, port);
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

    const second = await sandbox.boot(dataDir, port);
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
