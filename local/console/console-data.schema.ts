import { z } from 'zod';

/*
 * What the console reads from the runtime's own read API (`/api/...`), the
 * same JSON the CLI prints. The schemas are loose on purpose: the API grows
 * (workstreams, communications, reviews land while the console exists), and
 * a page must keep rendering what it knows when a field it does not know
 * appears. A field the console relies on that is missing or mistyped fails
 * with its path.
 */

const GateSummarySchema = z.looseObject({
  gate: z.string(),
  holder: z.string(),
  deadline: z.string(),
  escalationLevel: z.number(),
});

export const IncidentSummarySchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  severity: z.string(),
  status: z.string(),
  phase: z.string(),
  crisisLead: z.string().nullable(),
  gate: GateSummarySchema.nullable(),
  drill: z.boolean(),
  severityRule: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  phaseEnteredAt: z.record(z.string(), z.string()),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

export const IncidentListSchema = z.array(IncidentSummarySchema);

export const TimelineItemSchema = z.looseObject({
  seq: z.number(),
  at: z.string(),
  type: z.string(),
  actor: z.string(),
  summary: z.string(),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

export const ChainStatusSchema = z.looseObject({
  intact: z.boolean(),
  entries: z.number().optional(),
  firstBadSeq: z.number().optional(),
  reason: z.string().optional(),
});
export type ChainStatus = z.infer<typeof ChainStatusSchema>;

export const SignalSchema = z.looseObject({
  eventId: z.string(),
  at: z.string(),
  outcome: z.string(),
  source: z.string(),
  kind: z.string().optional(),
  title: z.string(),
  severity: z.string().nullable().optional(),
  rule: z.string().nullable().optional(),
  why: z.string().nullable().optional(),
  raw: z.unknown(),
});
export type Signal = z.infer<typeof SignalSchema>;

export const ApprovalViewSchema = z.looseObject({
  approvalId: z.string(),
  decider: z.string(),
  status: z.string(),
  gate: z.string().optional(),
  createdAt: z.string().optional(),
  expiresAt: z.string().optional(),
  decidedBy: z.string().nullable().optional(),
  decidedAt: z.string().nullable().optional(),
});
export type ApprovalView = z.infer<typeof ApprovalViewSchema>;

export const IncidentDetailSchema = z.looseObject({
  incident: IncidentSummarySchema,
  record: z.looseObject({
    deputy: z.string().nullable().optional(),
    source: z.string().optional(),
    correlationKey: z.string().optional(),
    workstreams: z.unknown().optional(),
    failure: z.unknown().optional(),
  }),
  timeline: z.array(TimelineItemSchema),
  chain: ChainStatusSchema,
  signals: z.array(SignalSchema),
  approvals: z.array(ApprovalViewSchema),
});
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;

export const DeliveryViewSchema = z.looseObject({
  id: z.string(),
  at: z.string(),
  channel: z.string(),
  to: z.string(),
  address: z.string(),
  subject: z.string().optional(),
  body: z.string(),
  incidentId: z.string().optional(),
});
export type DeliveryView = z.infer<typeof DeliveryViewSchema>;
export const OutboxSchema = z.array(DeliveryViewSchema);

export const DeadLetterViewSchema = z.looseObject({
  id: z.string(),
  at: z.string(),
  path: z.string(),
  message: z.string(),
  excerpt: z.string(),
});
export type DeadLetterView = z.infer<typeof DeadLetterViewSchema>;
export const DeadLettersSchema = z.array(DeadLetterViewSchema);

export const PlanViewSchema = z.looseObject({
  org: z.string(),
  name: z.string(),
  contacts: z.array(z.looseObject({ id: z.string(), name: z.string() })),
});
export type PlanView = z.infer<typeof PlanViewSchema>;

export const IntakeResultSchema = z.looseObject({
  eventId: z.string().optional(),
  results: z.array(
    z.looseObject({
      outcome: z.string(),
      incidentId: z.string().nullable().optional(),
      severity: z.string().nullable().optional(),
      correlationKey: z.string().nullable().optional(),
      reason: z.unknown().optional(),
    }),
  ),
});
export type IntakeResult = z.infer<typeof IntakeResultSchema>;
