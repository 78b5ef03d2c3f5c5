/**
 * A bounded set of recently seen event ids. Redeliveries of the same event
 * usually hit the same container (or the one embedded runtime); dropping them
 * here saves a conditional write each. Correctness never depends on it: the
 * delivery record in the table is the real idempotency check.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // Sets iterate in insertion order: the first is the oldest.
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}
