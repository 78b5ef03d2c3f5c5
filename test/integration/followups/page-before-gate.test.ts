import type { Delivery } from '../../../local/services/outbox';
import type { Runtime } from '../../../local/runtime/runtime';
import { findForm } from '../../../local/cli/approval-form';
import { linkIn } from '../runtime/runtime-harness';
import { fixture, planVariant, startPlanRuntime, trigger, waitFor } from '../lifecycle/lifecycle-harness';

/**
 * The gate is recorded before its page goes out: someone who opens the link
 * the instant it lands (here: from the outbox's own 'delivery' event, before
 * the Publish is even answered) finds the gate open and decides it.
 */
let runtime: Runtime;

beforeAll(async () => {
  runtime = await startPlanRuntime(planVariant(() => undefined));
});

afterAll(async () => {
  await runtime.stop();
});

interface Attempt {
  readonly shown: number;
  readonly decided: number;
  readonly page: string;
}

/** GET, then POST the approve form with `decision`, as a browser would, straight away. */
async function decideAtOnce(link: string, decision: string): Promise<Attempt> {
  const shown = await fetch(link);
  const html = await shown.text();
  const form = findForm(html, 'approve', decision);
  if (shown.status !== 200 || form === undefined) return { shown: shown.status, decided: 0, page: html };
  const posted = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields).toString() });
  return { shown: shown.status, decided: posted.status, page: await posted.text() };
}

describe('a gate page opened the instant it lands', () => {
  it('finds the Alert gate open and mobilizes, not 403 "the gate is not open"', async () => {
    let attempt: Promise<Attempt> | undefined;
    const onDelivery = (d: Delivery): void => {
      const link = linkIn(d.body);
      if (attempt === undefined && link !== undefined && d.approvalId !== undefined) attempt = decideAtOnce(link, 'mobilize');
    };
    runtime.outbox.on('delivery', onDelivery);
    // The Publish is answered only once the person has acted: the mail reached them before SNS answered the
    // step (a slow network on the way back is enough in AWS); only the timing is held, the outbox still records.
    const record = runtime.outbox.record.bind(runtime.outbox);
    runtime.outbox.record = async (entry) => {
      await record(entry);
      await attempt;
    };
    // The fixture's finding is sev3 by this plan, which does not auto-mobilize it: the on-call lead is paged at Alert.
    const id = await trigger(runtime, fixture('guardduty/ec2-ssh-brute-force.json'));
    await waitFor(runtime, id, 'the page', () => attempt !== undefined);
    const result = await attempt!;
    runtime.outbox.off('delivery', onDelivery);
    runtime.outbox.record = record;
    expect({ shown: result.shown, decided: result.decided, page: result.page.slice(0, result.decided === 200 ? 0 : 400) }).toEqual({ shown: 200, decided: 200, page: '' });
    // The step that paged still notes the page (the decision overtook it, the step runs to its end).
    const d = await waitFor(runtime, id, 'the Mobilize phase', (x) => x.incident.phase === 'mobilize' && x.timeline.some((e) => e.type === 'notified'));
    expect(d.incident.phase).toBe('mobilize');
    expect(d.timeline.filter((e) => e.type === 'gate-opened' && e.data.gate === 'alert')).toHaveLength(1);
    expect(d.timeline.filter((e) => e.type === 'notified' && e.data.gate === 'alert')).toHaveLength(1);
  });
});
