import { z } from 'zod';
import { IncidentIdSchema } from '../incident/incident.schema';
import { DecisionSchema, GateSchema } from '../incident/phases';
import { ContactIdSchema } from '../plan/contact.schema';

/**
 * 128 random bits, base64url without padding: 22 characters. The last
 * character carries only 2 bits, so only A, Q, g or w can end a canonical id:
 * one id has one spelling.
 */
export const ApprovalIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{21}[AQgw]$/, 'must be 22 base64url characters (128 bits)');
export type ApprovalId = z.infer<typeof ApprovalIdSchema>;

/** What an approval asks: the same shape as `DecisionSubject` in `core/incident/deciders.ts`. */
export const DecisionSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('gate'), gate: GateSchema }).strict(),
  z.object({ kind: z.literal('action'), actionId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/) }).strict(),
  z.object({ kind: z.literal('communication'), draftId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) }).strict(),
]);

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'superseded'] as const;
export const ApprovalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

/**
 * How a decision reached sirp. `web` is the link page: the same personal link
 * goes out by email and by SMS (one credential per person and approval), so
 * the page cannot tell which of the two was opened and does not pretend to.
 */
export const DecisionChannelSchema = z.enum(['web', 'cli', 'console']);
export type DecisionChannel = z.infer<typeof DecisionChannelSchema>;

/** Reject reasons are shown on pages, stored and passed to Step Functions: bounded. */
export const MAX_REASON_LENGTH = 1000;

/** Who holds the decision after an escalation or a revocation. */
export const SupersededBySchema = z
  .object({ approvalId: ApprovalIdSchema, holder: ContactIdSchema })
  .strict();
export type SupersededBy = z.infer<typeof SupersededBySchema>;

/**
 * One approval: a human decision a Step Functions task waits on. The task
 * token is a bearer credential for that task: it lives only in this record
 * and only while the approval is pending (every transition out of pending
 * clears it). Expiry is checked in code against `expiresAt`; the table's TTL
 * only cleans up.
 */
export const ApprovalRecordSchema = z
  .object({
    approvalId: ApprovalIdSchema,
    incidentId: IncidentIdSchema,
    subject: DecisionSubjectSchema,
    /** The one contact allowed to decide; the link is bound to this person. */
    decider: ContactIdSchema,
    /** Server-side only; null once the approval is no longer pending. */
    taskToken: z.string().min(1).max(8192).nullable(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    status: ApprovalStatusSchema,
    /** "I have it": escalation pauses for the plan's acknowledgement window from here. */
    acknowledgedAt: z.iso.datetime().nullable(),
    decidedBy: ContactIdSchema.nullable(),
    decidedAt: z.iso.datetime().nullable(),
    /** Set when approved; a rejection has a reason instead. */
    decision: DecisionSchema.nullable(),
    channel: DecisionChannelSchema.nullable(),
    reason: z.string().max(MAX_REASON_LENGTH).nullable(),
    supersededBy: SupersededBySchema.nullable(),
    /**
     * When the waiting task accepted the decision. A decision recorded but not
     * delivered (a crash between the two, or a restart of the embedded engine)
     * is replayed to the next task that asks the same question; a delivered one
     * is not, so a gate asked again after a rejection gets a fresh approval.
     */
    deliveredAt: z.iso.datetime().nullable().default(null),
    /** The signing secret version the link was issued with (which rotation killed it). */
    secretVersion: z.string().min(1).max(100),
  })
  .strict();
export type ApprovalRecord = z.infer<typeof ApprovalRecordSchema>;

/** Everything of an approval that may leave the backend: the record without its task token. */
export type PublicApproval = Omit<ApprovalRecord, 'taskToken'>;

/**
 * The only way an approval leaves the backend (API answers, CLI, console,
 * logs). Built by picking fields rather than deleting one, so a field added
 * to the record later stays inside until someone decides it may go out.
 */
export function toPublicView(record: ApprovalRecord): PublicApproval {
  return {
    approvalId: record.approvalId,
    incidentId: record.incidentId,
    subject: record.subject,
    decider: record.decider,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    status: record.status,
    acknowledgedAt: record.acknowledgedAt,
    decidedBy: record.decidedBy,
    decidedAt: record.decidedAt,
    decision: record.decision,
    channel: record.channel,
    reason: record.reason,
    supersededBy: record.supersededBy,
    deliveredAt: record.deliveredAt,
    secretVersion: record.secretVersion,
  };
}

/** The fields a new approval is created from; everything else starts empty. */
export interface NewApproval {
  readonly approvalId: string;
  readonly incidentId: string;
  readonly subject: ApprovalRecord['subject'];
  readonly decider: string;
  readonly taskToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly secretVersion: string;
}

/** A pending approval, validated: a bad id or subject fails here, before anything is stored or sent. */
export function newApprovalRecord(fields: NewApproval): ApprovalRecord {
  return ApprovalRecordSchema.parse({
    ...fields,
    status: 'pending',
    acknowledgedAt: null,
    decidedBy: null,
    decidedAt: null,
    decision: null,
    channel: null,
    reason: null,
    supersededBy: null,
    deliveredAt: null,
  });
}

/** True when two subjects ask the same thing. */
export function sameSubject(a: ApprovalRecord['subject'], b: ApprovalRecord['subject']): boolean {
  switch (a.kind) {
    case 'gate':
      return b.kind === 'gate' && a.gate === b.gate;
    case 'action':
      return b.kind === 'action' && a.actionId === b.actionId;
    case 'communication':
      return b.kind === 'communication' && a.draftId === b.draftId;
  }
}
