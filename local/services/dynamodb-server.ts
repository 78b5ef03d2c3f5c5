import { fork, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Where DynamoDB runs: its own process (default) or this one. */
export type DynamoDbMode = 'child-process' | 'in-process';

export interface StartDynamoDbOptions {
  /** Runtime data directory; the table lives in `<dataDir>/dynamodb`. In memory when absent. */
  readonly dataDir?: string;
  /** 0 (the default) lets the OS pick a free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * `child-process` is the default because it is faster where it matters:
   * 10 concurrent conditional PutItems through the real DynamoDBClient on this
   * 2-core machine (Nov 2026, 3 rounds of 4 s) gave 1,200-1,400 puts/s with
   * dynalite in-process and 1,580-2,140 puts/s with it in a child, in memory
   * and on disk alike: the SDK's signing and JSON work no longer shares one
   * event loop with dynalite's validation and LevelDB. The cost is a ~110-210 ms
   * start (a Node boot) against ~1-7 ms. Re-run with
   * `npx tsx test/integration/local-services/dynamodb-throughput.bench.ts`.
   */
  readonly mode?: DynamoDbMode;
}

export interface DynamoDbServer {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  /** Milliseconds from the call to the first moment the endpoint accepts requests. */
  readonly startupMs: number;
  /** The child's pid in `child-process` mode. */
  readonly pid: number | undefined;
  /** Closes the store cleanly (LevelDB flushed) and, in `child-process` mode, waits for the child to exit. */
  stop(): Promise<void>;
}

// A cold start of the child (Node boot + type stripping + LevelDB open) takes
// a few hundred ms; 15 s only trips on a broken install or a locked data dir.
const READY_TIMEOUT_MS = 15_000;
// Stop waits this long for a clean LevelDB close before killing the child.
const STOP_TIMEOUT_MS = 5_000;
const CHILD_SCRIPT = join(__dirname, 'dynamodb-child.ts');

/**
 * Starts dynalite (DynamoDB wire protocol) for the embedded runtime.
 *
 * @example
 * const db = await startDynamoDb({ dataDir: '.sirp' });
 * process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
 * // ...
 * await db.stop();
 */
export async function startDynamoDb(options: StartDynamoDbOptions = {}): Promise<DynamoDbServer> {
  const started = performance.now();
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  let path: string | undefined;
  if (options.dataDir !== undefined) {
    path = join(options.dataDir, 'dynamodb');
    await mkdir(path, { recursive: true });
  }
  const mode = options.mode ?? 'child-process';
  return mode === 'child-process'
    ? startChild({ path, host, port, started })
    : startInProcess({ path, host, port, started });
}

interface StartArgs {
  readonly path: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly started: number;
}

type ChildMessage = { type: 'listening'; port: number } | { type: 'error'; message: string };

function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && 'type' in value;
}

async function startChild({ path, host, port, started }: StartArgs): Promise<DynamoDbServer> {
  const execArgv = ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'];
  // Node 22.6-22.17 strips types only behind a flag; 22.18+ and 24 do it by default.
  if (!process.features.typescript) execArgv.push('--experimental-strip-types');
  const child = fork(CHILD_SCRIPT, [JSON.stringify({ path, host, port })], {
    execArgv,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000); });

  const killOnExit = (): void => { child.kill('SIGTERM'); };
  // Belt and braces with the child's own 'disconnect' handler: a normal exit
  // of the parent signals the child at once.
  process.once('exit', killOnExit);

  let boundPort: number;
  try {
    boundPort = await waitForListening(child, () => stderr);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    child.kill('SIGKILL');
    throw error;
  }
  const startupMs = performance.now() - started;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopChild(child).finally(() => { process.removeListener('exit', killOnExit); });
    return stopping;
  };
  return { endpoint: `http://${host}:${boundPort}`, startupMs, pid: child.pid, stop };
}

function waitForListening(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => { fail(new Error(`dynalite did not start within ${READY_TIMEOUT_MS} ms`)); }, READY_TIMEOUT_MS);
    const onMessage = (message: unknown): void => {
      if (!isChildMessage(message)) return;
      if (message.type === 'listening') {
        cleanup();
        resolve(message.port);
      } else {
        fail(new Error(`dynalite failed to start: ${message.message}`));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      fail(new Error(`dynalite exited during startup (code ${String(code)}, signal ${String(signal)}): ${stderr().trim()}`));
    };
    const onError = (error: Error): void => { fail(error); };
    function cleanup(): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
    }
    function fail(error: Error): void {
      cleanup();
      reject(error);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', onError);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // A child that died on its own (a crash) may still look connected: its EPIPE comes to the callback, not as an 'error' event that would kill us.
    if (child.connected) child.send({ type: 'stop' }, (error) => { if (error !== null) child.kill('SIGTERM'); });
    else child.kill('SIGTERM');
  });
}

async function startInProcess({ path, host, port, started }: StartArgs): Promise<DynamoDbServer> {
  // Loaded on demand: in the default mode only the child needs dynalite and LevelDB.
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const startupMs = performance.now() - started;
  const { port: boundPort } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve, reject) => {
      server.close((error) => { if (error) reject(error); else resolve(); });
      server.closeAllConnections();
    });
    return stopping;
  };
  return { endpoint: `http://${host}:${boundPort}`, startupMs, pid: undefined, stop };
}

export { ensureTable } from './ensure-table';
