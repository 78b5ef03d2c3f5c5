import { onCallAt } from '../../../core/plan/on-call';
import type { Runtime } from '../../../local/runtime/runtime';
import { loadFixture, withField } from '../../fixtures/events/load-fixture';
import { eventually, startTestRuntime } from '../runtime/runtime-harness';
import { incident, pagesFor, postOne } from './intake-client';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

/** A security alarm (sev2 in the example plan) with its own event id, on one instance. */
function securityAlarm(name: string, eventId: string, instanceId: string): unknown {
  const fixture = loadFixture('cloudwatch', 'single-metric-alarm');
  const renamed = withField(
    withField(fixture, ['detail', 'alarmName'], name),
    ['resources', 0],
    `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
  );
  const onInstance = withField(renamed, ['detail', 'configuration', 'metrics', 0, 'metricStat', 'metric', 'dimensions', 'InstanceId'], instanceId);
  return withField(onInstance, ['id'], eventId);
}

const concurrently = <T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

/** Waits for the Crisis Lead's page, then gives a second page time to show up if one were coming. */
async function pagesToLead(incidentId: string): Promise<number> {
  const lead = onCallAt(runtime.plan, Date.now()).lead;
  await eventually(async () => ((await pagesFor(runtime.url, incidentId)).some((p) => p.to === lead && p.channel === 'email') ? true : undefined), 'the page');
  await new Promise((r) => setTimeout(r, 750));
  return (await pagesFor(runtime.url, incidentId)).filter((p) => p.to === lead && p.channel === 'email').length;
}

describe('one problem under concurrency', () => {
  it('opens exactly one incident, with one page, for the same key from 20 concurrent requests', async () => {
    const results = await concurrently(20, (i) => postOne(runtime.url, securityAlarm('sec-Storm', `storm-${i}`, 'i-0c0c0c0c1')));

    const created = results.filter((r) => r.outcome === 'created');
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(created).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'joined')).toHaveLength(19);
    const incidentId = created[0]!.incidentId!;
    expect(new Set(results.map((r) => r.incidentId))).toEqual(new Set([incidentId]));
    expect((await incident(runtime.url, incidentId)).signals).toHaveLength(20);
    expect(await pagesToLead(incidentId)).toBe(1);
  });

  it('opens exactly one incident for 20 different alarms on one instance arriving at once (the group rule)', async () => {
    const results = await concurrently(20, (i) => postOne(runtime.url, securityAlarm(`sec-Group-${i}`, `group-${i}`, 'i-0c0c0c0c2')));

    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'joined')).toHaveLength(19);
    expect(new Set(results.map((r) => r.incidentId)).size).toBe(1);
  });

  it('answers 20 concurrent deliveries of one event with one incident and 19 duplicates', async () => {
    const results = await concurrently(20, () => postOne(runtime.url, securityAlarm('sec-Redelivered', 'redelivered-1', 'i-0c0c0c0c3')));

    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(19);
    const incidentId = results.find((r) => r.outcome === 'created')!.incidentId!;
    expect(new Set(results.map((r) => r.incidentId))).toEqual(new Set([incidentId]));
    expect((await incident(runtime.url, incidentId)).signals).toHaveLength(1);
    expect(await pagesToLead(incidentId)).toBe(1);
  });
});
