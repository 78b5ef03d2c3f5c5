import type { Incident } from '../../core/incident/incident.schema';
import type { Plan } from '../../core/plan/plan.schema';
import type { Contact } from '../../core/plan/contact.schema';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from '../../core/plan/subscriptions';
import type { Notifier } from '../adapters/sns-notifier';

/**
 * One message to one person, once per channel they have (the topic's filter
 * policy routes it to them only). `channels` picks among them: by default every
 * channel (a page must reach its person); a sync reminder passes the plan's
 * choice for that contact.
 */
export async function notifyPerson(
  deps: { readonly plan: Plan; readonly notifier: Notifier },
  contactId: string,
  message: { readonly subject: string; readonly body: string; readonly sms: string },
  incident: Pick<Incident, 'id' | 'drill'>,
  channels: (contact: Contact) => readonly NotificationChannel[] = () => NOTIFICATION_CHANNELS,
): Promise<number> {
  const contact = deps.plan.contacts.find((c) => c.id === contactId);
  if (contact === undefined) return 0;
  const to = channels(contact);
  let sent = 0;
  if (contact.email !== undefined && to.includes('email')) {
    await deps.notifier.send({ recipient: contact.id, channel: 'email', subject: message.subject, body: message.body, incidentId: incident.id, drill: incident.drill });
    sent += 1;
  }
  if (contact.phone !== undefined && to.includes('sms')) {
    await deps.notifier.send({ recipient: contact.id, channel: 'sms', body: message.sms, incidentId: incident.id, drill: incident.drill });
    sent += 1;
  }
  return sent;
}
