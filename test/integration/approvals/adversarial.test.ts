import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { linkSegment } from '../../../core/approval/link';
import type { Runtime } from '../../../local/runtime/runtime';
import { eventually, getJson, type OutboxEntry, startTestRuntime } from '../runtime/runtime-harness';
import { approvalsOf, formOf, type Listed, pendingApproval, post, raiseIncident, request, stopWorkflowsOf } from './approval-helpers';

/*
 * The approval page against people who should not get their way, on the real
 * runtime: the HTTP server, the approval handler, dynalite, the engine. Each
 * attempt expects a precise status, the page's state header and its words,
 * and that nothing was decided. Time is the runtime's clock, frozen (speed 0)
 * and moved only by `advance`, so the escalation and expiry cases are exact.
 */

interface IncidentDetail {
  incident: { phase: string; gate: { gate: string; holder: string } | null };
  record: { gate: { approvalId: string | null; acknowledgedUntil: string | null } | null };
  timeline: { type: string; actor: string; summary: string; data: Record<string, unknown> }[];
}

let runtime: Runtime;
const MINUTE = 60_000;

beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 0 });
});

afterAll(async () => {
  await runtime.stop();
});

const detail = (incidentId: string): Promise<IncidentDetail> => getJson<IncidentDetail>(`${runtime.url}/api/incidents/${incidentId}`);
const decisions = async (incidentId: string): Promise<number> => (await detail(incidentId)).timeline.filter((e) => e.type === 'decided').length;

/** The link's two halves, to tamper with. */
function parts(link: string): { base: string; id: string; mac: string } {
  const [base = '', segment = ''] = link.split('/a/');
  const [id = '', mac = ''] = segment.split('.');
  return { base, id, mac };
}

