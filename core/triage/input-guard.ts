import { joinPath, ROOT_PATH, type IssueReason } from '../validation/zod-issues';

/**
 * Bounds on one incoming event, checked before any schema runs. An event is
 * attacker-influenced text (tags, alarm descriptions, CloudTrail request
 * parameters), so the guard caps the work and memory a single event can cost
 * and refuses keys that would poison an object prototype downstream.
 */
export interface InputLimits {
  /** Serialized size in UTF-8 bytes. EventBridge caps an event at 256 KB; nothing legitimate is larger. */
  readonly maxBytes: number;
  /** Object/array nesting: deeper than any AWS event format triage reads; a bound, not a format rule. */
  readonly maxDepth: number;
  /** Characters in one string or key. */
  readonly maxStringLength: number;
  /** Keys in one object. The size cap bounds the total work; this catches degenerate shapes. */
  readonly maxKeys: number;
  /** Items in one array (generous: a Health event page can list many affected entities). */
  readonly maxArrayLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxBytes: 256 * 1024,
  maxDepth: 32,
  maxStringLength: 64 * 1024,
  maxKeys: 10_000,
  maxArrayLength: 10_000,
};

/** Keys that change an object's prototype when assigned or merged (`Object.assign`, naive deep merge). */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type GuardResult = { readonly ok: true } | { readonly ok: false; readonly reason: IssueReason };

export type ParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: IssueReason };

const fail = (path: string, message: string): { ok: false; reason: IssueReason } => ({
  ok: false,
  reason: { path, message },
});

/**
 * Exact length of `JSON.stringify(s)` in UTF-8 bytes, without building it:
 * quotes, escapes (`\n` is 2 bytes, other control characters and lone
 * surrogates 6), and multi-byte characters.
 */
export function jsonStringBytes(s: string): number {
  let bytes = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) bytes += 2;
    else if (c < 0x20) bytes += 6;
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** UTF-8 byte length of raw text (unpaired surrogates count as the 3-byte replacement character). */
export function utf8Bytes(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

interface Frame {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

/**
 * Checks a parsed event against the limits, iteratively (an explicit stack, so a
 * 100 000-deep input cannot overflow the call stack), stopping at the first
 * violation and naming its path, e.g. `detail.resource.tags.__proto__`.
 *
 * The serialized size is counted as the walk goes, so an object handed over
 * in-process (never stringified) is bounded too, and a cyclic or heavily shared
 * structure stops at the depth or size limit instead of running forever.
 */
export function guardInput(value: unknown, limits: InputLimits = DEFAULT_INPUT_LIMITS): GuardResult {
  const stack: Frame[] = [{ value, path: ROOT_PATH, depth: 0 }];
  let bytes = 0;
  const overSize = (): boolean => bytes > limits.maxBytes;
  const sizeMessage = `exceeds the maximum event size of ${limits.maxBytes} bytes`;

  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value: v, path, depth } = frame;
    if (v === null || typeof v === 'boolean') {
      bytes += v === false ? 5 : 4;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return fail(path, 'is not a JSON number');
      bytes += String(v).length;
    } else if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) {
        return fail(path, `is a string of ${v.length} characters, more than the maximum of ${limits.maxStringLength}`);
      }
      bytes += jsonStringBytes(v);
    } else if (Array.isArray(v)) {
      if (depth >= limits.maxDepth) return fail(path, `nests deeper than the maximum depth of ${limits.maxDepth}`);
      if (v.length > limits.maxArrayLength) {
        return fail(path, `has ${v.length} items, more than the maximum of ${limits.maxArrayLength}`);
      }
      bytes += 2 + Math.max(0, v.length - 1);
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i] as unknown, path: joinPath(path, i), depth: depth + 1 });
    } else if (typeof v === 'object') {
      if (depth >= limits.maxDepth) return fail(path, `nests deeper than the maximum depth of ${limits.maxDepth}`);
      const keys = Object.keys(v);
      if (keys.length > limits.maxKeys) {
        return fail(path, `has ${keys.length} keys, more than the maximum of ${limits.maxKeys}`);
      }
      bytes += 2 + Math.max(0, keys.length - 1);
      const record = v as Record<string, unknown>;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        const keyPath = joinPath(path, key);
        if (FORBIDDEN_KEYS.has(key)) return fail(keyPath, `is a forbidden key ("${key}" can pollute object prototypes)`);
        if (key.length > limits.maxStringLength) {
          return fail(path, `has a key of ${key.length} characters, more than the maximum of ${limits.maxStringLength}`);
        }
        bytes += jsonStringBytes(key) + 1;
        stack.push({ value: record[key], path: keyPath, depth: depth + 1 });
      }
    } else {
      return fail(path, `is ${v === undefined ? 'undefined' : `a ${typeof v}`}, not a JSON value`);
    }
    if (overSize()) return fail(ROOT_PATH, sizeMessage);
  }
  return { ok: true };
}

/**
 * Parses the raw JSON text of an event safely: the size is checked on the text
 * before parsing, then the parsed value goes through {@link guardInput}.
 *
 * @example
 * const parsed = parseEventText(body);
 * if (!parsed.ok) return badRequest(parsed.reason);
 * const result = normalizeEvent(parsed.value);
 */
export function parseEventText(text: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): ParseResult {
  // Cheap bound first (a UTF-16 unit is at most 3 UTF-8 bytes), exact count only when it matters.
  if (text.length > limits.maxBytes || (text.length * 3 > limits.maxBytes && utf8Bytes(text) > limits.maxBytes)) {
    return fail(ROOT_PATH, `exceeds the maximum event size of ${limits.maxBytes} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's JSON.parse is iterative; an engine with a recursive parser would throw a
    // RangeError on deep nesting instead, which lands here too.
    return fail(ROOT_PATH, `is not valid JSON (${String(error)})`);
  }
  const guarded = guardInput(value, limits);
  return guarded.ok ? { ok: true, value } : guarded;
}
