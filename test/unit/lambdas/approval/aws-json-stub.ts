import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request an AWS JSON-protocol client sent: the operation and its input. */
export interface StubCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export type StubAnswer = { readonly status: number; readonly body: Record<string, unknown> };

/**
 * A local HTTP endpoint speaking AWS's JSON protocol (`X-Amz-Target:
 * <Service>.<Operation>`, errors as `{"__type": ...}`), so adapters run with
 * the real SDK client, pointed at it by `endpoint`, like at the embedded runtime.
 */
export class AwsJsonStub {
  readonly calls: StubCall[] = [];
  private server: Server | undefined;

  constructor(private readonly answer: (call: StubCall) => StubAnswer) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const call = { operation: target.slice(target.indexOf('.') + 1), input: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> };
        this.calls.push(call);
        const { status, body } = this.answer(call);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}

export const awsError = (type: string, message = 'stubbed'): StubAnswer => ({ status: 400, body: { __type: type, message } });

export const testClientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});
