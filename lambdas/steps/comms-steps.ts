import {
  approveDraft,
  audienceRecipients,
  type CommunicationDraft,
  DRAFT_APPROVAL_SECONDS,
  expireDraft,
  rejectDraft,
  releaseDraft,
  withApproval,
} from '../../core/comms/communication';
import { type Delivery, outcomeNotice, releaseDeliveries, reviewCopy } from '../../core/comms/delivery';
import { TransitionRefusedError } from '../../core/errors/sirp-error';
import { toIso } from '../../core/time/clock';
import type { CommunicationStore } from '../adapters/communication-store';
import type { StepsDeps } from './steps-service';

/**
 * The steps of the communication workflow (statemachines/communication.asl.json).
 *
 * Commit points: the draft's conditional status update is the commit point
 * of each step (pending -> approved, approved -> released, pending ->
 * rejected or expired). Everything else (timeline entries, the messages)
 * follows from it and is repaired by running the step again: timeline
 * entries are appended once per draft and outcome, and a draft found
 * `approved` but not `released` is delivered again (at least once: a crash
 * between the SNS publish and the `released` write can send a message twice;
 * it can never send an unapproved one).
 */
export type CommsDeps = Pick<StepsDeps, 'plan' | 'clock' | 'incidents' | 'timeline' | 'notifier' | 'approvals'> & {
  readonly communications: CommunicationStore;
};

