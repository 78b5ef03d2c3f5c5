import type { Runtime } from '../../../local/runtime/runtime';
import { EXAMPLE_PLAN, exampleEvent, getJson, linkIn } from '../runtime/runtime-harness';
import { decideThroughLink, type IncidentDetail, incident, outbox, startPlanRuntime, statesEntered, trigger } from './lifecycle-harness';

interface ReviewAnswer {
  phase: string;
  drafted: { seq: number; sha256: string } | null;
  markdown: string;
}

let runtime: Runtime;
let id: string;
const decided = new Set<string>();

/** Approves every approval the incident's people were sent, until `until` holds (the gates, and any extraordinary action). */
async function approveUntil(until: (d: IncidentDetail) => boolean, skip: (body: string) => boolean = () => false): Promise<IncidentDetail> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const detail = await incident(runtime, id);
    if (until(detail)) return detail;
    if (Date.now() > deadline) throw new Error(`stuck in ${detail.incident.phase}: ${JSON.stringify(detail.incident.gate)} ${JSON.stringify(detail.timeline.slice(-4).map((e) => e.summary))}`);
    for (const mail of await outbox(runtime, id)) {
      const link = linkIn(mail.body);
      if (mail.approvalId === undefined || link === undefined || decided.has(mail.approvalId) || skip(mail.body)) continue;
      decided.add(mail.approvalId);
      const page = await (await fetch(link)).text();
      await decideThroughLink(link, 'approve', page.includes('value="mobilize"') ? 'mobilize' : undefined);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The email asks about the "post-incident review", the SMS "Approve review and close?".
const isReviewApproval = (body: string): boolean => /review/i.test(body);
const review = (): Promise<ReviewAnswer> => getJson<ReviewAnswer>(`${runtime.url}/api/incidents/${id}/review`);

beforeAll(async () => {
  runtime = await startPlanRuntime(EXAMPLE_PLAN);
  id = await trigger(runtime, exampleEvent('cloudwatch-alarm'));
});

afterAll(async () => {
  await runtime.stop();
});

describe('Learn: the review is drafted from the timeline and its approval closes the incident', () => {
  it('shows a live draft before Learn, and nothing is stored yet', async () => {
    const live = await review();
    expect(live.drafted).toBeNull();
    expect(live.markdown).toContain('| Time to mobilize (a Crisis Lead took ownership) | not reached | - |');
  });

  it('drafts the review onto the timeline on entering Learn and sends it to the Crisis Lead', async () => {
    const detail = await approveUntil((d) => d.incident.gate?.gate === 'learn', isReviewApproval);
    const lead = detail.incident.crisisLead ?? '';
    const stored = await review();
    expect(stored.drafted).not.toBeNull();
    expect(stored.markdown).toContain('| Time to recover (recovery signed off) |');
    const entry = detail.timeline.find((e) => e.type === 'review-drafted');
    expect(entry?.data.markdown).toBe(stored.markdown);
    const mails = (await outbox(runtime, id)).filter((m) => m.to === lead);
    expect(mails.some((m) => /post-incident review drafted/.test(m.subject ?? '') && m.body.includes('## Root cause'))).toBe(true);
  }, 120_000);

  it('keeps the incident open when the Crisis Lead rejects the review, records why and drafts again', async () => {
    const link = (await outbox(runtime, id)).map((m) => (m.approvalId !== undefined && isReviewApproval(m.body) ? linkIn(m.body) : undefined)).find((l) => l !== undefined);
    expect(await decideThroughLink(link ?? '', 'reject', undefined, 'Add the <b>timeline</b> of the key rotation')).toBe(200);
    const detail = await approveUntil((d) => d.timeline.filter((e) => e.type === 'review-drafted').length === 2 && d.incident.gate?.gate === 'learn', () => true);
    expect(detail.incident.status).toBe('open');
    const second = await review();
    // The second draft records the rejection, escaped: a reason cannot inject markup into the review.
    expect(second.markdown).toContain('| learn | reject | Add the &lt;b\\>timeline&lt;/b\\> of the key rotation |');
  });

  it('closes the incident when the Crisis Lead approves the review', async () => {
    const detail = await approveUntil((d) => d.incident.status === 'closed');
    expect(detail.incident).toMatchObject({ phase: 'closed', gate: null });
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'phase-changed', data: { from: 'learn', to: 'closed' } });
    const open = await getJson<{ id: string }[]>(`${runtime.url}/api/incidents?status=open`);
    expect(open.map((i) => i.id)).not.toContain(id);
    expect(detail.chain.intact).toBe(true);
  });

  it('takes the path draft, ask, reject, redraft, ask, close through the learn workflow', async () => {
    const ask = ['Draft Review', 'Gather Context', 'Request Review Approval'];
    expect(await statesEntered(runtime, 'learn')).toEqual([...ask, 'Record Review Rejection', ...ask, 'Close Incident']);
  });
});
