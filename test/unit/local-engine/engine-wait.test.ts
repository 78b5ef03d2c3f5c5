import { asl, harness, T0, until } from './engine-harness';

const thenDone = { Next: 'Done' };
const done = { Done: { Type: 'Succeed' } };

describe('WorkflowEngine Wait states', () => {
  it('waits Seconds on the runtime clock, not in real time', async () => {
    const h = harness({ machines: { sync: asl({ 'Wait For Sync': { Type: 'Wait', Seconds: 1800, ...thenDone }, ...done }) } });
    const arn = await h.start('sync');
    await until(() => h.events.some((e) => e.type === 'WaitStateEntered'), 'the wait');

    h.clock.advance(1_799_999);
    expect((await h.engine.describeExecution({ executionArn: arn })).status).toBe('RUNNING');
    h.clock.advance(1);
    const description = await h.engine.waitForExecution(arn);

    expect(description.status).toBe('SUCCEEDED');
    expect(description.stopDate?.getTime()).toBe(T0 + 1_800_000);
  });

  it('reads the duration from the input with SecondsPath and keeps the input', async () => {
    const h = harness({ machines: { sync: asl({ 'Wait For Sync': { Type: 'Wait', SecondsPath: '$.cadence', ...thenDone }, ...done }) } });
    const arn = await h.start('sync', { cadence: 600, incident: 'INC-1' });
    await until(() => h.events.some((e) => e.type === 'WaitStateEntered'), 'the wait');

    h.clock.advance(600_000);
    const description = await h.engine.waitForExecution(arn);

    expect(JSON.parse(description.output!)).toEqual({ cadence: 600, incident: 'INC-1' });
  });

  it('waits until an incident-time TimestampPath', async () => {
    const h = harness({ machines: { sync: asl({ 'Wait Until Deadline': { Type: 'Wait', TimestampPath: '$.deadline', ...thenDone }, ...done }) } });
    const arn = await h.start('sync', { deadline: new Date(T0 + 60_000).toISOString() });
    await until(() => h.events.some((e) => e.type === 'WaitStateEntered'), 'the wait');

    h.clock.advance(60_000);

    expect((await h.engine.waitForExecution(arn)).stopDate?.getTime()).toBe(T0 + 60_000);
  });

  it('does not wait for a Timestamp already past', async () => {
    const h = harness({ machines: { sync: asl({ 'Wait Until Deadline': { Type: 'Wait', Timestamp: '2020-01-01T00:00:00Z', ...thenDone }, ...done }) } });

    const description = await h.engine.waitForExecution(await h.start('sync'));

    expect(description.status).toBe('SUCCEEDED');
  });

  it('fails with States.Runtime when SecondsPath is not a number', async () => {
    const h = harness({ machines: { sync: asl({ 'Wait For Sync': { Type: 'Wait', SecondsPath: '$.cadence', ...thenDone }, ...done }) } });

    const description = await h.engine.waitForExecution(await h.start('sync', { cadence: 'soon' }));

    expect(description).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
