import type { Notification, Notifier } from '../../../../lambdas/adapters/sns-notifier';
import { TimelineStore } from '../../../../lambdas/adapters/timeline-store';
import { IncidentStore } from '../../../../lambdas/adapters/incident-store';
import { decideApproval } from '../../../../lambdas/approval/approval-service';
import { requestApproval } from '../../../../lambdas/approval/request-approval';
import { type RevocationDeps, revokeLinks } from '../../../../lambdas/approval/revoke-links';
import { alertIncident, MINUTE, T0 } from '../../core/approval/approval-fixtures';
import { type Harness, harness, LogCapture, startTable, TABLE, type TableServer, TIMELINE_KEY } from './approval-harness';

/** The Notifier port, in memory. */
class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];

  send(notification: Notification): Promise<void> {
    this.sent.push(notification);
    return Promise.resolve();
  }
}

let table: TableServer;
let h: Harness;
let deps: RevocationDeps;
let notifier: RecordingNotifier;
let incidentId: string;
const logs = new LogCapture();

beforeAll(async () => {
  table = await startTable();
});

afterAll(async () => {
  await table.stop();
});

beforeEach(async () => {
  h = harness(table);
  notifier = new RecordingNotifier();
  deps = { ...h.deps, notifier };
  logs.start();
  incidentId = `inc-${Math.random().toString(36).slice(2, 12)}`;
  await h.putIncident(alertIncident({ id: incidentId }));
});

afterEach(() => {
  logs.stop();
});

const ask = async (): Promise<string> => {
  const result = await requestApproval(h.deps, { incidentId, subject: { kind: 'gate', gate: 'alert' }, decider: 'alice', taskToken: 'token-1', timeoutSeconds: 900, now: T0 });
  // The incident's gate names the approval, as the workflow step records it.
  const incident = alertIncident({ id: incidentId });
  await h.putIncident({ ...incident, gate: incident.gate === null ? null : { ...incident.gate, approvalId: result.approval.approvalId } });
  return result.approval.approvalId;
};

describe('revokeLinks', () => {
  it('re-issues an incident\'s pending links, sends the fresh ones to their person only, and records it', async () => {
    const old = await ask();
    h.clock.set(T0 + MINUTE);
    const result = await revokeLinks(deps, { incidentId }, 'a forwarded mail');
    expect(result.notPending).toBeNull();
    expect(result.revoked).toEqual([{ incidentId, decider: 'alice', revokedApprovalId: old, newApprovalId: expect.any(String) as unknown }]);
    const fresh = result.revoked[0]?.newApprovalId ?? '';
    expect(notifier.sent.map((n) => [n.recipient, n.channel, n.approvalId])).toEqual([['alice', 'email', fresh], ['alice', 'sms', fresh]]);
    expect(notifier.sent[0]?.body).toContain(`/a/${fresh}.`);
    expect((await new IncidentStore(table.db, TABLE).require(incidentId)).gate?.approvalId).toBe(fresh);
    const timeline = await new TimelineStore(table.db, TABLE, () => Promise.resolve(TIMELINE_KEY)).list(incidentId);
    expect(timeline.map((e) => e.type)).toEqual(['links-revoked']);
    expect(timeline[0]?.summary).toBe('Approval links revoked (a forwarded mail); fresh links sent to alice.');
    expect(JSON.stringify(timeline)).not.toContain('/a/');
  });

  it('re-issues one approval, reports one that is no longer pending, and refuses unknown ids', async () => {
    const old = await ask();
    const one = await revokeLinks(deps, { approvalId: old }, 'lost phone');
    expect(one.revoked.map((r) => r.revokedApprovalId)).toEqual([old]);
    const again = await revokeLinks(deps, { approvalId: old }, 'lost phone');
    expect(again).toEqual({ revoked: [], notPending: expect.objectContaining({ approvalId: old, status: 'superseded' }) as unknown });
    await expect(revokeLinks(deps, { approvalId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'x')).rejects.toMatchObject({ code: 'APPROVAL.NOT_FOUND', message: 'no approval AAAAAAAAAAAAAAAAAAAAAA' });
    await expect(revokeLinks(deps, { incidentId: 'inc-doesnotexist' }, 'x')).rejects.toMatchObject({ code: 'APPROVAL.NOT_FOUND', message: 'no incident inc-doesnotexist' });
  });

  it('leaves an incident without pending links as it is', async () => {
    const old = await ask();
    await decideApproval(h.deps, { approvalId: old, actor: 'alice', request: { action: 'approve', decision: 'mobilize' }, channel: 'cli' });
    expect(await revokeLinks(deps, { incidentId }, 'x')).toEqual({ revoked: [], notPending: null });
    expect(notifier.sent).toEqual([]);
  });
});
