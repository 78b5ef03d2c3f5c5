import type { Logger } from '@aws-lambda-powertools/logger';
import { fetchSiteAllowed, issueFormToken, verifyFormToken } from '../../core/approval/anti-forgery';
import { ApprovalBadLinkError, ApprovalInvalidRequestError, refusalError } from '../../core/approval/approval-errors';
import { type ApprovalRecord, type DecisionChannel, type PublicApproval, toPublicView } from '../../core/approval/approval.schema';
import { type ApprovalContext, assessApproval, type ClosedState, decide, type DecisionRequest } from '../../core/approval/decide';
import { parseDecisionForm } from '../../core/approval/decision-form';
import { parseLink, verifyLink } from '../../core/approval/link';
import {
  acknowledgedPage,
  badLinkPage,
  badRequestPage,
  confirmPage,
  decidedPage,
  errorPage,
  forgeryPage,
  type HtmlResponse,
  movedOnPage,
  type PageContext,
  refusalPage,
} from '../../core/approval/pages';
import type { SigningKeys } from '../../core/approval/signing-key';
import { subjectDetail } from '../../core/approval/subject-detail';
import type { DecidedChange } from '../../core/approval/task-callback';
import { SirpError } from '../../core/errors/sirp-error';
import type { Incident } from '../../core/incident/incident.schema';
import type { Plan } from '../../core/plan/plan.schema';
import { type Clock, toIso } from '../../core/time/clock';
import type { ApprovalStore } from './approval-store.port';
import type { DraftReader } from './draft-reader.port';
import type { IncidentLedger } from './incident-ledger.port';
import type { IncidentReader } from './incident-reader.port';
import type { SigningSecrets } from './signing-secrets.port';
import type { CallbackDelivery, TaskCallbacks } from './task-callbacks.port';

/** The log lines of approvals: ids, people and outcomes; never a token, a MAC or an anti-forgery value. */
export type ApprovalLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** What the approval use cases run on. */
export interface ApprovalDeps {
  readonly store: ApprovalStore;
  readonly incidents: IncidentReader;
  /** The communication drafts an approval page shows in full. */
  readonly drafts: DraftReader;
  /** Where an acknowledgement pauses escalation (the incident's gate) and lands on the timeline. */
  readonly ledger: IncidentLedger;
  readonly callbacks: TaskCallbacks;
  readonly secrets: SigningSecrets;
  readonly plan: Plan;
  readonly clock: Clock;
  readonly logger: ApprovalLogger;
}

/** The outcome of carrying out one request on an approval. `failed`: recorded, but Step Functions did not take it. */
export type CarryOut =
  | { readonly kind: 'decided'; readonly approval: PublicApproval; readonly change: DecidedChange; readonly delivery: CallbackDelivery | 'failed' }
  | { readonly kind: 'acknowledged'; readonly approval: PublicApproval; readonly acknowledgedUntil: string }
  | { readonly kind: 'refused'; readonly state: ClosedState }
  | { readonly kind: 'invalid'; readonly reason: string };

/** The request of a POST from the confirm page. */
export interface PostedForm {
  readonly body: string;
  /** The browser's `Sec-Fetch-Site` header, if it sent one. */
  readonly secFetchSite: string | undefined;
}

interface OpenedLink {
  readonly record: ApprovalRecord;
  readonly incident: Incident;
  readonly keys: SigningKeys;
}

/** GET (and HEAD): shows where the approval stands. Reads only; changes nothing. */
export async function showApproval(deps: ApprovalDeps, linkText: string): Promise<HtmlResponse> {
  const opened = await openLink(deps, linkText);
  if (!('record' in opened)) return opened;
  const now = deps.clock.now();
  const { record, incident, keys } = opened;
  const state = assessApproval({ record, incident, plan: deps.plan, now }, record.decider);
  const page = await pageContext(deps, record, incident);
  return state.kind === 'open' ? confirmPage(page, issueFormToken(keys.current, record.approvalId, now)) : refusalPage(page, state);
}

/**
 * POST: the decision. The link proves the person; the anti-forgery value
 * proves the form came from a page sirp rendered; then `decide` judges it and
 * `carryOut` commits it (one conditional write) and answers the task.
 */
