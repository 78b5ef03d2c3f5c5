import { TimelineStore } from '../../../../lambdas/adapters/timeline-store';
import { verifyChain } from '../../../../core/timeline/timeline-entry';
import { startTable, TABLE, type TableServer, TIMELINE_KEY } from '../approval/approval-harness';

/*
 * An append chains after the tail the store saw last, without reading it
 * again. These tests pin that the chain never forks when that tail is stale
 * (another container appended since), and that a twin's `appendOnce` entry
 * is found after a lost race.
 */

let table: TableServer;
let n = 0;

beforeAll(async () => {
  table = await startTable();
});

afterAll(async () => {
  await table.stop();
});

const store = () => new TimelineStore(table.db, TABLE, () => Promise.resolve(TIMELINE_KEY));
const incidentId = () => `inc-timelinetest${(n += 1).toString(36)}`;
const AT = '2026-03-02T09:00:00.000Z';
const note = (summary: string) => ({ type: 'signal-joined' as const, actor: 'sirp', summary, data: {} });

function countRequests(): { readonly count: () => number; readonly stop: () => void } {
  let count = 0;
  table.db.middlewareStack.add(
    ((next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
      count += 1;
      return next(args);
    }) as never,
    { step: 'finalizeRequest', name: 'countTimelineRequests' },
  );
  return { count: () => count, stop: () => void table.db.middlewareStack.remove('countTimelineRequests') };
}

describe('TimelineStore', () => {
  it('appends after its own last entry with one request', async () => {
    const timeline = store();
    const id = incidentId();
    await timeline.append(id, note('first'), AT);
    const counted = countRequests();
    await timeline.append(id, note('second'), AT);
    counted.stop();
    expect(counted.count()).toBe(1);
    expect((await timeline.list(id)).map((e) => [e.seq, e.summary])).toEqual([[1, 'first'], [2, 'second']]);
  });

  it('begins a new timeline with one request, and appends after an entry already there', async () => {
    const timeline = store();
    const id = incidentId();
    const counted = countRequests();
    await timeline.begin(id, note('opened'), AT);
    counted.stop();
    expect(counted.count()).toBe(1);
    // A second beginning (a redelivery that created nothing) finds seq 1 taken and chains after it.
    await store().begin(id, note('again'), AT);
    const entries = await timeline.list(id);
    expect(entries.map((e) => [e.seq, e.summary])).toEqual([[1, 'opened'], [2, 'again']]);
    expect(verifyChain(TIMELINE_KEY, entries)).toMatchObject({ intact: true });
  });

  it('never forks the chain when two stores take turns on one timeline', async () => {
    const [a, b] = [store(), store()];
    const id = incidentId();
    for (let i = 0; i < 6; i += 1) await (i % 2 === 0 ? a : b).append(id, note(`entry ${i}`), AT);
    const entries = await a.list(id);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyChain(TIMELINE_KEY, entries)).toMatchObject({ intact: true, entries: 6 });
  });

  it('keeps the chain whole under concurrent appends from stores with stale tails', async () => {
    const stores = [store(), store(), store()];
    const id = incidentId();
    await Promise.all(stores.map((s, i) => s.append(id, note(`warm ${i}`), AT)));
    await Promise.all(stores.flatMap((s, i) => [s.append(id, note(`x${i}`), AT), s.append(id, note(`y${i}`), AT)]));
    const entries = await stores[0]!.list(id);
    expect(entries).toHaveLength(9);
    expect(verifyChain(TIMELINE_KEY, entries)).toMatchObject({ intact: true, entries: 9 });
  });

  it('does not write an appendOnce entry a twin already wrote, though its own tail is older', async () => {
    const [a, b] = [store(), store()];
    const id = incidentId();
    await a.append(id, note('opened'), AT);
    await b.list(id);
    await a.appendOnce(id, 'gate-opened:alert', note('gate opened'), AT);
    // b remembers the first entry as the tail; the twin's entry is found on the timeline, not written again.
    const second = await b.appendOnce(id, 'gate-opened:alert', note('gate opened'), AT);
    expect(second.appended).toBe(false);
    expect((await a.list(id)).filter((e) => e.data.once === 'gate-opened:alert')).toHaveLength(1);
  });
});
