import { type AutomatedKind, AutomatedKindSchema, planAction, proposeActions, type ResponsePhase } from '../../core/response/actions';
import { approveTask, assigneeFor, newTask, refuseTask, type ResponseTask, settleAutomated } from '../../core/response/tasks';
import { toIso } from '../../core/time/clock';
import { ActionFailedError } from '../actions/actions.port';
import { collectContext } from './context-step';
import { notifyPerson } from './notify-person';
import type { StepsDeps } from './steps-service';

/** What the phase workflow's Map iterates over: one item per task, just enough to route it. */
export interface TaskItem {
  readonly incidentId: string;
  readonly taskId: string;
  readonly automated: boolean;
  readonly extraordinary: boolean;
  /** How long an executive has for an extraordinary action (the phase gate's timeout). */
  readonly approvalTimeoutSeconds: number;
}

const taskLine = (task: ResponseTask): string => `${task.title}${task.target === null ? '' : ` on ${task.target.id}`}`;

async function tellAssignee(task: ResponseTask, deps: StepsDeps): Promise<void> {
  if (task.assignee === null) return;
  const incident = await deps.incidents.require(task.incidentId);
  await notifyPerson(
    deps,
    task.assignee,
    {
      subject: `[sirp] ${incident.severity.toUpperCase()} ${incident.id}: task for you: ${task.title}`,
      body: [
        `${incident.severity.toUpperCase()} incident ${incident.id}: ${incident.title}`,
        `You are assigned the ${task.phase} task "${task.title}" (task ${task.taskId}). Crisis Lead: ${incident.crisisLead ?? '-'}.`,
        `Acknowledge it: sirp tasks ack ${task.taskId} --as ${task.assignee}`,
        `When it is done:  sirp tasks done ${task.taskId} --as ${task.assignee}`,
      ].join('\n'),
      sms: `SIRP ${incident.id}: task for you: ${task.title.slice(0, 60)}. Task ${task.taskId}.`,
    },
    incident,
  );
  await deps.timeline.append(
    incident.id,
    { type: 'task-updated', actor: 'sirp', summary: `Task "${taskLine(task)}" assigned to ${task.assignee}.`, data: { taskId: task.taskId, status: task.status, assignee: task.assignee } },
    toIso(deps.clock.now()),
  );
}

/**
 * Opens the phase's tasks from the plan: human tasks assigned and announced,
 * automated actions recorded, extraordinary ones waiting for an executive.
 * Task ids come from the plan, so running it again finds the same records.
 */
export async function openPhaseTasks(incidentId: string, phase: ResponsePhase, deps: StepsDeps): Promise<{ items: TaskItem[] }> {
  // Actions act only on resources the signals named: look again, more may have joined since Alert.
  const incident = await collectContext(await deps.incidents.require(incidentId), deps);
  const now = deps.clock.now();
  const items: TaskItem[] = [];
  for (const proposal of proposeActions(incident, deps.plan, phase)) {
    const { task, created } = await deps.tasks.createOrGet(newTask(proposal, assigneeFor(incident), now));
    if (created && task.status === 'open' && !task.automated) await tellAssignee(task, deps);
    if (created && task.extraordinary) {
      await deps.timeline.append(
        incidentId,
        { type: 'task-updated', actor: 'sirp', summary: `"${taskLine(task)}" is extraordinary: it waits for an executive's approval.`, data: { taskId: task.taskId, status: task.status } },
        toIso(now),
      );
    }
    items.push({ incidentId, taskId: task.taskId, automated: task.automated, extraordinary: task.status === 'awaiting-approval', approvalTimeoutSeconds: deps.plan.gates[phase].timeout });
  }
  return { items };
}

/** Asks an executive the plan names for this action; the decision comes back on the task token. */
export async function requestActionApproval(incidentId: string, taskId: string, taskToken: string, deps: StepsDeps): Promise<{ approvalId: string }> {
  const task = await deps.tasks.require(incidentId, taskId);
  const incident = await deps.incidents.require(incidentId);
  const action = planAction(deps.plan, task.actionId);
  const decider = action?.approvers[0];
  if (decider === undefined) throw new ActionFailedError(`action ${task.actionId} has no approver in the plan`);
  const now = deps.clock.now();
  const { approvalId, paged } = await deps.approvals.request({
    incident,
    subject: { kind: 'action', actionId: task.actionId },
    decider,
    taskToken,
    expiresAt: now + deps.plan.gates[task.phase].timeout * 1000,
    existing: task.approvalId,
  });
  if (task.approvalId !== approvalId) {
    await deps.tasks.update(incidentId, taskId, (current) => (current.approvalId === approvalId ? current : { ...current, approvalId, updatedAt: toIso(now), version: current.version + 1 }));
  }
  if (paged) {
    await deps.timeline.append(
      incidentId,
      { type: 'notified', actor: 'sirp', summary: `${decider} was asked to approve the extraordinary action "${taskLine(task)}".`, data: { taskId, recipient: decider, approvalId } },
      toIso(now),
    );
  }
  return { approvalId };
}

