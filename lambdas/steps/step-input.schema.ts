import { z } from 'zod';
import { DraftIdSchema } from '../../core/comms/communication';
import { IncidentIdSchema } from '../../core/incident/incident.schema';
import { DecisionSchema, GateSchema } from '../../core/incident/phases';
import { WorkstreamSchema } from '../../core/incident/roles';
import { ResponsePhaseSchema } from '../../core/response/actions';

const base = { incidentId: IncidentIdSchema };
const TaskIdSchema = z.string().min(1).max(120);

/** What the workflows send the steps function: one object per step, validated at the boundary. */
export const StepInputSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('loadIncident'), ...base }),
  z.object({ step: z.literal('gatherContext'), ...base, gate: GateSchema }),
  z.object({ step: z.literal('requestApproval'), ...base, gate: GateSchema, taskToken: z.string().min(1).max(8192) }),
  z.object({ step: z.literal('escalateGate'), ...base, gate: GateSchema }),
  z.object({
    step: z.literal('recordDecision'),
    ...base,
    gate: GateSchema,
    decision: z.object({ decision: DecisionSchema, decidedBy: z.string().min(1).max(40), decidedAt: z.iso.datetime() }),
  }),
  z.object({
    step: z.literal('recordRejection'),
    ...base,
    gate: GateSchema,
    rejection: z.object({ Error: z.string().optional(), Cause: z.string().max(10_000).optional() }),
  }),
  z.object({ step: z.literal('autoMobilize'), ...base }),
  // Learn and Communications (see learn-steps.ts, comms-steps.ts).
  z.object({ step: z.literal('draftReview'), ...base }),
  z.object({ step: z.literal('loadCommunication'), ...base, draftId: DraftIdSchema }),
  z.object({ step: z.literal('requestCommunicationApproval'), ...base, draftId: DraftIdSchema, taskToken: z.string().min(1).max(8192) }),
  z.object({
    step: z.literal('releaseCommunication'),
    ...base,
    draftId: DraftIdSchema,
    // A draft approved before a crash is resumed without the decision: it is on the draft.
    decision: z.union([z.object({ decision: DecisionSchema, decidedBy: z.string().min(1).max(40), decidedAt: z.iso.datetime() }), z.object({ resumed: z.literal(true) })]),
  }),
  z.object({
    step: z.literal('returnCommunication'),
    ...base,
    draftId: DraftIdSchema,
    rejection: z.object({ Error: z.string().optional(), Cause: z.string().max(10_000).optional() }),
  }),
  z.object({ step: z.literal('expireCommunication'), ...base, draftId: DraftIdSchema }),
  // Mobilize, Contain, Recover (see mobilize-steps.ts, action-steps.ts).
  z.object({ step: z.literal('engageStakeholders'), ...base }),
  z.object({ step: z.literal('openWorkstream'), ...base, workstream: WorkstreamSchema }),
  z.object({ step: z.literal('syncReminders') }),
  z.object({ step: z.literal('openTasks'), ...base, phase: ResponsePhaseSchema }),
  z.object({ step: z.literal('requestActionApproval'), ...base, taskId: TaskIdSchema, taskToken: z.string().min(1).max(8192) }),
  z.object({ step: z.literal('recordActionApproval'), ...base, taskId: TaskIdSchema, decision: z.object({ decidedBy: z.string().min(1).max(40) }) }),
  z.object({ step: z.literal('setActionAside'), ...base, taskId: TaskIdSchema, why: z.enum(['rejected', 'timed-out']) }),
  z.object({ step: z.literal('carryOutAction'), ...base, taskId: TaskIdSchema }),
  z.object({
    step: z.literal('recordPhaseFailure'),
    ...base,
    failure: z.object({ Error: z.string().max(200).optional(), Cause: z.string().max(100_000).optional() }),
  }),
]);
export type StepInput = z.infer<typeof StepInputSchema>;

/** What the gate-related steps return: the ASL reads `timeoutSeconds` through TimeoutSecondsPath. */
export interface GateContext {
  readonly autoMobilize: boolean;
  readonly timeoutSeconds: number;
  readonly holder: string | null;
}
