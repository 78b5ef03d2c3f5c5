import { TransitionRefusedError } from '../errors/sirp-error';
import type { Incident } from '../incident/incident.schema';
import { WORKSTREAM_GROUPS, type Workstream } from '../incident/roles';
import type { Plan } from '../plan/plan.schema';
import { toIso } from '../time/clock';

/**
 * The members of a workstream: the Crisis Lead first ("Multithread": the lead
 * is in every stream), then the engaged stakeholders of the groups that staff it.
 */
export function workstreamMembers(
  plan: Pick<Plan, 'engagement' | 'stakeholders'>,
  incident: Pick<Incident, 'severity' | 'crisisLead'>,
  workstream: Workstream,
): string[] {
  if (incident.crisisLead === null) throw new TransitionRefusedError('a workstream opens only once the incident has a Crisis Lead');
  const engaged = new Set(plan.engagement[incident.severity] ?? []);
  const members = [incident.crisisLead];
  for (const group of WORKSTREAM_GROUPS[workstream]) {
    if (!engaged.has(group)) continue;
    for (const contact of plan.stakeholders[group] ?? []) if (!members.includes(contact)) members.push(contact);
  }
  return members;
}

/** Records an open workstream; opening one that is already open changes nothing (the same object comes back). */
export function openWorkstream(incident: Incident, workstream: Workstream, members: readonly string[], now: number): Incident {
  if (incident.workstreams?.[workstream] !== undefined) return incident;
  if (incident.status !== 'open') throw new TransitionRefusedError(`incident ${incident.id} is ${incident.status}: no workstream opens`);
  return {
    ...incident,
    workstreams: { ...incident.workstreams, [workstream]: { members: [...members], openedAt: toIso(now) } },
    updatedAt: toIso(now),
    version: incident.version + 1,
  };
}

/** Records that the stakeholders were engaged; the second time changes nothing. */
export function markEngaged(incident: Incident, now: number): Incident {
  if (incident.engagedAt !== undefined) return incident;
  return { ...incident, engagedAt: toIso(now), updatedAt: toIso(now), version: incident.version + 1 };
}