/** An executive approved: the task opens (and a human task goes to its assignee). */
export async function recordActionApproval(incidentId: string, taskId: string, decidedBy: string, deps: StepsDeps): Promise<{ status: string }> {
  const now = deps.clock.now();
  const before = await deps.tasks.require(incidentId, taskId);
  const task = await deps.tasks.update(incidentId, taskId, (current) => approveTask(current, decidedBy, now));
  if (before.status === 'awaiting-approval') {
    await deps.timeline.append(
      incidentId,
      { type: 'decided', actor: decidedBy, summary: `${decidedBy} approved the extraordinary action "${taskLine(task)}".`, data: { taskId, decision: 'approve', approvalId: task.approvalId } },
      toIso(now),
    );
    if (!task.automated) await tellAssignee(task, deps);
  }
  return { status: task.status };
}

/** Refused or not approved in time: the action never runs, and the Crisis Lead hears why. */
export async function setActionAside(incidentId: string, taskId: string, why: 'rejected' | 'timed-out', deps: StepsDeps): Promise<{ status: string }> {
  const now = deps.clock.now();
  const before = await deps.tasks.require(incidentId, taskId);
  const approval = before.approvalId === null ? null : await deps.approvals.get(before.approvalId);
  const reason =
    why === 'rejected'
      ? `refused by ${approval?.decidedBy ?? 'the executive'}: ${approval?.reason ?? 'no reason given'}`
      : 'no executive approved it in time';
  const task = await deps.tasks.update(incidentId, taskId, (current) => refuseTask(current, reason, now));
  if (before.status === 'awaiting-approval') {
    await deps.timeline.append(
      incidentId,
      { type: 'decided', actor: why === 'rejected' ? (approval?.decidedBy ?? 'unknown') : 'sirp', summary: `The extraordinary action "${taskLine(task)}" will not run: ${reason}.`, data: { taskId, decision: 'reject', reason } },
      toIso(now),
    );
    await tellCrisisLead(incidentId, `The extraordinary action "${taskLine(task)}" will not run: ${reason}.`, deps);
  }
  return { status: task.status };
}

/**
 * Runs an open automated action through the actions port and records what
 * it did (or, dry run, would do). A terminal failure is recorded and the
 * Crisis Lead told; a transient one is thrown for the workflow to retry.
 */
export async function carryOutAction(incidentId: string, taskId: string, deps: StepsDeps): Promise<{ status: string }> {
  const task = await deps.tasks.require(incidentId, taskId);
  if (!task.automated || (task.status !== 'open' && task.status !== 'failed')) return { status: task.status };
  const kind: AutomatedKind = AutomatedKindSchema.parse(planAction(deps.plan, task.actionId)?.kind);
  if (task.target === null) throw new ActionFailedError(`task ${taskId} has no target`);
  let ok = true;
  let outcome: string;
  try {
    const result = await deps.actions.run({ incidentId, actionId: task.actionId, kind, target: task.target });
    outcome = result.summary;
  } catch (error) {
    if (!(error instanceof ActionFailedError)) throw error;
    ok = false;
    outcome = `failed: ${error.message}`;
  }
  const now = deps.clock.now();
  const settled = await deps.tasks.update(incidentId, taskId, (current) => settleAutomated(current, ok, outcome, now));
  await deps.timeline.append(
    incidentId,
    { type: 'action-run', actor: 'sirp', summary: `${task.title} on ${task.target.id}: ${outcome}.`, data: { taskId, actionId: task.actionId, target: task.target, ok } },
    toIso(now),
  );
  if (!ok) await tellCrisisLead(incidentId, `The action "${taskLine(task)}" ${outcome}. Carry it out by hand or decide another way.`, deps);
  return { status: settled.status };
}

async function tellCrisisLead(incidentId: string, text: string, deps: StepsDeps): Promise<void> {
  const incident = await deps.incidents.require(incidentId);
  if (incident.crisisLead === null) return;
  const sev = incident.severity.toUpperCase();
  await notifyPerson(deps, incident.crisisLead, { subject: `[sirp] ${sev} ${incident.id}: action update`, body: `${sev} incident ${incident.id}: ${incident.title}\n${text}`, sms: `SIRP ${incident.id}: ${text.slice(0, 100)}` }, incident);
}
