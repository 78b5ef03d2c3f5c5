import { type ChainVerdict, type TimelineEntry, TimelineEntrySchema, verifyChain } from './timeline-entry';

/**
 * Verifies a timeline as it was read from the table, before trusting its
 * shape: an item someone rewrote so that it no longer parses (a number made a
 * string, a field removed) is the first altered entry too, not a crash of the
 * verifier. `records` are the raw items, oldest first.
 */
export function verifyTimeline(key: string, records: readonly unknown[]): ChainVerdict {
  const entries: TimelineEntry[] = [];
  for (const [index, record] of records.entries()) {
    const parsed = TimelineEntrySchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? 'entry' : issue.path.join('.');
      return { intact: false, entries: records.length, firstBadSeq: index + 1, reason: `is malformed (${where}): it was altered after it was written` };
    }
    entries.push(parsed.data);
  }
  return verifyChain(key, entries);
}

/** The one line `sirp verify` and the console print. */
export function describeVerdict(verdict: ChainVerdict): string {
  return verdict.intact
    ? `intact: ${String(verdict.entries)} entries, every keyed hash checks`
    : `ALTERED: entry ${String(verdict.firstBadSeq)} ${verdict.reason} (${String(verdict.entries)} entries read)`;
}
