import { onCallAt } from '../../../core/plan/on-call';
import { findForm } from '../../../local/cli/approval-form';
import type { Runtime } from '../../../local/runtime/runtime';
import { eventually, exampleEvent, getJson, linkIn, type OutboxEntry, startTestRuntime } from './runtime-harness';

interface IncidentDetail {
  incident: { id: string; status: string };
  timeline: { type: string; summary: string; data: Record<string, unknown> }[];
}

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

/** The alarm with an event id of its own (the intake answers a repeated id as a duplicate). */
function alarm(eventId: string): string {
  const event = JSON.parse(exampleEvent('cloudwatch-alarm')) as Record<string, unknown>;
  return JSON.stringify({ ...event, id: eventId });
}

async function open(eventId: string): Promise<string> {
  const accepted = await fetch(`${runtime.url}/events`, { method: 'POST', body: alarm(eventId) });
  const answer = (await accepted.json()) as { results: { outcome: string; incidentId: string }[] };
  expect(answer.results[0]?.outcome).toBe('created');
  return answer.results[0]!.incidentId;
}

const detail = (id: string): Promise<IncidentDetail> => getJson<IncidentDetail>(`${runtime.url}/api/incidents/${id}`);
const contextOf = (d: IncidentDetail) => d.timeline.find((e) => e.type === 'signal-joined' && e.summary.startsWith('Context:'));

describe('the Alert context', () => {
  it('is gathered after the page, and names the earlier incident on the same problem', async () => {
    const lead = onCallAt(runtime.plan, Date.now()).lead;
    const firstId = await open('6f0c0b1e-0000-4000-8000-00000000c0a1');
    const first = await eventually(async () => {
      const d = await detail(firstId);
      return contextOf(d) === undefined ? undefined : d;
    }, 'the context of the first incident');
    // The page goes out first: its entry precedes the context on the timeline.
    const types = first.timeline.map((e) => (e === contextOf(first) ? 'context' : e.type));
    expect(types.indexOf('notified')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('notified')).toBeLessThan(types.indexOf('context'));
    expect(contextOf(first)?.data.earlierIncidents).toEqual([]);

    // Dismissed: the same alarm again is a new incident, with the first one in its context.
    const email = (await getJson<OutboxEntry[]>(`${runtime.url}/api/outbox?to=${lead}`)).find((d) => d.incidentId === firstId && d.channel === 'email');
    const link = linkIn(email!.body)!;
    const form = findForm(await (await fetch(link)).text(), 'approve', 'dismiss');
    const decided = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form!.fields).toString() });
    expect(decided.status).toBe(200);
    await eventually(async () => ((await detail(firstId)).incident.status === 'dismissed' ? true : undefined), 'the first incident to be dismissed');

    const secondId = await open('6f0c0b1e-0000-4000-8000-00000000c0a2');
    const second = await eventually(async () => contextOf(await detail(secondId)), 'the context of the second incident');
    expect(second.data.earlierIncidents).toEqual([firstId]);
  });
});
