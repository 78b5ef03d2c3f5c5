import { toPublicView } from '../../../../core/approval/approval.schema';
import { escapeHtml, html, SECURITY_HEADERS } from '../../../../core/approval/html';
import {
  APPROVAL_STATE_HEADER,
  acknowledgedPage,
  badLinkPage,
  badRequestPage,
  confirmPage,
  decidedPage,
  errorPage,
  forgeryPage,
  methodNotAllowedPage,
  movedOnPage,
  type PageContext,
  refusalPage,
  tooLargePage,
} from '../../../../core/approval/pages';
import type { DecidedChange } from '../../../../core/approval/task-callback';
import { alertIncident, APPROVAL_ID, mobilizedIncident, pendingRecord, plan, T0, TASK_TOKEN } from './approval-fixtures';

const ctx = (overrides: Partial<PageContext> = {}): PageContext => ({
  approval: toPublicView(pendingRecord()),
  incident: alertIncident(),
  plan,
  ...overrides,
});

const approved: DecidedChange = { status: 'approved', decision: 'mobilize', reason: null, decidedBy: 'alice', decidedAt: new Date(T0).toISOString(), channel: 'web' };
const rejected: DecidedChange = { status: 'rejected', decision: null, reason: '<script>alert(1)</script>', decidedBy: 'alice', decidedAt: new Date(T0).toISOString(), channel: 'web' };

