import type { z } from 'zod';

/** Where a value failed validation and why, in words a person can act on. */
export interface IssueReason {
  /** JSON-path-like: `detail.findings[1].Severity.Label`, `Records[0].Sns.Message`, `$` for the whole input. */
  readonly path: string;
  readonly message: string;
}

/** The path of the whole input. */
export const ROOT_PATH = '$';

// A segment that reads well after a dot. Hyphens are allowed because AWS uses them in
// names people recognise (`detail-type`); anything else (spaces, slashes, quotes) is bracketed.
const PLAIN_SEGMENT = /^[A-Za-z_$][\w$-]*$/;

// Received values are echoed to help whoever reads the reason, but never at length:
// the input may be hostile, and a reason ends up in logs and HTTP responses.
const MAX_ECHO_LENGTH = 60;

/** Appends one key or index to a path (`$` + `detail` = `detail`, `Records` + 0 = `Records[0]`). */
export function joinPath(base: string, segment: PropertyKey): string {
  if (typeof segment === 'number') {
    return `${base === ROOT_PATH ? '' : base}[${segment}]`;
  }
  const key = typeof segment === 'symbol' ? (segment.description ?? '') : segment;
  if (PLAIN_SEGMENT.test(key)) {
    return base === ROOT_PATH ? key : `${base}.${key}`;
  }
  return `${base === ROOT_PATH ? '' : base}[${JSON.stringify(key)}]`;
}

/** Formats a zod path (`['detail', 'findings', 1]`) under `base`. */
export function formatPath(path: readonly PropertyKey[], base: string = ROOT_PATH): string {
  return path.reduce<string>((acc, segment) => joinPath(acc, segment), base);
}

/** A short, safe rendering of a received value for a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string':
      return value.length > MAX_ECHO_LENGTH
        ? `a string of ${value.length} characters`
        : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function messageFor(issue: z.core.$ZodIssue): string {
  // Without `{ reportInput: true }` the issue does not say what was received: keep zod's words.
  if (!('input' in issue)) return issue.message;
  const received = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      return received === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, received ${describeValue(received)}`;
    case 'invalid_value':
      return `${issue.message}, received ${describeValue(received)}`;
    default:
      return issue.message;
  }
}

/**
 * Turns a zod error into reasons with readable paths. Parse with
 * `{ reportInput: true }` so the messages can say what was received.
 *
 * @example
 * const r = Schema.safeParse(event, { reportInput: true });
 * if (!r.success) return { ok: false, reason: firstIssue(r.error) };
 */
export function formatZodIssues(error: z.ZodError, base: string = ROOT_PATH): IssueReason[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path, base), message: messageFor(issue) }));
}

/** The first reason of a zod error: enough to reject an input, and stable for tests. */
export function firstIssue(error: z.ZodError, base: string = ROOT_PATH): IssueReason {
  const [first] = formatZodIssues(error, base);
  return first ?? { path: base, message: 'is invalid' };
}
