import { SFNClient } from '@aws-sdk/client-sfn';
import type { Incident } from '../../../../core/incident/incident.schema';
import { openGate } from '../../../../core/incident/lifecycle';
import { DryRunActions } from '../../../../lambdas/actions/dry-run-actions';
import { CommunicationStore } from '../../../../lambdas/adapters/communication-store';
import { IncidentStore } from '../../../../lambdas/adapters/incident-store';
import { IntakeStore } from '../../../../lambdas/adapters/intake-store';
import { TimelineStore } from '../../../../lambdas/adapters/timeline-store';
import { RecordsApprovalDesk } from '../../../../lambdas/steps/approval-desk';
import { RelatedIncidents } from '../../../../lambdas/steps/related-incidents';
import { runStep, type StepsDeps } from '../../../../lambdas/steps/steps-service';
import { TaskStore } from '../../../../lambdas/steps/task-store';
import { alertIncident, currentKey, MINUTE, plan } from '../../core/approval/approval-fixtures';
import { harness, RecordingNotifier, startTable, TABLE, type TableServer, TIMELINE_KEY } from '../approval/approval-harness';
import { AwsJsonStub, testClientConfig } from '../approval/aws-json-stub';

/*
 * The first ask of a gate writes the gate and the approval at the same time
 * and pages once both are stored. These tests pin what happens when that
 * ask is not alone: an approval left by a run that died before its gate
 * named it, and a twin run that opened the gate first.
 */

const sfnStub = new AwsJsonStub(() => ({ status: 200, body: {} }));
let sfn: SFNClient;
let table: TableServer;
let n = 0;

beforeAll(async () => {
  table = await startTable();
  sfn = new SFNClient(testClientConfig(await sfnStub.start()));
});

afterAll(async () => {
  sfn.destroy();
  await sfnStub.stop();
  await table.stop();
});

interface World {
  readonly deps: StepsDeps;
  readonly incidents: IncidentStore;
  readonly notifier: RecordingNotifier;
  readonly h: ReturnType<typeof harness>;
}

function world(signingKey: () => Promise<typeof currentKey> = () => Promise.resolve(currentKey)): World {
  const h = harness(table);
  const notifier = new RecordingNotifier();
  const incidents = new IncidentStore(table.db, TABLE);
  const timeline = new TimelineStore(table.db, TABLE, () => Promise.resolve(TIMELINE_KEY));
  const approvals = new RecordsApprovalDesk({ plan, clock: h.clock, records: h.store, notifier, sfn, signingKey, baseUrl: plan.approvals.baseUrl, logger: h.deps.logger });
  const deps: StepsDeps = {
    plan,
    clock: h.clock,
    incidents,
    timeline,
    notifier,
    approvals,
    communications: new CommunicationStore(table.db, TABLE),
    intake: new IntakeStore(table.db, TABLE),
    related: new RelatedIncidents(table.db, TABLE),
    tasks: new TaskStore(table.db, TABLE),
    actions: new DryRunActions(),
  };
  return { deps, incidents, notifier, h };
}

/** An incident in Alert whose gate nobody has opened yet (as triage creates it). */
function unasked(): Incident {
  return { ...alertIncident({ id: `inc-gatetest${(n += 1).toString(36)}` }), gate: null };
}

const ask = (w: World, incidentId: string, taskToken: string) =>
  runStep({ step: 'requestApproval', incidentId, gate: 'alert', taskToken }, w.deps) as Promise<{ approvalId: string }>;

