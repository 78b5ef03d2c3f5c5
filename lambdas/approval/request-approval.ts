import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { ApprovalInvalidRequestError } from '../../core/approval/approval-errors';
import {
  ApprovalIdSchema,
  type ApprovalRecord,
  newApprovalRecord,
  type PublicApproval,
  sameSubject,
  type SupersededBy,
  toPublicView,
} from '../../core/approval/approval.schema';
import { approvalIdFromBytes, issueLink } from '../../core/approval/link';
import { composeEmail, composeSms, type EmailMessage } from '../../core/approval/messages';
import type { SigningKey } from '../../core/approval/signing-key';
import { callbackFor, recordedDecision } from '../../core/approval/task-callback';
import type { DecisionSubject } from '../../core/incident/deciders';
import type { Incident } from '../../core/incident/incident.schema';
import type { Plan } from '../../core/plan/plan.schema';
import { toIso } from '../../core/time/clock';
import type { ApprovalLogger } from './approval-service';
import type { ApprovalStore } from './approval-store.port';
import type { IncidentReader } from './incident-reader.port';
import type { SigningSecrets } from './signing-secrets.port';
import type { CallbackDelivery, TaskCallbacks } from './task-callbacks.port';

/** What creating, resuming and revoking approvals runs on (the workflow steps wire it). */
export interface RequestApprovalDeps {
  readonly store: ApprovalStore;
  readonly incidents: IncidentReader;
  readonly callbacks: TaskCallbacks;
  readonly secrets: SigningSecrets;
  readonly plan: Plan;
  /** Where links point: the plan's `approvals.baseUrl`, or the stack's API URL. */
  readonly baseUrl: string;
  readonly logger: ApprovalLogger;
  /** Randomness for approval ids; node:crypto unless a test or a drill fixes it. */
  readonly randomBytes?: (size: number) => Uint8Array;
}

/** A human decision a `.waitForTaskToken` task waits on. `now` comes from the caller's Clock. */
export interface ApprovalRequest {
  readonly incidentId: string;
  readonly subject: DecisionSubject;
  /** The one contact who may decide. */
  readonly decider: string;
  readonly taskToken: string;
  /** The link expires with the gate: the task's timeout. */
  readonly timeoutSeconds: number;
  /** An absolute expiry (ms) instead of `now + timeoutSeconds`, when the caller has one (the gate's deadline). */
  readonly expiresAt?: number;
  readonly now: number;
  /**
   * The approval the caller's own record names for this question (the
   * incident's open gate), if any. Approved, it is replayed to the new task
   * even if it was delivered before: the crash may have come after the
   * delivery but before the workflow recorded it (a delivered rejection is
   * asked again instead). When it does not exist yet,
   * it is the id the new approval takes (escalation allocates it first, so
   * the superseded link can already name its successor).
   */
  readonly existing?: string | null;
}

/** The notifications for one person; null for a channel the person has no address for. */
export interface ApprovalMessages {
  readonly email: EmailMessage | null;
  readonly sms: string | null;
}

/**
 * A new approval for the caller to publish. `link` and `messages` carry the
 * person's credential: they go to that person's notification and nowhere
 * else (not to a log, not to the workflow's output).
 */
export interface IssuedApproval {
  readonly approval: PublicApproval;
  readonly link: string;
  readonly messages: ApprovalMessages;
}

export type RequestApprovalResult =
  | ({ readonly kind: 'created' } & IssuedApproval)
  /** A pending approval took the new task token: its links keep working, nothing is sent. */
  | { readonly kind: 'resumed'; readonly approval: PublicApproval }
  /** Already decided (and never delivered): the new task got the recorded decision at once. */
  | { readonly kind: 'replayed'; readonly approval: PublicApproval; readonly delivery: CallbackDelivery };

