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