/** Flips one bit of a base64url text of 16 bytes, keeping it canonical. */
function flipped(text: string): string {
  const bytes = Buffer.from(text, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64url');
}

describe('an approval link under attack', () => {
  let incident: string;
  let approval: Listed & { link: string };
  /** A valid form captured before the decision, as an attacker on the wire (or a second tab) would hold it. */
  let captured: Record<string, string>;

  beforeAll(async () => {
    incident = await raiseIncident(runtime, 'Adversary');
    approval = await pendingApproval(runtime, incident);
  });

  it('lets a scanner GET and HEAD the link without deciding anything', async () => {
    for (let i = 0; i < 3; i += 1) {
      const get = await request(approval.link, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner)' } });
      expect([get.status, get.state]).toEqual([200, 'open']);
      expect(get.text).toContain('Opening this page decided nothing; only the buttons do.');
      const head = await request(approval.link, { method: 'HEAD' });
      expect([head.status, head.state, head.text]).toEqual([200, 'open', '']);
    }
    expect((await approvalsOf(runtime, incident))[0]?.status).toBe('pending');
    expect(await decisions(incident)).toBe(0);
  });

  it('answers a forged signature, a changed approval id and a link issued to someone else with the same 404', async () => {
    const { base, id, mac } = parts(approval.link);
    const secrets = new SecretsManagerClient({ endpoint: `${runtime.url}/aws/secrets`, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: `sirp-${runtime.plan.org}-signing` }));
    secrets.destroy();
    const key = { versionId: secret.VersionId ?? '', secret: Buffer.from(secret.SecretString ?? '', 'utf8') };
    const someoneElse = runtime.plan.contacts.find((c) => c.id !== approval.decider)?.id ?? 'nobody';
    const hostile = [
      `${base}/a/${id}.${flipped(mac)}`,
      `${base}/a/${flipped(id)}.${mac}`,
      `${base}/a/${linkSegment({ approvalId: id, decider: someoneElse }, key)}`,
      `${base}/a/${id}`,
      `${base}/a/${id}.${mac}x`,
    ];
    for (const link of hostile) {
      const form = { action: 'approve', decision: 'mobilize', csrf: 'x.1' };
      for (const answer of [await request(link), await post(link, form)]) {
        expect([answer.status, answer.state]).toEqual([404, 'bad-link']);
        expect(answer.text).toContain('This is not a valid approval link.');
      }
    }
    expect(await decisions(incident)).toBe(0);
  });

  it('refuses a form without its anti-forgery value, with a wrong one, and from another site', async () => {
    const fields = await formOf(approval.link, 'approve', 'mobilize');
    const { csrf: _csrf, ...withoutToken } = fields;
    const attempts: [Record<string, string>, Record<string, string>, string][] = [
      [withoutToken, {}, 'the form has no valid anti-forgery value'],
      [{ ...fields, csrf: `${'A'.repeat(22)}.${Math.floor(runtime.clock.now() / 1000)}` }, {}, 'the anti-forgery value was not issued for this approval'],
      [fields, { 'sec-fetch-site': 'cross-site' }, 'the form was sent from another site'],
    ];
    for (const [form, headers, reason] of attempts) {
      const answer = await post(approval.link, form, headers);
      expect([answer.status, answer.state]).toEqual([403, 'forgery']);
      expect(answer.text).toContain(`Nothing was decided: ${reason}.`);
    }
    expect(await decisions(incident)).toBe(0);
  });

  it('refuses a form that names another person, with a 403 that says whose decision it is', async () => {
    const fields = await formOf(approval.link, 'approve', 'mobilize');
    const other = runtime.plan.contacts.find((c) => c.id !== approval.decider)?.id ?? 'nobody';
    const answer = await post(approval.link, { ...fields, actor: other });
    expect([answer.status, answer.state]).toEqual([403, 'forbidden']);
    expect(answer.text).toContain(`this approval was issued to ${approval.decider}, not to ${other}`);
    expect(await decisions(incident)).toBe(0);
  });

  it('refuses a 1 MB body with 413 before reading it', async () => {
    const answer = await request(approval.link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `action=reject&reason=${'x'.repeat(1024 * 1024)}`,
    });
    expect(answer.status).toBe(413);
    expect((await approvalsOf(runtime, incident))[0]?.status).toBe('pending');
  });

  it('lets exactly one of two concurrent POSTs win; the other is told it was already decided', async () => {
    const fields = await formOf(approval.link, 'approve', 'mobilize');
    captured = fields;
    const answers = await Promise.all([post(approval.link, fields), post(approval.link, fields)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.map((a) => a.state).sort()).toEqual(['already-decided', 'decided']);
    expect(answers.find((a) => a.status === 409)?.text).toContain(`Already decided by`);
    await eventually(async () => ((await detail(incident)).incident.phase === 'mobilize' ? true : undefined), 'the incident to reach Mobilize');
    expect(await decisions(incident)).toBe(1);
  });

  it('answers a replayed POST after the decision with "already decided", and sends nothing', async () => {
    const pagesOf = async (): Promise<number> =>
      (await getJson<OutboxEntry[]>(`${runtime.url}/api/outbox?incident=${incident}`)).filter((d) => d.approvalId === approval.approvalId).length;
    const before = await pagesOf();
    for (const form of [captured, { ...captured, decision: 'dismiss' }]) {
      const replay = await post(approval.link, form);
      expect([replay.status, replay.state]).toEqual([409, 'already-decided']);
      expect(replay.text).toContain(`Already decided by`);
    }
    const page = await request(approval.link);
    expect([page.status, page.state]).toEqual([409, 'already-decided']);
    expect(page.text).toContain('Decision: Mobilize a response.');
    expect(await decisions(incident)).toBe(1);
    expect(await pagesOf()).toBe(before);
  });
});

