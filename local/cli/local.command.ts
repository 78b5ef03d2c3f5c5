import { resolve } from 'node:path';
import { startRuntime } from '../runtime/runtime';
import { isLoopback } from '../runtime/access';
import { CliError, type CliIo, EXIT } from './cli-io';

export interface LocalArgs {
  readonly plan: string;
  readonly port: string | undefined;
  readonly host: string | undefined;
  readonly data: string | undefined;
  readonly memory: boolean;
  readonly publicUrl: string | undefined;
  readonly speed: string | undefined;
  readonly drill: boolean;
}

/**
 * `sirp local`: runs one organization's plan on this machine and prints one
 * line, `ready <console URL>`, when it serves. Stops cleanly on Ctrl-C.
 */
export async function local(args: LocalArgs, io: CliIo): Promise<number> {
  const port = args.port === undefined ? 8080 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, got "${args.port ?? ''}"`, EXIT.badInput);
  const speed = args.speed === undefined ? 1 : Number(args.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000) throw new CliError(`--speed must be a number above 0, got "${args.speed ?? ''}"`, EXIT.badInput);
  if (args.memory && args.data !== undefined) throw new CliError('--data and --memory exclude each other', EXIT.badInput);
  if (args.publicUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(args.publicUrl)) throw new CliError(`--public-url must be an http(s) URL, got "${args.publicUrl}"`, EXIT.badInput);
  const host = args.host ?? '127.0.0.1';
  const runtime = await startRuntime({
    planPath: resolve(args.plan),
    port,
    host,
    dataDir: args.memory ? null : resolve(args.data ?? '.sirp'),
    ...(args.publicUrl === undefined ? {} : { publicUrl: args.publicUrl }),
    speed,
    drill: args.drill,
  });
  if (!isLoopback(host)) io.err(`access token (the console and /api/ need it off loopback): ${runtime.accessToken}`);
  io.out(`ready ${runtime.consoleUrl}`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      runtime.stop().then(done, done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.ok;
}
