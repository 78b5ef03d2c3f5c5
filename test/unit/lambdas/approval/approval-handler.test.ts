import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { issueFormToken } from '../../../../core/approval/anti-forgery';
import type { ApprovalRecord } from '../../../../core/approval/approval.schema';
import { linkSegment } from '../../../../core/approval/link';
import { SECURITY_HEADERS } from '../../../../core/approval/html';
import { APPROVAL_STATE_HEADER } from '../../../../core/approval/pages';
import { IncidentStore } from '../../../../lambdas/adapters/incident-store';
import { TimelineStore } from '../../../../lambdas/adapters/timeline-store';
import { requestApproval } from '../../../../lambdas/approval/request-approval';
import { alertIncident, currentKey, MINUTE, retiredKey, T0 } from '../../core/approval/approval-fixtures';
import { formPost, formToken, type Harness, harness, LogCapture, proxyEvent, startTable, TABLE, type TableServer, TIMELINE_KEY } from './approval-harness';

const TASK_TOKEN = 'AQB8AAAAKgAAAAMAAAAAAAAAAf1Zx7-waiting-task-token-secret';

let table: TableServer;
let h: Harness;
const logs = new LogCapture();
let record: ApprovalRecord;
let segment: string;
/** Every answer the handler gave in this test, checked for secrets after it. */
let answers: APIGatewayProxyResult[];

beforeAll(async () => {
  table = await startTable();
});

afterAll(async () => {
  await table.stop();
});

beforeEach(async () => {
  h = harness(table);
  answers = [];
  logs.start();
  const incident = alertIncident({ id: `inc-${Math.random().toString(36).slice(2, 12)}` });
  await h.putIncident(incident);
  const created = await requestApproval(h.deps, {
    incidentId: incident.id,
    subject: { kind: 'gate', gate: 'alert' },
    decider: 'alice',
    taskToken: TASK_TOKEN,
    timeoutSeconds: 900,
    now: T0,
  });
  if (created.kind !== 'created') throw new Error(`expected a new approval, got ${created.kind}`);
  record = (await h.store.get(created.approval.approvalId)) ?? fail('not stored');
  segment = linkSegment(record, currentKey);
  // The incident's gate names this approval and its holder.
  await h.putIncident({ ...incident, gate: incident.gate === null ? null : { ...incident.gate, approvalId: record.approvalId } });
  h.clock.set(T0 + MINUTE);
});

afterEach(() => {
  logs.stop();
  expectNoSecretsLeaked();
});

/** After every test: the task token is in no answer and no log line; nor are the link's MAC or a form value. */
function expectNoSecretsLeaked(): void {
  for (const answer of answers) expect(answer.body).not.toContain(TASK_TOKEN);
  expect(logs.text).not.toContain(TASK_TOKEN);
  expect(logs.text).not.toContain(segment.split('.')[1]);
  expect(logs.text).not.toMatch(/[A-Za-z0-9_-]{22}\.\d{10}/);
}

async function call(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const answer = await h.invoke(event);
  answers.push(answer);
  return answer;
}

/** Opens the link like a browser and submits one of the page's forms. */
async function submit(fields: Record<string, string>, options: { readonly base64?: boolean } = {}): Promise<APIGatewayProxyResult> {
  const page = await call(proxyEvent(segment));
  return call(formPost(segment, { csrf: formToken(page.body), ...fields }, options));
}

const stored = async (): Promise<ApprovalRecord> => (await h.store.get(record.approvalId)) ?? fail('gone');

function fail(message: string): never {
  throw new Error(message);
}

