import { z } from 'zod';
import { ContactIdSchema } from '../plan/contact.schema';
import { SignalSourceSchema } from '../plan/plan.schema';
import { GateSchema, PhaseSchema } from './phases';
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
  /** Optimistic locking: every write is conditional on the version read. */
  version: z.number().int().min(1),
});
export type Incident = z.infer<typeof IncidentSchema>;
