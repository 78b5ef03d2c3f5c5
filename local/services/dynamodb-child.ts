/**
 * The dynalite process forked by `startDynamoDb`. It runs as plain Node with
 * type stripping (no build step), so it uses erasable TypeScript only and
 * imports nothing of ours: the parent passes its options as one JSON argument
 * and learns the bound port over IPC.
 */
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
