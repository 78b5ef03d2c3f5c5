import { readFileSync } from 'node:fs';
import { childPids, commandLine } from './sirp-process';

/** Linux reports a process's CPU time in clock ticks of 1/100 s (`getconf CLK_TCK`) on every platform Node runs on. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in ms; null once it is gone or off Linux. */
export function processCpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces) start after the last ')': utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The runtime's dynalite child of this process (Linux), to tell its CPU time from the runtime's. */
export function dynaliteChildPid(): number | undefined {
  return childPids(process.pid).find((pid) => commandLine(pid).includes('dynamodb-child'));
}
