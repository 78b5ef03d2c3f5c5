import { z } from 'zod';
import { TransitionRefusedError } from '../errors/sirp-error';
import { IncidentIdSchema, type Incident } from '../incident/incident.schema';
import { ContactIdSchema } from '../plan/contact.schema';
import { AudienceNameSchema, type Plan } from '../plan/plan.schema';
import { toIso } from '../time/clock';

/**
 * Communications ("Communication" in SSIRP): a message to executives,
 * employees, customers or partners is drafted in the Communications
 * workstream and leaves only after the Crisis Lead approves it. A draft is a
 * small state machine of its own: pending -> approved -> released, or
 * pending -> rejected (back to its author with the reason), or expired.
 */
export const COMMUNICATION_STATUSES = ['pending', 'approved', 'released', 'rejected', 'expired'] as const;
export const CommunicationStatusSchema = z.enum(COMMUNICATION_STATUSES);
export type CommunicationStatus = z.infer<typeof CommunicationStatusSchema>;

/** The same shape approval subjects accept (`core/approval/approval.schema.ts`). */
export const DraftIdSchema = z.string().regex(/^com-[a-z0-9]{8,40}$/, 'must look like "com-3f9a0c1d2e4b5a69"');

/** Email bodies have room; a statement longer than this is a document, not a notice. */
export const MAX_MESSAGE_LENGTH = 20_000;

/**
 * How long the Crisis Lead has to decide a draft. A statement left a day
 * without a decision is stale: the workstream drafts a new one.
 */
export const DRAFT_APPROVAL_SECONDS = 86_400;

/** What an operator sends to draft a communication (`POST /api/incidents/<id>/comms`). */
export const DraftRequestSchema = z
  .object({
    audience: AudienceNameSchema,
    message: z.string().trim().min(1, 'must not be empty').max(MAX_MESSAGE_LENGTH, `must be at most ${String(MAX_MESSAGE_LENGTH)} characters`),
    /** Who wrote it; told the outcome. Defaults to the first person of the communications group. */
    author: ContactIdSchema.optional(),
  })
  .strict();
export type DraftRequest = z.infer<typeof DraftRequestSchema>;

export const CommunicationDraftSchema = z.object({
  draftId: DraftIdSchema,
  incidentId: IncidentIdSchema,
  audience: AudienceNameSchema,
  /** The first line of the message, without Markdown heading marks: the email subject. */
  title: z.string().min(1).max(200),
  message: z.string().min(1).max(MAX_MESSAGE_LENGTH),
  author: ContactIdSchema,
  status: CommunicationStatusSchema,
  createdAt: z.iso.datetime(),
  /** The approval that asks the Crisis Lead; kept so a resumed workflow takes it over. */
  approvalId: z.string().nullable(),
  decidedBy: ContactIdSchema.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  reason: z.string().max(1000).nullable(),
  /** Who it went to, fixed when it was released. */
  recipients: z.array(ContactIdSchema),
  releasedAt: z.iso.datetime().nullable(),
  /** Optimistic locking, like the incident record. */
  version: z.number().int().min(1),
});
export type CommunicationDraft = z.infer<typeof CommunicationDraftSchema>;

/** The subject line: the message's first non-empty line, heading marks removed. */
export function titleOf(message: string): string {
  const first = message.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return first.replace(/^\s*#+\s*/, '').trim().slice(0, 200) || 'Incident communication';
}

/** The audience's recipients in the plan; an audience the plan does not define is refused by name. */
export function audienceRecipients(plan: Pick<Plan, 'communications'>, audience: CommunicationDraft['audience']): readonly string[] {
  const settings = plan.communications.audiences[audience];
  if (settings === undefined) throw new TransitionRefusedError(`audience: the plan defines no "${audience}" audience (communications.audiences)`);
  return settings.recipients;
}

/**
 * A new pending draft. Only an open, mobilized incident has someone who can
 * approve it: before Mobilize there is no Crisis Lead.
 */
export function newDraft(
  fields: { readonly draftId: string; readonly request: DraftRequest },
  incident: Incident,
  plan: Pick<Plan, 'communications' | 'stakeholders'>,
  now: number,
): CommunicationDraft {
  if (incident.status !== 'open' || incident.crisisLead === null) {
    throw new TransitionRefusedError(`incident ${incident.id} has no Crisis Lead to approve a communication (it is ${incident.status}, in ${incident.phase})`);
  }
  audienceRecipients(plan, fields.request.audience);
  return {
    draftId: fields.draftId,
    incidentId: incident.id,
    audience: fields.request.audience,
    title: titleOf(fields.request.message),
    message: fields.request.message,
    author: fields.request.author ?? plan.stakeholders.communications?.[0] ?? incident.crisisLead,
    status: 'pending',
    createdAt: toIso(now),
    approvalId: null,
    decidedBy: null,
    decidedAt: null,
    reason: null,
    recipients: [],
    releasedAt: null,
    version: 1,
  };
}

const bump = (draft: CommunicationDraft, change: Partial<CommunicationDraft>): CommunicationDraft => ({ ...draft, ...change, version: draft.version + 1 });

function requireStatus(draft: CommunicationDraft, allowed: readonly CommunicationStatus[], doing: string): void {
  if (!allowed.includes(draft.status)) throw new TransitionRefusedError(`draft ${draft.draftId} is ${draft.status}: it cannot be ${doing}`);
}

/** The Crisis Lead said yes. This write is the commit point of a release: delivery follows from it. */
export function approveDraft(draft: CommunicationDraft, by: string, at: string): CommunicationDraft {
  requireStatus(draft, ['pending'], 'approved');
  return bump(draft, { status: 'approved', decidedBy: by, decidedAt: at });
}

/** Delivered to `recipients`. Only an approved draft can be released: nothing unapproved ever leaves. */
export function releaseDraft(draft: CommunicationDraft, recipients: readonly string[], now: number): CommunicationDraft {
  requireStatus(draft, ['approved'], 'released');
  return bump(draft, { status: 'released', recipients: [...recipients], releasedAt: toIso(now) });
}

/** Back to its author with the Crisis Lead's reason. */
export function rejectDraft(draft: CommunicationDraft, by: string | null, reason: string, at: string): CommunicationDraft {
  requireStatus(draft, ['pending'], 'rejected');
  return bump(draft, { status: 'rejected', decidedBy: by, decidedAt: at, reason: reason.slice(0, 1000) });
}

/** Nobody decided in time. */
export function expireDraft(draft: CommunicationDraft, now: number): CommunicationDraft {
  requireStatus(draft, ['pending'], 'expired');
  return bump(draft, { status: 'expired', decidedAt: toIso(now) });
}

/** Remembers the approval asking about this draft. */
export const withApproval = (draft: CommunicationDraft, approvalId: string): CommunicationDraft =>
  draft.approvalId === approvalId ? draft : bump(draft, { approvalId });
