import {
  canonicalJson,
  chainEntry,
  GENESIS,
  hashEntry,
  jsonText,
  type TimelineEntry,
  TimelineEntrySchema,
  verifyChain,
} from '../../../../core/timeline/timeline-entry';

const KEY = 'test-timeline-key';
const AT = '2024-01-01T00:00:00Z';

function buildChain(length: number): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (let i = 0; i < length; i += 1) {
    const previous = entries.at(-1) ?? null;
    entries.push(chainEntry(KEY, 'inc-1', previous, { type: 'notified', actor: 'sirp', summary: `entry ${String(i + 1)}`, data: { n: i } }, AT));
  }
  return entries;
}

describe('chainEntry', () => {
  it('starts a chain at seq 1 after the genesis hash', () => {
    const [first] = buildChain(1);
    expect(first).toMatchObject({ incidentId: 'inc-1', seq: 1, prevHash: GENESIS });
    expect(TimelineEntrySchema.parse(first)).toEqual(first);
  });

  it('links each entry to the hash of the one before it', () => {
    const [first, second] = buildChain(2);
    expect(second?.seq).toBe(2);
    expect(second?.prevHash).toBe(first?.hash);
  });

  it('signs the entry with a keyed hash', () => {
    const [first] = buildChain(1);
    if (first === undefined) throw new Error('no entry');
    const { hash, ...unsigned } = first;
    expect(hash).toBe(hashEntry(KEY, unsigned));
    expect(hashEntry('other-key', unsigned)).not.toBe(hash);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(KEY, buildChain(3))).toEqual({ intact: true, entries: 3 });
  });

  it('accepts an empty chain', () => {
    expect(verifyChain(KEY, [])).toEqual({ intact: true, entries: 0 });
  });

  it('names the first altered entry', () => {
    const entries = buildChain(3).map((e) => (e.seq === 2 ? { ...e, summary: 'rewritten' } : e));
    expect(verifyChain(KEY, entries)).toEqual({ intact: false, entries: 3, firstBadSeq: 2, reason: 'was altered after it was written' });
  });

  it('reports a hash of the wrong length as altered', () => {
    const entries = buildChain(2).map((e) => (e.seq === 1 ? { ...e, hash: 'short' } : e));
    expect(verifyChain(KEY, entries)).toMatchObject({ intact: false, firstBadSeq: 1, reason: 'was altered after it was written' });
  });

  it('rejects a chain signed with another key', () => {
    expect(verifyChain('other-key', buildChain(2))).toMatchObject({ intact: false, firstBadSeq: 1 });
  });

  it('names a missing entry', () => {
    const entries = buildChain(3).filter((e) => e.seq !== 2);
    expect(verifyChain(KEY, entries)).toEqual({ intact: false, entries: 2, firstBadSeq: 3, reason: 'entry 2 is missing' });
  });

  it('rejects an entry with the wrong prevHash', () => {
    const entries = buildChain(2).map((e) => (e.seq === 2 ? { ...e, prevHash: GENESIS } : e));
    expect(verifyChain(KEY, entries)).toEqual({ intact: false, entries: 2, firstBadSeq: 2, reason: 'does not follow the entry before it' });
  });

  it('rejects a first entry that does not follow genesis', () => {
    const entries = buildChain(1).map((e) => ({ ...e, prevHash: 'something-else' }));
    expect(verifyChain(KEY, entries)).toMatchObject({ intact: false, firstBadSeq: 1, reason: 'does not follow the entry before it' });
  });
});

describe('canonicalJson', () => {
  it('sorts keys and drops undefined values', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, 'x', null] } })).toBe('{"a":{"c":[2,"x",null]},"b":1}');
  });

  it('hashes objects with differently ordered keys the same', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('writes null for a value JSON cannot represent', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
  });
});

describe('jsonText', () => {
  it('returns undefined for undefined', () => {
    expect(jsonText(undefined)).toBeUndefined();
  });

  it('returns JSON text for a value', () => {
    expect(jsonText({ a: 1 })).toBe('{"a":1}');
  });
});
