import type { SyncStream } from '../../core/incident/incident.schema';
import type { Workstream } from '../../core/incident/roles';
import type { Contact } from '../../core/plan/contact.schema';
import { claimReminder, dueReminders, reminderChannels, reminderMessage } from '../../core/response/reminders';
import { engagementMessage, stakeholdersToEngage } from '../../core/response/stakeholders';
import { markEngaged, openWorkstream, workstreamMembers } from '../../core/response/workstreams';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../../core/plan/subscriptions';
import { toIso } from '../../core/time/clock';
import { claim } from './claim';
import { notifyPerson } from './notify-person';
import type { StepsDeps } from './steps-service';

/**
 * Notifies the stakeholders the plan engages for the incident's severity,
 * each with their role, on every channel they have.
 *
 * Each message (person and channel) is claimed on the timeline before it is
 * sent (`appendOnce`, key `engage:<contact>:<channel>`), and `engagedAt` on
 * the incident is the commit point of the whole step, written after the last
 * message. A run that dies midway is resumed by running the step again: it
 * sends only the messages nobody claimed, so nobody is engaged twice and
 * nobody is left out while the timeline says they were reached. A twin of the
 * step (a retried task) loses the claim and sends nothing. The one message a
 * crash can lose is the one claimed but not yet handed to SNS (at most once
 * per message, like any claim-then-send).
 */
export async function engageStakeholders(incidentId: string, deps: StepsDeps): Promise<{ engaged: number }> {
  const incident = await deps.incidents.require(incidentId);
  if (incident.engagedAt !== undefined) return { engaged: 0 };
  const now = deps.clock.now();
  const engagements = stakeholdersToEngage(deps.plan, incident);
  // One read of the timeline: the messages an earlier run claimed.
  const claimedBefore = new Set((await deps.timeline.list(incidentId)).map((e) => e.data.once).filter((once) => typeof once === 'string'));
  for (const engagement of engagements) {
    const contact = deps.plan.contacts.find((c) => c.id === engagement.contact);
    if (contact === undefined) continue;
    for (const channel of channelsOf(contact)) {
      const once = `engage:${contact.id}:${channel}`;
      if (claimedBefore.has(once)) continue;
      const { appended } = await deps.timeline.appendOnce(
        incidentId,
        once,
        { type: 'notified', actor: 'sirp', summary: `${contact.id} is engaged by ${channel} (${engagement.groups.join(', ')}).`, data: { engaged: contact.id, channel, groups: [...engagement.groups] } },
        toIso(now),
      );
      if (appended) await notifyPerson(deps, contact.id, engagementMessage(incident, engagement), incident, () => [channel]);
    }
  }
  const { claimed: ours } = await claim(deps.incidents, incidentId, (current) => markEngaged(current, now));
  if (!ours) return { engaged: 0 };
  await deps.timeline.appendOnce(
    incidentId,
    'stakeholders-engaged',
    {
      type: 'stakeholders-engaged',
      actor: 'sirp',
      summary:
        engagements.length === 0
          ? `The plan engages nobody beyond the Crisis Lead for ${incident.severity}.`
          : `Engaged ${engagements.map((e) => `${e.contact} (${e.groups.join(', ')})`).join('; ')}.`,
      data: { severity: incident.severity, engaged: engagements.map((e) => ({ contact: e.contact, groups: [...e.groups] })) },
    },
    toIso(now),
  );
  return { engaged: engagements.length };
}

/** The channels a person can be reached on: an engagement goes on every one (like a page). */
const channelsOf = (contact: Contact): NotificationChannel[] => NOTIFICATION_CHANNELS.filter((channel) => (channel === 'email' ? contact.email : contact.phone) !== undefined);

/** Opens one workstream with the Crisis Lead a member; opening it again changes nothing. */
export async function openIncidentWorkstream(incidentId: string, workstream: Workstream, deps: StepsDeps): Promise<{ workstream: Workstream; members: string[] }> {
  const incident = await deps.incidents.require(incidentId);
  const existing = incident.workstreams?.[workstream];
  if (existing !== undefined) return { workstream, members: existing.members };
  const members = workstreamMembers(deps.plan, incident, workstream);
  const now = deps.clock.now();
  const { incident: opened, claimed } = await claim(deps.incidents, incidentId, (current) => openWorkstream(current, workstream, members, now));
  const record = opened.workstreams?.[workstream];
  if (claimed) {
    await deps.timeline.append(
      incidentId,
      { type: 'workstream-opened', actor: 'sirp', summary: `The ${workstream} workstream is open: ${members.join(', ')}.`, data: { workstream, members } },
      toIso(now),
    );
  }
  return { workstream, members: record?.members ?? members };
}

/**
 * Sends every sync reminder that is due, for every open incident. Called on a
 * fixed rate (an EventBridge rule in AWS, the runtime's scheduler locally),
 * never from a loop inside a workflow: an incident open for a day would cost
 * a state transition per wait, a rule costs nothing per incident. Each
 * reminder is claimed on the incident (slot per stream) before it is sent,
 * so an overlapping or retried run never sends it twice.
 */
export async function sendSyncReminders(deps: StepsDeps): Promise<{ sent: { incidentId: string; stream: SyncStream; slot: number }[] }> {
  const now = deps.clock.now();
  const open = await deps.incidents.listByStatus('open', 500);
  const sent: { incidentId: string; stream: SyncStream; slot: number }[] = [];
  for (const reminder of dueReminders(open, deps.plan, now)) {
    const { incident: claimed, claimed: ours } = await claim(deps.incidents, reminder.incidentId, (current) => claimReminder(current, reminder.stream, reminder.slot, now));
    // Someone else claimed it, or the incident closed in between: not ours to send.
    if (!ours) continue;
    // A reminder is not urgent: it goes on the plan's sync channels (email by default), not as a page.
    const channels = (contact: Contact) => reminderChannels(contact, deps.plan.sync.channels);
    for (const recipient of reminder.recipients) await notifyPerson(deps, recipient, reminderMessage(claimed, reminder), claimed, channels);
    await deps.timeline.append(
      reminder.incidentId,
      {
        type: 'notified',
        actor: 'sirp',
        summary: `Sync reminder #${reminder.slot} (${reminder.stream}) sent to ${reminder.recipients.join(', ')}.`,
        data: { reminder: reminder.stream, slot: reminder.slot, recipients: [...reminder.recipients] },
      },
      toIso(now),
    );
    sent.push({ incidentId: reminder.incidentId, stream: reminder.stream, slot: reminder.slot });
  }
  return { sent };
}
