import { IncidentStore } from '../../../../lambdas/adapters/incident-store';
import type { Incident } from '../../../../core/incident/incident.schema';
import { alertIncident } from '../../core/approval/approval-fixtures';
import { startTable, type TableServer, TABLE } from '../approval/approval-harness';

/*
 * The store writes on the last copy it saw without reading first; these tests
 * pin that a copy gone stale (another container wrote since) never wins: the
 * conditional write catches it and the change is applied to the stored one.
 */

let table: TableServer;
let n = 0;

beforeAll(async () => {
  table = await startTable();
});

afterAll(async () => {
  await table.stop();
});

const fresh = (): Incident => alertIncident({ id: `inc-storetest${(n += 1).toString(36)}` });
const retitled = (title: string) => (incident: Incident): Incident => ({ ...incident, title, version: incident.version + 1 });
const requests = (): { count: number; stop: () => void } => {
  const counter: { count: number; stop: () => void } = { count: 0, stop: () => undefined };
  const middleware = (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
    counter.count += 1;
    return next(args);
  };
  table.db.middlewareStack.add(middleware as never, { step: 'finalizeRequest', name: 'countForTest' });
  counter.stop = () => {
    table.db.middlewareStack.remove('countForTest');
  };
  return counter;
};

describe('IncidentStore', () => {
  it('updates an incident it has just written with one request (no read first)', async () => {
    const store = new IncidentStore(table.db, TABLE);
    const incident = fresh();
    await store.create(incident);
    const counted = requests();
    const updated = await store.update(incident.id, retitled('first change'));
    counted.stop();
    expect(counted.count).toBe(1);
    expect(updated.version).toBe(incident.version + 1);
    expect((await store.require(incident.id)).title).toBe('first change');
  });

  it('applies a change to the stored incident when its remembered copy went stale (another writer)', async () => {
    const mine = new IncidentStore(table.db, TABLE);
    const theirs = new IncidentStore(table.db, TABLE);
    const incident = fresh();
    await mine.create(incident);
    await theirs.update(incident.id, (current) => ({ ...current, severity: 'sev1', version: current.version + 1 }));
    const updated = await mine.update(incident.id, retitled('after theirs'));
    expect(updated).toMatchObject({ title: 'after theirs', severity: 'sev1', version: incident.version + 2 });
    expect(await theirs.require(incident.id)).toEqual(updated);
  });

  it('answers a change that changes nothing from the table, not from a stale copy', async () => {
    const mine = new IncidentStore(table.db, TABLE);
    const theirs = new IncidentStore(table.db, TABLE);
    const incident = fresh();
    await mine.create(incident);
    await theirs.update(incident.id, retitled('renamed elsewhere'));
    // A change that leaves an incident as it is: the answer must be what is stored.
    const seen = await mine.update(incident.id, (current) => current);
    expect(seen.title).toBe('renamed elsewhere');
  });

  it('peeks at the remembered copy without a request, and reads when it has none', async () => {
    const store = new IncidentStore(table.db, TABLE);
    const incident = fresh();
    await store.create(incident);
    const counted = requests();
    expect(await store.peek(incident.id)).toEqual(incident);
    expect(counted.count).toBe(0);
    expect(await new IncidentStore(table.db, TABLE).peek(incident.id)).toEqual(incident);
    counted.stop();
    expect(counted.count).toBe(1);
    await expect(store.peek('inc-nowhere')).rejects.toThrow('incident inc-nowhere does not exist');
  });

  it('keeps the newest copy when an older read arrives after a write', async () => {
    const store = new IncidentStore(table.db, TABLE);
    const incident = fresh();
    await store.create(incident);
    const reading = store.get(incident.id);
    await store.update(incident.id, retitled('newer'));
    await reading;
    expect((await store.peek(incident.id)).title).toBe('newer');
  });
});
