import type { IConstruct } from 'constructs';
import { acknowledge } from './acknowledgements';
import { acknowledgeGrantPolicy, acknowledgeKeyGrants } from './nag-findings';

/** The findings every sirp function shares, acknowledged on the function's construct. */
export function acknowledgeFunctionRole(scope: IConstruct): void {
  acknowledge(
    scope,
    'AwsSolutions-IAM5[Resource::*]',
    'Only X-Ray xray:PutTraceSegments and xray:PutTelemetryRecords (added by active tracing) are on "*": ' +
      'X-Ray supports no resource-level permissions for them. A unit test fails on any other action on "*".',
  );
  acknowledgeKeyGrants(scope);
  acknowledgeGrantPolicy(scope);
  acknowledge(
    scope,
    'NIST.800.53.R5-LambdaInsideVPC',
    'The function reaches only AWS APIs (DynamoDB, SNS, Step Functions, Secrets Manager) over TLS with IAM and no resource in a VPC; ' +
      'a VPC would add NAT or endpoint cost without narrowing what the function can reach.',
  );
}

/** For functions whose callers wait for the answer: a DLQ would never receive anything. */
export function acknowledgeSynchronousFunction(scope: IConstruct, caller: string): void {
  acknowledge(
    scope,
    'NIST.800.53.R5-LambdaDLQ',
    `Invoked synchronously by ${caller}, which sees every error and retries or fails visibly; a dead-letter queue only serves asynchronous invocations.`,
  );
}

/** For functions without reserved concurrency: what bounds them instead. */
export function acknowledgeUnreservedConcurrency(scope: IConstruct, bound: string): void {
  acknowledge(
    scope,
    'NIST.800.53.R5-LambdaConcurrency',
    `Concurrency is bounded by ${bound}; reserving more would take capacity from the account's other functions.`,
  );
}
