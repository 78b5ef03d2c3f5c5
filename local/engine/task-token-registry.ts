import { createHash, randomBytes } from 'node:crypto';
import { SfnApiError } from './engine-errors';

/** 256 random bits, base64url: unguessable, and easy to tell from garbage. */
const TOKEN_BYTES = 32;
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;
/** Enough memory of closed tokens to answer `TaskTimedOut` for days of local use. */
const MAX_SPENT = 100_000;

/** The task waiting on a token: how SendTask* reach it. */
export interface CallbackWaiter {
  readonly executionArn: string;
  succeed(output: unknown): void;
  fail(error: string | undefined, cause: string | undefined): void;
}

/**
 * Task tokens of callback (`.waitForTaskToken`) tasks. A token is a bearer
 * credential: minted fresh per task attempt, usable once, never logged nor put
 * in an error message. Closed tokens are remembered only as SHA-256 hashes.
 */
export class TaskTokenRegistry {
  private readonly open = new Map<string, CallbackWaiter>();
  private readonly spent = new Set<string>();

  /** A fresh token, not yet bound to a waiter. */
  mint(): string {
    return randomBytes(TOKEN_BYTES).toString('base64url');
  }

  register(token: string, waiter: CallbackWaiter): void {
    this.open.set(token, waiter);
  }

  /** Closes a token (task finished, timed out or aborted): later use gets `TaskTimedOut`, like AWS. */
  close(token: string): void {
    if (!this.open.delete(token)) return;
    this.spent.add(hash(token));
    if (this.spent.size > MAX_SPENT) {
      const oldest = this.spent.values().next();
      if (oldest.done !== true) this.spent.delete(oldest.value);
    }
  }

  /**
   * The waiter of an open token, for SendTaskSuccess/Failure/Heartbeat.
   * @throws SfnApiError `InvalidToken` (malformed), `TaskTimedOut` (closed), `TaskDoesNotExist` (unknown)
   */
  waiterOf(token: string): CallbackWaiter {
    if (!WELL_FORMED.test(token)) throw new SfnApiError('InvalidToken', 'Invalid token');
    const waiter = this.open.get(token);
    if (waiter !== undefined) return waiter;
    if (this.spent.has(hash(token))) throw new SfnApiError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    throw new SfnApiError('TaskDoesNotExist', 'Task does not exist');
  }
}

const hash = (token: string): string => createHash('sha256').update(token).digest('base64url');
