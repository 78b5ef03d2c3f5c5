import { asl, harness, machineArn, namedError, tokenCatcher, until, waitForGo } from './engine-harness';

const runPhase = (resource: string, extra: object = {}): object => ({
  Type: 'Task',
  Resource: resource,
  Parameters: { StateMachineArn: machineArn('contain'), Input: { 'incidentId.$': '$.incidentId' } },
  ResultPath: '$.contain',
  ...extra,
});

const containPhase = asl({
  'Run Containment': {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'sirp-contain', 'Payload.$': '$' },
    ResultSelector: { 'actions.$': '$.Payload' },
    End: true,
  },
});

describe('WorkflowEngine nested executions', () => {
  it('runs the child machine and returns its output as JSON with startExecution.sync:2', async () => {
    const h = harness({
      machines: { incident: asl({ 'Run Contain Phase': runPhase('arn:aws:states:::states:startExecution.sync:2', { End: true }) }), contain: containPhase },
      lambdas: { 'sirp-contain': () => Promise.resolve(['isolate-host']) },
    });

    const done = await h.engine.waitForExecution(await h.start('incident', { incidentId: 'INC-1' }));

    expect(done.status).toBe('SUCCEEDED');
    const { contain } = JSON.parse(done.output!) as { contain: Record<string, unknown> };
    expect(contain).toMatchObject({ Status: 'SUCCEEDED', Output: { actions: ['isolate-host'] }, Input: { incidentId: 'INC-1' }, StateMachineArn: machineArn('contain') });
    expect(typeof contain.StartDate).toBe('number');
    expect(typeof contain.StopDate).toBe('number');
    const children = await h.engine.listExecutions({ stateMachineArn: machineArn('contain') });
    expect(children.executions?.[0]?.executionArn).toBe(contain.ExecutionArn);
  });

  it('returns the child output as JSON text with startExecution.sync', async () => {
    const h = harness({
      machines: { incident: asl({ 'Run Contain Phase': runPhase('arn:aws:states:::states:startExecution.sync', { End: true }) }), contain: containPhase },
      lambdas: { 'sirp-contain': () => Promise.resolve([]) },
    });

    const done = await h.engine.waitForExecution(await h.start('incident', { incidentId: 'INC-2' }));

    const { contain } = JSON.parse(done.output!) as { contain: { Output: unknown } };
    expect(contain.Output).toBe('{"actions":[]}');
  });

  it('fails the parent task with States.TaskFailed when the child fails', async () => {
    const h = harness({
      machines: {
        incident: asl({
          'Run Contain Phase': runPhase('arn:aws:states:::states:startExecution.sync:2', {
            Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Record Failure' }],
            End: true,
          }),
          'Record Failure': { Type: 'Pass', End: true },
        }),
        contain: containPhase,
      },
      lambdas: { 'sirp-contain': () => Promise.reject(namedError('Containment.Failed', 'host unreachable')) },
    });

    const done = await h.engine.waitForExecution(await h.start('incident', { incidentId: 'INC-3' }));

    const { failure } = JSON.parse(done.output!) as { failure: { Error: string; Cause: string } };
    expect(failure.Error).toBe('States.TaskFailed');
    expect(JSON.parse(failure.Cause)).toMatchObject({ Status: 'FAILED', Error: 'Containment.Failed' });
  });

  it('starts the child without waiting for plain startExecution', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: {
        incident: asl({ 'Start Contain Phase': runPhase('arn:aws:states:::states:startExecution', { End: true }) }),
        contain: waitForGo,
      },
      lambdas: { 'sirp-ask': approver.handler },
    });

    const done = await h.engine.waitForExecution(await h.start('incident', { incidentId: 'INC-4' }));

    const { contain } = JSON.parse(done.output!) as { contain: { ExecutionArn: string; StartDate: number } };
    expect(Object.keys(contain).sort()).toEqual(['ExecutionArn', 'StartDate']);
    expect((await h.engine.describeExecution({ executionArn: contain.ExecutionArn })).status).toBe('RUNNING');
    await h.engine.close();
  });

  it('stops the child when the parent is stopped', async () => {
    const approver = tokenCatcher();
    const h = harness({
      machines: {
        incident: asl({ 'Run Contain Phase': runPhase('arn:aws:states:::states:startExecution.sync:2', { End: true }) }),
        contain: waitForGo,
      },
      lambdas: { 'sirp-ask': approver.handler },
    });
    const parent = await h.start('incident', { incidentId: 'INC-5' });
    await until(() => approver.tokens.length === 1, 'the child task');

    await h.engine.stopExecution({ executionArn: parent });

    const children = await h.engine.listExecutions({ stateMachineArn: machineArn('contain') });
    expect(children.executions?.map((e) => e.status)).toEqual(['ABORTED']);
  });
});
