/**
 * A map that keeps at most `capacity` entries, the least recently set
 * forgotten first: a per-container memory (event ids seen, the last copy of
 * an incident, a timeline's tail) that a busy container cannot grow without
 * bound. Nothing may depend on it for correctness: what it forgot is read
 * again from the table.
 */
export class BoundedMap<Value> {
  private readonly entries = new Map<string, Value>();

  constructor(private readonly capacity: number) {}

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      // Maps iterate in insertion order: the first is the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
