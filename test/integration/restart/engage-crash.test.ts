import { onCallAt } from '../../../core/plan/on-call';
import { ALARM, decide, type Delivery, eventually, examplePlan as plan, freePort, incidentDetail as detail, linkIn, outbox, restartSandbox, trigger } from './restart-harness';

// Two real `sirp local` boots on a shared 2-core machine.
jest.setTimeout(240_000);

const sandbox = restartSandbox();

/** Engagement messages of one incident (no approval link: pages carry one), counted per person and channel. */
function engagementCounts(sent: readonly Delivery[], incidentId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of sent.filter((x) => x.incidentId === incidentId && x.approvalId === undefined)) {
    counts.set(`${d.to}/${d.channel}`, (counts.get(`${d.to}/${d.channel}`) ?? 0) + 1);
  }
  return counts;
}

describe('engaging stakeholders across a kill -9', () => {
  it('sends the engagements a crash cut off after the restart, each person and channel exactly once', async () => {
    const dataDir = sandbox.dataDir();
    const port = await freePort();
    // Deliveries 1 and 2 are the Alert page (email, SMS); 3 and 4 the first stakeholder's engagement.
    const first = await sandbox.boot(dataDir, port, { SIRP_CRASH_AT: 'outbox:delivery#4' });
    const lead = onCallAt(plan, Date.now()).lead;
    const incidentId = await trigger(first.url, ALARM);
    const page = await eventually(async () => {
      const sent = await outbox(first.url);
      return sent.find((d) => d.to === lead && d.incidentId === incidentId && d.channel === 'email' && d.approvalId !== undefined);
    }, 'the Alert page');
    // The decision is recorded; the runtime dies while engaging, so the browser may get no answer.
    await decide(linkIn(page.body)!, 'mobilize').catch(() => undefined);
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await sandbox.boot(dataDir, port);
    const engaged = await eventually(async () => {
      const d = await detail(second.url, incidentId);
      return d.timeline.find((e) => e.type === 'stakeholders-engaged');
    }, 'the engagement to complete');
    const contacts = (engaged.data?.engaged as { contact: string }[]).map((e) => e.contact);
    // sev2 engages engineering, communications and legal: more people than the crash let through.
    expect(contacts.length).toBeGreaterThanOrEqual(3);

    const expected = new Map<string, number>();
    for (const id of contacts) {
      const contact = plan.contacts.find((c) => c.id === id)!;
      if (contact.email !== undefined) expected.set(`${id}/email`, 1);
      if (contact.phone !== undefined) expected.set(`${id}/sms`, 1);
    }
    const sent = await eventually(async () => {
      const all = await outbox(second.url);
      return engagementCounts(all, incidentId).size >= expected.size ? all : undefined;
    }, 'every engagement in the outbox');
    expect(Object.fromEntries(engagementCounts(sent, incidentId))).toEqual(Object.fromEntries(expected));
    const d = await detail(second.url, incidentId);
    expect(d.timeline.filter((e) => e.type === 'stakeholders-engaged')).toHaveLength(1);
    expect(d.chain.intact).toBe(true);
  });
});
