import { SfnApiError } from '../../../local/engine/engine';
import { asl, harness, machineArn, T0, tokenCatcher, until, waitForGo } from './engine-harness';

async function errorName(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return error instanceof SfnApiError ? error.name : 'no SfnApiError';
}

describe('WorkflowEngine API', () => {
  it('returns the running execution again for the same name and input, and refuses other input', async () => {
    const h = harness({ machines: { gate: waitForGo }, lambdas: { 'sirp-ask': tokenCatcher().handler } });
    const first = await h.engine.startExecution({ stateMachineArn: machineArn('gate'), name: 'INC-1-gate', input: '{"a":1}' });

    const again = await h.engine.startExecution({ stateMachineArn: machineArn('gate'), name: 'INC-1-gate', input: '{"a":1}' });

    expect(again.executionArn).toBe(first.executionArn);
    expect(first.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:gate:INC-1-gate');
    expect(await errorName(h.engine.startExecution({ stateMachineArn: machineArn('gate'), name: 'INC-1-gate', input: '{"a":2}' }))).toBe('ExecutionAlreadyExists');
    await h.engine.close();
  });

  it('names each refusal as AWS does', async () => {
    const h = harness({ machines: { gate: asl({ Done: { Type: 'Succeed' } }) } });
    const arn = machineArn('gate');

    expect(await errorName(h.engine.startExecution({ stateMachineArn: arn, input: '{oops' }))).toBe('InvalidExecutionInput');
    expect(await errorName(h.engine.startExecution({ stateMachineArn: machineArn('nope') }))).toBe('StateMachineDoesNotExist');
    expect(await errorName(h.engine.startExecution({ stateMachineArn: 'gate' }))).toBe('InvalidArn');
    expect(await errorName(h.engine.startExecution({ stateMachineArn: arn, name: 'has space' }))).toBe('InvalidName');
    expect(await errorName(h.engine.describeExecution({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:gate:nope' }))).toBe('ExecutionDoesNotExist');
    expect(await errorName(h.engine.listExecutions({ stateMachineArn: arn, nextToken: 'bogus' }))).toBe('InvalidToken');
  });

  it('lists executions newest first, filtered by status, page by page', async () => {
    const h = harness({ machines: { gate: asl({ Done: { Type: 'Succeed' } }) } });
    const arns: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      arns.push(await h.start('gate', {}, name));
      h.clock.advance(1_000);
    }
    await Promise.all(arns.map((arn) => h.engine.waitForExecution(arn)));

    const first = await h.engine.listExecutions({ stateMachineArn: machineArn('gate'), statusFilter: 'SUCCEEDED', maxResults: 2 });
    const second = await h.engine.listExecutions({ stateMachineArn: machineArn('gate'), statusFilter: 'SUCCEEDED', maxResults: 2, nextToken: first.nextToken! });
    const running = await h.engine.listExecutions({ stateMachineArn: machineArn('gate'), statusFilter: 'RUNNING' });

    expect(first.executions!.map((e) => e.name)).toEqual(['three', 'two']);
    expect(second.executions!.map((e) => e.name)).toEqual(['one']);
    expect(second.nextToken).toBeUndefined();
    expect(running.executions).toEqual([]);
  });

  it('records an AWS-shaped history with chained ids', async () => {
    const h = harness({
      machines: {
        triage: asl({
          'Classify Severity': { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'sirp-triage' }, Next: 'Is It Severe' },
          'Is It Severe': { Type: 'Choice', Choices: [{ Variable: '$.Payload', StringEquals: 'high', Next: 'Page' }], Default: 'Log' },
          Page: { Type: 'Succeed' },
          Log: { Type: 'Succeed' },
        }),
      },
      lambdas: { 'sirp-triage': () => Promise.resolve('high') },
    });
    const arn = await h.start('triage');
    await h.engine.waitForExecution(arn);

    const { events } = await h.engine.getExecutionHistory({ executionArn: arn });
    const reversed = await h.engine.getExecutionHistory({ executionArn: arn, reverseOrder: true });

    expect(events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events!.map((e) => [e.id, e.previousEventId])).toEqual(events!.map((_e, i) => [i + 1, i]));
    expect(events![2]!.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1' });
    expect(events![8]!.stateEnteredEventDetails?.name).toBe('Page');
    expect(reversed.events![0]!.type).toBe('ExecutionSucceeded');
  });

  it('fills the context object, also inside Parallel branches', async () => {
    const context = {
      'id.$': '$$.Execution.Id',
      'name.$': '$$.Execution.Name',
      'input.$': '$$.Execution.Input',
      'start.$': '$$.Execution.StartTime',
      'machine.$': '$$.StateMachine.Name',
      'state.$': '$$.State.Name',
    };
    const h = harness({
      machines: {
        ctx: asl({
          'Read Context': { Type: 'Pass', Parameters: context, ResultPath: '$.top', Next: 'Fan Out' },
          'Fan Out': { Type: 'Parallel', Branches: [asl({ 'Read In Branch': { Type: 'Pass', Parameters: context, End: true } })], ResultPath: '$.branch', End: true },
        }),
      },
    });
    const arn = await h.start('ctx', { incident: 'INC-9' }, 'ctx-run');

    const output = JSON.parse((await h.engine.waitForExecution(arn)).output!) as { top: object; branch: object[] };

    const expected = { id: arn, name: 'ctx-run', input: { incident: 'INC-9' }, start: new Date(T0).toISOString(), machine: 'ctx' };
    expect(output.top).toEqual({ ...expected, state: 'Read Context' });
    expect(output.branch[0]).toEqual({ ...expected, state: 'Read In Branch' });
  });

  it('times the whole execution out on the runtime clock', async () => {
    const h = harness({ machines: { gate: { TimeoutSeconds: 300, ...waitForGo } }, lambdas: { 'sirp-ask': tokenCatcher().handler } });
    const arn = await h.start('gate');
    await until(() => h.events.some((e) => e.type === 'TaskSubmitted'), 'the task');

    h.clock.advance(300_000);

    expect(await h.engine.waitForExecution(arn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('describes and lists its state machines', async () => {
    const h = harness({ machines: { gate: asl({ Done: { Type: 'Succeed' } }), alert: asl({ Done: { Type: 'Succeed' } }) } });

    const listed = await h.engine.listStateMachines();
    const described = await h.engine.describeStateMachine({ stateMachineArn: machineArn('gate') });

    expect(listed.stateMachines!.map((m) => m.name)).toEqual(['alert', 'gate']);
    expect(described).toMatchObject({ name: 'gate', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition!)).toEqual(asl({ Done: { Type: 'Succeed' } }));
  });

  it('reports execution status changes with the EventBridge detail fields', async () => {
    const h = harness({ machines: { gate: asl({ Stop: { Type: 'Fail', Error: 'Gate.Refused', Cause: 'no' } }) } });
    const arn = await h.start('gate', { incident: 'INC-3' });
    await h.engine.waitForExecution(arn);

    const failed = h.events.find((e) => e.type === 'ExecutionFailed');

    expect(failed).toMatchObject({ executionArn: arn, details: { status: 'FAILED', error: 'Gate.Refused', cause: 'no', input: '{"incident":"INC-3"}', stateMachineArn: machineArn('gate') } });
  });
});
