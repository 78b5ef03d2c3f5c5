import { IncidentIdSchema } from '../../core/incident/incident.schema';
import { onCallAt } from '../../core/plan/on-call';
import type { Plan } from '../../core/plan/plan.schema';
import { type Clock, toIso } from '../../core/time/clock';
import type { IncidentStore } from '../adapters/incident-store';
import type { Notifier } from '../adapters/sns-notifier';
import type { TimelineStore } from '../adapters/timeline-store';
import type { ExecutionStatusChange } from './execution-failure.schema';

export interface NotifyDeps {
  readonly plan: Plan;
  readonly clock: Clock;
  readonly incidents: IncidentStore;
  readonly timeline: TimelineStore;
  readonly notifier: Notifier;
}

/** The incident an execution worked on, from its input (`{ "incidentId": ... }`), if any. */
function incidentIdOf(event: ExecutionStatusChange): string | null {
  try {
    const parsed = IncidentIdSchema.safeParse((JSON.parse(event.detail.input ?? '{}') as { incidentId?: unknown }).incidentId);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A workflow failed, timed out or was stopped: tell the incident's Crisis Lead
 * (or the on-call lead when it has none) and put it on the timeline, so a
 * broken automation never goes unnoticed during a crisis.
 */
export async function notifyExecutionFailure(event: ExecutionStatusChange, deps: NotifyDeps): Promise<{ notified: string | null }> {
  if (!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(event.detail.status)) return { notified: null };
  const now = deps.clock.now();
  const incidentId = incidentIdOf(event);
  const incident = incidentId === null ? null : await deps.incidents.get(incidentId);
  const recipient = incident?.crisisLead ?? onCallAt(deps.plan, now).lead;
  const contact = deps.plan.contacts.find((c) => c.id === recipient);
  const what = `${event.detail.status.toLowerCase().replace('_', ' ')}${event.detail.error ? ` (${event.detail.error})` : ''}`;
  const subject = `[sirp] workflow ${what}${incident ? ` for ${incident.id}` : ''}`;
  const body = [
    `The workflow ${event.detail.name} ${what}.`,
    incident ? `Incident ${incident.id} (${incident.severity}, phase ${incident.phase}): ${incident.title}` : 'No incident is attached to this execution.',
    'The incident keeps its state; restart the workflow after fixing the cause (in AWS: redrive the execution).',
  ].join('\n');
  if (contact?.email !== undefined) await deps.notifier.send({ recipient, channel: 'email', subject, body, ...(incident ? { incidentId: incident.id, drill: incident.drill } : {}) });
  if (contact?.phone !== undefined) await deps.notifier.send({ recipient, channel: 'sms', body: `SIRP workflow ${what}${incident ? ` for ${incident.id}` : ''}. Check the console.`, ...(incident ? { incidentId: incident.id, drill: incident.drill } : {}) });
  if (incident !== null) {
    await deps.timeline.append(
      incident.id,
      { type: 'workflow-failed', actor: 'sirp', summary: `Workflow ${event.detail.name} ${what}; ${recipient} was told.`, data: { execution: event.detail.name, status: event.detail.status, error: event.detail.error ?? null } },
      toIso(now),
    );
  }
  return { notified: recipient };
}
