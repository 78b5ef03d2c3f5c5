import { chainEntry, type TimelineEntry } from '../../../../core/timeline/timeline-entry';
import { describeVerdict, verifyTimeline } from '../../../../core/timeline/verify-timeline';

const KEY = 'timeline-key';

function chain(length: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (let i = 1; i <= length; i += 1) {
    entries.push(chainEntry(KEY, 'inc-0123456789', entries.at(-1) ?? null, { type: 'notified', actor: 'sirp', summary: `n${String(i)}`, data: {} }, '2026-03-02T09:00:00.000Z'));
  }
  return entries;
}

describe('verifyTimeline', () => {
  it('accepts an intact chain read from the table', () => {
    expect(verifyTimeline(KEY, chain(3))).toEqual({ intact: true, entries: 3 });
  });

  it('names an entry rewritten so that it no longer parses', () => {
    const records: unknown[] = chain(3).map((e) => (e.seq === 2 ? { ...e, seq: 'two' } : e));
    expect(verifyTimeline(KEY, records)).toEqual({ intact: false, entries: 3, firstBadSeq: 2, reason: 'is malformed (seq): it was altered after it was written' });
  });

  it('names an entry that is not even an object', () => {
    expect(verifyTimeline(KEY, [null])).toMatchObject({ intact: false, firstBadSeq: 1, reason: 'is malformed (entry): it was altered after it was written' });
  });

  it('checks the keyed hashes with the secret: the right shape under another key is altered', () => {
    expect(verifyTimeline('not-the-key', chain(2))).toMatchObject({ intact: false, firstBadSeq: 1, reason: 'was altered after it was written' });
  });
});

describe('describeVerdict', () => {
  it('says intact with the count', () => {
    expect(describeVerdict({ intact: true, entries: 4 })).toBe('intact: 4 entries, every keyed hash checks');
  });

  it('names the first altered entry', () => {
    expect(describeVerdict({ intact: false, entries: 4, firstBadSeq: 3, reason: 'was altered after it was written' })).toBe(
      'ALTERED: entry 3 was altered after it was written (4 entries read)',
    );
  });
});
