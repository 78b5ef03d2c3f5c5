import { z } from 'zod';
import { TransitionRefusedError } from '../../core/errors/sirp-error';
import { acknowledgeTask, completeTask, incidentOfTask, type ResponseTask } from '../../core/response/tasks';
import { type Clock, toIso } from '../../core/time/clock';
import type { IncidentStore } from '../adapters/incident-store';
import type { TimelineStore } from '../adapters/timeline-store';
import type { TaskStore } from './task-store';

export const TaskCommandSchema = z.object({
  taskId: z.string().regex(/^inc-[a-z0-9]{8,40}\.[a-z0-9][a-z0-9.-]{0,80}$/, 'must be a task id like "inc-01jd7x3k9m.isolate-instance"'),
  action: z.enum(['ack', 'done']),
  as: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a contact id of the plan'),
});
export type TaskCommand = z.infer<typeof TaskCommandSchema>;

export interface TaskCommandDeps {
  readonly clock: Clock;
  readonly incidents: IncidentStore;
  readonly tasks: TaskStore;
  readonly timeline: TimelineStore;
  readonly contacts: ReadonlySet<string>;
}

/**
 * A person acknowledges ("I have it") or completes a human task. Only the
 * assignee or the Crisis Lead may (core/response/tasks); the timeline
 * records who did it and when.
 */
export async function runTaskCommand(command: TaskCommand, deps: TaskCommandDeps): Promise<ResponseTask> {
  if (!deps.contacts.has(command.as)) throw new TransitionRefusedError(`"${command.as}" is not a contact in this plan`);
  const incidentId = incidentOfTask(command.taskId);
  const incident = incidentId === undefined ? null : await deps.incidents.get(incidentId);
  const task = incident === null ? null : await deps.tasks.get(incident.id, command.taskId);
  if (incident === null || task === null) throw new TransitionRefusedError(`there is no task ${command.taskId}`);
  const now = deps.clock.now();
  const change = command.action === 'ack' ? acknowledgeTask : completeTask;
  const updated = await deps.tasks.update(incident.id, task.taskId, (current) => change(current, command.as, incident.crisisLead, now));
  await deps.timeline.append(
    incident.id,
    {
      type: 'task-updated',
      actor: command.as,
      summary: `${command.as} ${command.action === 'ack' ? 'acknowledged' : 'completed'} the task "${task.title}".`,
      data: { taskId: task.taskId, status: updated.status },
    },
    toIso(now),
  );
  return updated;
}
