import { request as httpRequest } from 'node:http';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Runtime } from '../../../local/runtime/runtime';
import { localNames } from '../../../local/runtime/local-names';
import { exampleEvent, startTestRuntime } from '../runtime/runtime-harness';

/**
 * A hostile web page in the operator's browser, against the runtime on
 * loopback: through a name rebound to 127.0.0.1 it must not read `/api/`
 * (personal links), post to the intake, open approval pages or reach the AWS
 * endpoints; from its own origin it must not post to `/events` or `/api/*`.
 * The stock AWS SDK clients, the CLI's plain requests and this machine's own
 * names are unaffected.
 */
let runtime: Runtime;
let port: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  port = new URL(runtime.url).port;
});

afterAll(async () => {
  await runtime.stop();
});

/** A raw HTTP request, so the Host header can be the one a rebound name gives (fetch will not let us set it). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the runtime on loopback against another site', () => {
  it.each([
    ['GET', '/api/approvals'],
    ['GET', '/api/incidents'],
    ['GET', '/api/outbox'],
    ['POST', '/events'],
    ['GET', '/a/AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['POST', '/aws/sfn'],
    ['POST', '/aws/sns'],
    ['POST', '/aws/secrets'],
  ])('answers %s %s through a rebound host name with 421, before any route', async (method, path) => {
    const answer = await raw(path, { method, headers: { host: `evil.example:${port}` }, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(answer.status).toBe(421);
    expect(answer.body).toContain('answers only to this machine');
  });

  it("answers this machine's own names", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await raw('/api/approvals', { headers: { host } })).status).toBe(200);
    }
  });

  it('refuses a cross-site browser POST to /events and /api/*, by Sec-Fetch-Site or by Origin', async () => {
    const host = `127.0.0.1:${port}`;
    const event = exampleEvent('cloudwatch-alarm');
    const attempts: { path: string; headers: Record<string, string> }[] = [
      { path: '/events', headers: { 'sec-fetch-site': 'cross-site' } },
      { path: '/events', headers: { 'sec-fetch-site': 'same-site' } },
      { path: '/events', headers: { origin: 'http://evil.example' } },
      { path: '/api/declare', headers: { 'sec-fetch-site': 'cross-site' } },
      { path: '/api/incidents/inc-00000000000000000/comms', headers: { origin: `http://evil.example:${port}` } },
    ];
    for (const attempt of attempts) {
      const answer = await raw(attempt.path, { method: 'POST', headers: { host, 'content-type': 'application/json', ...attempt.headers }, body: event });
      expect([attempt.path, answer.status]).toEqual([attempt.path, 403]);
      expect(answer.body).toContain('another site');
    }
    const incidents = (await (await fetch(`${runtime.url}/api/incidents`)).json()) as unknown[];
    expect(incidents).toEqual([]);
  });

  it('takes a POST from its own page and from clients that send no browser headers (the CLI, an EventBridge target)', async () => {
    const own = await raw('/events', { method: 'POST', headers: { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' }, body: exampleEvent('cloudwatch-alarm') });
    expect(own.status).toBe(202);
    const plain = await fetch(`${runtime.url}/events`, { method: 'POST', body: exampleEvent('cloudwatch-alarm') });
    expect(plain.status).toBe(202);
  });

  it('still serves the stock AWS SDK clients on their endpoints', async () => {
    const names = localNames(runtime.plan);
    const common = { region: names.region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
    const sfn = new SFNClient({ ...common, endpoint: `${runtime.url}/aws/sfn` });
    const sns = new SNSClient({ ...common, endpoint: `${runtime.url}/aws/sns` });
    const secrets = new SecretsManagerClient({ ...common, endpoint: `${runtime.url}/aws/secrets` });
    try {
      expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines?.length).toBeGreaterThan(0);
      expect((await sns.send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).toEqual([names.topicArn]);
      expect((await secrets.send(new GetSecretValueCommand({ SecretId: names.signingSecretName }))).SecretString).toBeDefined();
    } finally {
      sfn.destroy();
      sns.destroy();
      secrets.destroy();
    }
  });
});
