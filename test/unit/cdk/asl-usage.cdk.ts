import { readAslUsage, UnsupportedAslError } from '../../../lib/asl-usage';

const machine = (states: Record<string, unknown>) => JSON.stringify({ StartAt: Object.keys(states)[0], States: states });
const task = (resource: string, parameters: Record<string, unknown>) => ({ Type: 'Task', Resource: resource, Parameters: parameters, End: true });

describe('readAslUsage', () => {
  it('finds invoked functions, started children and whether they run .sync, also inside Parallel and Map', () => {
    const usage = readAslUsage(
      machine({
        Page: task('arn:aws:states:::lambda:invoke.waitForTaskToken', { FunctionName: '${StepsFunctionArn}' }),
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Child', States: { Child: task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: '${AlertStateMachineArn}' }) } },
            { StartAt: 'Tell', States: { Tell: task('arn:aws:states:::sns:publish', { TopicArn: '${TopicArn}' }) } },
          ],
        },
        Each: {
          Type: 'Map',
          End: true,
          ItemProcessor: { StartAt: 'Put', States: { Put: task('arn:aws:states:::dynamodb:putItem', { TableName: '${TableName}' }) } },
        },
      }),
      'test.asl.json',
    );
    expect([...usage.invokedFunctions]).toEqual(['StepsFunctionArn']);
    expect([...usage.startedMachines]).toEqual([['AlertStateMachineArn', { sync: true }]]);
    expect([...usage.publishedTopics]).toEqual(['TopicArn']);
    expect([...usage.tableActions]).toEqual([['TableName', new Set(['dynamodb:PutItem'])]]);
    expect([...usage.placeholders].sort()).toEqual(['AlertStateMachineArn', 'StepsFunctionArn', 'TableName', 'TopicArn']);
  });

  it('refuses an integration it cannot grant', () => {
    const text = machine({ Scan: task('arn:aws:states:::aws-sdk:dynamodb:scan', { TableName: '${TableName}' }) });
    expect(() => readAslUsage(text, 'x.asl.json')).toThrow(UnsupportedAslError);
    expect(() => readAslUsage(text, 'x.asl.json')).toThrow(/x\.asl\.json: state "Scan" uses "arn:aws:states:::aws-sdk:dynamodb:scan"/);
  });

  it('refuses a target chosen at run time or written as a literal ARN', () => {
    const dynamic = machine({ Call: task('arn:aws:states:::lambda:invoke', { 'FunctionName.$': '$.fn' }) });
    const literal = machine({ Call: task('arn:aws:states:::lambda:invoke', { FunctionName: 'arn:aws:lambda:eu-west-1:111111111111:function:x' }) });
    expect(() => readAslUsage(dynamic, 'x.asl.json')).toThrow(/chooses its FunctionName at run time/);
    expect(() => readAslUsage(literal, 'x.asl.json')).toThrow(/must name its FunctionName with a \$\{Placeholder\}/);
  });
});
