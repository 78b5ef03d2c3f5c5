import type { Context } from 'aws-lambda';
import { LambdaInvocations } from '../../../local/runtime/lambda-context';

/** A handler whose end the test decides. */
function controlled() {
  const { promise, resolve, reject } = Promise.withResolvers<string>();
  const seen: Context[] = [];
  const handler = (_event: unknown, context: Context) => {
    seen.push(context);
    return promise;
  };
  return { handler, resolve, reject, seen };
}

describe('LambdaInvocations', () => {
  it('hands the handler a context for its function and returns what the handler answers', async () => {
    const invocations = new LambdaInvocations();
    const h = controlled();
    const answer = invocations.invoke(h.handler, 'notify', { any: 'event' });
    h.resolve('done');

    await expect(answer).resolves.toBe('done');
    expect(h.seen[0]?.functionName).toBe('notify');
  });

  it('drains only once every running handler has finished, failed ones included', async () => {
    const invocations = new LambdaInvocations();
    const ok = controlled();
    const failing = controlled();
    const first = invocations.invoke(ok.handler, 'steps', {});
    const second = invocations.invoke(failing.handler, 'notify', {});
    let drained = false;
    const drain = invocations.drain().then(() => (drained = true));

    await Promise.resolve();
    expect(drained).toBe(false);
    expect(invocations.inFlight).toBe(2);
    ok.resolve('ok');
    failing.reject(new Error('endpoint gone'));
    await drain;

    expect(invocations.inFlight).toBe(0);
    await expect(first).resolves.toBe('ok');
    await expect(second).rejects.toThrow('endpoint gone');
  });

  it('stops waiting at its limit for a handler that never ends', async () => {
    const invocations = new LambdaInvocations();
    void invocations.invoke(controlled().handler, 'steps', {});
    const started = performance.now();
    await invocations.drain(50);

    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(invocations.inFlight).toBe(1);
  });

  it('drains at once when nothing runs', async () => {
    await expect(new LambdaInvocations().drain(10_000)).resolves.toBeUndefined();
  });
});
