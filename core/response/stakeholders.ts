import type { Incident } from '../incident/incident.schema';
import { GROUP_ROLE, type StakeholderGroup } from '../incident/roles';
import type { Plan } from '../plan/plan.schema';

/** One person engaged at Mobilize, with every group the plan puts them in for this severity. */
export interface Engagement {
  readonly contact: string;
  readonly groups: readonly StakeholderGroup[];
}

/**
 * Who the plan engages for the incident's severity ("Collaborate": early, and
 * not only engineers). One entry per person, however many groups they are in,
 * so each person gets one message per channel. The Crisis Lead is not in the
 * list: they already own the incident.
 */
export function stakeholdersToEngage(plan: Pick<Plan, 'engagement' | 'stakeholders'>, incident: Pick<Incident, 'severity' | 'crisisLead'>): Engagement[] {
  const byContact = new Map<string, StakeholderGroup[]>();
  for (const group of plan.engagement[incident.severity] ?? []) {
    for (const contact of plan.stakeholders[group] ?? []) {
      if (contact === incident.crisisLead) continue;
      byContact.set(contact, [...(byContact.get(contact) ?? []), group]);
    }
  }
  return [...byContact].map(([contact, groups]) => ({ contact, groups }));
}

export interface EngagementMessage {
  readonly subject: string;
  readonly body: string;
  readonly sms: string;
}

/** What an engaged person is told: the incident, who leads it, and what their group is asked to do. */
export function engagementMessage(incident: Pick<Incident, 'id' | 'title' | 'severity' | 'crisisLead'>, engagement: Engagement): EngagementMessage {
  const sev = incident.severity.toUpperCase();
  const roles = engagement.groups.map((group) => `- ${group}: ${GROUP_ROLE[group]}`);
  return {
    subject: `[sirp] ${sev} ${incident.id}: you are engaged (${engagement.groups.join(', ')})`,
    body: [
      `${sev} incident ${incident.id}: ${incident.title}`,
      `Crisis Lead: ${incident.crisisLead ?? 'not yet named'}. Every decision goes through them.`,
      'You are engaged in the response as:',
      ...roles,
    ].join('\n'),
    sms: `SIRP ${sev} ${incident.id}: you are engaged as ${engagement.groups.join(', ')}. Crisis Lead ${incident.crisisLead ?? '-'}.`,
  };
}
