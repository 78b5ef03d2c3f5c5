import { EngineLoadError, WorkflowEngine, type EngineServices } from '../../../local/engine/engine';
import { RuntimeClock } from '../../../local/engine/runtime-clock';
import { ACCOUNT, asl, REGION } from './engine-harness';

function load(definition: object, services: EngineServices = {}): EngineLoadError {
  try {
    new WorkflowEngine({
      clock: new RuntimeClock({ speed: 0 }),
      region: REGION,
      accountId: ACCOUNT,
      machines: [{ name: 'contain', definition }],
      lambdas: { 'sirp-known': () => Promise.resolve(null) },
      services,
    });
  } catch (error) {
    if (error instanceof EngineLoadError) return error;
    throw error;
  }
  throw new Error('the machine loaded');
}

const callback = (extra: object = {}): object => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: 'sirp-known', Payload: { 'token.$': '$$.Task.Token' } },
  TimeoutSeconds: 60,
  End: true,
  ...extra,
});

describe('WorkflowEngine load-time refusals', () => {
  it.each([
    ['a Lambda ARN with no local handler', { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:sirp-missing', End: true }, /no local handler/],
    ['lambda:invoke of an unknown function', { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'sirp-missing' }, End: true }, /no local handler/],
    ['HeartbeatSeconds', callback({ HeartbeatSeconds: 30 }), /HeartbeatSeconds/],
    ['a callback task without a timeout', callback({ TimeoutSeconds: undefined }), /needs TimeoutSeconds or TimeoutSecondsPath/],
    ['JSONata on a state', callback({ QueryLanguage: 'JSONata' }), /JSONata/],
    ['an unsupported states integration', { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true }, /unsupported/],
    ['an AWS SDK integration', { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', End: true }, /unsupported/],
    ['an activity', { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:manual', End: true }, /unsupported/],
    ['sns:publish with no SNS service', { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { Message: 'hi' }, End: true }, /snsPublish/],
    ['startExecution of a machine not loaded', { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:recover' }, End: true }, /not loaded/],
  ])('refuses %s, naming the machine and the state', (_what, state, reason) => {
    const error = load(asl({ 'Isolate Host': state }));

    expect(error.code).toBe('ENGINE.UNSUPPORTED');
    expect(error.message).toMatch(/state machine 'contain', state 'Isolate Host'/);
    expect(error.message).toMatch(reason);
  });

  it('refuses a machine whose top-level QueryLanguage is JSONata', () => {
    const error = load({ QueryLanguage: 'JSONata', ...asl({ Done: { Type: 'Succeed' } }) });

    expect(error.message).toMatch(/'contain'.*JSONata/);
  });

  it('names a refused state nested in a Parallel branch', () => {
    const error = load(asl({ Mobilize: { Type: 'Parallel', Branches: [asl({ 'Page Legal': callback({ HeartbeatSeconds: 10 }) })], End: true } }));

    expect(error.stateName).toBe('Page Legal');
  });

  it('refuses an invalid definition with the validator message', () => {
    const error = load({ StartAt: 'Nowhere', States: { Done: { Type: 'Succeed' } } });

    expect(error.message).toMatch(/'contain'.*invalid/i);
  });

  it('loads the SNS integration when the service is given', () => {
    const snsPublish = (): Promise<Record<string, unknown>> => Promise.resolve({ MessageId: 'm-1' });
    expect(() => load(asl({ Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { Message: 'hi' }, End: true } }), { snsPublish })).toThrow(
      'the machine loaded',
    );
  });
});
