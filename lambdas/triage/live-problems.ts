/**
 * A short-lived, per-process memory of correlation keys known to belong to a
 * live incident. In a storm nearly every signal joins an incident that the
 * last one also joined: answering "which incident, still open?" from here
 * saves two consistent reads per signal. Only live answers are kept, and only
 * for `ttlMs`: creating an incident always reads the table, so this can never
 * make two incidents of one problem. The cost is that a signal may still join
 * an incident closed less than `ttlMs` ago, the same race as a signal that
 * arrives while the Crisis Lead closes it.
 */
export class LiveProblems<Value> {
  private readonly entries = new Map<string, { readonly value: Value; readonly until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: Value): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }
}