export async function submitApproval(deps: ApprovalDeps, linkText: string, form: PostedForm): Promise<HtmlResponse> {
  const opened = await openLink(deps, linkText);
  if (!('record' in opened)) return opened;
  const { record, incident, keys } = opened;
  const approvalId = record.approvalId;
  if (!fetchSiteAllowed(form.secFetchSite)) {
    deps.logger.warn('approval form refused', { approvalId, reason: 'cross-site post' });
    return forgeryPage('the form was sent from another site');
  }
  const parsed = parseDecisionForm(form.body);
  if (!parsed.ok) return badRequestPage(parsed.reason);
  const now = deps.clock.now();
  const token = verifyFormToken(parsed.formToken, approvalId, keys, now);
  if (!token.ok) {
    deps.logger.warn('approval form refused', { approvalId, reason: token.reason });
    return forgeryPage(token.reason);
  }
  // The page names its person; a form naming someone else is judged as them, and refused unless they are the decider.
  const actor = parsed.actor ?? record.decider;
  if (actor !== record.decider) deps.logger.warn('approval form names another person', { approvalId, actor });
  const outcome = await carryOut(deps, { record, incident, plan: deps.plan, now }, actor, parsed.request, 'web');
  switch (outcome.kind) {
    case 'decided': {
      const page = { ...(await pageContext(deps, record, incident)), approval: outcome.approval };
      if (outcome.delivery === 'failed') return errorPage(502);
      return outcome.delivery === 'delivered' ? decidedPage(page, outcome.change) : movedOnPage(page, outcome.change);
    }
    case 'acknowledged':
      return acknowledgedPage({ ...(await pageContext(deps, record, incident)), approval: outcome.approval }, outcome.acknowledgedUntil);
    case 'refused':
      return refusalPage(await pageContext(deps, record, incident), outcome.state);
    case 'invalid':
      return confirmPage(await pageContext(deps, record, incident), issueFormToken(keys.current, approvalId, now), outcome.reason);
  }
}

/**
 * A decision through the CLI or the console, by approval id. `actor` is the
 * person the caller has established; only the approval's decider passes.
 * Refusals throw the approval errors (`APPROVAL.EXPIRED`, ...).
 */
export async function decideApproval(
  deps: ApprovalDeps,
  input: { readonly approvalId: string; readonly actor: string; readonly request: DecisionRequest; readonly channel: Exclude<DecisionChannel, 'web'> },
): Promise<{ readonly approval: PublicApproval; readonly delivery: CallbackDelivery | 'failed' | null }> {
  const record = await deps.store.get(input.approvalId);
  if (record === null) throw new ApprovalBadLinkError('no such approval');
  const incident = await requireIncident(deps, record);
  const outcome = await carryOut(deps, { record, incident, plan: deps.plan, now: deps.clock.now() }, input.actor, input.request, input.channel);
  switch (outcome.kind) {
    case 'decided':
      return { approval: outcome.approval, delivery: outcome.delivery };
    case 'acknowledged':
      return { approval: outcome.approval, delivery: null };
    case 'refused':
      throw refusalError(outcome.state);
    case 'invalid':
      throw new ApprovalInvalidRequestError(outcome.reason);
  }
}

/**
 * Judges a request and carries it out. The conditional write is the commit
 * point: once it wins the decision stands, and only then is the task
 * answered, with the token the record held at the instant of the write.
 */
export async function carryOut(
  deps: ApprovalDeps,
  ctx: ApprovalContext,
  actor: string,
  request: DecisionRequest,
  channel: DecisionChannel,
): Promise<CarryOut> {
  const result = decide(ctx, actor, request, channel);
  const approvalId = ctx.record.approvalId;
  switch (result.kind) {
    case 'refused':
    case 'invalid':
      return result;
    case 'acknowledge': {
      // The link lives as long as the acknowledgement holds the gate: nobody is asked again with a new link meanwhile.
      const expiresAt = Date.parse(result.acknowledgedUntil) > Date.parse(ctx.record.expiresAt) ? result.acknowledgedUntil : ctx.record.expiresAt;
      const written = await deps.store.acknowledge(approvalId, result.acknowledgedAt, expiresAt);
      if (!written.ok) return lostRace(ctx, actor, written.current);
      const approval = toPublicView(written.after);
      const { acknowledgedUntil } = await deps.ledger.acknowledged(approval, ctx.now, deps.plan.escalation.acknowledgementWindow);
      deps.logger.info('approval acknowledged', { approvalId, incidentId: ctx.record.incidentId, by: actor, until: acknowledgedUntil });
      return { kind: 'acknowledged', approval, acknowledgedUntil };
    }
    case 'decide': {
      const written = await deps.store.decide(approvalId, result.change);
      if (!written.ok) return lostRace(ctx, actor, written.current);
      const delivery = await deliver(deps, approvalId, written.before.taskToken, result);
      deps.logger.info('approval decided', {
        approvalId,
        incidentId: ctx.record.incidentId,
        status: result.change.status,
        decision: result.change.decision,
        decidedBy: actor,
        channel,
        delivery,
      });
      return { kind: 'decided', approval: toPublicView(written.after), change: result.change, delivery };
    }
  }
}

