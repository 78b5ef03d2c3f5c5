import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const TIMELINE_TYPES = [
  'incident-opened',
  'signal-joined',
  'signal-resolved',
  'gate-opened',
  'notified',
  'acknowledged',
  'escalated',
  'decided',
  'phase-changed',
  'stakeholders-engaged',
  'workstream-opened',
  'task-updated',
  'action-run',
  'communication',
  'review-drafted',
  'workflow-failed',
  'links-revoked',
] as const;
export const TimelineTypeSchema = z.enum(TIMELINE_TYPES);
export type TimelineType = z.infer<typeof TimelineTypeSchema>;

export const TimelineEntrySchema = z.object({
  incidentId: z.string(),
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  type: TimelineTypeSchema,
  /** A contact id, "plan" for decisions the plan makes, or "sirp" for the system. */
  actor: z.string(),
  summary: z.string().max(2000),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export type TimelineDraft = Pick<TimelineEntry, 'type' | 'actor' | 'summary' | 'data'>;

export const GENESIS = 'genesis';

/** JSON.stringify, typed as it behaves: undefined (and functions) give undefined. */
export const jsonText = (value: unknown): string | undefined => JSON.stringify(value);

/** JSON with sorted keys, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
      .join(',')}}`;
  }
  return jsonText(value) ?? 'null';
}

/**
 * A keyed hash (HMAC-SHA256 with the stack's timeline key) over the entry and
 * the hash of the entry before it. Someone who can write the table but not
 * read the secret cannot recompute the chain after changing an entry.
 */
export function hashEntry(key: string, entry: Omit<TimelineEntry, 'hash'>): string {
  return createHmac('sha256', key).update(canonicalJson(entry)).digest('base64url');
}

/** The next entry of a chain whose last entry is `previous` (null for the first). */
export function chainEntry(
  key: string,
  incidentId: string,
  previous: Pick<TimelineEntry, 'seq' | 'hash'> | null,
  draft: TimelineDraft,
  at: string,
): TimelineEntry {
  const unsigned = {
    incidentId,
    seq: (previous?.seq ?? 0) + 1,
    at,
    ...draft,
    prevHash: previous?.hash ?? GENESIS,
  };
  return { ...unsigned, hash: hashEntry(key, unsigned) };
}

export type ChainVerdict =
  | { readonly intact: true; readonly entries: number }
  | { readonly intact: false; readonly entries: number; readonly firstBadSeq: number; readonly reason: string };

/** Checks a whole timeline, oldest first; names the first entry that was altered, removed or inserted. */
export function verifyChain(key: string, entries: readonly TimelineEntry[]): ChainVerdict {
  let previous: TimelineEntry | null = null;
  for (const entry of entries) {
    const expectedSeq = (previous?.seq ?? 0) + 1;
    const broken = (reason: string): ChainVerdict => ({ intact: false, entries: entries.length, firstBadSeq: entry.seq, reason });
    if (entry.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`);
    if (entry.prevHash !== (previous?.hash ?? GENESIS)) return broken('does not follow the entry before it');
    const { hash, ...unsigned } = entry;
    const expected = Buffer.from(hashEntry(key, unsigned));
    const actual = Buffer.from(hash);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return broken('was altered after it was written');
    previous = entry;
  }
  return { intact: true, entries: entries.length };
}
