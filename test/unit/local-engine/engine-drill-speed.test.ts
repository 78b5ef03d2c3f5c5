import { asl, harness, tokenCatcher } from './engine-harness';

/**
 * A drill compresses incident time (`--speed 600`: a minute passes in 0.1 s),
 * not the real time a handler takes: a synchronous Lambda invoke's
 * TimeoutSeconds guards the handler's real execution time, while a callback
 * wait (a person deciding) runs on the compressed clock.
 */
const DRILL_SPEED = 600;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const invoke = (functionName: string, extra: object): object => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionName, 'Payload.$': '$' },
  ResultPath: '$.result',
  ...extra,
});

const timedOutTo = { Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Timed Out' }], End: true };

describe('WorkflowEngine at drill speed', () => {
  it('lets a Lambda task that takes 250 ms of real time (over 60 incident seconds at speed 600) finish under TimeoutSeconds 60', async () => {
    const h = harness({
      speed: DRILL_SPEED,
      machines: { step: asl({ 'Gather Context': invoke('sirp-steps', { TimeoutSeconds: 60, ...timedOutTo }), 'Timed Out': { Type: 'Pass', End: true } }) },
      lambdas: {
        'sirp-steps': async () => {
          // A busy machine: longer than the 100 ms that 60 incident seconds last at this speed.
          await sleep(250);
          return { gathered: true };
        },
      },
    });

    const done = await h.engine.waitForExecution(await h.start('step'));

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ result: { StatusCode: 200, Payload: { gathered: true } } });
  });

  it('still times a hanging Lambda task out, after its TimeoutSeconds of real time', async () => {
    const h = harness({
      speed: DRILL_SPEED,
      machines: { step: asl({ 'Gather Context': invoke('sirp-steps', { TimeoutSeconds: 1, ...timedOutTo }), 'Timed Out': { Type: 'Pass', End: true } }) },
      lambdas: { 'sirp-steps': () => new Promise<never>(() => undefined) },
    });
    const started = performance.now();

    const done = await h.engine.waitForExecution(await h.start('step'));

    expect(JSON.parse(done.output!)).toMatchObject({ timeout: { Error: 'States.Timeout' } });
    // At incident speed the second would have been over in under 2 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('times a callback wait with TimeoutSeconds 60 out on the compressed clock, in about 0.1 s of real time at speed 600', async () => {
    const asked = tokenCatcher();
    const h = harness({
      speed: DRILL_SPEED,
      machines: {
        gate: asl({
          'Request Sign-off': {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'sirp-ask', Payload: { 'token.$': '$$.Task.Token' } },
            TimeoutSeconds: 60,
            ...timedOutTo,
          },
          'Timed Out': { Type: 'Pass', End: true },
        }),
      },
      lambdas: { 'sirp-ask': asked.handler },
    });
    const started = performance.now();

    const done = await h.engine.waitForExecution(await h.start('gate'));

    expect(asked.tokens).toHaveLength(1);
    expect(JSON.parse(done.output!)).toMatchObject({ timeout: { Error: 'States.Timeout' } });
    // 60 incident seconds are 100 ms at speed 600; far below the 60 real seconds it would take uncompressed.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
