import type { Incident } from '../incident/incident.schema';
import type { Plan } from '../plan/plan.schema';
import { MAX_REASON_LENGTH, type PublicApproval } from './approval.schema';
import type { ClosedState } from './decide';
import { formatInstant } from './format-time';
import { type Html, html, type HtmlResponse, page } from './html';
import type { SubjectDetail } from './subject-detail';
import { DECISION_LABEL, decisionsFor, describeSubject } from './subject-text';
import type { DecidedChange } from './task-callback';

/*
 * The approval pages. Server-rendered, no script, nothing loaded from
 * anywhere; every value goes through `html` (escaping). Pages take the public
 * view of an approval: a task token cannot reach one even by mistake.
 */

/** What every approval page is about. */
export interface PageContext {
  readonly approval: PublicApproval;
  readonly incident: Pick<Incident, 'id' | 'title' | 'severity' | 'drill'>;
  readonly plan: Pick<Plan, 'contacts' | 'containment'>;
  /** What is being approved, in full (a draft's text, an action's resources); none for a gate. */
  readonly detail?: SubjectDetail;
}

export { type HtmlResponse } from './html';

/**
 * What a page says about the approval, for clients that are not people (the
 * CLI, tests): one word in a response header, so they never parse prose.
 */
export const APPROVAL_STATE_HEADER = 'X-Sirp-Approval-State';
export type PageState =
  | 'open'
  | 'decided'
  | 'acknowledged'
  | 'moved-on'
  | 'already-decided'
  | 'superseded'
  | 'expired'
  | 'forbidden'
  | 'forgery'
  | 'bad-link'
  | 'bad-request'
  | 'too-large'
  | 'method-not-allowed'
  | 'error';

const tagged = (response: HtmlResponse, state: PageState): HtmlResponse => ({
  ...response,
  headers: { ...response.headers, [APPROVAL_STATE_HEADER]: state },
});

/**
 * The page a link opens while the approval is open: what is decided, for
 * whom, by when, and one form per choice. Each form posts back to the same
 * URL with the page's anti-forgery value. `error` re-renders it as a 400.
 */
export function confirmPage(ctx: PageContext, formToken: string, error?: string): HtmlResponse {
  const { approval } = ctx;
  // `actor` names who the page is for; the server judges whoever a form names and refuses anyone but the decider.
  const hidden = (action: string): Html =>
    html`<input type="hidden" name="csrf" value="${formToken}"><input type="hidden" name="actor" value="${approval.decider}"><input type="hidden" name="action" value="${action}">`;
  const choices = decisionsFor(approval.subject).map(
    (decision) => html`<form method="post">${hidden('approve')}<input type="hidden" name="decision" value="${decision}"><button type="submit">${DECISION_LABEL[decision]}</button></form>`,
  );
  const acknowledged =
    approval.acknowledgedAt === null ? html`` : html`<p class="note">You acknowledged this at ${when(ctx, approval.acknowledgedAt)}.</p>`;
  const content = html`${summary(ctx)}
${error === undefined ? html`` : html`<p class="error" role="alert">${error}</p>`}${acknowledged}
${choices}
<form method="post">${hidden('reject')}<label for="reason">Reject, because (required):</label>
<textarea id="reason" name="reason" required maxlength="${MAX_REASON_LENGTH}"></textarea><button type="submit">Reject</button></form>
<form method="post">${hidden('acknowledge')}<button type="submit">I have it: pause escalation, I will decide</button></form>
<p class="note">Opening this page decided nothing; only the buttons do. This link is personal: do not forward it.</p>`;
  return tagged(page(error === undefined ? 200 : 400, 'Decision needed', content, { drill: ctx.incident.drill }), error === undefined ? 'open' : 'bad-request');
}

/** After a decision was recorded and handed to the workflow. */
export function decidedPage(ctx: PageContext, change: DecidedChange): HtmlResponse {
  const content = html`${summary(ctx)}<p>${outcome(change)}, recorded at ${when(ctx, change.decidedAt)}.</p>
<p>The response moves on from here. You can close this page.</p>`;
  return tagged(page(200, 'Decision recorded', content, { drill: ctx.incident.drill }), 'decided');
}

/** After "I have it": escalation waits, the decision is still open. */
export function acknowledgedPage(ctx: PageContext, acknowledgedUntil: string): HtmlResponse {
  const content = html`${summary(ctx)}<p>Thank you. Escalation is paused until ${when(ctx, acknowledgedUntil)}.</p>
<p>Nothing is decided yet: open your link again to decide by ${when(ctx, ctx.approval.expiresAt)}.</p>`;
  return tagged(page(200, 'Acknowledged', content, { drill: ctx.incident.drill }), 'acknowledged');
}

/** The decision was recorded, but the task no longer waits (timed out, escalated, or the run ended). */
export function movedOnPage(ctx: PageContext, change: DecidedChange): HtmlResponse {
  const content = html`${summary(ctx)}<p>${outcome(change)} at ${when(ctx, change.decidedAt)}, and it is recorded, but the workflow is no longer waiting for this decision: it timed out or was handed on.</p>
<p>Nothing further happened. The incident's Crisis Lead can see where it stands.</p>`;
  return tagged(page(409, 'The workflow has moved on', content, { drill: ctx.incident.drill }), 'moved-on');
}