describe('a reject reason carrying HTML and script', () => {
  const reason = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)> not ours';

  /** Rejects through the page and checks that both pages showing the reason escape it. */
  async function rejectEscaped(link: string): Promise<void> {
    const answer = await post(link, { ...(await formOf(link, 'reject')), reason });
    expect([answer.status, answer.state]).toEqual([200, 'decided']);
    expect(answer.text).toContain('You rejected it: &lt;script&gt;alert(document.cookie)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; not ours');
    const again = await request(link);
    expect([again.status, again.state]).toEqual([409, 'already-decided']);
    expect(again.text).toContain('<blockquote>&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    for (const page of [answer.text, again.text]) {
      expect(page).not.toContain('<script>');
      expect(page).not.toContain('<img');
    }
  }

  it('is escaped on the pages, kept as text in the timeline API, and never executed', async () => {
    const incident = await raiseIncident(runtime, 'Script');
    const alert = await pendingApproval(runtime, incident);
    await rejectEscaped(alert.link);
    // The Alert gate asks again after a rejection: a fresh approval, never the rejection replayed.
    const again = await pendingApproval(runtime, incident, [alert.approvalId]);
    expect(again.approvalId).not.toBe(alert.approvalId);
    expect((await post(again.link, await formOf(again.link, 'approve', 'mobilize'))).status).toBe(200);
    const signOff = await eventually(async () => {
      const found = (await approvalsOf(runtime, incident)).find((a) => a.gate === 'mobilize' && a.status === 'pending' && a.link !== null);
      return found === undefined ? undefined : (found as Listed & { link: string });
    }, 'the mobilize sign-off');
    // The sign-off is asked once the workflow has recorded the open gate (a page opened earlier says the gate is not open yet).
    await eventually(async () => ((await request(signOff.link)).state === 'open' ? true : undefined), 'the mobilize gate to open');
    await rejectEscaped(signOff.link);

    // The timeline is JSON (never HTML): the reason is stored as the text the person typed.
    const response = await fetch(`${runtime.url}/api/incidents/${incident}`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const rejected = await eventually(async () => {
      const entries = (await detail(incident)).timeline;
      return entries.find((e) => e.type === 'decided' && e.data.decision === 'reject');
    }, 'the rejection on the timeline');
    expect(rejected.data.reason).toBe(reason);
    expect(rejected.summary).toContain(reason);
    expect(rejected.actor).toBe(signOff.decider);
  });
});

