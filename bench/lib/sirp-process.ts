import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const PROJECT_ROOT = join(__dirname, '..', '..');
const SIRP_BIN = join(PROJECT_ROOT, 'bin', 'sirp.js');

/** A real `sirp local` in a child process, as an operator starts it. */
export interface SirpProcess {
  /** The runtime's base URL, without the trailing slash of the console URL. */
  readonly url: string;
  readonly pid: number;
  /** Milliseconds from spawn to the `ready` line. */
  readonly readyMs: number;
  /** Every line it printed on stdout so far. */
  readonly stdout: readonly string[];
  stderr(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node bin/sirp.js local <args>` with this process's Node (under jest
 * and tsx: the pinned Node 24) in its own process group, and resolves at its
 * `ready <console URL>` line.
 *
 * @example
 * const sirp = await startSirpProcess(['--port', '0', '--memory']);
 * await fetch(`${sirp.url}/health`);
 * process.kill(sirp.pid, 'SIGKILL');
 */
export async function startSirpProcess(
  args: readonly string[],
  options: {
    readonly timeoutMs?: number;
    readonly env?: NodeJS.ProcessEnv;
    /** Through `npm start -- <args>` instead, as the README's quick start does (npm from PATH). */
    readonly viaNpmStart?: boolean;
  } = {},
): Promise<SirpProcess> {
  const started = performance.now();
  const [command, commandArgs] = options.viaNpmStart === true ? ['npm', ['start', '--silent', '--', ...args]] : [process.execPath, [SIRP_BIN, 'local', ...args]];
  // Its own group, so a test can also kill everything it started at once.
  const child = spawn(command, commandArgs, {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const stdout: string[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-8000); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => { resolve({ code, signal }); });
  });
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`sirp local printed no ready line within ${options.timeoutMs ?? 15_000} ms; stderr: ${stderr}`)); }, options.timeoutMs ?? 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const url = /^ready (\S+)$/.exec(line)?.[1];
        if (url !== undefined) {
          clearTimeout(timer);
          resolve(url);
        }
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`sirp local exited before it was ready (code ${String(code)}, signal ${String(signal)}): ${stderr}`));
    });
  });
  const consoleUrl = await ready.catch((error: unknown) => {
    killGroup(child, 'SIGKILL');
    throw error;
  });
  return {
    url: consoleUrl.replace(/\/+$/, ''),
    pid: pidOf(child),
    readyMs: performance.now() - started,
    stdout,
    stderr: () => stderr,
    exited,
  };
}

/** Signals the whole process group (the runtime and dynalite); quiet when it is already gone. */
export function killGroup(child: ChildProcess | { readonly pid: number }, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The pids whose parent is `pid` (Linux /proc): the runtime's dynalite child. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** The command line of a process (empty once it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** True while a process with this pid runs; a zombie (exited, not yet reaped by whoever adopted it) does not count. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('sirp local did not start');
  return child.pid;
}
