/** AWS SDK requests by operation (`DynamoDB.PutItem`), counted while enabled. */
export interface RequestCount {
  start(): void;
  stop(): ReadonlyMap<string, number>;
}

/** What the bench needs of an SDK v3 client (typed here, not from a transitive @smithy package). */
interface AnyClient {
  readonly middlewareStack: {
    add(
      middleware: (next: (args: never) => Promise<unknown>, context: { readonly commandName?: string }) => (args: never) => Promise<unknown>,
      options: { readonly step: 'finalizeRequest'; readonly name: string; readonly override: boolean },
    ): void;
  };
}

/**
 * Counts what the handlers send, by adding one middleware to the SDK clients
 * they share (`lambdas/shared/clients.ts`): one count per request on the
 * wire, retries included, so the figure is what dynalite and the endpoints
 * served. Nothing is changed in the handlers.
 *
 * @example
 * const count = countRequests({ dynamodb: clients().db, sns: clients().sns });
 * count.start(); await work(); console.log(count.stop());
 */
export function countRequests(named: Readonly<Record<string, AnyClient>>): RequestCount {
  let counting = false;
  let counts = new Map<string, number>();
  for (const [service, client] of Object.entries(named)) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (counting) {
          const operation = `${service}.${(context.commandName ?? 'unknown').replace(/Command$/, '')}`;
          counts.set(operation, (counts.get(operation) ?? 0) + 1);
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'sirpBenchRequestCount', override: true },
    );
  }
  return {
    start: () => {
      counts = new Map();
      counting = true;
    },
    stop: () => {
      counting = false;
      return counts;
    },
  };
}