/**
 * Creates the approval a task waits on, or picks up the one that already
 * exists for the same incident, subject and decider (a workflow resumed after
 * a restart asks again with a new token):
 * - pending and in time: it takes the new token; nothing is sent again;
 * - decided but never delivered: the new token gets the recorded decision;
 * - otherwise: a new approval, its link and its messages.
 *
 * @example
 * const result = await requestApproval(deps, { incidentId, subject: { kind: 'gate', gate: 'contain' },
 *   decider: incident.crisisLead, taskToken, timeoutSeconds: plan.gates.contain.timeout, now: clock.now() });
 * if (result.kind === 'created') await publish(result.messages);
 */
export async function requestApproval(deps: RequestApprovalDeps, request: ApprovalRequest): Promise<RequestApprovalResult> {
  return requestApprovalFor(deps, await requireIncident(deps, request.incidentId), request);
}

/** `requestApproval` for a caller that has already read the incident (the workflow steps). */
export async function requestApprovalFor(
  deps: Omit<RequestApprovalDeps, 'incidents'>,
  incident: Incident,
  request: ApprovalRequest,
): Promise<RequestApprovalResult> {
  const all = await deps.store.listByIncident(request.incidentId);
  const existing = all.filter((record) => record.decider === request.decider && sameSubject(record.subject, request.subject));
  // A named approval, even delivered, is replayed (the crash may have come before the workflow recorded it);
  // a delivered rejection is not: the workflow asks again on purpose, and replaying it would loop.
  const named = existing.find((record) => record.approvalId === request.existing && record.status === 'approved' && recordedDecision(record) !== undefined);
  const undelivered = named ?? existing.find(isUndeliveredDecision);
  if (undelivered !== undefined) return replay(deps, undelivered, request.taskToken, request.now);
  const live = existing.find((record) => record.status === 'pending' && request.now < Date.parse(record.expiresAt));
  if (live !== undefined) {
    const taken = await deps.store.updateTaskToken(live.approvalId, request.taskToken);
    if (taken.ok) {
      deps.logger.info('approval resumed', { approvalId: live.approvalId, incidentId: request.incidentId });
      return { kind: 'resumed', approval: toPublicView(taken.after) };
    }
    // Decided in the instant between the read and the write.
    if (taken.current !== null && isUndeliveredDecision(taken.current)) return replay(deps, taken.current, request.taskToken, request.now);
  }
  const reserved = request.existing ?? undefined;
  const free = reserved !== undefined && ApprovalIdSchema.safeParse(reserved).success && !all.some((record) => record.approvalId === reserved);
  const issued = await issueReserved(deps, incident, {
    approvalId: free ? reserved : newApprovalId(deps),
    incidentId: request.incidentId,
    subject: request.subject,
    decider: request.decider,
    taskToken: request.taskToken,
    now: request.now,
    expiresAt: request.expiresAt ?? request.now + request.timeoutSeconds * 1000,
  });
  // An earlier approval of the same question that ran out while still pending now points at this one.
  for (const stale of existing.filter((record) => record.status === 'pending' && request.now >= Date.parse(record.expiresAt))) {
    await supersede(deps, stale.approvalId, { approvalId: issued.approval.approvalId, holder: request.decider });
  }
  return { kind: 'created', ...issued };
}

/** A new approval under an id its caller reserved and no record names yet (see `issueReserved`). */
export interface ReservedApprovalRequest extends Omit<ApprovalRequest, 'existing' | 'timeoutSeconds' | 'expiresAt'> {
  readonly approvalId: string;
  readonly expiresAt: number;
}

/**
 * Creates an approval under `approvalId` and signs its link, looking for
 * nothing else: `requestApprovalFor` calls it once it found nothing to resume
 * or replay, and a gate this run opens calls it directly (nobody was asked
 * yet). The id must be free (`ConflictError` from the store otherwise). What
 * an earlier run may have left unnamed is set aside afterwards (`setAsideOthers`).
 */