async function deliver(
  deps: ApprovalDeps,
  approvalId: string,
  taskToken: string | null,
  result: Extract<ReturnType<typeof decide>, { kind: 'decide' }>,
): Promise<CallbackDelivery | 'failed'> {
  // A pending record always has a token; without one there is nobody to tell.
  if (taskToken === null) return 'task-closed';
  let delivery: CallbackDelivery;
  try {
    delivery = await deps.callbacks.send(taskToken, result.callback);
  } catch (error) {
    deps.logger.error('approval callback failed', { approvalId, error: errorName(error) });
    return 'failed';
  }
  if (delivery === 'delivered') {
    try {
      await deps.store.markDelivered(approvalId, toIso(deps.clock.now()));
    } catch (error) {
      // The task has its answer; only a later replay check loses this note.
      deps.logger.warn('approval delivery not noted', { approvalId, error: errorName(error) });
    }
  }
  return delivery;
}

/** Someone changed the approval between our read and our write: show what they did. */
function lostRace(ctx: ApprovalContext, actor: string, current: ApprovalRecord | null): CarryOut {
  if (current === null) return { kind: 'refused', state: { kind: 'forbidden', reason: 'the approval no longer exists' } };
  const state = assessApproval({ ...ctx, record: current }, actor);
  return state.kind === 'open'
    ? { kind: 'refused', state: { kind: 'forbidden', reason: 'the approval changed while you decided; open the link again' } }
    : { kind: 'refused', state };
}

/** Parses and verifies a link and loads what its page needs; every refusal looks the same (404). */
async function openLink(deps: ApprovalDeps, linkText: string): Promise<OpenedLink | HtmlResponse> {
  const parsed = parseLink(linkText);
  if (!parsed.ok) {
    deps.logger.warn('approval link refused', { reason: parsed.reason });
    return badLinkPage();
  }
  const approvalId = parsed.link.approvalId;
  const record = await deps.store.get(approvalId);
  if (record === null) {
    deps.logger.warn('approval link refused', { approvalId, reason: 'no such approval' });
    return badLinkPage();
  }
  const keys = await deps.secrets.load({ including: record.secretVersion });
  const check = verifyLink(parsed.link, record, keys.verifying);
  if (!check.ok) {
    deps.logger.warn('approval link refused', { approvalId, reason: check.reason });
    return badLinkPage();
  }
  return { record, incident: await requireIncident(deps, record), keys };
}

async function requireIncident(deps: ApprovalDeps, record: ApprovalRecord): Promise<Incident> {
  const incident = await deps.incidents.get(record.incidentId);
  if (incident === null) throw new SirpError('APPROVAL.INCIDENT_MISSING', `approval ${record.approvalId} names incident ${record.incidentId}, which does not exist`);
  return incident;
}

/** The page's context, with what is being approved in full: a communication's draft is read through its port. */
async function pageContext(deps: ApprovalDeps, record: ApprovalRecord, incident: Incident): Promise<PageContext> {
  const { subject } = record;
  const draft = subject.kind === 'communication' ? await deps.drafts.get(record.incidentId, subject.draftId) : null;
  return { approval: toPublicView(record), incident, plan: deps.plan, detail: subjectDetail(subject, incident, deps.plan, draft) };
}

/** An error's name and sirp code, never its message (an SDK message may quote what it was sent). */
export function errorName(error: unknown): string {
  if (error instanceof SirpError) return `${error.name} ${error.code}`;
  return error instanceof Error ? error.name : 'UnknownError';
}
