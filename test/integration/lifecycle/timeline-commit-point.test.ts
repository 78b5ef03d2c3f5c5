import { applySignOff } from '../../../core/incident/lifecycle';
import { IncidentStore } from '../../../lambdas/adapters/incident-store';
import { clients } from '../../../lambdas/shared/clients';
import { handler as stepsHandler } from '../../../lambdas/steps/steps.handler';
import { lambdaContext } from '../../../local/runtime/lambda-context';
import { localNames } from '../../../local/runtime/local-names';
import type { Runtime } from '../../../local/runtime/runtime';
import { EXAMPLE_PLAN, exampleEvent } from '../runtime/runtime-harness';
import { incident, startPlanRuntime, trigger, waitFor } from './lifecycle-harness';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startPlanRuntime(EXAMPLE_PLAN);
});

afterAll(async () => {
  await runtime.stop();
});

describe('the commit point of a sign-off', () => {
  it('completes the timeline when the step runs again after a crash between the record and the entries, and never twice', async () => {
    const id = await trigger(runtime, exampleEvent('cloudwatch-alarm'));
    const open = await waitFor(runtime, id, 'the alert gate', (d) => d.incident.gate?.gate === 'alert');
    const lead = open.incident.gate?.holder ?? '';
    const decidedAt = new Date().toISOString();

    // The commit point was written (the record moved to Mobilize), then the step "crashed" before the timeline.
    const incidents = new IncidentStore(clients().db, localNames(runtime.plan).tableName);
    await incidents.update(id, (current) => applySignOff(current, { gate: 'alert', decision: 'mobilize', decidedBy: lead, decidedAt: Date.parse(decidedAt) }, null));
    const before = await incident(runtime, id);
    expect(before.timeline.some((e) => e.type === 'decided')).toBe(false);

    // The resumed workflow runs the step again (twice, to be sure it is idempotent).
    const step = { step: 'recordDecision', incidentId: id, gate: 'alert', decision: { decision: 'mobilize', decidedBy: lead, decidedAt } };
    await expect(stepsHandler(step, lambdaContext('steps'))).resolves.toEqual({ phase: 'mobilize' });
    await expect(stepsHandler(step, lambdaContext('steps'))).resolves.toEqual({ phase: 'mobilize' });

    const after = await incident(runtime, id);
    expect(after.timeline.filter((e) => e.type === 'decided').map((e) => [e.actor, e.data.gate])).toEqual([[lead, 'alert']]);
    expect(after.timeline.filter((e) => e.type === 'phase-changed').map((e) => [e.data.from, e.data.to])).toEqual([['alert', 'mobilize']]);
    expect(after.chain.intact).toBe(true);
  });
});
