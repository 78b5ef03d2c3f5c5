import type { Runtime } from '../../../local/runtime/runtime';
import { handler as stepsHandler } from '../../../lambdas/steps/steps.handler';
import { lambdaContext } from '../../../local/runtime/lambda-context';
import { decideThroughLink, fixture, linkFor, outbox, planVariant, startPlanRuntime, statesEntered, trigger, waitFor } from './lifecycle-harness';

/**
 * Time-driven behaviour on a compressed clock (1 real second = 1 incident
 * minute; faster and the 60-second Lambda task timeouts get too short for a
 * loaded test machine): sync reminders from the runtime's scheduler at the plan's
 * cadence, and a containment gate nobody answers, which escalates and is
 * never decided by the timeout.
 */
const SPEED = 60;
let runtime: Runtime;
let id: string;

beforeAll(async () => {
  const plan = planVariant((p) => {
    (p.severity as { rules: unknown[] }).rules.unshift({ name: 'guardduty-any', match: { source: 'guardduty' }, severity: 'sev2' });
    p.autoMobilize = ['sev1', 'sev2'];
    p.gates = { alert: { timeout: '1d' }, mobilize: { timeout: '1d' }, contain: { timeout: '10m' }, recover: { timeout: '1d' }, learn: { timeout: '7d' } };
    p.sync = { response: '1d', engineering: '6m', communications: '1d' };
    const containment = p.containment as { actions: { extraordinary?: boolean }[] };
    containment.actions = containment.actions.filter((a) => a.extraordinary !== true);
  });
  runtime = await startPlanRuntime(plan, SPEED);
  id = await trigger(runtime, fixture('guardduty/ec2-ssh-brute-force.json'));
});

afterAll(async () => {
  await runtime.stop();
});

describe('reminders and escalation on the runtime clock', () => {
  it('sends the Engineering sync reminder once per slot to each member, from the scheduler', async () => {
    const mobilized = await waitFor(runtime, id, 'auto-mobilized workstreams', (d) => d.record.workstreams?.engineering !== undefined);
    // G1 was decided by the plan (sev2 auto-mobilizes here), and the on-call lead owns the incident.
    expect(mobilized.timeline.find((e) => e.type === 'decided')).toEqual(expect.objectContaining({ actor: 'plan' }));
    expect(mobilized.timeline.find((e) => e.type === 'decided')?.summary).toContain(`${mobilized.incident.crisisLead ?? '?'}, on call, owns the incident`);
    const members = mobilized.record.workstreams!.engineering!.members;
    // Six minutes of incident time are six real seconds; the scheduler looks every five.
    const reminders = await waitFor(runtime, id, 'the first Engineering reminder', (d) => d.timeline.some((e) => e.data.reminder === 'engineering'), 25_000);
    await runtime.reminders.tick();
    await runtime.reminders.tick();
    const sent = await outbox(runtime, id);
    const emails = sent.filter((m) => m.channel === 'email' && /Engineering workstream sync #1 /.test(m.subject ?? ''));
    expect(emails.map((m) => m.to).sort()).toEqual([...members].sort());
    // The plan leaves sync.channels at [email]: a reminder is no page, no SMS for it, while pages still go by SMS.
    expect(sent.filter((m) => m.channel === 'sms' && / sync #\d+ due/.test(m.body))).toEqual([]);
    expect(sent.some((m) => m.channel === 'sms')).toBe(true);
    expect(reminders.timeline.filter((e) => e.data.reminder === 'engineering' && e.data.slot === 1)).toHaveLength(1);
  });

  it('refuses to move an incident to Recover from Mobilize or Contain without the containment sign-off', async () => {
    const skip = { step: 'recordDecision', incidentId: id, gate: 'recover', decision: { decision: 'approve', decidedBy: 'maya-chen', decidedAt: new Date().toISOString() } };
    await expect(stepsHandler(skip, lambdaContext('steps'))).resolves.toEqual({ phase: 'mobilize' });
    const d = await waitFor(runtime, id, 'Mobilize', (x) => x.incident.gate?.gate === 'mobilize');
    expect(d.timeline.some((e) => e.data.gate === 'recover')).toBe(false);
  });

  it('escalates an unanswered containment gate to the deputy, who then decides it; the timeout decides nothing', async () => {
    const lead = (await waitFor(runtime, id, 'a Crisis Lead', (d) => d.incident.crisisLead !== null)).incident.crisisLead!;
    expect(await decideThroughLink(await linkFor(runtime, id, lead, /Move to containment/), 'approve', 'approve')).toBe(200);
    await waitFor(runtime, id, 'the Contain gate', (d) => d.incident.gate?.gate === 'contain');
    // The incident record is the commit point; its timeline entry follows it: wait for both.
    const escalated = await waitFor(runtime, id, 'the escalation', (d) => (d.incident.gate?.escalationLevel ?? 0) >= 1 && d.timeline.some((e) => e.type === 'escalated'), 20_000);
    expect(escalated.incident.phase).toBe('contain');
    const deputy = escalated.incident.gate!.holder;
    expect(deputy).not.toBe(lead);
    expect(escalated.timeline.find((e) => e.type === 'escalated')?.summary).toContain(`it goes to ${deputy}`);
    expect(await decideThroughLink(await linkFor(runtime, id, deputy, /containment achieved/), 'approve', 'approve')).toBe(200);
    const recovered = await waitFor(runtime, id, 'Recover', (d) => d.incident.phase === 'recover' && d.timeline.some((e) => e.type === 'decided' && e.data.gate === 'contain'));
    expect(recovered.timeline.find((e) => e.type === 'decided' && e.data.gate === 'contain')?.actor).toBe(deputy);
    const path = await statesEntered(runtime, 'contain');
    expect(path).toEqual(expect.arrayContaining(['Request Contain Sign-off', 'Escalate Contain Gate', 'Record Contain Sign-off']));
    expect(path.indexOf('Escalate Contain Gate')).toBeLessThan(path.indexOf('Record Contain Sign-off'));
  });
});
