/**
 * The dynalite process forked by `startDynamoDb`. It runs as plain Node with
 * type stripping (no build step), so it uses erasable TypeScript only and
 * imports nothing of ours: the parent passes its options as one JSON argument
 * and learns the bound port over IPC.
 */
import { createRequire } from 'node:module';
import dynalite from 'dynalite';

interface ChildOptions {
  readonly path?: string;
  readonly port: number;
  readonly host: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const send = process.send?.bind(process);
if (send === undefined) {
  process.stderr.write('dynamodb-child must be started by startDynamoDb (child_process.fork)\n');
  process.exit(2);
}

// A runtime killed with -9 leaves its dynalite child closing LevelDB for a
// moment, and another `sirp local` may hold the same data dir: dynalite opens
// LevelDB lazily, reports listening all the same, and crashes at the first
// request. So the data dir's lock is checked first: waited for a little (the
// previous child is exiting), then refused with the reason.
const LOCK_WAIT_MS = 10_000;
if (options.path !== undefined) {
  const locked = await waitForLock(options.path);
  if (locked !== null) {
    send({ type: 'error', message: `the data dir ${options.path} is in use by another process (is another sirp local running on it?): ${locked}` });
    process.exit(1);
  }
}

// Zero delays: the table is ACTIVE as soon as CreateTable answers, so startup
// never waits on a simulated provisioning delay.
const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

let closing = false;
function shutdown(code: number): void {
  if (closing) return;
  closing = true;
  // dynalite's close closes LevelDB too: that is what makes the data durable
  // across restarts, so it is awaited (with a bound) rather than skipped.
  server.close(() => process.exit(code));
  server.closeAllConnections();
  setTimeout(() => process.exit(code), 5000).unref();
}

server.on('error', (error: Error) => {
  send({ type: 'error', message: error.message });
  process.exit(1);
});

server.listen(options.port, options.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  send({ type: 'listening', port });
});

process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'stop') shutdown(0);
});
// The IPC channel closes when the parent exits for any reason, SIGKILL
// included: the child never outlives the runtime that started it.
process.on('disconnect', () => { shutdown(0); });
process.on('SIGTERM', () => { shutdown(0); });
process.on('SIGINT', () => { shutdown(0); });

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}

/** Null once LevelDB at `path` can be opened (and is closed again for dynalite); the lock error if it stays held. */
async function waitForLock(path: string): Promise<string | null> {
  // The `level` that dynalite itself uses, resolved from dynalite: not a dependency of ours.
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = fromDynalite('level') as { Level: new (location: string) => LevelDb };
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const db = new Level(path);
    try {
      await db.open();
      await db.close();
      return null;
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      if (cause?.code !== 'LEVEL_LOCKED') throw error;
      if (Date.now() > deadline) return typeof cause.message === 'string' ? cause.message : 'LevelDB is locked';
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
