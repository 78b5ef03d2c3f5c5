import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnTaskCallbacks, TaskCallbackError } from '../../../../lambdas/approval/sfn-task-callbacks';
import { AwsJsonStub, awsError, type StubAnswer, testClientConfig } from './aws-json-stub';

const TOKEN = 'AQB8AAAAKgAAAAMAAAAAAAAAAf1Zx7-secret';

describe('SfnTaskCallbacks', () => {
  let answer: StubAnswer = { status: 200, body: {} };
  const stub = new AwsJsonStub(() => answer);
  let callbacks: SfnTaskCallbacks;
  let client: SFNClient;

  beforeAll(async () => {
    client = new SFNClient(testClientConfig(await stub.start()));
    callbacks = new SfnTaskCallbacks(client);
  });

  afterAll(async () => {
    client.destroy();
    await stub.stop();
  });

  beforeEach(() => {
    answer = { status: 200, body: {} };
    stub.calls.length = 0;
  });

  it('sends SendTaskSuccess with the decision as JSON output', async () => {
    const output = { decision: 'approve', decidedBy: 'alice', decidedAt: '2026-03-02T09:01:00.000Z' } as const;
    expect(await callbacks.send(TOKEN, { kind: 'success', output })).toBe('delivered');
    expect(stub.calls).toEqual([{ operation: 'SendTaskSuccess', input: { taskToken: TOKEN, output: JSON.stringify(output) } }]);
  });

  it('sends SendTaskFailure named Approval.Rejected with the reason as cause', async () => {
    expect(await callbacks.send(TOKEN, { kind: 'failure', error: 'Approval.Rejected', cause: 'wrong host' })).toBe('delivered');
    expect(stub.calls).toEqual([{ operation: 'SendTaskFailure', input: { taskToken: TOKEN, error: 'Approval.Rejected', cause: 'wrong host' } }]);
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist'])('reports a closed task when Step Functions answers %s', async (type) => {
    answer = awsError(type);
    expect(await callbacks.send(TOKEN, { kind: 'failure', error: 'Approval.Rejected', cause: 'x' })).toBe('task-closed');
  });

  it('throws a retryable error that keeps only the SDK error name, never its message', async () => {
    answer = awsError('InvalidToken', `Invalid Token: '${TOKEN}'`);
    const error = await callbacks.send(TOKEN, { kind: 'failure', error: 'Approval.Rejected', cause: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskCallbackError);
    expect(error).toMatchObject({ code: 'APPROVAL.CALLBACK_FAILED', terminal: false, sdkErrorName: 'InvalidToken' });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).cause).toBeUndefined();
  });
});
