import type { Runtime } from '../../../local/runtime/runtime';
import { exampleEvent, getJson, startTestRuntime } from './runtime-harness';

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
});
