import type { Incident, SyncStream } from '../incident/incident.schema';
import { SYNC_STREAMS } from '../incident/incident.schema';
import type { Contact } from '../plan/contact.schema';
import type { Plan } from '../plan/plan.schema';
import type { NotificationChannel } from '../plan/subscriptions';
import { toIso } from '../time/clock';

/** One sync reminder that is due: slot n is the n-th cadence period since the stream opened. */
export interface DueReminder {
  readonly incidentId: string;
  readonly stream: SyncStream;
  readonly slot: number;
  readonly recipients: readonly string[];
}

/** When a stream's cadence starts counting, and who is in it; undefined while it is not open. */
function streamOf(incident: Incident, stream: SyncStream): { startMs: number; members: string[] } | undefined {
  const workstreams = incident.workstreams ?? {};
  if (stream !== 'response') {
    const ws = workstreams[stream];
    return ws === undefined ? undefined : { startMs: Date.parse(ws.openedAt), members: ws.members };
  }
  const open = Object.values(workstreams);
  if (open.length === 0) return undefined;
  const members = [...new Set(open.flatMap((ws) => ws.members))];
  return { startMs: Math.min(...open.map((ws) => Date.parse(ws.openedAt))), members };
}

/**
 * The reminders due now, for every open incident with open workstreams, at
 * the plan's cadence per workstream and for the whole response. Slots missed
 * while nothing ran (a restart) collapse into one reminder for the latest
 * slot: people need the next meeting, not a backlog. A pure function of the
 * table's state, so whatever calls it (a rule every few minutes in AWS, the
 * runtime's scheduler locally) recovers after a restart by itself.
 */
export function dueReminders(incidents: readonly Incident[], plan: Pick<Plan, 'sync'>, now: number): DueReminder[] {
  const due: DueReminder[] = [];
  for (const incident of incidents) {
    if (incident.status !== 'open') continue;
    for (const stream of SYNC_STREAMS) {
      const open = streamOf(incident, stream);
      if (open === undefined) continue;
      const slot = Math.floor((now - open.startMs) / (plan.sync[stream] * 1000));
      if (slot < 1 || slot <= (incident.remindersSent?.[stream] ?? 0)) continue;
      due.push({ incidentId: incident.id, stream, slot, recipients: open.members });
    }
  }
  return due;
}

/** Claims a reminder slot on the incident; an already claimed (or later) slot changes nothing. */
export function claimReminder(incident: Incident, stream: SyncStream, slot: number, now: number): Incident {
  if ((incident.remindersSent?.[stream] ?? 0) >= slot || incident.status !== 'open') return incident;
  return {
    ...incident,
    remindersSent: { ...incident.remindersSent, [stream]: slot },
    updatedAt: toIso(now),
    version: incident.version + 1,
  };
}

/**
 * The channels a sync reminder goes to for one contact: the plan's
 * `sync.channels` that the contact has. A contact with none of them (a phone
 * only, with reminders by email) gets it on what they have: a reminder nobody
 * receives is a missed sync.
 */
export function reminderChannels(contact: Pick<Contact, 'email' | 'phone'>, channels: readonly NotificationChannel[]): NotificationChannel[] {
  const has: NotificationChannel[] = [];
  if (contact.email !== undefined) has.push('email');
  if (contact.phone !== undefined) has.push('sms');
  const wanted = has.filter((channel) => channels.includes(channel));
  return wanted.length > 0 ? wanted : has;
}

const STREAM_NAME: Record<SyncStream, string> = {
  response: 'whole-response',
  engineering: 'Engineering workstream',
  communications: 'Communications workstream',
};

/** The reminder's words: which sync, which incident, who leads. */
export function reminderMessage(incident: Pick<Incident, 'id' | 'title' | 'severity' | 'crisisLead' | 'phase'>, reminder: DueReminder): { subject: string; body: string; sms: string } {
  const sev = incident.severity.toUpperCase();
  const name = STREAM_NAME[reminder.stream];
  return {
    subject: `[sirp] ${sev} ${incident.id}: ${name} sync #${reminder.slot} is due`,
    body: [
      `${sev} incident ${incident.id}: ${incident.title}`,
      `The ${name} sync #${reminder.slot} is due now (phase ${incident.phase}). Crisis Lead: ${incident.crisisLead ?? '-'}.`,
      'Share status, blockers and next steps; decisions go through the Crisis Lead.',
    ].join('\n'),
    sms: `SIRP ${incident.id}: ${name} sync #${reminder.slot} due now.`,
  };
}
