import type { DynamoDbAction } from '../../../local/engine/engine';
import { asl, harness, namedError, until } from './engine-harness';

describe('WorkflowEngine service integrations', () => {
  it('publishes to SNS with a fresh token and waits for the callback', async () => {
    const published: Record<string, unknown>[] = [];
    const h = harness({
      machines: {
        page: asl({
          'Page Crisis Lead': {
            Type: 'Task',
            Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
            Parameters: {
              TopicArn: 'arn:aws:sns:us-east-1:123456789012:sirp',
              'Message.$': "States.Format('Decide on {}: {}', $.incident, $$.Task.Token)",
            },
            TimeoutSeconds: 900,
            ResultPath: '$.decision',
            End: true,
          },
        }),
      },
      services: {
        snsPublish: (params) => {
          published.push(params);
          return Promise.resolve({ MessageId: 'm-1' });
        },
      },
    });
    const arn = await h.start('page', { incident: 'INC-1' });
    await until(() => published.length === 1, 'the page');

    const token = /Decide on INC-1: (\S+)$/.exec(String(published[0]!.Message))?.[1];
    await h.engine.sendTaskSuccess({ taskToken: token!, output: '"mobilize"' });
    const done = await h.engine.waitForExecution(arn);

    expect(JSON.parse(done.output!)).toEqual({ incident: 'INC-1', decision: 'mobilize' });
    const history = await h.engine.getExecutionHistory({ executionArn: arn });
    expect(history.events!.find((e) => e.type === 'TaskSubmitted')?.taskSubmittedEventDetails).toMatchObject({ resourceType: 'sns', output: '{"MessageId":"m-1"}' });
  });

  it('passes DynamoDB item calls through and names their errors like AWS', async () => {
    const calls: [DynamoDbAction, Record<string, unknown>][] = [];
    const h = harness({
      machines: {
        record: asl({
          'Record Decision': {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Parameters: { TableName: 'sirp', Item: { pk: { 'S.$': '$.incident' } }, ConditionExpression: 'attribute_not_exists(pk)' },
            Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.conflict', Next: 'Already Recorded' }],
            End: true,
          },
          'Already Recorded': { Type: 'Pass', End: true },
        }),
      },
      services: {
        dynamodb: (action, params) => {
          calls.push([action, params]);
          return Promise.reject(namedError('ConditionalCheckFailedException', 'The conditional request failed'));
        },
      },
    });

    const done = await h.engine.waitForExecution(await h.start('record', { incident: 'INC-2' }));

    expect(calls).toEqual([['putItem', { TableName: 'sirp', Item: { pk: { S: 'INC-2' } }, ConditionExpression: 'attribute_not_exists(pk)' }]]);
    expect(JSON.parse(done.output!)).toMatchObject({ conflict: { Error: 'DynamoDB.ConditionalCheckFailedException', Cause: 'The conditional request failed' } });
  });
});
