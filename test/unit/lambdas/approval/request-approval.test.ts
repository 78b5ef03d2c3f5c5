import { randomBytes } from 'node:crypto';
import { ApprovalInvalidRequestError } from '../../../../core/approval/approval-errors';
import { gsm7Length } from '../../../../core/approval/gsm7';
import { linkSegment, parseLink, verifyLink } from '../../../../core/approval/link';
import { decideApproval } from '../../../../lambdas/approval/approval-service';
import {
  type ApprovalRequest,
  requestApproval,
  revokeIncidentLinks,
  supersede,
} from '../../../../lambdas/approval/request-approval';
import { alertIncident, currentKey, keys, MINUTE, mobilizedIncident, T0 } from '../../core/approval/approval-fixtures';
import { type Harness, harness, LogCapture, proxyEvent, startTable, type TableServer } from './approval-harness';

let table: TableServer;
let h: Harness;
const logs = new LogCapture();
let incidentId: string;

beforeAll(async () => {
  table = await startTable();
});

afterAll(async () => {
  await table.stop();
});

beforeEach(async () => {
  h = harness(table);
  logs.start();
  incidentId = `inc-${Math.random().toString(36).slice(2, 12)}`;
  await h.putIncident(alertIncident({ id: incidentId }));
});

afterEach(() => {
  logs.stop();
});

const ask = (overrides: Partial<ApprovalRequest> = {}): ApprovalRequest => ({
  incidentId,
  subject: { kind: 'gate', gate: 'alert' },
  decider: 'alice',
  taskToken: 'token-1',
  timeoutSeconds: 900,
  now: T0,
  ...overrides,
});

async function created(request: ApprovalRequest) {
  const result = await requestApproval(h.deps, request);
  if (result.kind !== 'created') throw new Error(`expected a new approval, got ${result.kind}`);
  return result;
}

