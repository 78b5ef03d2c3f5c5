/** DynamoDB's answer when a conditional write loses: the normal way "someone else won" shows up. */
export const isConditionFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