/** Why an approval cannot be used: decided, superseded, expired or not this person's. */
export function refusalPage(ctx: PageContext, state: ClosedState): HtmlResponse {
  const drill = { drill: ctx.incident.drill };
  switch (state.kind) {
    case 'decided': {
      const record = state.approval;
      const what =
        record.status === 'approved'
          ? html`<p>Decision: ${record.decision === null ? 'approved' : DECISION_LABEL[record.decision]}.</p>`
          : html`<p>Rejected, because:</p><blockquote>${record.reason ?? ''}</blockquote>`;
      const content = html`${summary(ctx)}<p>Already decided by ${person(ctx, record.decidedBy)} at ${record.decidedAt === null ? 'an unknown time' : when(ctx, record.decidedAt)}.</p>${what}`;
      return tagged(page(409, 'Already decided', content, drill), 'already-decided');
    }
    case 'superseded': {
      const holder = state.supersededBy === null ? 'someone else' : person(ctx, state.supersededBy.holder);
      const content = html`${summary(ctx)}<p>This link has been replaced: the decision is now with ${holder}.</p>
<p>If that is you, use the newer link you received.</p>`;
      return tagged(page(410, 'This decision has moved', content, drill), 'superseded');
    }
    case 'expired': {
      const content = html`${summary(ctx)}<p>This link expired at ${when(ctx, state.expiresAt)}. Nothing was decided through it.</p>`;
      return tagged(page(410, 'This link has expired', content, drill), 'expired');
    }
    case 'forbidden':
      return tagged(page(403, 'Not yours to decide', html`${summary(ctx)}<p>${state.reason}.</p>`, drill), 'forbidden');
  }
}

/** The anti-forgery check failed: a stale page, or a form that sirp did not render. */
export function forgeryPage(reason: string): HtmlResponse {
  return tagged(page(403, 'This form was not accepted', html`<p>Nothing was decided: ${reason}.</p><p>Open your link again and decide from the fresh page.</p>`), 'forgery');
}

/** Any link that is not a live approval link looks the same: whether the id exists is not disclosed. */
export function badLinkPage(): HtmlResponse {
  return tagged(
    page(404, 'Link not recognised', html`<p>This is not a valid approval link. Check that it was copied whole, or use the latest message you received.</p>`),
    'bad-link',
  );
}

export function tooLargePage(): HtmlResponse {
  return tagged(page(413, 'Request too large', html`<p>The form was too large. Nothing was decided; shorten the reason and try again.</p>`), 'too-large');
}

export function badRequestPage(reason: string): HtmlResponse {
  return tagged(page(400, 'Request not understood', html`<p>Nothing was decided: ${reason}.</p>`), 'bad-request');
}

export function methodNotAllowedPage(): HtmlResponse {
  const response = tagged(page(405, 'Method not allowed', html`<p>Approval links are opened (GET) and decided from their page (POST).</p>`), 'method-not-allowed');
  return { ...response, headers: { ...response.headers, Allow: 'GET, HEAD, POST' } };
}

/** 5xx: no details (they go to the log, without secrets). Reopening the link shows the true state. */
export function errorPage(statusCode = 500): HtmlResponse {
  return tagged(
    page(statusCode, 'Something went wrong', html`<p>Something went wrong on our side. Open your link again in a minute to see where the decision stands.</p>`),
    'error',
  );
}

function summary(ctx: PageContext): Html {
  const { incident, approval } = ctx;
  const text = describeSubject(approval.subject, ctx.plan);
  return html`<p>For ${person(ctx, approval.decider)}.</p>
<dl><dt>Incident</dt><dd>${incident.id} (${incident.severity.toUpperCase()}): ${incident.title}</dd>
<dt>Decision</dt><dd>${text.question}</dd>${details(ctx, ctx.detail ?? { kind: 'none' })}
<dt>Decide by</dt><dd>${when(ctx, approval.expiresAt)}</dd></dl>`;
}

/** The draft's audience and full text, or the action's effect and resources: what the person approves. */
function details(ctx: PageContext, detail: SubjectDetail): Html {
  switch (detail.kind) {
    case 'none':
      return html``;
    case 'communication-missing':
      return html`
<dt>Draft</dt><dd>Draft ${detail.draftId} can no longer be found: do not approve what you cannot read.</dd>`;
    case 'communication': {
      const audience = detail.audienceDescription === null ? detail.audience : `${detail.audience}: ${detail.audienceDescription}`;
      const to = detail.recipients.length === 0 ? html`` : html` (to ${detail.recipients.map((id) => person(ctx, id)).join(', ')})`;
      return html`
<dt>Audience</dt><dd>${audience}${to}</dd>
<dt>Written by</dt><dd>${person(ctx, detail.author)}</dd>
<dt>Message, exactly as it will be sent</dt><dd><pre class="draft">${detail.message}</pre></dd>`;
    }
    case 'action': {
      const on = detail.resources.length === 0 ? html`<dd>No resource of the incident: nothing runs by itself.</dd>` : detail.resources.map((r) => html`<dd>${r}</dd>`);
      return html`
<dt>Action</dt><dd>${detail.title}</dd>
<dt>What it does</dt><dd>${detail.effect}</dd>
<dt>On</dt>${on}`;
    }
  }
}

function outcome(change: DecidedChange): string {
  return change.status === 'approved' ? `You chose: ${DECISION_LABEL[change.decision]}` : `You rejected it: ${change.reason}`;
}

/** "Alice Example (alice)", or the bare id of someone the plan no longer lists. */
function person(ctx: PageContext, id: string | null): string {
  if (id === null) return 'someone';
  const contact = ctx.plan.contacts.find((c) => c.id === id);
  return contact === undefined ? id : `${contact.name} (${id})`;
}

/** Times are shown in the decider's own time zone (UTC if the plan no longer lists them). */
function when(ctx: PageContext, at: string): string {
  const contact = ctx.plan.contacts.find((c) => c.id === ctx.approval.decider);
  return formatInstant(at, contact === undefined ? 'UTC' : contact.timeZone);
}