describe('escapeHtml', () => {
  it('escapes the five characters that matter, ampersand first', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('is applied to every value of the html template, but not to fragments', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${[inner, inner]}${3}${'"'}</p>`.html).toBe('<p><b>&lt;i&gt;</b><b>&lt;i&gt;</b><b>&lt;i&gt;</b>3&quot;</p>');
  });
});

describe('confirmPage', () => {
  const response = confirmPage(ctx(), 'form.token');

  it('shows the incident, the question, the person and the deadline in their time zone', () => {
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('inc-01jd7x3k9m (SEV1): Root credentials used from an unknown network');
    expect(response.body).toContain('Mobilize a response, or dismiss this alert as a false positive?');
    expect(response.body).toContain('For Alice Lead (alice).');
    expect(response.body).toContain('Mon 02 Mar 2026 10:15 CET');
  });

  it('offers mobilize and dismiss at the Alert gate, reject with a required reason, and acknowledge, each with the anti-forgery value', () => {
    const forms = response.body.match(/<form method="post">/g) ?? [];
    expect(forms).toHaveLength(4);
    expect(response.body.match(/name="csrf" value="form.token"/g)).toHaveLength(4);
    expect(response.body.match(/name="actor" value="alice"/g)).toHaveLength(4);
    expect(response.body).toContain('name="decision" value="mobilize"');
    expect(response.body).toContain('name="decision" value="dismiss"');
    expect(response.body).toContain('<textarea id="reason" name="reason" required maxlength="1000">');
    expect(response.body).toContain('name="action" value="acknowledge"');
    expect(response.body).not.toContain('<script');
  });

  it('offers a single approve at later gates', () => {
    const page = confirmPage(ctx({ approval: toPublicView(pendingRecord({ subject: { kind: 'gate', gate: 'contain' } })), incident: mobilizedIncident('contain') }), 't');
    expect(page.body).toContain('name="decision" value="approve"');
    expect(page.body).not.toContain('value="mobilize"');
  });

  it('carries the security headers and never the task token', () => {
    expect(response.headers).toEqual({ ...SECURITY_HEADERS, [APPROVAL_STATE_HEADER]: 'open' });
    expect(response.headers['Content-Security-Policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'/);
    expect(response.headers['Referrer-Policy']).toBe('no-referrer');
    expect(response.headers['Cache-Control']).toBe('no-store');
    expect(response.headers['X-Robots-Tag']).toContain('noindex');
    expect(response.body).not.toContain(TASK_TOKEN);
  });

  it('escapes a hostile incident title and anti-forgery value', () => {
    const page = confirmPage(ctx({ incident: alertIncident({ title: '<img src=x onerror=alert(1)>' }) }), '"><script>');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img');
    expect(page.body).not.toContain('<script>');
  });

  it('re-renders as a 400 with the error, and says when it was acknowledged', () => {
    const page = confirmPage(ctx({ approval: toPublicView(pendingRecord({ acknowledgedAt: new Date(T0).toISOString() })) }), 't', 'a rejection needs a reason');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('a rejection needs a reason');
    expect(page.body).toContain('You acknowledged this at Mon 02 Mar 2026 10:00 CET.');
  });

  it('marks a drill', () => {
    expect(confirmPage(ctx({ incident: alertIncident({ drill: true }) }), 't').body).toContain('DRILL: this is a tabletop exercise.');
  });

  it('falls back to UTC and the bare id for someone the plan no longer lists', () => {
    const page = confirmPage(ctx({ approval: toPublicView(pendingRecord({ decider: 'zed' })) }), 't');
    expect(page.body).toContain('For zed.');
    expect(page.body).toContain('09:15 UTC');
  });
});

describe('outcome pages', () => {
  it('confirms an approval with the choice', () => {
    const page = decidedPage(ctx(), approved);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You chose: Mobilize a response, recorded at Mon 02 Mar 2026 10:00 CET.');
  });

  it('escapes a script in the reject reason', () => {
    const page = decidedPage(ctx(), rejected);
    expect(page.body).toContain('You rejected it: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>');
  });

  it('says when escalation resumes after an acknowledgement', () => {
    expect(acknowledgedPage(ctx(), new Date(T0 + 1_800_000).toISOString()).body).toContain('Escalation is paused until Mon 02 Mar 2026 10:30 CET.');
  });

  it('says the workflow moved on while keeping the recorded decision', () => {
    const page = movedOnPage(ctx(), rejected);
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('no longer waiting');
    expect(page.body).not.toContain('<script>');
  });
});

describe('the state header', () => {
  it('names what each page says in one word, for the CLI', () => {
    const decidedAt = new Date(T0).toISOString();
    const states = [
      decidedPage(ctx(), approved),
      acknowledgedPage(ctx(), decidedAt),
      movedOnPage(ctx(), rejected),
      refusalPage(ctx(), { kind: 'decided', approval: toPublicView(pendingRecord({ status: 'approved' })) }),
      refusalPage(ctx(), { kind: 'superseded', supersededBy: null }),
      refusalPage(ctx(), { kind: 'expired', expiresAt: decidedAt }),
      refusalPage(ctx(), { kind: 'forbidden', reason: 'no' }),
      confirmPage(ctx(), 't', 'a rejection needs a reason'),
    ].map((page) => page.headers[APPROVAL_STATE_HEADER]);
    expect(states).toEqual(['decided', 'acknowledged', 'moved-on', 'already-decided', 'superseded', 'expired', 'forbidden', 'bad-request']);
  });
});

describe('refusalPage', () => {
  const decidedAt = new Date(T0).toISOString();

  it('says who decided what and when', () => {
    const page = refusalPage(ctx(), { kind: 'decided', approval: toPublicView(pendingRecord({ status: 'approved', decision: 'dismiss', decidedBy: 'alice', decidedAt })) });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('Already decided by Alice Lead (alice) at Mon 02 Mar 2026 10:00 CET.');
    expect(page.body).toContain('Decision: Dismiss as false positive.');
  });

  it('shows a rejection reason escaped, and copes with missing details', () => {
    const page = refusalPage(ctx(), { kind: 'decided', approval: toPublicView(pendingRecord({ status: 'rejected', reason: '<b>no</b>', decidedBy: 'bob', decidedAt })) });
    expect(page.body).toContain('<blockquote>&lt;b&gt;no&lt;/b&gt;</blockquote>');
    expect(page.body).toContain('Bob Deputy (bob)');
    const bare = refusalPage(ctx(), { kind: 'decided', approval: toPublicView(pendingRecord({ status: 'rejected' })) });
    expect(bare.body).toContain('Already decided by someone at an unknown time.');
    const approvedBare = refusalPage(ctx(), { kind: 'decided', approval: toPublicView(pendingRecord({ status: 'approved' })) });
    expect(approvedBare.body).toContain('Decision: approved.');
  });

  it('names who holds a superseded decision now', () => {
    const page = refusalPage(ctx(), { kind: 'superseded', supersededBy: { approvalId: APPROVAL_ID, holder: 'bob' } });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('the decision is now with Bob Deputy (bob)');
    expect(refusalPage(ctx(), { kind: 'superseded', supersededBy: null }).body).toContain('the decision is now with someone else');
  });

  it('says when the link expired', () => {
    const page = refusalPage(ctx(), { kind: 'expired', expiresAt: new Date(T0).toISOString() });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link expired at Mon 02 Mar 2026 10:00 CET.');
  });

  it('says why a person may not decide', () => {
    const page = refusalPage(ctx(), { kind: 'forbidden', reason: 'only bob holds the alert gate' });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('only bob holds the alert gate.');
  });
});

describe('error pages', () => {
  it.each([
    ['forgery', forgeryPage('the page is too old'), 403, 'forgery'],
    ['bad link', badLinkPage(), 404, 'bad-link'],
    ['too large', tooLargePage(), 413, 'too-large'],
    ['bad request', badRequestPage('the form repeats a field'), 400, 'bad-request'],
    ['method', methodNotAllowedPage(), 405, 'method-not-allowed'],
    ['error', errorPage(), 500, 'error'],
    ['upstream error', errorPage(502), 502, 'error'],
  ])('%s answers with its status, its state header and the security headers', (_name, page, status, state) => {
    expect(page.statusCode).toBe(status);
    expect(page.headers[APPROVAL_STATE_HEADER]).toBe(state);
    expect(page.headers['Content-Security-Policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
    expect(page.body).toMatch(/^<!doctype html>/);
  });

  it('allows only the methods a link uses', () => {
    expect(methodNotAllowedPage().headers.Allow).toBe('GET, HEAD, POST');
  });

  it('gives no details on a 5xx', () => {
    expect(errorPage().body).toContain('Something went wrong on our side.');
  });
});
