import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryIncidentItems } from '../../../../lambdas/adapters/incident-items';
import { startTable, TABLE, type TableServer } from '../approval/approval-harness';

let table: TableServer;

beforeAll(async () => {
  table = await startTable();
  const put = (pk: string, sk: string) => table.db.send(new PutCommand({ TableName: TABLE, Item: { pk, sk, note: `${pk} ${sk}` } }));
  for (const n of [3, 1, 5, 2, 4]) await put('INC#inc-items01', `TASK#t${String(n)}`);
  await put('INC#inc-items01', 'META');
  await put('INC#inc-items01', 'COMM#c1');
  await put('INC#inc-items012', 'TASK#t9');
});

afterAll(async () => {
  await table.stop();
});

describe('queryIncidentItems', () => {
  it('returns every item of the incident under the prefix, in sort-key order, across pages', async () => {
    const items = await queryIncidentItems(table.db, TABLE, 'inc-items01', 'TASK#', 2);
    expect(items.map((i) => i.sk)).toEqual(['TASK#t1', 'TASK#t2', 'TASK#t3', 'TASK#t4', 'TASK#t5']);
    expect(items[0]).toEqual({ pk: 'INC#inc-items01', sk: 'TASK#t1', note: 'INC#inc-items01 TASK#t1' });
  });

  it('returns nothing for an incident without such items', async () => {
    expect(await queryIncidentItems(table.db, TABLE, 'inc-items02', 'TASK#')).toEqual([]);
  });
});
