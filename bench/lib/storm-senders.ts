/**
 * The storm's senders, run in a worker thread by `bench/storm.bench.ts`.
 *
 * Why a thread: EventBridge and SNS do not share the runtime's event loop, and
 * the senders' HTTP client costs about as much CPU per request as the
 * runtime's own work on a redelivery. On the runtime's thread they made the
 * bench measure its own client as much as the intake. Here they still share
 * the machine (and its two cores) with the runtime and dynalite, but no longer
 * its one JavaScript thread.
 *
 * Why node:http and not fetch: a load generator should cost the machine as
 * little as it can. With 10 keep-alive connections, fetch (undici) took about
 * 0.5 ms of CPU per POST on this machine, node:http about half of that.
 *
 * Protocol: `workerData` is the job; the worker posts `ready`, waits for `go`,
 * sends, then posts its result.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { IntakeAnswer } from '../../lambdas/triage/triage-service';

export interface SendersJob {
  readonly url: string;
  readonly senders: number;
  /** The distinct event bodies. */
  readonly bodies: readonly string[];
  /** The deliveries, in order: indexes into `bodies`. */
  readonly order: readonly number[];
}

export interface SendersResult {
  /** Per delivery, in the order sent: the body's index and the outcomes of its answer. */
  readonly answers: readonly (readonly [number, readonly string[]])[];
  /** Answers other than 202. */
  readonly failures: number;
  /** CPU time of this thread while it sent, in ms. */
  readonly cpuMs: number;
}

export type SendersMessage = { readonly type: 'ready' } | ({ readonly type: 'done' } & SendersResult);

/** One POST on a kept-alive connection: the status and the parsed answer. */
function post(url: URL, agent: Agent, body: string): Promise<{ status: number; answer: IntakeAnswer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, answer: JSON.parse(Buffer.concat(chunks).toString('utf8')) as IntakeAnswer });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function sendAll(job: SendersJob): Promise<SendersResult> {
  const url = new URL('/events', job.url);
  // One connection per sender, kept open, as a busy EventBridge target sees them.
  const agent = new Agent({ keepAlive: true, maxSockets: job.senders });
  const answers: [number, string[]][] = [];
  let failures = 0;
  let next = 0;
  const cpuBefore = process.threadCpuUsage();
  try {
    await Promise.all(
      Array.from({ length: job.senders }, async () => {
        for (let i = next++; i < job.order.length; i = next++) {
          const index = job.order[i] ?? 0;
          const { status, answer } = await post(url, agent, job.bodies[index] ?? '');
          if (status !== 202) failures++;
          answers.push([index, answer.results.map((r) => r.outcome)]);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const cpu = process.threadCpuUsage(cpuBefore);
  return { answers, failures, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const port = parentPort;
if (port !== null) {
  port.once('message', () => {
    sendAll(workerData as SendersJob).then(
      (result) => {
        port.postMessage({ type: 'done', ...result } satisfies SendersMessage);
      },
      (error: unknown) => {
        throw error;
      },
    );
  });
  port.postMessage({ type: 'ready' } satisfies SendersMessage);
}
