import { onCallAt } from '../../../core/plan/on-call';
import type { SirpProcess } from '../../../bench/lib/sirp-process';
import { childPids, commandLine, isAlive } from '../../../bench/lib/sirp-process';
import {
  ALARM,
  decide,
  duplicates,
  eventually,
  examplePlan as plan,
  freePort,
  type IncidentDetail,
  incidentDetail as incident,
  linkIn,
  outbox,
  restartSandbox,
  trigger,
} from './restart-harness';

// Two real `sirp local` boots per test on a shared 2-core machine.
jest.setTimeout(240_000);

const sandbox = restartSandbox();

/** A data dir and a port for two runs: the first armed to kill itself at `crashAt`. */
async function scenario(crashAt: string): Promise<{ first: SirpProcess; restart: () => Promise<SirpProcess>; crashed: () => Promise<void> }> {
  const dataDir = sandbox.dataDir();
  const port = await freePort();
  const first = await sandbox.boot(dataDir, port, { SIRP_CRASH_AT: crashAt });
  const children = childPids(first.pid).filter((pid) => commandLine(pid).includes('dynamodb-child'));
  expect(children).toHaveLength(1);
  return {
    first,
    crashed: async () => {
      expect((await first.exited).signal).toBe('SIGKILL');
      await eventually(async () => Promise.resolve(children.every((pid) => !isAlive(pid)) ? true : undefined), 'dynalite to exit with its parent');
    },
    restart: () => sandbox.boot(dataDir, port),
  };
}

const gateRecorded = (url: string, id: string, gate: string): Promise<IncidentDetail> =>
  eventually(async () => {
    const d = await incident(url, id);
    // The gate names its approval before the page goes out: the 'notified' entry says the page is on disk.
    const approvalId = d.record.gate?.gate === gate ? d.record.gate.approvalId : null;
    return approvalId != null && d.timeline.some((e) => e.type === 'notified' && e.data?.approvalId === approvalId) ? d : undefined;
  }, `the ${gate} gate to be recorded`);

describe('a kill -9 at the worst moments', () => {
  it('finishes a phase transition when the runtime died between the recorded decision and the workflow hearing of it', async () => {
    const { first, crashed, restart } = await scenario('sfn:SendTaskSuccess');
    const lead = onCallAt(plan, Date.now()).lead;
    const incidentId = await trigger(first.url, ALARM);
    const atAlert = await gateRecorded(first.url, incidentId, 'alert');
    const alertPages = (await outbox(first.url)).filter((d) => d.approvalId === atAlert.record.gate?.approvalId);
    const link = linkIn(alertPages.find((d) => d.channel === 'email')?.body ?? '');
    expect(link).toBeDefined();

    // The decision is recorded, then the runtime dies before SendTaskSuccess reaches the workflow: the browser gets no answer.
    await expect(decide(link!, 'mobilize')).rejects.toThrow();
    await crashed();

    const second = await restart();
    const mobilizing = await gateRecorded(second.url, incidentId, 'mobilize');
    expect([mobilizing.incident.phase, mobilizing.incident.crisisLead]).toEqual(['mobilize', lead]);
    expect(mobilizing.timeline.filter((e) => e.type === 'decided' && e.data?.gate === 'alert')).toHaveLength(1);
    expect(mobilizing.chain.intact).toBe(true);

    const sent = await outbox(second.url);
    expect(duplicates(sent)).toEqual([]);
    expect(sent.filter((d) => d.approvalId === atAlert.record.gate?.approvalId)).toHaveLength(alertPages.length);
    expect(sent.some((d) => d.to === lead && d.approvalId === mobilizing.record.gate?.approvalId)).toBe(true);
    // The first link now answers that it was decided (409), and offers no second decision.
    const page = await fetch(link!);
    expect(page.status).toBe(409);
    expect(await page.text()).not.toMatch(/value="mobilize"/);
  });

  it('still pages the Crisis Lead when the runtime died as the first page was being sent', async () => {
    const { first, crashed, restart } = await scenario('sns:request#1');
    const lead = onCallAt(plan, Date.now()).lead;
    const incidentId = await trigger(first.url, ALARM);
    await crashed();

    const second = await restart();
    const atAlert = await gateRecorded(second.url, incidentId, 'alert');
    const sent = await outbox(second.url);
    const pages = sent.filter((d) => d.to === lead && d.approvalId === atAlert.record.gate?.approvalId);
    expect(pages.map((d) => d.channel).sort()).toEqual(['email', 'sms']);
    expect(duplicates(sent)).toEqual([]);
    expect((await decide(linkIn(pages.find((d) => d.channel === 'email')!.body)!, 'mobilize')).status).toBe(200);
    await gateRecorded(second.url, incidentId, 'mobilize');
  });

  it('sends the same link again, never a second one, when the runtime died between the email and the SMS', async () => {
    const { first, crashed, restart } = await scenario('outbox:delivery#1');
    const lead = onCallAt(plan, Date.now()).lead;
    const incidentId = await trigger(first.url, ALARM);
    await crashed();

    const second = await restart();
    const atAlert = await gateRecorded(second.url, incidentId, 'alert');
    const pages = (await outbox(second.url)).filter((d) => d.to === lead && d.incidentId === incidentId);
    // One approval only; the SMS once. The email written just before the kill
    // goes out again (the sender never heard it was sent: at-least-once, as SNS).
    expect(new Set(pages.map((d) => d.approvalId))).toEqual(new Set([atAlert.record.gate?.approvalId]));
    expect(pages.filter((d) => d.channel === 'sms')).toHaveLength(1);
    const links = new Set(pages.filter((d) => d.channel === 'email').map((d) => linkIn(d.body)));
    expect(links.size).toBe(1);
    expect((await decide([...links][0]!, 'mobilize')).status).toBe(200);
    await gateRecorded(second.url, incidentId, 'mobilize');
  });
});
