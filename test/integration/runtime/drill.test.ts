import { saysDrill } from '../../../core/comms/drill-marking';
import type { Runtime } from '../../../local/runtime/runtime';
import { formOf, pendingApproval, post } from '../approvals/approval-helpers';
import { eventually, exampleEvent, getJson, type OutboxEntry, startTestRuntime } from './runtime-harness';

// Its own file: the triage handler wires its environment once per process.
let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime({ drill: true });
});

afterAll(async () => {
  await runtime.stop();
});

describe('a tabletop drill (sirp local --drill)', () => {
  it('flags every incident it opens as a drill, in the record and in the list', async () => {
    const accepted = await fetch(`${runtime.url}/events`, { method: 'POST', body: exampleEvent('cloudwatch-alarm') });
    expect(accepted.status).toBe(202);
    const answer = (await accepted.json()) as { results: { outcome: string; incidentId: string }[] };
    const incidentId = answer.results[0]!.incidentId;
    const detail = await getJson<{ incident: { drill: boolean } }>(`${runtime.url}/api/incidents/${incidentId}`);
    expect(detail.incident.drill).toBe(true);
    const listed = await getJson<{ id: string; drill: boolean }[]>(`${runtime.url}/api/incidents`);
    expect(listed.find((i) => i.id === incidentId)?.drill).toBe(true);
  });

  it('says DRILL first in every message it sends: the page, the Crisis Lead notice, every stakeholder engaged', async () => {
    const accepted = await fetch(`${runtime.url}/events`, { method: 'POST', body: exampleEvent('guardduty-finding') });
    const incidentId = ((await accepted.json()) as { results: { incidentId: string }[] }).results[0]!.incidentId;
    const { link } = await pendingApproval(runtime, incidentId);
    expect((await post(link, { ...(await formOf(link, 'approve', 'mobilize')) })).status).toBe(200);
    // Mobilize engages the plan's stakeholders for the severity: wait until more than the page went out.
    const messages = await eventually(async () => {
      const all = (await getJson<OutboxEntry[]>(`${runtime.url}/api/outbox`)).filter((m) => m.incidentId === incidentId);
      return all.some((m) => m.approvalId === undefined) ? all : undefined;
    }, `stakeholder messages of ${incidentId}`);
    const marked = (m: OutboxEntry): boolean => (m.channel === 'email' ? (m.subject ?? '').includes('DRILL') && saysDrill(m.body) : m.body.startsWith('DRILL '));
    expect(messages.filter((m) => !marked(m))).toEqual([]);
    expect(messages.length).toBeGreaterThan(2);
  });
});
