import { SfnApiError } from '../../../local/engine/engine';
import { asl, harness, tokenCatcher, until } from './engine-harness';

const askTask = (extra: object = {}): object => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: 'sirp-request-approval', Payload: { 'token.$': '$$.Task.Token', 'incident.$': '$.incident' } },
  TimeoutSeconds: 3600,
  ResultPath: '$.decision',
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<SfnApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SfnApiError)) throw new Error('expected an SfnApiError');
  return error;
}

describe('WorkflowEngine callback tasks', () => {
  it('resumes the execution with the output when the task succeeds', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: { gate: asl({ 'Request Sign-off': askTask({ End: true }) }) },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-1' });
    await until(() => approver.tokens.length === 1, 'the approval request');

    expect((await h.engine.describeExecution({ executionArn: arn })).status).toBe('RUNNING');
    await h.engine.sendTaskSuccess({ taskToken: approver.tokens[0]!, output: JSON.stringify({ approved: true, by: 'alice' }) });
    const done = await h.engine.waitForExecution(arn);

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ incident: 'INC-1', decision: { approved: true, by: 'alice' } });
  });

  it('routes SendTaskFailure to the Catch that names its error', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: {
        gate: asl({
          'Request Sign-off': askTask({ Catch: [{ ErrorEquals: ['Approval.Rejected'], ResultPath: '$.rejection', Next: 'Record Rejection' }], End: true }),
          'Record Rejection': { Type: 'Pass', End: true },
        }),
      },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-2' });
    await until(() => approver.tokens.length === 1, 'the approval request');

    await h.engine.sendTaskFailure({ taskToken: approver.tokens[0]!, error: 'Approval.Rejected', cause: 'not contained yet' });
    const done = await h.engine.waitForExecution(arn);

    expect(JSON.parse(done.output!)).toMatchObject({ rejection: { Error: 'Approval.Rejected', Cause: 'not contained yet' } });
  });

  it('times out on the runtime clock into a States.Timeout catcher, past a States.TaskFailed one', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: {
        gate: asl({
          'Request Sign-off': askTask({
            Catch: [
              { ErrorEquals: ['States.TaskFailed'], Next: 'Fail Gate' },
              { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate To Deputy' },
            ],
            End: true,
          }),
          'Fail Gate': { Type: 'Fail', Error: 'Gate.Failed', Cause: 'the approval task failed' },
          'Escalate To Deputy': { Type: 'Pass', End: true },
        }),
      },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-3' });
    await until(() => approver.tokens.length === 1, 'the approval request');

    h.clock.advance(3_599_000);
    expect((await h.engine.describeExecution({ executionArn: arn })).status).toBe('RUNNING');
    h.clock.advance(1_000);
    const done = await h.engine.waitForExecution(arn);

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ timeout: { Error: 'States.Timeout' } });
    const history = await h.engine.getExecutionHistory({ executionArn: arn });
    expect(history.events!.map((e) => e.type)).toContain('TaskTimedOut');
  });

  it('times out in compressed drill time without anyone advancing the clock', async () => {
    const approver = tokenCatcher();
    const h = harness({
      speed: 3_600_000, // one real millisecond is one incident hour
      machines: {
        gate: asl({
          'Request Sign-off': askTask({ TimeoutSeconds: 4 * 3600, Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' }], End: true }),
          Escalate: { Type: 'Pass', End: true },
        }),
      },
      lambdas: { 'sirp-request-approval': approver.handler },
    });

    const done = await h.engine.waitForExecution(await h.start('gate', { incident: 'INC-11' }));

    expect(JSON.parse(done.output!)).toHaveProperty('timeout.Error', 'States.Timeout');
    expect(done.stopDate!.getTime() - done.startDate!.getTime()).toBeGreaterThanOrEqual(4 * 3_600_000);
  });

  it('reads the timeout from the state input with TimeoutSecondsPath', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: {
        gate: asl({
          'Request Sign-off': askTask({
            TimeoutSeconds: undefined,
            TimeoutSecondsPath: '$.gate.timeoutSeconds',
            Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' }],
            End: true,
          }),
          Escalate: { Type: 'Pass', End: true },
        }),
      },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-4', gate: { timeoutSeconds: 90 } });
    await until(() => approver.tokens.length === 1, 'the approval request');

    expect(approver.events[0]).toEqual({ token: approver.tokens[0], incident: 'INC-4' });
    h.clock.advance(90_000);
    const done = await h.engine.waitForExecution(arn);

    expect(JSON.parse(done.output!)).toHaveProperty('timeout.Error', 'States.Timeout');
  });

  it('gives each callback task of a Parallel state its own token', async () => {
    const approver = tokenCatcher();
    const branch = (name: string): object => ({ StartAt: name, States: { [name]: askTask({ ResultPath: null, End: true }) } });
    const h = harness({
      machines: { mobilize: asl({ 'Engage Workstreams': { Type: 'Parallel', Branches: [branch('Engage Engineering'), branch('Engage Communications')], End: true } }) },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('mobilize', { incident: 'INC-5' });
    await until(() => approver.tokens.length === 2, 'both approval requests');

    const [first, second] = approver.tokens;
    expect(first).not.toBe(second);
    await h.engine.sendTaskSuccess({ taskToken: first!, output: '{}' });
    await h.engine.sendTaskSuccess({ taskToken: second!, output: '{}' });
    expect((await h.engine.waitForExecution(arn)).status).toBe('SUCCEEDED');
  });

  it('gives each Map iteration its own token', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: {
        communicate: asl({
          'Approve Each Communication': {
            Type: 'Map',
            ItemsPath: '$.drafts',
            ItemSelector: { 'incident.$': '$.incident', 'draft.$': '$$.Map.Item.Value' },
            ItemProcessor: { StartAt: 'Approve Draft', States: { 'Approve Draft': askTask({ End: true }) } },
            End: true,
          },
        }),
      },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('communicate', { incident: 'INC-6', drafts: ['exec', 'staff', 'customers'] });
    await until(() => approver.tokens.length === 3, 'three approval requests');

    expect(new Set(approver.tokens).size).toBe(3);
    for (const token of approver.tokens) await h.engine.sendTaskSuccess({ taskToken: token, output: '"ok"' });
    expect((await h.engine.waitForExecution(arn)).status).toBe('SUCCEEDED');
  });

  it('answers TaskTimedOut for a used token, TaskDoesNotExist for an unknown one and InvalidToken for garbage', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: { gate: asl({ 'Request Sign-off': askTask({ End: true }) }) },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-7' });
    await until(() => approver.tokens.length === 1, 'the approval request');
    const token = approver.tokens[0]!;
    await h.engine.sendTaskSuccess({ taskToken: token, output: '{}' });
    await h.engine.waitForExecution(arn);

    const used = await rejection(h.engine.sendTaskSuccess({ taskToken: token, output: '{}' }));
    const unknown = await rejection(h.engine.sendTaskFailure({ taskToken: 'A'.repeat(43) }));
    const garbage = await rejection(h.engine.sendTaskHeartbeat({ taskToken: 'not a token' }));

    expect([used.name, unknown.name, garbage.name]).toEqual(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);
    expect(used.message).not.toContain(token);
  });

  it('invalidates the tokens of a stopped execution', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: { gate: asl({ 'Request Sign-off': askTask({ End: true }) }) },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-8' });
    await until(() => approver.tokens.length === 1, 'the approval request');

    await h.engine.stopExecution({ executionArn: arn, error: 'Incident.Closed', cause: 'false positive' });

    expect(await h.engine.describeExecution({ executionArn: arn })).toMatchObject({ status: 'ABORTED', error: 'Incident.Closed', cause: 'false positive' });
    expect((await rejection(h.engine.sendTaskSuccess({ taskToken: approver.tokens[0]!, output: '{}' }))).name).toBe('TaskTimedOut');
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('keeps task tokens out of the history and the events it reports', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: { gate: asl({ 'Request Sign-off': askTask({ End: true }) }) },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-9' });
    await until(() => approver.tokens.length === 1, 'the approval request');
    await h.engine.sendTaskSuccess({ taskToken: approver.tokens[0]!, output: '{}' });
    await h.engine.waitForExecution(arn);

    const history = await h.engine.getExecutionHistory({ executionArn: arn });
    const scheduled = history.events!.find((e) => e.type === 'TaskScheduled');
    expect(JSON.parse(scheduled!.taskScheduledEventDetails!.parameters!)).toMatchObject({ Payload: { token: '[task token]' } });
    expect(JSON.stringify(history)).not.toContain(approver.tokens[0]);
    expect(JSON.stringify(h.events)).not.toContain(approver.tokens[0]);
  });

  it('refuses output that is not JSON and leaves the task waiting', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: { gate: asl({ 'Request Sign-off': askTask({ End: true }) }) },
      lambdas: { 'sirp-request-approval': approver.handler },
    });
    const arn = await h.start('gate', { incident: 'INC-10' });
    await until(() => approver.tokens.length === 1, 'the approval request');

    const error = await rejection(h.engine.sendTaskSuccess({ taskToken: approver.tokens[0]!, output: '{nope' }));
    await h.engine.sendTaskSuccess({ taskToken: approver.tokens[0]!, output: 'true' });

    expect(error.name).toBe('InvalidOutput');
    expect((await h.engine.waitForExecution(arn)).status).toBe('SUCCEEDED');
  });
});
