import { z } from 'zod';
import { ContactIdSchema } from '../plan/contact.schema';
import { SignalSourceSchema } from '../plan/plan.schema';
import { GateSchema, PhaseSchema } from './phases';
import { WorkstreamSchema } from './roles';
import { SeveritySchema } from './severity';

export const IncidentIdSchema = z.string().regex(/^inc-[a-z0-9]{8,40}$/, 'must look like "inc-01jd7x3k9m"');

export const IncidentStatusSchema = z.enum(['open', 'closed', 'dismissed']);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/**
 * The gate an incident is waiting on, and who holds it now. The holder starts
 * as the Crisis Lead (or, at Alert, the on-call lead) and changes only through
 * a recorded escalation.
 */
export const OpenGateSchema = z.object({
  gate: GateSchema,
  holder: ContactIdSchema,
  approvalId: z.string().nullable(),
  openedAt: z.iso.datetime(),
  deadline: z.iso.datetime(),
  /** 0 for the first holder; +1 per escalation. */
  escalationLevel: z.number().int().min(0),
  acknowledgedUntil: z.iso.datetime().nullable(),
});
export type OpenGate = z.infer<typeof OpenGateSchema>;

/** A resource the incident's signals name, with the tags the source gave it. */
export const IncidentResourceSchema = z.object({
  type: z.string().min(1),
  id: z.string().min(1),
  arn: z.string().optional(),
  tags: z.record(z.string(), z.string()),
});
export type IncidentResource = z.infer<typeof IncidentResourceSchema>;

/** What the table knew when the Alert gate opened: the Crisis Lead decides with it. */
export const IncidentContextSchema = z.object({
  gatheredAt: z.iso.datetime(),
  /** Signals correlated into this incident so far. */
  signals: z.number().int().min(0),
  resources: z.array(IncidentResourceSchema),
  /** Earlier incidents on the same resources (or the same problem), newest first. */
  earlierIncidents: z.array(IncidentIdSchema),
});
export type IncidentContext = z.infer<typeof IncidentContextSchema>;

/** An open workstream ("Multithread"): its members, the Crisis Lead first. */
export const WorkstreamRecordSchema = z.object({
  members: z.array(ContactIdSchema).min(1),
  openedAt: z.iso.datetime(),
});

/** The sync meetings a reminder is sent for: each workstream, and the whole response ("Synch"). */
export const SYNC_STREAMS = ['response', 'engineering', 'communications'] as const;
export const SyncStreamSchema = z.enum(SYNC_STREAMS);
export type SyncStream = z.infer<typeof SyncStreamSchema>;

/** A workflow of the incident that failed: shown on the incident until the phase runs again. */
export const IncidentFailureSchema = z.object({
  at: z.iso.datetime(),
  phase: PhaseSchema,
  error: z.string().max(200),
  cause: z.string().max(2000),
});
export type IncidentFailure = z.infer<typeof IncidentFailureSchema>;

export const IncidentSchema = z.object({
  id: IncidentIdSchema,
  org: z.string(),
  title: z.string().min(1).max(300),
  severity: SeveritySchema,
  /** The plan rule that set the severity, or "default" / "declared". */
  severityRule: z.string(),
  status: IncidentStatusSchema,
  phase: PhaseSchema,
  crisisLead: ContactIdSchema.nullable(),
  deputy: ContactIdSchema.nullable(),
  gate: OpenGateSchema.nullable(),
  source: SignalSourceSchema,
  correlationKey: z.string().min(1).max(200),
  /** Tabletop drills run the real process; the flag keeps them out of real metrics. */
  drill: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** When each phase was entered: the review's time-to-mobilize/contain/recover. */
  phaseEnteredAt: z.partialRecord(PhaseSchema, z.iso.datetime()),
  /** Gathered once, at Alert. */
  context: IncidentContextSchema.optional(),
  /** When the plan's stakeholders for this severity were notified (Mobilize); the commit point of that step. */
  engagedAt: z.iso.datetime().optional(),
  workstreams: z.partialRecord(WorkstreamSchema, WorkstreamRecordSchema).optional(),
  /** The last sync slot reminded per stream: a reminder is claimed here before it is sent, so it is never sent twice. */
  remindersSent: z.partialRecord(SyncStreamSchema, z.number().int().min(1)).optional(),
  failure: IncidentFailureSchema.nullable().optional(),
  /** Optimistic locking: every write is conditional on the version read. */
  version: z.number().int().min(1),
});
export type Incident = z.infer<typeof IncidentSchema>;