describe('opening a link', () => {
  it('shows the decision and changes nothing on GET', async () => {
    const before = await stored();
    const page = await call(proxyEvent(segment));
    expect(page.statusCode).toBe(200);
    expect(page.headers).toEqual({ ...SECURITY_HEADERS, [APPROVAL_STATE_HEADER]: 'open' });
    expect(page.body).toContain('Mobilize a response, or dismiss this alert as a false positive?');
    expect(page.body).toContain('For Alice Lead (alice).');
    expect(await stored()).toEqual(before);
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('answers HEAD with the headers only and changes nothing', async () => {
    const before = await stored();
    const answer = await call(proxyEvent(segment, { method: 'HEAD' }));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBe('');
    expect(answer.headers?.['Cache-Control']).toBe('no-store');
    expect(await stored()).toEqual(before);
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('refuses a forged MAC, a MAC moved to another id, and a link issued to someone else, all alike', async () => {
    const [id, mac] = segment.split('.') as [string, string];
    const forged = `${id}.${Buffer.alloc(16, 1).toString('base64url')}`;
    const movedId = `${Buffer.alloc(16, 2).toString('base64url')}.${mac}`;
    const bobs = linkSegment({ ...record, decider: 'bob' }, currentKey);
    const retired = linkSegment(record, retiredKey);
    for (const link of [forged, movedId, bobs, retired, 'not-a-link', `${segment}x`]) {
      const page = await call(proxyEvent(link));
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('Link not recognised');
    }
    expect(h.callbacks.calls).toHaveLength(0);
    expect(logs.entries().filter((entry) => entry.message === 'approval link refused')).toHaveLength(6);
  });

  it('says a link has expired once the gate time is over', async () => {
    h.clock.set(Date.parse(record.expiresAt));
    const page = await call(proxyEvent(segment));
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link has expired');
  });

  it('names who holds the decision after an escalation', async () => {
    await h.store.supersede(record.approvalId, { approvalId: 'EBESExQVFhcYGRobHB0eHw', holder: 'bob' });
    const page = await call(proxyEvent(segment));
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('the decision is now with Bob Deputy (bob)');
  });
});

describe('deciding', () => {
  it('records an approval and answers the waiting task exactly once with decision, decider and time', async () => {
    const answer = await submit({ action: 'approve', decision: 'mobilize' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('You chose: Mobilize a response');
    const decidedAt = new Date(T0 + MINUTE).toISOString();
    expect(h.callbacks.calls).toEqual([
      { taskToken: TASK_TOKEN, callback: { kind: 'success', output: { decision: 'mobilize', decidedBy: 'alice', decidedAt } } },
    ]);
    expect(await stored()).toMatchObject({
      status: 'approved',
      decision: 'mobilize',
      decidedBy: 'alice',
      decidedAt,
      channel: 'web',
      taskToken: null,
      deliveredAt: decidedAt,
    });
    expect(logs.entries().find((entry) => entry.message === 'approval decided')).toMatchObject({
      approvalId: record.approvalId,
      status: 'approved',
      decidedBy: 'alice',
      delivery: 'delivered',
    });
  });

  it('reads a base64-encoded form body', async () => {
    const answer = await submit({ action: 'approve', decision: 'dismiss' }, { base64: true });
    expect(answer.statusCode).toBe(200);
    expect((await stored()).decision).toBe('dismiss');
  });

  it('fails the task as Approval.Rejected with the reason, and escapes the reason on the page', async () => {
    const reason = '<script>alert("owned")</script> wrong host';
    const answer = await submit({ action: 'reject', reason });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; wrong host');
    expect(answer.body).not.toContain('<script>');
    expect(h.callbacks.calls).toEqual([{ taskToken: TASK_TOKEN, callback: { kind: 'failure', error: 'Approval.Rejected', cause: reason } }]);
    expect(await stored()).toMatchObject({ status: 'rejected', reason, decision: null });
  });

  it('asks again for a reason when a rejection has none, deciding nothing', async () => {
    const answer = await submit({ action: 'reject', reason: '   ' });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('a rejection needs a reason');
    expect(formToken(answer.body)).toMatch(/\.\d+$/);
    expect((await stored()).status).toBe('pending');
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('pauses escalation on "I have it" without deciding or calling back', async () => {
    const answer = await submit({ action: 'acknowledge' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Escalation is paused until Mon 02 Mar 2026 10:31 CET.');
    // The link outlives the acknowledgement window: nobody is asked again while it holds.
    expect(await stored()).toMatchObject({ status: 'pending', acknowledgedAt: new Date(T0 + MINUTE).toISOString(), expiresAt: new Date(T0 + 31 * MINUTE).toISOString(), taskToken: TASK_TOKEN });
    expect(h.callbacks.calls).toHaveLength(0);
    // The incident's gate carries the acknowledgement (the escalation step reads it), and the timeline records it.
    const incident = await new IncidentStore(table.db, TABLE).require(record.incidentId);
    expect(incident.gate?.acknowledgedUntil).toBe(new Date(T0 + 31 * MINUTE).toISOString());
    const timeline = await new TimelineStore(table.db, TABLE, () => Promise.resolve(TIMELINE_KEY)).list(record.incidentId);
    expect(timeline.map((e) => [e.type, e.actor])).toEqual([['acknowledged', 'alice']]);
    expect(timeline[0]?.summary).toContain('escalation pauses until');
  });

  it('judges the person a form names: another contact is refused with 403 and nothing is decided', async () => {
    const answer = await submit({ action: 'approve', decision: 'mobilize', actor: 'bob' });
    expect(answer.statusCode).toBe(403);
    expect(answer.headers?.[APPROVAL_STATE_HEADER]).toBe('forbidden');
    expect(answer.body).toContain('this approval was issued to alice, not to bob');
    expect((await stored()).status).toBe('pending');
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('decides for the decider the page names, and refuses an actor that is not a contact id', async () => {
    expect((await submit({ action: 'approve', decision: 'mobilize', actor: '<b>x' })).statusCode).toBe(400);
    const answer = await submit({ action: 'approve', decision: 'mobilize', actor: 'alice' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.[APPROVAL_STATE_HEADER]).toBe('decided');
    expect((await stored()).decidedBy).toBe('alice');
  });

  it('answers a replayed POST with "already decided" and no second callback', async () => {
    const page = await call(proxyEvent(segment));
    const form = { csrf: formToken(page.body), action: 'approve', decision: 'mobilize' };
    expect((await call(formPost(segment, form))).statusCode).toBe(200);
    const replay = await call(formPost(segment, form));
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('Already decided by Alice Lead (alice)');
    expect(h.callbacks.calls).toHaveLength(1);
  });

  it('lets exactly one of two concurrent POSTs win', async () => {
    const page = await call(proxyEvent(segment));
    const csrf = formToken(page.body);
    const answers2 = await Promise.all([
      call(formPost(segment, { csrf, action: 'approve', decision: 'mobilize' })),
      call(formPost(segment, { csrf, action: 'reject', reason: 'not this one' })),
    ]);
    expect(answers2.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers2.filter((a) => a.body.includes('Already decided'))).toHaveLength(1);
    expect(h.callbacks.calls).toHaveLength(1);
    const final = await stored();
    expect(final.status).toBe(h.callbacks.calls[0]?.callback.kind === 'success' ? 'approved' : 'rejected');
  });

  it('refuses a decision after expiry', async () => {
    const page = await call(proxyEvent(segment));
    h.clock.set(Date.parse(record.expiresAt) + 1);
    const answer = await call(formPost(segment, { csrf: formToken(page.body), action: 'approve', decision: 'mobilize' }));
    expect(answer.statusCode).toBe(410);
    expect(h.callbacks.calls).toHaveLength(0);
    expect((await stored()).status).toBe('pending');
  });

  it('refuses a decision on a superseded approval and names the new holder', async () => {
    const page = await call(proxyEvent(segment));
    await h.store.supersede(record.approvalId, { approvalId: 'EBESExQVFhcYGRobHB0eHw', holder: 'bob' });
    const answer = await call(formPost(segment, { csrf: formToken(page.body), action: 'approve', decision: 'mobilize' }));
    expect(answer.statusCode).toBe(410);
    expect(answer.body).toContain('Bob Deputy (bob)');
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('refuses a decision the gate does not take', async () => {
    const answer = await submit({ action: 'approve', decision: 'approve' });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('this decision accepts mobilize or dismiss');
    expect(h.callbacks.calls).toHaveLength(0);
  });
});

describe('forged and malformed posts', () => {
  const approve = { action: 'approve', decision: 'mobilize' };

  it.each([
    ['a missing anti-forgery value', (): Record<string, string> => approve],
    ['a value for another approval', (): Record<string, string> => ({ ...approve, csrf: issueFormToken(currentKey, 'EBESExQVFhcYGRobHB0eHw', T0) })],
    ['a value signed with a retired secret', (): Record<string, string> => ({ ...approve, csrf: issueFormToken(retiredKey, record.approvalId, T0) })],
    ['a stale page', (): Record<string, string> => ({ ...approve, csrf: issueFormToken(currentKey, record.approvalId, T0 - 2 * 3600_000) })],
  ])('refuses %s with 403 and decides nothing', async (_name, fields) => {
    const answer = await call(formPost(segment, fields()));
    expect(answer.statusCode).toBe(403);
    expect(answer.body).toContain('This form was not accepted');
    expect(h.callbacks.calls).toHaveLength(0);
    expect((await stored()).status).toBe('pending');
  });

  it('refuses a post a browser marks as cross-site', async () => {
    const page = await call(proxyEvent(segment));
    const answer = await call(formPost(segment, { csrf: formToken(page.body), ...approve }, { headers: { 'Sec-Fetch-Site': 'cross-site' } }));
    expect(answer.statusCode).toBe(403);
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('refuses a 1 MB body with 413 before reading it', async () => {
    const big = `action=reject&reason=${'x'.repeat(1024 * 1024)}`;
    for (const base64 of [false, true]) {
      const answer = await call(proxyEvent(segment, { method: 'POST', body: big, base64, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
      expect(answer.statusCode).toBe(413);
    }
    expect(h.callbacks.calls).toHaveLength(0);
  });

  it('refuses a body that is not a form, or not UTF-8', async () => {
    const json = await call(proxyEvent(segment, { method: 'POST', body: '{"action":"approve"}', headers: { 'content-type': 'application/json' } }));
    expect(json.statusCode).toBe(415);
    const binary = proxyEvent(segment, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    binary.body = Buffer.from([0x61, 0x3d, 0xff, 0xfe]).toString('base64');
    binary.isBase64Encoded = true;
    expect((await call(binary)).statusCode).toBe(400);
    const empty = await call(formPost(segment, {}));
    expect(empty.statusCode).toBe(400);
  });

  it('allows only GET, HEAD and POST', async () => {
    const answer = await call(proxyEvent(segment, { method: 'DELETE' }));
    expect(answer.statusCode).toBe(405);
    expect(answer.headers?.Allow).toBe('GET, HEAD, POST');
  });

  it("accepts the embedded runtime's event, which carries only the request's own fields", async () => {
    const event = {
      resource: '/a/{link}',
      path: `/a/${segment}`,
      httpMethod: 'GET',
      headers: { host: '127.0.0.1:3000' },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { link: segment },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { accountId: '000000000000', apiId: 'local', httpMethod: 'GET', path: `/a/${segment}`, stage: 'local' },
    } as unknown as APIGatewayProxyEvent;
    expect((await call(event)).statusCode).toBe(200);
  });

  it('answers an event that is not a proxy event with 400', async () => {
    const answer = await call({ httpMethod: 'GET' } as unknown as APIGatewayProxyEvent);
    expect(answer.statusCode).toBe(400);
  });
});

describe('when Step Functions does not take the decision', () => {
  it('says the workflow has moved on when the task is closed, keeping the record', async () => {
    h.callbacks.answer = 'task-closed';
    const answer = await submit({ action: 'approve', decision: 'mobilize' });
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('The workflow has moved on');
    expect(await stored()).toMatchObject({ status: 'approved', deliveredAt: null });
  });

  it('answers a generic 502 when the callback fails, logging no details', async () => {
    const sdkError = new Error(`Invalid Token: '${TASK_TOKEN}'`);
    sdkError.name = 'ThrottlingException';
    h.callbacks.answer = sdkError;
    const answer = await submit({ action: 'approve', decision: 'mobilize' });
    expect(answer.statusCode).toBe(502);
    expect(answer.body).toContain('Something went wrong on our side');
    expect(logs.entries().find((entry) => entry.message === 'approval callback failed')).toMatchObject({ error: 'ThrottlingException' });
  });

  it('answers a generic 500 when the table cannot be read', async () => {
    const broken = harness(table, 'no-such-table');
    const answer = await broken.invoke(proxyEvent(segment));
    answers.push(answer);
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('ResourceNotFound');
    expect(logs.entries().find((entry) => entry.message === 'approval request failed')).toMatchObject({ error: 'ResourceNotFoundException' });
  });
});