export async function issueReserved(deps: Omit<RequestApprovalDeps, 'incidents'>, incident: Incident, request: ReservedApprovalRequest): Promise<IssuedApproval> {
  const keys = await deps.secrets.load();
  const issued = await issue(deps, incident, keys.current, {
    approvalId: ApprovalIdSchema.parse(request.approvalId),
    incidentId: request.incidentId,
    subject: request.subject,
    decider: request.decider,
    taskToken: request.taskToken,
    createdAt: toIso(request.now),
    expiresAt: toIso(request.expiresAt),
  });
  deps.logger.info('approval created', { approvalId: issued.approval.approvalId, incidentId: request.incidentId, decider: request.decider });
  return issued;
}

/**
 * Every other pending approval of the same question created before `since`
 * gives way to `holder`: a run that died between storing its approval and
 * naming it left it (its task token is dead, its link was never sent). Only
 * older ones: an approval created since is a deliberate successor (a link
 * revoked and re-issued the moment the page went out). Returns how many.
 */
export async function setAsideOthers(
  deps: Pick<RequestApprovalDeps, 'store' | 'logger'>,
  incidentId: string,
  subject: DecisionSubject,
  holder: SupersededBy,
  since: string,
): Promise<number> {
  const others = (await deps.store.listByIncident(incidentId)).filter(
    (record) =>
      record.status === 'pending' && record.approvalId !== holder.approvalId && sameSubject(record.subject, subject) && Date.parse(record.createdAt) < Date.parse(since),
  );
  let setAside = 0;
  for (const other of others) if ((await supersede(deps, other.approvalId, holder)).superseded) setAside += 1;
  return setAside;
}

/**
 * Escalation: the old approval gives way to `by` (the new approval and its
 * holder); its link now says who holds the decision. False when it was no
 * longer pending (decided first: the decision stands).
 */
export async function supersede(
  deps: Pick<RequestApprovalDeps, 'store' | 'logger'>,
  approvalId: string,
  by: SupersededBy,
): Promise<{ readonly superseded: boolean; readonly approval: PublicApproval | null }> {
  const written = await deps.store.supersede(approvalId, by);
  if (!written.ok) return { superseded: false, approval: written.current === null ? null : toPublicView(written.current) };
  deps.logger.info('approval superseded', { approvalId, by: by.approvalId, holder: by.holder });
  return { superseded: true, approval: toPublicView(written.after) };
}

/**
 * Kills every pending link of an incident (a forwarded mail, a lost phone)
 * and re-issues each to the same person with a new id and the current
 * secret. The waiting tasks do not notice: the new approval holds the token.
 * Returns the new approvals for the caller to send.
 */
export async function revokeIncidentLinks(deps: RequestApprovalDeps, incidentId: string, now: number): Promise<ReissuedApproval[]> {
  return reissue(deps, incidentId, await deps.store.listByIncident(incidentId), now);
}

/**
 * Kills one approval's link and re-issues it to the same person; the
 * approval's state when it can no longer be re-issued (decided, superseded,
 * expired), for the caller to report.
 */
export async function revokeApprovalLink(
  deps: RequestApprovalDeps,
  approvalId: string,
  now: number,
): Promise<{ readonly kind: 'reissued'; readonly reissued: ReissuedApproval } | { readonly kind: 'not-pending'; readonly approval: PublicApproval } | { readonly kind: 'unknown' }> {
  const record = await deps.store.get(approvalId);
  if (record === null) return { kind: 'unknown' };
  const [reissued] = await reissue(deps, record.incidentId, [record], now);
  return reissued === undefined ? { kind: 'not-pending', approval: toPublicView((await deps.store.get(approvalId)) ?? record) } : { kind: 'reissued', reissued };
}

/** A re-issued approval and the one it replaced. */
export interface ReissuedApproval extends IssuedApproval {
  readonly replaced: PublicApproval;
}