describe('the first ask of a gate', () => {
  it('opens the gate naming the approval it pages, and records both on the timeline', async () => {
    const w = world();
    const incident = unasked();
    await w.incidents.create(incident);
    const { approvalId } = await ask(w, incident.id, 'token-1');
    expect((await w.incidents.require(incident.id)).gate).toMatchObject({ gate: 'alert', holder: 'alice', approvalId });
    expect(await w.h.store.get(approvalId)).toMatchObject({ status: 'pending', taskToken: 'token-1', decider: 'alice', expiresAt: new Date(w.h.clock.now() + 15 * MINUTE).toISOString() });
    expect(w.notifier.sent.map((s) => [s.recipient, s.channel, s.approvalId])).toEqual([['alice', 'email', approvalId], ['alice', 'sms', approvalId]]);
    const entries = await w.deps.timeline.list(incident.id);
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['gate-opened', 'notified']));
  });

  it('sets aside, after the page, an approval a dead run stored but never named', async () => {
    const w = world();
    const incident = unasked();
    await w.incidents.create(incident);
    // The dead run: its approval is stored, its gate commit never happened, its link never went out.
    const orphan = await w.deps.approvals.prepare({ incident, subject: { kind: 'gate', gate: 'alert' }, decider: 'alice', taskToken: 'dead-token', expiresAt: w.h.clock.now() + 15 * MINUTE, approvalId: w.deps.approvals.newId() });
    // The restart that resumes the workflow comes after the crash.
    w.h.clock.advance(2000);
    const { approvalId } = await ask(w, incident.id, 'token-2');
    expect(approvalId).not.toBe(orphan.approvalId);
    expect(await w.h.store.get(orphan.approvalId)).toMatchObject({ status: 'superseded', supersededBy: { approvalId, holder: 'alice' }, taskToken: null });
    expect(await w.h.store.get(approvalId)).toMatchObject({ status: 'pending', taskToken: 'token-2' });
    expect(w.notifier.sent.every((s) => s.approvalId === approvalId)).toBe(true);
  });

  it('sets aside only approvals older than its own: one created since (a link revoked and re-issued as the page went out) stays pending', async () => {
    const w = world();
    const incident = unasked();
    await w.incidents.create(incident);
    const question = { incident, subject: { kind: 'gate' as const, gate: 'alert' as const }, decider: 'alice', expiresAt: w.h.clock.now() + 15 * MINUTE };
    const older = await w.deps.approvals.prepare({ ...question, taskToken: 'dead-token', approvalId: w.deps.approvals.newId() });
    w.h.clock.advance(1000);
    const ours = await w.deps.approvals.prepare({ ...question, taskToken: 'token-6', approvalId: w.deps.approvals.newId() });
    w.h.clock.advance(1000);
    const newer = await w.deps.approvals.prepare({ ...question, taskToken: 'token-6', approvalId: w.deps.approvals.newId() });
    await ours.send();
    expect(await w.h.store.get(older.approvalId)).toMatchObject({ status: 'superseded', supersededBy: { approvalId: ours.approvalId } });
    expect(await w.h.store.get(newer.approvalId)).toMatchObject({ status: 'pending' });
  });

  it('gives way to a twin run that opened the gate first: its approval takes the token, ours is set aside unsent', async () => {
    const w = world();
    const incident = unasked();
    await w.incidents.create(incident);
    // Our store remembers the gate closed (it just created the incident); the twin opens it meanwhile, elsewhere.
    const twin = world();
    const { approvalId: theirs } = await ask(twin, incident.id, 'twin-token');
    const { approvalId } = await ask(w, incident.id, 'token-3');
    expect(approvalId).toBe(theirs);
    expect((await w.incidents.require(incident.id)).gate?.approvalId).toBe(theirs);
    expect(await w.h.store.get(theirs)).toMatchObject({ status: 'pending', taskToken: 'token-3' });
    const ours = (await w.h.store.listByIncident(incident.id)).filter((r) => r.approvalId !== theirs);
    expect(ours.map((r) => [r.status, r.supersededBy?.approvalId])).toEqual([['superseded', theirs]]);
    // The twin paged; the timeline says so, so nobody is paged twice.
    expect(w.notifier.sent).toEqual([]);
  });

  it('pages nobody when the approval cannot be stored, and the retry creates the approval the gate names and pages once', async () => {
    let outage = true;
    const w = world(() => (outage ? Promise.reject(new Error('secrets unavailable')) : Promise.resolve(currentKey)));
    const incident = unasked();
    await w.incidents.create(incident);
    await expect(ask(w, incident.id, 'token-4')).rejects.toThrow('secrets unavailable');
    expect(w.notifier.sent).toEqual([]);
    const named = (await w.incidents.require(incident.id)).gate?.approvalId;
    expect(named).toEqual(expect.any(String));
    outage = false;
    const { approvalId } = await ask(w, incident.id, 'token-4b');
    expect(approvalId).toBe(named);
    expect(w.notifier.sent.map((s) => s.approvalId)).toEqual([named, named]);
    expect(await w.h.store.get(approvalId)).toMatchObject({ status: 'pending', taskToken: 'token-4b' });
  });

  it('re-asks through the general path when the gate is already open (a resumed run)', async () => {
    const w = world();
    const incident = unasked();
    const reserved = w.deps.approvals.newId();
    await w.incidents.create({ ...openGate(incident, 'alice', reserved, 900, w.h.clock.now()) });
    const { approvalId } = await ask(w, incident.id, 'token-5');
    // The named approval did not exist (the run died after the gate commit): it is created under that id and paged.
    expect(approvalId).toBe(reserved);
    expect(w.notifier.sent.map((s) => s.approvalId)).toEqual([reserved, reserved]);
  });
});
