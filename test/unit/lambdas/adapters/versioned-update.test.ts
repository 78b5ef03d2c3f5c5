import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../../../core/errors/sirp-error';
import { updateVersioned } from '../../../../lambdas/adapters/versioned-update';
import { startTable, TABLE, type TableServer } from '../approval/approval-harness';

interface Counter {
  readonly version: number;
  readonly count: number;
}

let table: TableServer;

beforeAll(async () => {
  table = await startTable();
});

afterAll(async () => {
  await table.stop();
});

let n = 0;
/** A fresh item per test, stored at version 1. */
async function item(): Promise<{ pk: string; sk: string }> {
  n += 1;
  const key = { pk: `TEST#versioned-${String(n)}`, sk: 'META' };
  await table.db.send(new PutCommand({ TableName: TABLE, Item: { ...key, version: 1, count: 0 } }));
  return key;
}

const read = (key: { pk: string; sk: string }) => async (): Promise<Counter> => {
  const { Item } = await table.db.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
  return { version: Item!.version as number, count: Item!.count as number };
};

/** Another writer, bumping the stored version behind the update's back. */
const interfere = async (key: { pk: string; sk: string }): Promise<void> => {
  const current = await read(key)();
  await table.db.send(new PutCommand({ TableName: TABLE, Item: { ...key, version: current.version + 1, count: current.count + 100 } }));
};

const increment = (c: Counter): Counter => ({ version: c.version + 1, count: c.count + 1 });

describe('updateVersioned', () => {
  it('writes the changed item when the stored version is still the one read', async () => {
    const key = await item();
    const next = await updateVersioned({ db: table.db, tableName: TABLE, key, read: read(key), change: increment, what: 'counter', attempts: 3 });
    expect(next).toEqual({ version: 2, count: 1 });
    expect(await read(key)()).toEqual({ version: 2, count: 1 });
  });

  it('writes nothing when the change returns what it was given', async () => {
    const key = await item();
    const sent: string[] = [];
    const db = { send: (command: { constructor: { name: string } }) => { sent.push(command.constructor.name); return table.db.send(command as never); } };
    const same = await updateVersioned({ db: db as never, tableName: TABLE, key, read: read(key), change: (c) => c, what: 'counter', attempts: 3 });
    expect(same).toEqual({ version: 1, count: 0 });
    expect(sent).toEqual([]);
  });

  it('reads again and applies the change to the newer item when another writer got there first', async () => {
    const key = await item();
    let reads = 0;
    const racing = async (): Promise<Counter> => {
      const current = await read(key)();
      reads += 1;
      if (reads === 1) await interfere(key);
      return current;
    };
    const next = await updateVersioned({ db: table.db, tableName: TABLE, key, read: racing, change: increment, what: 'counter', attempts: 3 });
    expect(reads).toBe(2);
    expect(next).toEqual({ version: 3, count: 101 });
    expect(await read(key)()).toEqual({ version: 3, count: 101 });
  });

  it('gives up with a ConflictError naming the item after the last lost race', async () => {
    const key = await item();
    let reads = 0;
    const alwaysRacing = async (): Promise<Counter> => {
      const current = await read(key)();
      reads += 1;
      await interfere(key);
      return current;
    };
    const update = updateVersioned({ db: table.db, tableName: TABLE, key, read: alwaysRacing, change: increment, what: 'counter c-1', attempts: 3 });
    await expect(update).rejects.toThrow(new ConflictError('counter c-1 is too busy: gave up after 3 attempts'));
    expect(reads).toBe(3);
  });

  it('passes any other error through at once', async () => {
    const key = await item();
    const failing = { send: (command: unknown) => (command instanceof PutCommand ? Promise.reject(new Error('throttled')) : table.db.send(command as never)) };
    await expect(updateVersioned({ db: failing as never, tableName: TABLE, key, read: read(key), change: increment, what: 'counter', attempts: 3 })).rejects.toThrow('throttled');
    expect(await read(key)()).toEqual({ version: 1, count: 0 });
  });
});
