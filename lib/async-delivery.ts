import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { acknowledge } from './acknowledgements';

/** EventBridge -> Lambda: retries outlast a throttle or a deploy; after that the event waits in the DLQ. */
export const RULE_DELIVERY = { retryAttempts: 8, maxEventAge: Duration.hours(6) } as const;

/** A function's own async retries (after a handler error) before the event goes to its on-failure destination. */
export const ASYNC_RETRIES = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;

/** Lambda destinations supersede DeadLetterConfig, which is what the NIST rule looks for. */
export function acknowledgeOnFailureDestination(fn: IFunction): void {
  acknowledge(
    fn,
    'NIST.800.53.R5-LambdaDLQ',
    'Failed asynchronous invocations go to an SQS on-failure destination (encrypted, 14 days), which supersedes ' +
      'DeadLetterConfig and keeps the error with the event.',
  );
}
