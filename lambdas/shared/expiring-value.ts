/** A value read through `load` and kept for `ttlMs`; `forget` drops it at once. */
export interface ExpiringValue<T> {
  readonly get: () => Promise<T>;
  readonly forget: () => void;
}

/**
 * Keeps what `load` gave for `ttlMs` (on the real clock, not a drill's), so
 * that a warm container does not pay a network round trip for every use. A
 * failed load is not kept: the next `get` tries again. Concurrent callers
 * share one load.
 *
 * @example
 * const signingKey = expiringValue(5 * 60_000, readSigningKey);
 * const key = await signingKey.get();
 */
export function expiringValue<T>(ttlMs: number, load: () => Promise<T>, now: () => number = Date.now): ExpiringValue<T> {
  let kept: { readonly value: Promise<T>; readonly until: number } | undefined;
  return {
    get: () => {
      if (kept !== undefined && now() < kept.until) return kept.value;
      const value = load();
      const entry = { value, until: now() + ttlMs };
      kept = entry;
      value.catch(() => {
        if (kept === entry) kept = undefined;
      });
      return value;
    },
    forget: () => {
      kept = undefined;
    },
  };
}
