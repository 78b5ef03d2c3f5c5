import { z } from 'zod';
import { TransitionRefusedError } from '../errors/sirp-error';
import type { Incident } from '../incident/incident.schema';
import { ContactIdSchema } from '../plan/contact.schema';
import { toIso } from '../time/clock';
import { type ActionProposal, ActionTargetSchema, ResponsePhaseSchema } from './actions';

/**
 * - `awaiting-approval`: extraordinary, an executive has not said yes yet.
 * - `open` / `acknowledged` / `done`: a human task ("I have it", then done).
 * - `completed`: an automated action ran (or, in a dry run, said what it would do).
 * - `refused`: the executive said no, or nobody approved in time: it never runs.
 * - `failed`: the adapter reported an error; the Crisis Lead was told.
 */
export const TASK_STATUSES = ['awaiting-approval', 'open', 'acknowledged', 'done', 'completed', 'refused', 'failed'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const ResponseTaskSchema = z.object({
  taskId: z.string().min(1).max(120),
  incidentId: z.string().min(1),
  phase: ResponsePhaseSchema,
  actionId: z.string().min(1),
  title: z.string().min(1),
  automated: z.boolean(),
  extraordinary: z.boolean(),
  target: ActionTargetSchema.nullable(),
  /** Who carries out a human task; null for automated actions. */
  assignee: ContactIdSchema.nullable(),
  status: TaskStatusSchema,
  approvalId: z.string().nullable(),
  /** What was done, would be done (dry run), or why not. */
  outcome: z.string().max(2000).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  doneAt: z.iso.datetime().nullable(),
  doneBy: z.string().nullable(),
  version: z.number().int().min(1),
});
export type ResponseTask = z.infer<typeof ResponseTaskSchema>;

/** The incident a task id belongs to: task ids start with it (`inc-….<action>`). */
export const incidentOfTask = (taskId: string): string | undefined => /^(inc-[a-z0-9]{8,40})\./.exec(taskId)?.[1];

/** Who carries out human tasks: the first Engineering member after the Crisis Lead, else the Crisis Lead. */
export function assigneeFor(incident: Pick<Incident, 'crisisLead' | 'workstreams'>): string | null {
  const members = incident.workstreams?.engineering?.members ?? [];
  return members.find((m) => m !== incident.crisisLead) ?? incident.crisisLead;
}

/** The record of a proposal when it is first seen: extraordinary ones wait for an executive. */
export function newTask(proposal: ActionProposal, assignee: string | null, now: number): ResponseTask {
  const at = toIso(now);
  return {
    taskId: proposal.taskId,
    incidentId: proposal.incidentId,
    phase: proposal.phase,
    actionId: proposal.actionId,
    title: proposal.title,
    automated: proposal.automated,
    extraordinary: proposal.extraordinary,
    target: proposal.target,
    assignee: proposal.automated ? null : assignee,
    status: proposal.extraordinary ? 'awaiting-approval' : 'open',
    approvalId: null,
    outcome: null,
    createdAt: at,
    updatedAt: at,
    acknowledgedAt: null,
    doneAt: null,
    doneBy: null,
    version: 1,
  };
}

const touch = (task: ResponseTask, now: number, change: Partial<ResponseTask>): ResponseTask => ({
  ...task,
  ...change,
  updatedAt: toIso(now),
  version: task.version + 1,
});

/** An executive approved an extraordinary action: it becomes an ordinary open task. */
export function approveTask(task: ResponseTask, approvedBy: string, now: number): ResponseTask {
  if (task.status !== 'awaiting-approval') return task;
  return touch(task, now, { status: 'open', outcome: `approved by ${approvedBy}` });
}

/** Never runs: refused by an executive, or not approved in time. A settled task stays as it is. */
export function refuseTask(task: ResponseTask, reason: string, now: number): ResponseTask {
  if (task.status !== 'awaiting-approval') return task;
  return touch(task, now, { status: 'refused', outcome: reason });
}

/** An automated action ran (or a dry run said what it would do), or failed. */
export function settleAutomated(task: ResponseTask, ok: boolean, outcome: string, now: number): ResponseTask {
  if (!task.automated) throw new TransitionRefusedError(`task ${task.taskId} is a human task`);
  if (task.status === 'completed') return task;
  if (task.status !== 'open' && task.status !== 'failed') throw new TransitionRefusedError(`task ${task.taskId} is ${task.status}: it does not run`);
  return touch(task, now, { status: ok ? 'completed' : 'failed', outcome });
}

/** Only the assignee or the Crisis Lead moves a human task. */
function assertMayMove(task: ResponseTask, by: string, crisisLead: string | null): void {
  if (task.automated) throw new TransitionRefusedError(`task ${task.taskId} is automated: it is not acknowledged or done by hand`);
  if (by !== task.assignee && by !== crisisLead) {
    throw new TransitionRefusedError(`task ${task.taskId} is assigned to ${task.assignee ?? 'nobody'}; only they or the Crisis Lead may update it`);
  }
}

/** "I have it." */
export function acknowledgeTask(task: ResponseTask, by: string, crisisLead: string | null, now: number): ResponseTask {
  assertMayMove(task, by, crisisLead);
  if (task.status !== 'open') throw new TransitionRefusedError(`task ${task.taskId} is ${task.status}: only an open task is acknowledged`);
  return touch(task, now, { status: 'acknowledged', acknowledgedAt: toIso(now) });
}

export function completeTask(task: ResponseTask, by: string, crisisLead: string | null, now: number): ResponseTask {
  assertMayMove(task, by, crisisLead);
  if (task.status !== 'open' && task.status !== 'acknowledged') {
    throw new TransitionRefusedError(`task ${task.taskId} is ${task.status}: only an open or acknowledged task is marked done`);
  }
  return touch(task, now, { status: 'done', doneAt: toIso(now), doneBy: by });
}
