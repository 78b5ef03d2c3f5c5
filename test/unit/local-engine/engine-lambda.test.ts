import { asl, harness, namedError, until } from './engine-harness';

const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:sirp-triage';

const invoke = (functionName: string, extra: object = {}): object => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionName, 'Payload.$': '$' },
  ...extra,
});

describe('WorkflowEngine Lambda tasks', () => {
  it('returns the handler result under Payload with StatusCode 200 for lambda:invoke', async () => {
    const h = harness({
      machines: { triage: asl({ 'Classify Severity': invoke('sirp-triage', { ResultPath: '$.triage', End: true }) }) },
      lambdas: { [LAMBDA_ARN]: (event) => Promise.resolve({ severity: 'high', seen: event }) },
    });
    const arn = await h.start('triage', { alarm: 'cpu' });

    const done = await h.engine.waitForExecution(arn);

    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as { triage: { Payload: unknown; StatusCode: number } };
    expect(output.triage.StatusCode).toBe(200);
    expect(output.triage.Payload).toEqual({ severity: 'high', seen: { alarm: 'cpu' } });
  });

  it('returns the handler result itself for a bare Lambda ARN resource', async () => {
    const h = harness({
      machines: { triage: asl({ 'Classify Severity': { Type: 'Task', Resource: LAMBDA_ARN, ResultPath: '$.triage', End: true } }) },
      lambdas: { 'sirp-triage': () => Promise.resolve({ severity: 'low' }) },
    });

    const done = await h.engine.waitForExecution(await h.start('triage', { alarm: 'disk' }));

    expect(JSON.parse(done.output!)).toEqual({ alarm: 'disk', triage: { severity: 'low' } });
  });

  it('routes a thrown named error to the matching Catch with the Lambda error as Cause', async () => {
    const h = harness({
      machines: {
        gate: asl({
          'Request Sign-off': invoke('sirp-approve', { Catch: [{ ErrorEquals: ['Approval.Rejected'], ResultPath: '$.rejection', Next: 'Record Rejection' }], End: true }),
          'Record Rejection': { Type: 'Pass', End: true },
        }),
      },
      lambdas: { 'sirp-approve': () => Promise.reject(namedError('Approval.Rejected', 'the crisis lead said no')) },
    });

    const done = await h.engine.waitForExecution(await h.start('gate'));

    expect(done.status).toBe('SUCCEEDED');
    const { rejection } = JSON.parse(done.output!) as { rejection: { Error: string; Cause: string } };
    expect(rejection.Error).toBe('Approval.Rejected');
    expect(JSON.parse(rejection.Cause)).toEqual({ errorType: 'Approval.Rejected', errorMessage: 'the crisis lead said no' });
  });

  it('retries a transient Lambda error with backoff on the runtime clock', async () => {
    let calls = 0;
    const h = harness({
      machines: {
        notify: asl({
          'Notify Crisis Lead': invoke('sirp-notify', {
            Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 }],
            End: true,
          }),
        }),
      },
      lambdas: {
        'sirp-notify': () => {
          calls += 1;
          return calls < 3 ? Promise.reject(namedError('Lambda.TooManyRequestsException', 'slow down')) : Promise.resolve('sent');
        },
      },
    });
    const arn = await h.start('notify');

    await until(() => calls === 1 && h.clock.pendingTimers === 1, 'first failure');
    h.clock.advance(1_999);
    expect(calls).toBe(1);
    h.clock.advance(1);
    await until(() => calls === 2 && h.clock.pendingTimers === 1, 'second failure');
    h.clock.advance(6_000); // 2 s x 3
    const done = await h.engine.waitForExecution(arn);

    expect(calls).toBe(3);
    expect(done.status).toBe('SUCCEEDED');
  });

  it('fails the execution with the error name and cause when nothing catches it', async () => {
    const h = harness({
      machines: { triage: asl({ 'Classify Severity': invoke('sirp-triage', { End: true }) }) },
      lambdas: { 'sirp-triage': () => Promise.reject(namedError('Plan.Invalid', 'no severity rules')) },
    });

    const done = await h.engine.waitForExecution(await h.start('triage'));

    expect(done).toMatchObject({ status: 'FAILED', error: 'Plan.Invalid' });
    expect(JSON.parse(done.cause!)).toEqual({ errorType: 'Plan.Invalid', errorMessage: 'no severity rules' });
  });

  it('catches with States.TaskFailed once the retries are exhausted', async () => {
    let calls = 0;
    const h = harness({
      speed: 1_000_000, // one real microsecond per incident second: the backoff passes at once
      machines: {
        notify: asl({
          'Notify Crisis Lead': invoke('sirp-notify', {
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Escalate' }],
            End: true,
          }),
          Escalate: { Type: 'Pass', End: true },
        }),
      },
      lambdas: {
        'sirp-notify': () => {
          calls += 1;
          return Promise.reject(new Error('mail server down'));
        },
      },
    });

    const done = await h.engine.waitForExecution(await h.start('notify'));

    expect(calls).toBe(3);
    expect(JSON.parse(done.output!)).toMatchObject({ failure: { Error: 'Error' } });
  });
});