async function reissue(deps: RequestApprovalDeps, incidentId: string, candidates: readonly ApprovalRecord[], now: number): Promise<ReissuedApproval[]> {
  const pending = candidates.filter(
    (record): record is ApprovalRecord & { readonly taskToken: string } =>
      record.status === 'pending' && record.taskToken !== null && now < Date.parse(record.expiresAt),
  );
  if (pending.length === 0) return [];
  const incident = await requireIncident(deps, incidentId);
  const keys = await deps.secrets.load();
  const reissued: ReissuedApproval[] = [];
  for (const old of pending) {
    // The new record exists before the old one gives way, so the token is always held by a pending approval.
    const issued = await issue(deps, incident, keys.current, {
      approvalId: newApprovalId(deps),
      incidentId,
      subject: old.subject,
      decider: old.decider,
      taskToken: old.taskToken,
      createdAt: toIso(now),
      expiresAt: old.expiresAt,
    });
    const replaced = await deps.store.supersede(old.approvalId, { approvalId: issued.approval.approvalId, holder: old.decider });
    if (!replaced.ok) {
      // Decided meanwhile: that decision stands, and the new link must not offer a second one.
      await deps.store.supersede(issued.approval.approvalId, { approvalId: old.approvalId, holder: old.decider });
      continue;
    }
    deps.logger.info('approval link revoked', { approvalId: old.approvalId, reissuedAs: issued.approval.approvalId, incidentId });
    reissued.push({ ...issued, replaced: toPublicView(replaced.after) });
  }
  return reissued;
}

async function issue(
  deps: Omit<RequestApprovalDeps, 'incidents'>,
  incident: Incident,
  key: SigningKey,
  fields: Omit<Parameters<typeof newApprovalRecord>[0], 'secretVersion'>,
): Promise<IssuedApproval> {
  const contact = deps.plan.contacts.find((c) => c.id === fields.decider);
  if (contact === undefined) throw new ApprovalInvalidRequestError(`"${fields.decider}" is not a contact in the plan`);
  const record = newApprovalRecord({ ...fields, secretVersion: key.versionId });
  const link = issueLink(deps.baseUrl, record, key);
  const notice = { incident, subject: record.subject, recipient: contact, link, expiresAt: record.expiresAt, plan: deps.plan };
  // Composed before the record is stored: a base URL too long for an SMS fails here, with nothing half-done.
  const messages: ApprovalMessages = {
    email: contact.email === undefined ? null : composeEmail(notice),
    sms: contact.phone === undefined ? null : composeSms(notice),
  };
  await deps.store.create(record);
  return { approval: toPublicView(record), link, messages };
}

async function replay(deps: Omit<RequestApprovalDeps, 'incidents'>, record: ApprovalRecord, taskToken: string, now: number): Promise<RequestApprovalResult> {
  const change = recordedDecision(record);
  if (change === undefined) throw new ApprovalInvalidRequestError(`approval ${record.approvalId} has no recorded decision to replay`);
  const delivery = await deps.callbacks.send(taskToken, callbackFor(change));
  if (delivery === 'delivered') await deps.store.markDelivered(record.approvalId, toIso(now));
  deps.logger.info('approval replayed', { approvalId: record.approvalId, incidentId: record.incidentId, status: change.status, delivery });
  return { kind: 'replayed', approval: toPublicView(record), delivery };
}

const isUndeliveredDecision = (record: ApprovalRecord): boolean => record.deliveredAt === null && recordedDecision(record) !== undefined;

async function requireIncident(deps: Pick<RequestApprovalDeps, 'incidents'>, incidentId: string): Promise<Incident> {
  const incident = await deps.incidents.get(incidentId);
  if (incident === null) throw new ApprovalInvalidRequestError(`incident ${incidentId} does not exist`);
  return incident;
}

const newApprovalId = (deps: Pick<RequestApprovalDeps, 'randomBytes'>): string =>
  approvalIdFromBytes((deps.randomBytes ?? cryptoRandomBytes)(16));
