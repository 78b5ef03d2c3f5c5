import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The context the Lambda runtime hands a function, for handlers invoked
 * in-process. This is the edge of the system (the Lambda service itself),
 * so it is built here rather than run.
 */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
  } as Context; // done/fail/succeed are deprecated callbacks our handlers never use
}

/** How long stopping waits for handlers still running; they finish in milliseconds unless an endpoint hangs. */
const DRAIN_LIMIT_MS = 15_000;

/**
 * Invokes handlers in-process and remembers which are still running, so that
 * stopping the runtime waits for them while its endpoints are still up (the
 * Lambda service also lets an invocation finish). Without the wait, a handler
 * started during shutdown (the engine reporting its aborted executions) would
 * outlive the runtime, and with it the timer middy arms for its early timeout
 * (`getRemainingTimeInMillis`, 60 s here), which keeps the process (and jest)
 * from exiting.
 */
export class LambdaInvocations {
  private readonly running = new Set<Promise<unknown>>();

  /** Calls `handler` as the Lambda service would, with a fresh context for `functionName`. */
  invoke<E, R>(handler: (event: E, context: Context) => Promise<R>, functionName: string, event: E): Promise<R> {
    const invocation = handler(event, lambdaContext(functionName));
    const tracked = invocation.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(tracked);
    void tracked.then(() => this.running.delete(tracked));
    return invocation;
  }

  /** Handlers still running. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Waits until no handler runs (one that starts meanwhile too), or `limitMs` has passed. */
  async drain(limitMs = DRAIN_LIMIT_MS): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolveLimit) => {
        timer = setTimeout(resolveLimit, left);
      });
      await Promise.race([Promise.all([...this.running]), limit]);
      clearTimeout(timer);
    }
  }
}
