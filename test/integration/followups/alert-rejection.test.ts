import type { Runtime } from '../../../local/runtime/runtime';
import { onCallAt } from '../../../core/plan/on-call';
import { decideThroughLink, fixture, linkFor, outbox, planVariant, startPlanRuntime, statesEntered, trigger, waitFor } from '../lifecycle/lifecycle-harness';

/**
 * A rejection at Alert ("not me", "ask again") is on the timeline like a
 * rejection at any other gate, and the same person is asked again with a
 * fresh link; a dismissal is a decision ("dismiss"), never a rejection.
 * The real alert ASL on the embedded engine, with the real handlers.
 */
let runtime: Runtime;

beforeAll(async () => {
  runtime = await startPlanRuntime(planVariant(() => undefined));
});

afterAll(async () => {
  await runtime.stop();
});

describe('a rejection at the Alert gate', () => {
  it('is recorded through Record Alert Rejection, asks the same person again with a fresh link, and a dismissal after it is a decision', async () => {
    const lead = onCallAt(runtime.plan, Date.now()).lead;
    const id = await trigger(runtime, fixture('guardduty/ec2-ssh-brute-force.json'));
    await waitFor(runtime, id, 'the Alert gate', (x) => x.incident.gate?.gate === 'alert');
    const first = await linkFor(runtime, id, lead, /Mobilize a response/);
    expect(await decideThroughLink(first, 'reject', undefined, 'not mine: the SOC on-call owns GuardDuty tonight')).toBe(200);

    const rejected = await waitFor(runtime, id, 'the rejection on the timeline and a fresh page', (x) =>
      x.timeline.some((e) => e.data.decision === 'reject') && x.timeline.filter((e) => e.type === 'notified').length === 2);
    const entry = rejected.timeline.find((e) => e.data.decision === 'reject');
    expect(entry).toMatchObject({ type: 'decided', actor: lead, data: { gate: 'alert', decision: 'reject', reason: 'not mine: the SOC on-call owns GuardDuty tonight' } });
    expect(entry?.summary).toMatch(new RegExp(`^${lead} neither mobilized nor dismissed the alert`));
    expect(entry?.summary).toMatch(/asked again with a fresh link/);
    expect(rejected.incident).toMatchObject({ phase: 'alert', status: 'open', gate: { gate: 'alert', holder: lead, escalationLevel: 0 } });

    // The fresh link goes to the same person; the rejected one is spent.
    const second = await linkFor(runtime, id, lead, /Mobilize a response/);
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).not.toBe(200);
    const pages = (await outbox(runtime, id)).filter((m) => m.channel === 'email');
    expect(new Set(pages.map((m) => m.to))).toEqual(new Set([lead]));

    expect(await decideThroughLink(second, 'approve', 'dismiss')).toBe(200);
    // The incident record commits the decision; its timeline entry follows: wait for both.
    const dismissed = await waitFor(runtime, id, 'the dismissal', (x) => x.incident.status === 'dismissed' && x.timeline.some((e) => e.type === 'decided' && e.data.decision === 'dismiss'));
    const decisions = dismissed.timeline.filter((e) => e.type === 'decided').map((e) => e.data.decision);
    expect(decisions).toEqual(['reject', 'dismiss']);
    expect(await statesEntered(runtime, 'alert')).toEqual([
      'Gather Context', 'Choose Alert Path', 'Request Alert Decision', 'Record Alert Rejection', 'Request Alert Decision', 'Record Alert Decision',
    ]);
  });
});
