import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { linkFor, startPlanRuntime, trigger, waitFor } from './lifecycle-harness';

const ROOT = resolve(__dirname, '../../..');

/**
 * Stopping the runtime aborts its in-memory executions (Engine.Closed). In
 * AWS an execution runs on, and a restart resumes it here: neither is a
 * broken workflow, so nobody is told and nothing lands on the timeline. The
 * stop waits for handlers still running, so none outlives the runtime.
 */
describe('stopping the runtime', () => {
  it('tells nobody about the executions it aborts: the outbox is unchanged', async () => {
    const runtime = await startPlanRuntime(resolve(ROOT, 'orgs/example.yaml'));
    const id = await trigger(runtime, readFileSync(resolve(ROOT, 'examples/events/cloudwatch-alarm.json'), 'utf8'));
    // The Alert gate waits on its page: the incident and alert executions are running when the runtime stops.
    const atGate = await waitFor(runtime, id, 'the Alert gate', (d) => d.incident.gate?.gate === 'alert');
    await linkFor(runtime, id, atGate.incident.gate!.holder, /./);
    const before = runtime.outbox.list().length;

    await runtime.stop();

    const after = runtime.outbox.list();
    expect(after.filter((d) => /workflow (aborted|failed)/i.test(`${d.subject ?? ''} ${d.body}`))).toEqual([]);
    expect(after).toHaveLength(before);
  });
});