describe('revocation and rotation', () => {
  it('revokes an incident\'s links: the old link says it moved, the same person gets a fresh link that works', async () => {
    const incident = await raiseIncident(runtime, 'Revoked');
    const old = await pendingApproval(runtime, incident);
    const oldForm = await formOf(old.link, 'approve', 'mobilize');
    const plainForm = await request(`${runtime.url}/api/links/revoke`, { method: 'POST', body: `incidentId=${incident}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(plainForm.status).toBe(415);
    const json = { 'content-type': 'application/json' };
    const unknown = await request(`${runtime.url}/api/links/revoke`, { method: 'POST', body: JSON.stringify({ incidentId: 'inc-doesnotexist1' }), headers: json });
    expect([unknown.status, JSON.parse(unknown.text)]).toEqual([404, { error: 'no incident inc-doesnotexist1' }]);
    const vague = await request(`${runtime.url}/api/links/revoke`, { method: 'POST', body: JSON.stringify({ incident: incident }), headers: json });
    expect(vague.status).toBe(400);
    expect(JSON.parse(vague.text)).toMatchObject({ path: 'incidentId|approvalId' });
    const revoked = await request(`${runtime.url}/api/links/revoke`, { method: 'POST', body: JSON.stringify({ incidentId: incident }), headers: { 'content-type': 'application/json' } });
    expect(revoked.status).toBe(200);
    const body = JSON.parse(revoked.text) as { revoked: { revokedApprovalId: string; newApprovalId: string; decider: string }[] };
    expect(body.revoked).toEqual([expect.objectContaining({ revokedApprovalId: old.approvalId, decider: old.decider })]);
    expect(revoked.text).not.toContain('/a/');

    const page = await request(old.link);
    expect([page.status, page.state]).toEqual([410, 'superseded']);
    expect(page.text).toContain('This link has been replaced: the decision is now with');
    const stale = await post(old.link, oldForm);
    expect([stale.status, stale.state]).toEqual([410, 'superseded']);

    const fresh = await pendingApproval(runtime, incident);
    expect(fresh.approvalId).toBe(body.revoked[0]?.newApprovalId);
    const mail = await eventually(async () => {
      const outbox = await getJson<OutboxEntry[]>(`${runtime.url}/api/outbox?to=${old.decider}`);
      return outbox.find((d) => d.approvalId === fresh.approvalId && d.channel === 'email');
    }, 'the fresh link by email');
    expect(mail.body).toContain(fresh.link);
    expect((await detail(incident)).record.gate?.approvalId).toBe(fresh.approvalId);
    expect((await detail(incident)).timeline.map((e) => e.type)).toContain('links-revoked');
    const decided = await post(fresh.link, await formOf(fresh.link, 'approve', 'mobilize'));
    expect([decided.status, decided.state]).toEqual([200, 'decided']);
  });

  it('kills every link signed with the old secret after a rotation, and re-issues the pending ones', async () => {
    const incident = await raiseIncident(runtime, 'Rotated');
    const old = await pendingApproval(runtime, incident);
    const rotated = await request(`${runtime.url}/api/secret/rotate`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(rotated.status).toBe(200);
    const body = JSON.parse(rotated.text) as { revoked: { revokedApprovalId: string; newApprovalId: string }[] };
    expect(body.revoked.map((r) => r.revokedApprovalId)).toContain(old.approvalId);

    const dead = await request(old.link);
    expect([dead.status, dead.state]).toEqual([404, 'bad-link']);
    const fresh = await pendingApproval(runtime, incident);
    expect(fresh.approvalId).not.toBe(old.approvalId);
    const page = await request(fresh.link);
    expect([page.status, page.state]).toEqual([200, 'open']);

    // The workflow steps kept the signing key they read before the rotation: the next page must be signed with the new one.
    const next = await pendingApproval(runtime, await raiseIncident(runtime, 'AfterRotation'));
    const nextPage = await request(next.link);
    expect([nextPage.status, nextPage.state]).toEqual([200, 'open']);
  });
});

describe('time: escalation and expiry on the runtime clock', () => {
  it('supersedes the link of a gate nobody answered, keeps an acknowledged gate with its person, and expires a link nobody waits on', async () => {
    const escalating = await raiseIncident(runtime, 'Silent');
    const acknowledged = await raiseIncident(runtime, 'Busy');
    const abandoned = await raiseIncident(runtime, 'Stopped');
    const first = await pendingApproval(runtime, escalating);
    const held = await pendingApproval(runtime, acknowledged);
    const orphan = await pendingApproval(runtime, abandoned);
    const ack = await post(held.link, await formOf(held.link, 'acknowledge'));
    expect([ack.status, ack.state]).toEqual([200, 'acknowledged']);
    expect((await detail(acknowledged)).record.gate?.acknowledgedUntil).not.toBeNull();
    await stopWorkflowsOf(runtime, abandoned);

    // The Alert gate times out after 15 minutes of incident time.
    runtime.clock.advance(16 * MINUTE);
    const moved = await eventually(async () => {
      const found = (await approvalsOf(runtime, escalating)).find((a) => a.approvalId === first.approvalId);
      return found?.status === 'superseded' ? found : undefined;
    }, 'the escalation');
    const page = await request(first.link);
    expect([page.status, page.state]).toEqual([410, 'superseded']);
    expect(page.text).toContain(`the decision is now with`);
    expect(page.text).toContain(`(${moved.supersededBy?.holder ?? '?'})`);
    expect(moved.supersededBy?.holder).not.toBe(first.decider);

    // Acknowledged: no escalation; the gate stays with its person, whose link lives as long as the acknowledgement.
    const stillOpen = await request(held.link);
    expect([stillOpen.status, stillOpen.state]).toEqual([200, 'open']);
    expect((await approvalsOf(runtime, acknowledged)).map((a) => a.approvalId)).toEqual([held.approvalId]);
    const stillHeld = await detail(acknowledged);
    expect(stillHeld.incident.gate?.holder).toBe(held.decider);
    expect(stillHeld.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['acknowledged']));
    expect(stillHeld.timeline.map((e) => e.type)).not.toContain('escalated');

    // Nobody waits on the stopped incident's approval: its link has simply run out.
    const expired = await request(orphan.link);
    expect([expired.status, expired.state]).toEqual([410, 'expired']);
    expect(expired.text).toContain('Nothing was decided through it.');
    const late = await post(orphan.link, { action: 'approve', decision: 'mobilize', csrf: `${'A'.repeat(22)}.1` });
    expect(late.status).toBe(403);
  });
});
