import { SFNClient } from '@aws-sdk/client-sfn';
import { decideApproval } from '../../../../lambdas/approval/approval-service';
import { RecordsApprovalDesk } from '../../../../lambdas/steps/approval-desk';
import { alertIncident, currentKey, MINUTE, plan, T0 } from '../../core/approval/approval-fixtures';
import { type Harness, harness, LogCapture, RecordingNotifier, startTable, type TableServer } from './approval-harness';
import { AwsJsonStub, testClientConfig } from './aws-json-stub';

/*
 * The workflow steps' approval desk is a thin adapter over request-approval:
 * these tests pin the behaviour the steps rely on (page once, resume without
 * paging, answer a decision made while the workflow was away at once).
 */

const sfnStub = new AwsJsonStub(() => ({ status: 200, body: {} }));
let sfn: SFNClient;
let table: TableServer;
let h: Harness;
let desk: RecordsApprovalDesk;
let notifier: RecordingNotifier;
const logs = new LogCapture();
let incidentId: string;
const incident = () => alertIncident({ id: incidentId });

beforeAll(async () => {
  table = await startTable();
  sfn = new SFNClient(testClientConfig(await sfnStub.start()));
});

afterAll(async () => {
  sfn.destroy();
  await sfnStub.stop();
  await table.stop();
});

beforeEach(async () => {
  h = harness(table);
  notifier = new RecordingNotifier();
  sfnStub.calls.length = 0;
  logs.start();
  incidentId = `inc-${Math.random().toString(36).slice(2, 12)}`;
  await h.putIncident(incident());
  desk = new RecordsApprovalDesk({
    plan,
    clock: h.clock,
    records: h.store,
    notifier,
    sfn,
    signingKey: () => Promise.resolve(currentKey),
    baseUrl: plan.approvals.baseUrl,
    logger: h.deps.logger,
  });
});

afterEach(() => {
  logs.stop();
});

const ask = (taskToken: string, existing: string | null, decider = 'alice') =>
  desk.request({ incident: incident(), subject: { kind: 'gate', gate: 'alert' }, decider, taskToken, expiresAt: T0 + 15 * MINUTE, existing });

describe('RecordsApprovalDesk', () => {
  it('creates an approval and pages its person on each channel, then resumes it with a new token without paging', async () => {
    const first = await ask('token-1', null);
    expect(first.paged).toBe(true);
    expect(notifier.sent.map((n) => [n.recipient, n.channel, n.approvalId])).toEqual([
      ['alice', 'email', first.approvalId],
      ['alice', 'sms', first.approvalId],
    ]);
    expect(await h.store.get(first.approvalId)).toMatchObject({ expiresAt: new Date(T0 + 15 * MINUTE).toISOString(), taskToken: 'token-1' });

    const resumed = await ask('token-2', first.approvalId);
    expect(resumed).toEqual({ approvalId: first.approvalId, paged: false });
    expect((await h.store.get(first.approvalId))?.taskToken).toBe('token-2');
    expect(notifier.sent).toHaveLength(2);
    expect(await desk.get(first.approvalId)).toEqual({ approvalId: first.approvalId, status: 'pending', decider: 'alice', decidedBy: null, reason: null });
    expect(await desk.get('AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
  });

  it('answers the new task at once with a decision made while the workflow was away', async () => {
    const first = await ask('token-1', null);
    h.clock.set(T0 + MINUTE);
    await decideApproval(h.deps, { approvalId: first.approvalId, actor: 'alice', request: { action: 'approve', decision: 'mobilize' }, channel: 'cli' });
    const again = await ask('token-after-restart', first.approvalId);
    expect(again).toEqual({ approvalId: first.approvalId, paged: false });
    expect(sfnStub.calls).toEqual([
      { operation: 'SendTaskSuccess', input: { taskToken: 'token-after-restart', output: JSON.stringify({ decision: 'mobilize', decidedBy: 'alice', decidedAt: new Date(T0 + MINUTE).toISOString() }) } },
    ]);
  });

  it('creates the successor an escalation reserved, and supersedes the old approval naming it', async () => {
    const first = await ask('token-1', null);
    const next = desk.newId();
    await desk.supersede(first.approvalId, 'bob', next);
    const bobs = await ask('token-2', next, 'bob');
    expect(bobs).toEqual({ approvalId: next, paged: true });
    expect(await h.store.get(first.approvalId)).toMatchObject({ status: 'superseded', supersededBy: { approvalId: next, holder: 'bob' }, taskToken: null });
  });
});
