import type { Runtime } from '../../../local/runtime/runtime';
import { eventually, getJson, type OutboxEntry, startTestRuntime } from '../runtime/runtime-harness';
import { approvalsOf, formOf, pendingApproval, post, raiseIncident, request } from '../approvals/approval-helpers';

/**
 * "I have it" holds a gate with its person for the plan's acknowledgement
 * window (30 min in the example plan), longer than the Alert gate's own
 * timeout (15 min). The approval's link lives as long as the acknowledgement:
 * when the gate's first wait runs out, the workflow waits on the same
 * approval, nobody is paged again, and the person decides through the link
 * they already have. Once the window is over, the gate escalates. Time is the
 * runtime's clock, frozen (speed 0) and moved only by `advance`.
 */
let runtime: Runtime;
const MINUTE = 60_000;

beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 0 });
});

afterAll(async () => {
  await runtime.stop();
});

/** The states the incident's Alert workflow entered, in order. */
async function alertStates(incidentId: string): Promise<string[]> {
  const { stateMachines = [] } = await runtime.engine.listStateMachines();
  const alert = stateMachines.find((m) => (m.name ?? '').endsWith('alert'));
  const { executions = [] } = await runtime.engine.listExecutions({ stateMachineArn: alert?.stateMachineArn ?? '' });
  for (const execution of executions) {
    const executionArn = execution.executionArn ?? '';
    if (!((await runtime.engine.describeExecution({ executionArn })).input ?? '').includes(incidentId)) continue;
    const { events = [] } = await runtime.engine.getExecutionHistory({ executionArn, maxResults: 1000 });
    return events.flatMap((e) => (e.stateEnteredEventDetails?.name === undefined ? [] : [e.stateEnteredEventDetails.name]));
  }
  return [];
}

/** The Alert workflow asked again after `escalations` timeouts, and the request step has answered (the wait is on). */
const askedAgain = (incidentId: string, escalations: number): Promise<string[]> =>
  eventually(async () => {
    const states = await alertStates(incidentId);
    return states.filter((s) => s === 'Escalate Alert Gate').length === escalations && states.at(-1) === 'Request Alert Decision' ? states : undefined;
  }, `the Alert gate of ${incidentId} asked again`);

const pagesTo = async (incidentId: string, person: string): Promise<OutboxEntry[]> =>
  (await getJson<OutboxEntry[]>(`${runtime.url}/api/outbox?incident=${incidentId}`)).filter((m) => m.to === person);

describe('an acknowledged gate on the runtime clock', () => {
  it('keeps the same link alive past the gate timeout, pages nobody again, and escalates once the acknowledgement ends', async () => {
    const decided = await raiseIncident(runtime, 'AckDecides');
    const lapsed = await raiseIncident(runtime, 'AckLapses');
    const held = await pendingApproval(runtime, decided);
    const heldToo = await pendingApproval(runtime, lapsed);
    for (const link of [held.link, heldToo.link]) {
      const ack = await post(link, await formOf(link, 'acknowledge'));
      expect([ack.status, ack.state]).toEqual([200, 'acknowledged']);
    }
    const paged = (await pagesTo(decided, held.decider)).length;
    expect(paged).toBeGreaterThan(0);

    // Past the Alert timeout (15 min), inside the acknowledgement window (30 min).
    runtime.clock.advance(16 * MINUTE);
    await askedAgain(decided, 1);
    await askedAgain(lapsed, 1);
    const page = await request(held.link);
    expect([page.status, page.state]).toEqual([200, 'open']);
    expect((await approvalsOf(runtime, decided)).map((a) => [a.approvalId, a.status])).toEqual([[held.approvalId, 'pending']]);
    expect(await pagesTo(decided, held.decider)).toHaveLength(paged);

    // 26 min in: the person decides through the link they were sent first.
    runtime.clock.advance(10 * MINUTE);
    const mobilized = await post(held.link, await formOf(held.link, 'approve', 'mobilize'));
    expect([mobilized.status, mobilized.state]).toEqual([200, 'decided']);
    const detail = await eventually(async () => {
      const d = await getJson<{ incident: { phase: string }; timeline: { type: string }[] }>(`${runtime.url}/api/incidents/${decided}`);
      return d.incident.phase === 'mobilize' ? d : undefined;
    }, 'the Mobilize phase');
    expect(detail.timeline.map((e) => e.type)).not.toContain('escalated');

    // 32 min in: the other acknowledgement ran out undecided: the gate goes on to the next person.
    runtime.clock.advance(6 * MINUTE);
    await askedAgain(lapsed, 2);
    const moved = await eventually(async () => {
      const found = (await approvalsOf(runtime, lapsed)).find((a) => a.approvalId === heldToo.approvalId);
      return found?.status === 'superseded' ? found : undefined;
    }, 'the escalation after the acknowledgement window');
    expect(moved.supersededBy?.holder).not.toBe(heldToo.decider);
    expect((await request(heldToo.link)).state).toBe('superseded');
  });
});