describe('requestApproval', () => {
  it('creates a pending approval with a personal link, an email and an SMS', async () => {
    const result = await created(ask());
    const record = await h.store.get(result.approval.approvalId);
    expect(record).toMatchObject({ status: 'pending', decider: 'alice', taskToken: 'token-1', expiresAt: new Date(T0 + 900_000).toISOString(), secretVersion: 'v-current' });
    expect(result.approval).not.toHaveProperty('taskToken');
    const parsed = parseLink(result.link);
    expect(parsed.ok && record !== null && verifyLink(parsed.link, record, keys.verifying).ok).toBe(true);
    expect(result.link.startsWith('https://ir.example.com/a/')).toBe(true);
    expect(result.messages.email?.body).toContain(result.link);
    expect(result.messages.sms?.endsWith(result.link)).toBe(true);
    expect(gsm7Length(result.messages.sms ?? '')).toBeLessThanOrEqual(160);
    expect(logs.text).not.toContain(result.link);
    expect(logs.text).not.toContain('token-1');
  });

  it('sends only the channels a person has', async () => {
    await h.putIncident(mobilizedIncident('contain'));
    const result = await created(ask({ incidentId: 'inc-01jd7x3k9m', subject: { kind: 'action', actionId: 'isolate-web' }, decider: 'carol' }));
    expect(result.messages.email).not.toBeNull();
    expect(result.messages.sms).toBeNull();
  });

  it('resumes a pending approval with the new token and sends nothing; the old link keeps working', async () => {
    const first = await created(ask());
    const again = await requestApproval(h.deps, ask({ taskToken: 'token-after-restart', now: T0 + 5 * MINUTE }));
    expect(again).toEqual({ kind: 'resumed', approval: expect.objectContaining({ approvalId: first.approval.approvalId }) as unknown });
    expect((await h.store.get(first.approval.approvalId))?.taskToken).toBe('token-after-restart');
    h.clock.set(T0 + 6 * MINUTE);
    expect((await h.invoke(proxyEvent(first.link.split('/a/')[1] ?? ''))).statusCode).toBe(200);
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('replays a decision recorded but never delivered to the new task, at once', async () => {
    const first = await created(ask());
    h.callbacks.answer = 'task-closed';
    h.clock.set(T0 + MINUTE);
    await decideApproval(h.deps, { approvalId: first.approval.approvalId, actor: 'alice', request: { action: 'approve', decision: 'mobilize' }, channel: 'cli' });
    h.callbacks.answer = 'delivered';
    const again = await requestApproval(h.deps, ask({ taskToken: 'token-after-restart', now: T0 + 2 * MINUTE }));
    expect(again).toMatchObject({ kind: 'replayed', delivery: 'delivered', approval: { approvalId: first.approval.approvalId } });
    expect(h.callbacks.calls.at(-1)).toEqual({
      taskToken: 'token-after-restart',
      callback: { kind: 'success', output: { decision: 'mobilize', decidedBy: 'alice', decidedAt: new Date(T0 + MINUTE).toISOString() } },
    });
    expect((await h.store.get(first.approval.approvalId))?.deliveredAt).toBe(new Date(T0 + 2 * MINUTE).toISOString());
  });

  it('asks afresh after a delivered rejection (the gate is asked again, not answered from history)', async () => {
    const first = await created(ask());
    h.clock.set(T0 + MINUTE);
    await decideApproval(h.deps, { approvalId: first.approval.approvalId, actor: 'alice', request: { action: 'reject', reason: 'not yet' }, channel: 'console' });
    const again = await created(ask({ taskToken: 'token-2', now: T0 + 2 * MINUTE }));
    expect(again.approval.approvalId).not.toBe(first.approval.approvalId);
    expect(h.callbacks.calls).toHaveLength(1);
  });

  it('replays an approval its caller names even after delivery (the workflow may not have recorded it), but never a named rejection', async () => {
    const first = await created(ask());
    h.clock.set(T0 + MINUTE);
    await decideApproval(h.deps, { approvalId: first.approval.approvalId, actor: 'alice', request: { action: 'approve', decision: 'mobilize' }, channel: 'cli' });
    const again = await requestApproval(h.deps, ask({ taskToken: 'token-2', now: T0 + 2 * MINUTE, existing: first.approval.approvalId }));
    expect(again).toMatchObject({ kind: 'replayed', approval: { approvalId: first.approval.approvalId } });
    expect(h.callbacks.calls.map((c) => c.taskToken)).toEqual(['token-1', 'token-2']);

    incidentId = `inc-${Math.random().toString(36).slice(2, 12)}`;
    await h.putIncident(alertIncident({ id: incidentId }));
    const rejected = await created(ask({ taskToken: 'token-3' }));
    await decideApproval(h.deps, { approvalId: rejected.approval.approvalId, actor: 'alice', request: { action: 'reject', reason: 'not yet' }, channel: 'cli' });
    const asked = await requestApproval(h.deps, ask({ taskToken: 'token-4', now: T0 + 2 * MINUTE, existing: rejected.approval.approvalId }));
    expect(asked.kind).toBe('created');
  });

  it('takes the id its caller reserved (an escalation names the successor first), unless that id is taken', async () => {
    const reserved = randomBytes(16).toString('base64url');
    const first = await created(ask({ existing: reserved, expiresAt: T0 + 42 * MINUTE }));
    expect(first.approval).toMatchObject({ approvalId: reserved, expiresAt: new Date(T0 + 42 * MINUTE).toISOString() });
    const other = await created(ask({ decider: 'bob', existing: reserved }));
    expect(other.approval.approvalId).not.toBe(reserved);
  });

  it('creates a new approval when the pending one has expired, and points the old one at it', async () => {
    const first = await created(ask());
    const again = await created(ask({ taskToken: 'token-2', now: T0 + 16 * MINUTE }));
    expect(again.approval.approvalId).not.toBe(first.approval.approvalId);
    expect(await h.store.get(first.approval.approvalId)).toMatchObject({ status: 'superseded', taskToken: null, supersededBy: { approvalId: again.approval.approvalId, holder: 'alice' } });
  });

  it('refuses a decider who is not in the plan, and an incident that does not exist', async () => {
    await expect(requestApproval(h.deps, ask({ decider: 'mallory' }))).rejects.toThrow(ApprovalInvalidRequestError);
    await expect(requestApproval(h.deps, ask({ incidentId: 'inc-doesnotexist' }))).rejects.toThrow('incident inc-doesnotexist does not exist');
  });
});

describe('supersede', () => {
  it('hands the decision on: the old link names the new holder and answers no more', async () => {
    const first = await created(ask());
    const next = await created(ask({ decider: 'bob', taskToken: 'token-bob' }));
    const result = await supersede(h.deps, first.approval.approvalId, { approvalId: next.approval.approvalId, holder: 'bob' });
    expect(result).toMatchObject({ superseded: true, approval: { status: 'superseded', supersededBy: { holder: 'bob' } } });
    expect((await h.store.get(first.approval.approvalId))?.taskToken).toBeNull();
    expect(await supersede(h.deps, first.approval.approvalId, { approvalId: next.approval.approvalId, holder: 'bob' })).toMatchObject({ superseded: false });
    expect(await supersede(h.deps, 'EBESExQVFhcYGRobHB0eHw', { approvalId: next.approval.approvalId, holder: 'bob' })).toEqual({ superseded: false, approval: null });
  });
});

describe('revokeIncidentLinks', () => {
  it('kills the pending links and re-issues them to the same people, moving the token', async () => {
    const first = await created(ask());
    const result = await revokeIncidentLinks(h.deps, incidentId, T0 + MINUTE);
    expect(result).toHaveLength(1);
    const [reissued] = result;
    const old = await h.store.get(first.approval.approvalId);
    expect(old).toMatchObject({ status: 'superseded', taskToken: null, supersededBy: { approvalId: reissued?.approval.approvalId, holder: 'alice' } });
    const fresh = await h.store.get(reissued?.approval.approvalId ?? '');
    expect(fresh).toMatchObject({ status: 'pending', decider: 'alice', taskToken: 'token-1', expiresAt: first.approval.expiresAt });
    h.clock.set(T0 + 2 * MINUTE);
    expect((await h.invoke(proxyEvent(first.link.split('/a/')[1] ?? ''))).statusCode).toBe(410);
    expect((await h.invoke(proxyEvent(linkSegment({ approvalId: fresh?.approvalId ?? '', decider: 'alice' }, currentKey)))).statusCode).toBe(200);
  });

  it('leaves decided approvals alone', async () => {
    const first = await created(ask());
    await decideApproval(h.deps, { approvalId: first.approval.approvalId, actor: 'alice', request: { action: 'approve', decision: 'dismiss' }, channel: 'cli' });
    expect(await revokeIncidentLinks(h.deps, incidentId, T0 + MINUTE)).toEqual([]);
  });
});

describe('decideApproval', () => {
  it('throws the approval errors for callers without a page', async () => {
    const first = await created(ask());
    const id = first.approval.approvalId;
    await expect(decideApproval(h.deps, { approvalId: id, actor: 'bob', request: { action: 'acknowledge' }, channel: 'cli' })).rejects.toMatchObject({ code: 'APPROVAL.NOT_AUTHORIZED' });
    await expect(decideApproval(h.deps, { approvalId: id, actor: 'alice', request: { action: 'reject', reason: '' }, channel: 'cli' })).rejects.toMatchObject({ code: 'APPROVAL.INVALID_REQUEST' });
    await expect(decideApproval(h.deps, { approvalId: 'EBESExQVFhcYGRobHB0eHw', actor: 'alice', request: { action: 'acknowledge' }, channel: 'cli' })).rejects.toMatchObject({ code: 'APPROVAL.BAD_LINK' });
    expect(await decideApproval(h.deps, { approvalId: id, actor: 'alice', request: { action: 'acknowledge' }, channel: 'cli' })).toMatchObject({ delivery: null, approval: { acknowledgedAt: new Date(T0).toISOString() } });
    await decideApproval(h.deps, { approvalId: id, actor: 'alice', request: { action: 'approve', decision: 'mobilize' }, channel: 'cli' });
    await expect(decideApproval(h.deps, { approvalId: id, actor: 'alice', request: { action: 'approve', decision: 'mobilize' }, channel: 'cli' })).rejects.toMatchObject({ code: 'APPROVAL.ALREADY_DECIDED' });
    expect(h.callbacks.calls).toHaveLength(1);
  });
});
