import { collections, GSI1, keys, TABLE_SHAPE } from '../../../../core/table/table-shape';

describe('TABLE_SHAPE', () => {
  it('keys the table by string pk and sk, with a ttl attribute', () => {
    expect(TABLE_SHAPE.partitionKey).toEqual({ name: 'pk', type: 'S' });
    expect(TABLE_SHAPE.sortKey).toEqual({ name: 'sk', type: 'S' });
    expect(TABLE_SHAPE.timeToLiveAttribute).toBe('ttl');
  });

  it('has one global index, gsi1, keyed by gsi1pk and gsi1sk', () => {
    expect(TABLE_SHAPE.globalIndexes).toEqual([
      { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    ]);
    expect(GSI1).toBe('gsi1');
  });
});

describe('keys', () => {
  it('stores an incident under INC#<id> / META', () => {
    expect(keys.incident('inc-01jd7x3k9m')).toEqual({ pk: 'INC#inc-01jd7x3k9m', sk: 'META' });
  });

  it('zero-pads timeline sequence numbers so they sort as strings', () => {
    expect(keys.timelineEntry('inc-1', 7)).toEqual({ pk: 'INC#inc-1', sk: 'EVT#00000007' });
    expect(keys.timelineEntry('inc-1', 12345678)).toEqual({ pk: 'INC#inc-1', sk: 'EVT#12345678' });
    const sorted = [10, 9, 100, 1].map((seq) => keys.timelineEntry('inc-1', seq).sk).sort();
    expect(sorted).toEqual(['EVT#00000001', 'EVT#00000009', 'EVT#00000010', 'EVT#00000100']);
    expect(keys.timelineEntry('inc-1', 1).sk.startsWith(keys.timelinePrefix)).toBe(true);
  });

  it('keeps signals, tasks and communications in the incident partition under their prefixes', () => {
    const signal = keys.signal('inc-1', '2025-06-02T14:00:00.000Z', 'evt-9');
    const task = keys.task('inc-1', 'task-3');
    const communication = keys.communication('inc-1', 'draft-2');

    expect(signal).toEqual({ pk: 'INC#inc-1', sk: 'SIG#2025-06-02T14:00:00.000Z#evt-9' });
    expect(task).toEqual({ pk: 'INC#inc-1', sk: 'TASK#task-3' });
    expect(communication).toEqual({ pk: 'INC#inc-1', sk: 'COMM#draft-2' });
    expect(signal.sk.startsWith(keys.signalPrefix)).toBe(true);
    expect(task.sk.startsWith(keys.taskPrefix)).toBe(true);
    expect(communication.sk.startsWith(keys.communicationPrefix)).toBe(true);
  });

  it('gives approvals, correlations and deliveries partitions of their own', () => {
    expect(keys.approval('apr-1')).toEqual({ pk: 'APR#apr-1', sk: 'META' });
    expect(keys.correlation('guardduty:i-0abc')).toEqual({ pk: 'COR#guardduty:i-0abc', sk: 'META' });
    expect(keys.delivery('8f0e-11')).toEqual({ pk: 'EVTID#8f0e-11', sk: 'META' });
  });

  it('files dead letters in one partition, sorted by time', () => {
    expect(keys.deadLetter('2025-06-02T14:00:00.000Z', 'dl-1')).toEqual({ pk: 'DEADLETTER', sk: '2025-06-02T14:00:00.000Z#dl-1' });
  });

  it('uses a different prefix for every kind of item in an incident partition', () => {
    const prefixes = [keys.timelinePrefix, keys.signalPrefix, keys.taskPrefix, keys.communicationPrefix, 'META'];

    const clashes = prefixes.flatMap((a) => prefixes.filter((b) => a !== b && a.startsWith(b)));

    expect(clashes).toEqual([]);
  });
});

describe('related pointers', () => {
  it('files an incident under a resource or a problem, sorted by creation time', () => {
    expect(keys.related('resource', 'abc', '2025-06-02T14:00:00.000Z', 'inc-1')).toEqual({ pk: 'REL#resource#abc', sk: '2025-06-02T14:00:00.000Z#inc-1' });
    expect(keys.related('problem', 'abc', '2025-06-02T14:00:00.000Z', 'inc-1').pk).toBe(keys.relatedPartition('problem', 'abc'));
  });
});

describe('collections', () => {
  it('lists incidents by status, oldest first', () => {
    expect(collections.incidentsByStatus('open', '2025-06-02T14:00:00.000Z', 'inc-1')).toEqual({
      gsi1pk: 'INCIDENTS#open',
      gsi1sk: '2025-06-02T14:00:00.000Z#inc-1',
    });
    expect(collections.incidentsWithStatus('open')).toBe('INCIDENTS#open');
  });

  it('lists approvals in one collection, by incident then creation time', () => {
    expect(collections.approvals('inc-1', '2025-06-02T14:00:00.000Z', 'apr-1')).toEqual({
      gsi1pk: 'APPROVALS',
      gsi1sk: 'inc-1#2025-06-02T14:00:00.000Z#apr-1',
    });
    expect(collections.allApprovals).toBe('APPROVALS');
    expect(collections.approvals('inc-1', '2025-06-02T14:00:00.000Z', 'apr-1').gsi1sk.startsWith(collections.approvalsOf('inc-1'))).toBe(true);
    // inc-1's prefix does not take in inc-10's approvals.
    expect(collections.approvals('inc-10', '2025-06-02T14:00:00.000Z', 'apr-2').gsi1sk.startsWith(collections.approvalsOf('inc-1'))).toBe(false);
  });
});
