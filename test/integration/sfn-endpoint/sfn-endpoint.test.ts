import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { WorkflowEngine } from '../../../local/engine/engine';
import { RuntimeClock } from '../../../local/engine/runtime-clock';
import { createSfnRequestHandler } from '../../../local/engine/sfn-endpoint';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:gate';

const GATE = {
  StartAt: 'Request Sign-off',
  States: {
    'Request Sign-off': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'sirp-request-approval', Payload: { 'token.$': '$$.Task.Token', 'incident.$': '$.incident' } },
      TimeoutSeconds: 3600,
      ResultPath: '$.decision',
      Next: 'Contained',
    },
    Contained: { Type: 'Succeed' },
  },
};

interface Endpoint {
  readonly server: Server;
  readonly url: string;
}

/** Serves the handler on its own server, at `/` or under a prefix as the runtime mounts it. */
async function serve(engine: WorkflowEngine, prefix = ''): Promise<Endpoint> {
  const sfn = createSfnRequestHandler(engine, { maxBodyBytes: 64 * 1024 });
  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith(prefix)) {
      sfn(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}${prefix}` };
}

const client = (endpoint: string): SFNClient =>
  new SFNClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error;
}

/** A raw POST, for what the SDK would never send. */
function post(url: string, target: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': target } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('SFN endpoint with the stock SDK client', () => {
  const tokens: string[] = [];
  let engine: WorkflowEngine;
  let endpoint: Endpoint;
  let sfn: SFNClient;

  beforeAll(async () => {
    engine = new WorkflowEngine({
      clock: new RuntimeClock({ speed: 0 }),
      region: 'us-east-1',
      accountId: '123456789012',
      machines: [{ name: 'gate', definition: JSON.stringify(GATE) }],
      lambdas: {
        'sirp-request-approval': (event) => {
          tokens.push((event as { token: string }).token);
          return Promise.resolve({ sent: true });
        },
      },
    });
    endpoint = await serve(engine, '/aws/sfn');
    sfn = client(endpoint.url);
  });

  afterAll(async () => {
    sfn.destroy();
    await engine.close();
    await new Promise((resolve) => endpoint.server.close(resolve));
  });

  it('resumes the execution when the task succeeds, under the /aws/sfn base path', async () => {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'INC-1-contain', input: '{"incident":"INC-1"}' }));
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:gate:INC-1-contain');
    expect(started.startDate).toBeInstanceOf(Date);

    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(running.status).toBe('RUNNING');
    const token = tokens.at(-1)!;
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    await engine.waitForExecution(started.executionArn!);

    const done = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ incident: 'INC-1', decision: { approved: true } });
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime());

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    const types = history.events!.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ExecutionStarted', 'TaskScheduled', 'TaskSubmitted', 'TaskSucceeded', 'ExecutionSucceeded']));
    expect(history.events![0]!.timestamp).toBeInstanceOf(Date);
    expect(JSON.stringify(history.events)).not.toContain(token);
  });

  it('maps a bogus task token to InvalidToken and an unknown one to TaskDoesNotExist', async () => {
    const bogus = await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: 'bogus', output: '{}' })));
    const unknown = await errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: 'B'.repeat(43), output: '{}' })));

    expect(bogus.name).toBe('InvalidToken');
    expect(unknown.name).toBe('TaskDoesNotExist');
    expect((unknown as Error & { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(400);
  });

  it('maps an unknown execution to ExecutionDoesNotExist', async () => {
    const error = await errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:gate:nope' })));

    expect(error.name).toBe('ExecutionDoesNotExist');
    expect(error.message).toContain('nope');
  });

  it('stops an execution and lists it as aborted', async () => {
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: '{"incident":"INC-2"}' }));

    const stopped = await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn, error: 'Incident.Dismissed', cause: 'false positive' }));
    const aborted = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, statusFilter: 'ABORTED' }));

    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(aborted.executions!.map((e) => e.executionArn)).toEqual([started.executionArn]);
  });

  it('describes and lists the state machines', async () => {
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: STATE_MACHINE_ARN }));

    expect(listed.stateMachines!.map((m) => m.stateMachineArn)).toEqual([STATE_MACHINE_ARN]);
    expect(JSON.parse(described.definition!)).toEqual(GATE);
    expect(described.creationDate).toBeInstanceOf(Date);
  });

  it('rejects a request body that fails validation with ValidationException naming the field', async () => {
    const error = await errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: undefined })));

    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("'executionArn'");
  });

  it('rejects an unknown operation and an oversized body', async () => {
    const unknown = await post(endpoint.url, 'AWSStepFunctions.DeleteStateMachine', '{}');
    const oversized = await post(endpoint.url, 'AWSStepFunctions.StartExecution', JSON.stringify({ stateMachineArn: STATE_MACHINE_ARN, input: 'x'.repeat(70_000) }));

    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ __type: expect.stringMatching(/#UnknownOperationException$/) as unknown });
    expect(oversized.status).toBe(413);
  });

  it('serves at / on a server of its own', async () => {
    const own = await serve(engine);
    const rootClient = client(own.url);

    const listed = await rootClient.send(new ListStateMachinesCommand({}));

    expect(listed.stateMachines).toHaveLength(1);
    rootClient.destroy();
    await new Promise((resolve) => own.server.close(resolve));
  });
});
