import { RelatedIncidents } from '../../../../lambdas/steps/related-incidents';
import { startTable, TABLE, type TableServer } from '../approval/approval-harness';

let table: TableServer;
let related: RelatedIncidents;

beforeAll(async () => {
  table = await startTable();
  related = new RelatedIncidents(table.db, TABLE);
});

afterAll(async () => {
  await table.stop();
});

const bucket = { type: 'AwsS3Bucket', id: 'arn:aws:s3:::payroll-exports' };
const instance = { type: 'AwsEc2Instance', id: 'i-0abc' };
const at = (minute: number): string => new Date(Date.UTC(2026, 2, 2, 9, minute)).toISOString();
const subject = (id: string, minute: number, correlationKey: string, resources: { type: string; id: string }[]) => ({ id, createdAt: at(minute), correlationKey, resources });

describe('RelatedIncidents', () => {
  const first = subject('inc-rel1', 1, 'alarm:a', [bucket]);
  const second = subject('inc-rel2', 2, 'alarm:b', [instance, bucket]);
  const third = subject('inc-rel3', 3, 'alarm:a', []);
  const unrelated = subject('inc-rel4', 4, 'alarm:c', [{ type: 'AwsEc2Instance', id: 'i-0other' }]);

  beforeAll(async () => {
    for (const s of [first, second, third, unrelated]) await related.file(s);
    // Filing again changes nothing (a step run twice).
    await related.file(second);
  });

  it('finds earlier incidents on the same resource or the same problem, newest first, never itself', async () => {
    expect(await related.earlier({ ...third, resources: [bucket] }, 20)).toEqual(['inc-rel2', 'inc-rel1']);
    expect(await related.earlier(third, 20)).toEqual(['inc-rel1']);
    expect(await related.earlier(second, 20)).toEqual(['inc-rel1']);
  });

  it('leaves out incidents created after the one asking, and unrelated ones', async () => {
    expect(await related.earlier(first, 20)).toEqual([]);
    expect(await related.earlier(unrelated, 20)).toEqual([]);
  });

  it('stops at the limit', async () => {
    expect(await related.earlier({ ...third, resources: [bucket] }, 1)).toEqual(['inc-rel2']);
  });

  it('files an incident naming more resources than one batch write holds', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ type: 'AwsEc2Instance', id: `i-many${String(i)}` }));
    await related.file(subject('inc-rel5', 5, 'alarm:many', many));
    expect(await related.earlier(subject('inc-rel6', 6, 'alarm:other', [many[29]!]), 20)).toEqual(['inc-rel5']);
  });
});
