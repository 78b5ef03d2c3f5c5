import { authorizeDecision } from '../incident/deciders';
import type { Incident } from '../incident/incident.schema';
import type { Decision } from '../incident/phases';
import type { Plan } from '../plan/plan.schema';
import { toIso } from '../time/clock';
import { type ApprovalRecord, type DecisionChannel, MAX_REASON_LENGTH, type PublicApproval, type SupersededBy, toPublicView } from './approval.schema';
import { decisionsFor } from './subject-text';
import { callbackFor, type DecidedChange, type TaskCallback } from './task-callback';

/** What an approval decision is judged against. `now` comes from the caller's Clock. */
export interface ApprovalContext {
  readonly record: ApprovalRecord;
  readonly incident: Incident;
  readonly plan: Pick<Plan, 'containment' | 'escalation'>;
  readonly now: number;
}

/** Where an approval stands for one person: open to them, or why not. */
export type ApprovalState =
  | { readonly kind: 'open' }
  | { readonly kind: 'decided'; readonly approval: PublicApproval }
  | { readonly kind: 'superseded'; readonly supersededBy: SupersededBy | null }
  | { readonly kind: 'expired'; readonly expiresAt: string }
  | { readonly kind: 'forbidden'; readonly reason: string };

export type ClosedState = Exclude<ApprovalState, { readonly kind: 'open' }>;

/** What the person asked for on the page (or through the CLI). */
export type DecisionRequest =
  | { readonly action: 'approve'; readonly decision: Decision }
  | { readonly action: 'reject'; readonly reason: string }
  | { readonly action: 'acknowledge' };

/**
 * The result of a request, for the caller to carry out: `decide` is written
 * with a condition on `status = pending` (the commit point) and only then is
 * the callback sent; `acknowledge` is written, nothing is sent.
 */
export type DecideResult =
  | { readonly kind: 'decide'; readonly change: DecidedChange; readonly callback: TaskCallback }
  | { readonly kind: 'acknowledge'; readonly acknowledgedAt: string; readonly acknowledgedUntil: string }
  | { readonly kind: 'refused'; readonly state: ClosedState }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Where an approval stands for `actor`: the person the link (or the CLI
 * session) proves. Checked in order: the person, a newer approval, a decision
 * already made, the expiry, then who may decide it (`authorizeDecision`, the
 * one place those rules live).
 */
export function assessApproval(ctx: ApprovalContext, actor: string): ApprovalState {
  const { record, incident, plan, now } = ctx;
  if (actor !== record.decider) return { kind: 'forbidden', reason: `this approval was issued to ${record.decider}, not to ${actor}` };
  switch (record.status) {
    case 'superseded':
      return { kind: 'superseded', supersededBy: record.supersededBy };
    case 'approved':
    case 'rejected':
      return { kind: 'decided', approval: toPublicView(record) };
    case 'expired':
      return { kind: 'expired', expiresAt: record.expiresAt };
    case 'pending':
      break;
  }
  if (now >= Date.parse(record.expiresAt)) return { kind: 'expired', expiresAt: record.expiresAt };
  if (incident.id !== record.incidentId) return { kind: 'forbidden', reason: `this approval belongs to ${record.incidentId}, not ${incident.id}` };
  if (incident.status !== 'open') return { kind: 'forbidden', reason: `incident ${incident.id} is ${incident.status}` };
  const authorization = authorizeDecision(record.subject, actor, incident, plan);
  return authorization.allowed ? { kind: 'open' } : { kind: 'forbidden', reason: authorization.reason };
}

/** Judges one request on an approval; pure, so the page, the CLI and the console share it. */
export function decide(ctx: ApprovalContext, actor: string, request: DecisionRequest, channel: DecisionChannel): DecideResult {
  const state = assessApproval(ctx, actor);
  if (state.kind !== 'open') return { kind: 'refused', state };
  const decidedAt = toIso(ctx.now);
  switch (request.action) {
    case 'acknowledge':
      return {
        kind: 'acknowledge',
        acknowledgedAt: decidedAt,
        acknowledgedUntil: toIso(ctx.now + ctx.plan.escalation.acknowledgementWindow * 1000),
      };
    case 'approve': {
      const accepted = decisionsFor(ctx.record.subject);
      if (!accepted.includes(request.decision)) {
        return { kind: 'invalid', reason: `this decision accepts ${accepted.join(' or ')}, not "${request.decision}"` };
      }
      const change: DecidedChange = { status: 'approved', decision: request.decision, reason: null, decidedBy: actor, decidedAt, channel };
      return { kind: 'decide', change, callback: callbackFor(change) };
    }
    case 'reject': {
      const reason = cleanReason(request.reason);
      if (reason.length === 0) return { kind: 'invalid', reason: 'a rejection needs a reason' };
      if (reason.length > MAX_REASON_LENGTH) {
        return { kind: 'invalid', reason: `the reason is ${reason.length} characters; at most ${MAX_REASON_LENGTH} are kept` };
      }
      const change: DecidedChange = { status: 'rejected', decision: null, reason, decidedBy: actor, decidedAt, channel };
      return { kind: 'decide', change, callback: callbackFor(change) };
    }
  }
}

/**
 * Until when an acknowledged approval holds off escalation, or null if it was
 * not acknowledged. The escalation step asks this before handing a gate on.
 */
export function acknowledgedUntil(record: Pick<ApprovalRecord, 'acknowledgedAt'>, plan: Pick<Plan, 'escalation'>): string | null {
  return record.acknowledgedAt === null
    ? null
    : toIso(Date.parse(record.acknowledgedAt) + plan.escalation.acknowledgementWindow * 1000);
}

/** Line breaks normalized, other control characters dropped, outer whitespace trimmed. */
const cleanReason = (reason: string): string =>
  reason
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .trim();