interface ApprovalDecision {
  readonly decision: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

const send = async (deps: CommsDeps, delivery: Delivery, incidentId: string): Promise<void> => {
  // Whether the incident is a drill never changes: the copy this container saw last will do.
  const { drill } = await deps.incidents.peek(incidentId);
  await deps.notifier.send({ ...delivery, incidentId, drill });
};

/**
 * Where the draft stands, and how long the Crisis Lead has left to decide it.
 * Records the draft on the timeline (once): the draft record, written by the
 * API, is the commit point of drafting, and this first step follows from it.
 */
export async function loadCommunication(incidentId: string, draftId: string, deps: CommsDeps): Promise<{ status: string; timeoutSeconds: number }> {
  const draft = await deps.communications.require(incidentId, draftId);
  await deps.timeline.appendOnce(
    incidentId,
    `comm-drafted:${draftId}`,
    {
      type: 'communication',
      actor: draft.author,
      summary: `${draft.author} drafted a communication to ${draft.audience}: "${draft.title}". It waits for the Crisis Lead's approval.`,
      data: { draftId, audience: draft.audience, status: 'pending' },
    },
    draft.createdAt,
  );
  const deadline = Date.parse(draft.createdAt) + DRAFT_APPROVAL_SECONDS * 1000;
  return { status: draft.status, timeoutSeconds: Math.max(1, Math.ceil((deadline - deps.clock.now()) / 1000)) };
}

/**
 * Asks the Crisis Lead to approve the draft (an approval with subject
 * `communication`: only the Crisis Lead may decide it), and sends them its
 * text. A resumed workflow takes over the pending approval without paging again.
 */
export async function requestCommunicationApproval(incidentId: string, draftId: string, taskToken: string, deps: CommsDeps): Promise<{ approvalId: string }> {
  const [incident, draft] = await Promise.all([deps.incidents.require(incidentId), deps.communications.require(incidentId, draftId)]);
  if (incident.crisisLead === null) throw new TransitionRefusedError(`incident ${incidentId} has no Crisis Lead to approve draft ${draftId}`);
  if (draft.status !== 'pending') throw new TransitionRefusedError(`draft ${draftId} is ${draft.status}: there is nothing to approve`);
  const { approvalId, paged } = await deps.approvals.request({
    incident,
    subject: { kind: 'communication', draftId },
    decider: incident.crisisLead,
    taskToken,
    expiresAt: Date.parse(draft.createdAt) + DRAFT_APPROVAL_SECONDS * 1000,
    existing: draft.approvalId,
  });
  await deps.communications.update(incidentId, draftId, (d) => withApproval(d, approvalId));
  if (paged) {
    await send(deps, reviewCopy(draft, incident.crisisLead), incidentId);
    await deps.timeline.appendOnce(
      incidentId,
      `comm-asked:${draftId}:${approvalId}`,
      {
        type: 'notified',
        actor: 'sirp',
        summary: `${incident.crisisLead} was sent the draft for ${draft.audience} ("${draft.title}") and a personal approval link.`,
        data: { draftId, recipient: incident.crisisLead, approvalId },
      },
      toIso(deps.clock.now()),
    );
  }
  return { approvalId };
}

/** Approved: deliver to the audience's contacts through the notifier, then record the release. */
export async function releaseCommunication(incidentId: string, draftId: string, decided: ApprovalDecision | { readonly resumed: true }, deps: CommsDeps): Promise<{ status: string; recipients: number }> {
  const decision = 'decidedBy' in decided ? decided : undefined;
  const approved = await deps.communications.update(incidentId, draftId, (d) => {
    if (d.status !== 'pending') return d;
    if (decision?.decision !== 'approve') throw new TransitionRefusedError(`draft ${draftId} has no approval to release it`);
    return approveDraft(d, decision.decidedBy, decision.decidedAt);
  });
  if (approved.status === 'pending' || approved.status === 'rejected' || approved.status === 'expired') {
    throw new TransitionRefusedError(`draft ${draftId} is ${approved.status}: it is never released`);
  }
  await deps.timeline.appendOnce(
    incidentId,
    `comm-approved:${draftId}`,
    {
      type: 'communication',
      actor: approved.decidedBy ?? 'unknown',
      summary: `${approved.decidedBy ?? 'The Crisis Lead'} approved the communication to ${approved.audience} ("${approved.title}").`,
      data: { draftId, audience: approved.audience, status: 'approved' },
    },
    approved.decidedAt ?? toIso(deps.clock.now()),
  );
  let released: CommunicationDraft = approved;
  if (approved.status === 'approved') {
    const recipients = audienceRecipients(deps.plan, approved.audience);
    for (const delivery of releaseDeliveries(approved, recipients, deps.plan)) await send(deps, delivery, incidentId);
    released = await deps.communications.update(incidentId, draftId, (d) => (d.status === 'approved' ? releaseDraft(d, recipients, deps.clock.now()) : d));
    await send(deps, outcomeNotice(released), incidentId);
  }
  await deps.timeline.appendOnce(
    incidentId,
    `comm-released:${draftId}`,
    {
      type: 'communication',
      actor: 'sirp',
      summary: `Communication "${released.title}" released to ${released.audience}: ${String(released.recipients.length)} recipient(s).`,
      data: { draftId, audience: released.audience, status: 'released', recipients: released.recipients, approvedBy: released.decidedBy },
    },
    released.releasedAt ?? toIso(deps.clock.now()),
  );
  return { status: released.status, recipients: released.recipients.length };
}

/** Rejected: the draft goes back to its author with the Crisis Lead's reason; nothing is sent to the audience. */
export async function returnCommunication(incidentId: string, draftId: string, cause: string | undefined, deps: CommsDeps): Promise<{ status: string }> {
  const before = await deps.communications.require(incidentId, draftId);
  const approval = before.approvalId === null ? null : await deps.approvals.get(before.approvalId);
  const reason = approval?.reason ?? cause ?? 'no reason given';
  const now = toIso(deps.clock.now());
  const after = await deps.communications.update(incidentId, draftId, (d) => (d.status === 'pending' ? rejectDraft(d, approval?.decidedBy ?? null, reason, now) : d));
  const { appended } = await deps.timeline.appendOnce(
    incidentId,
    `comm-rejected:${draftId}`,
    {
      type: 'communication',
      actor: after.decidedBy ?? 'unknown',
      summary: `${after.decidedBy ?? 'The Crisis Lead'} rejected the communication to ${after.audience} ("${after.title}"): ${reason}`,
      data: { draftId, audience: after.audience, status: 'rejected', reason },
    },
    now,
  );
  if (appended) await send(deps, outcomeNotice(after), incidentId);
  return { status: after.status };
}

/** Nobody decided within the approval window: the draft is stale and goes back to its author. */
export async function expireCommunication(incidentId: string, draftId: string, deps: CommsDeps): Promise<{ status: string }> {
  const now = deps.clock.now();
  const after = await deps.communications.update(incidentId, draftId, (d) => (d.status === 'pending' ? expireDraft(d, now) : d));
  const { appended } = await deps.timeline.appendOnce(
    incidentId,
    `comm-expired:${draftId}`,
    {
      type: 'communication',
      actor: 'sirp',
      summary: `The communication to ${after.audience} ("${after.title}") expired without a decision; nothing was sent.`,
      data: { draftId, audience: after.audience, status: 'expired' },
    },
    toIso(now),
  );
  if (appended) await send(deps, outcomeNotice(after), incidentId);
  return { status: after.status };
}
