import { onCallAt } from '../../../core/plan/on-call';
import type { Runtime } from '../../../local/runtime/runtime';
import { eventually, EXAMPLE_PLAN, exampleEvent, getJson, linkIn, type OutboxEntry } from '../runtime/runtime-harness';
import { decideThroughLink, incident, outbox, startPlanRuntime, statesEntered, trigger, waitFor } from './lifecycle-harness';

interface DraftView {
  draftId: string;
  audience: string;
  status: string;
  author: string;
  decidedBy: string | null;
  reason: string | null;
  recipients: string[];
}

let runtime: Runtime;
let incidentId: string;
let lead: string;

const postDraft = (id: string, body: unknown): Promise<Response> =>
  fetch(`${runtime.url}/api/incidents/${id}/comms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const drafts = (): Promise<DraftView[]> => getJson<DraftView[]>(`${runtime.url}/api/incidents/${incidentId}/comms`);

const mailTo = async (to: string): Promise<OutboxEntry[]> => (await getJson<OutboxEntry[]>(`${runtime.url}/api/outbox?to=${to}`)).filter((m) => m.incidentId === incidentId);

/** The personal approval link the Crisis Lead was sent for this draft. */
const draftLink = (draftId: string): Promise<string> =>
  eventually(async () => {
    const mail = (await mailTo(lead)).find((m) => m.channel === 'email' && m.approvalId !== undefined && m.body.includes(draftId));
    return mail === undefined ? undefined : linkIn(mail.body);
  }, `the approval link for ${draftId}`);

const waitForDraft = (draftId: string, status: string): Promise<DraftView> =>
  eventually(async () => (await drafts()).find((d) => d.draftId === draftId && d.status === status), `draft ${draftId} to be ${status}`);

beforeAll(async () => {
  runtime = await startPlanRuntime(EXAMPLE_PLAN);
  incidentId = await trigger(runtime, exampleEvent('cloudwatch-alarm'));
  lead = onCallAt(runtime.plan, Date.now()).lead;
});

afterAll(async () => {
  await runtime.stop();
});

describe('communications are released only after the Crisis Lead approves them', () => {
  it('refuses a draft while the incident has no Crisis Lead', async () => {
    const response = await postDraft(incidentId, { audience: 'customers', message: 'Too early' });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toMatch(/no Crisis Lead/);
  });

  it('rejects a draft whose fields are wrong, naming the field', async () => {
    const response = await postDraft(incidentId, { audience: 'press', message: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ path: 'audience' });
    const author = await postDraft(incidentId, { audience: 'customers', message: 'x', author: 'nobody' });
    expect(await author.json()).toMatchObject({ path: 'author' });
  });

  it('delivers an approved draft to the audience, and nothing before the approval', async () => {
    const alertLink = await eventually(async () => linkIn((await mailTo(lead)).find((m) => m.channel === 'email' && m.approvalId !== undefined)?.body ?? ''), 'the alert link');
    expect(await decideThroughLink(alertLink, 'approve', 'mobilize')).toBe(200);
    await waitFor(runtime, incidentId, 'the incident to be mobilized', (d) => d.incident.crisisLead === lead);

    const response = await postDraft(incidentId, { audience: 'customers', message: '# Service notice\n\nWe are investigating unusual access.' });
    expect(response.status).toBe(202);
    const { draftId } = (await response.json()) as DraftView;
    const link = await draftLink(draftId);
    // The Crisis Lead has the text in front of them; the audience has nothing.
    await eventually(async () => (await mailTo(lead)).find((m) => m.body.includes('We are investigating unusual access.')), 'the draft text for the Crisis Lead');
    expect(await mailTo('customer-notices')).toEqual([]);
    expect((await drafts()).find((d) => d.draftId === draftId)?.status).toBe('pending');

    expect(await decideThroughLink(link, 'approve')).toBe(200);
    const released = await waitForDraft(draftId, 'released');
    expect(released).toMatchObject({ decidedBy: lead, recipients: ['customer-notices'] });
    const [notice] = await mailTo('customer-notices');
    expect(notice).toMatchObject({ channel: 'email', subject: '[Northwind Analytics] Service notice' });
    expect(notice?.body).toContain('We are investigating unusual access.');
    expect((await mailTo(released.author)).some((m) => /was released/.test(m.subject ?? ''))).toBe(true);

    const detail = await incident(runtime, incidentId);
    const entries = detail.timeline.filter((e) => e.type === 'communication' && e.data.draftId === draftId);
    expect(entries.map((e) => [e.data.status, e.actor])).toEqual([
      ['pending', released.author],
      ['approved', lead],
      ['released', 'sirp'],
    ]);
    expect(detail.chain.intact).toBe(true);
  });

  it('returns a rejected draft to its author with the reason and sends nothing', async () => {
    const response = await postDraft(incidentId, { audience: 'employees', message: 'All hands: we were hacked', author: 'jonas-berg' });
    const { draftId } = (await response.json()) as DraftView;
    const link = await draftLink(draftId);
    expect(await decideThroughLink(link, 'reject', undefined, 'Do not speculate; wait for the facts')).toBe(200);
    const rejected = await waitForDraft(draftId, 'rejected');
    expect(rejected).toMatchObject({ decidedBy: lead, reason: 'Do not speculate; wait for the facts', recipients: [] });
    expect(await mailTo('all-staff')).toEqual([]);
    const back = await eventually(async () => (await mailTo('jonas-berg')).find((m) => /was rejected/.test(m.subject ?? '')), 'the rejection notice');
    expect(back.body).toContain('Reason: Do not speculate; wait for the facts');
  });

  it('lists drafts across incidents', async () => {
    const all = await getJson<DraftView[]>(`${runtime.url}/api/comms`);
    expect(all.map((d) => d.status).sort()).toEqual(['rejected', 'released']);
    expect((await outbox(runtime, incidentId)).every((m) => !m.body.includes('taskToken'))).toBe(true);
  });

  it('takes the approved path, then the rejected path, through the communication workflow', async () => {
    const asked = ['Load Draft', 'Choose Draft Path', 'Request Release Approval'];
    expect(await statesEntered(runtime, 'communication')).toEqual([...asked, 'Release Communication', ...asked, 'Return Draft']);
  });
});
