/**
 * A bounded map of recently triaged event ids to what became of them.
 * Redeliveries of the same event usually hit the same container (or the one
 * embedded runtime); answering them from here costs no request at all.
 * Correctness never depends on it: the delivery record in the table is the
 * real idempotency check.
 */
export class RecentIds<Value> {
  private readonly entries = new Map<string, Value>();

  constructor(private readonly capacity: number) {}

  get(id: string): Value | undefined {
    return this.entries.get(id);
  }

  set(id: string, value: Value): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    if (this.entries.size > this.capacity) {
      // Maps iterate in insertion order: the first is the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
