import type { Plan } from '../../core/plan/plan.schema';
import type { Notifier } from '../adapters/sns-notifier';

/** One message to one person, once per channel they have (the topic's filter policy routes it to them only). */
export async function notifyPerson(
  deps: { readonly plan: Plan; readonly notifier: Notifier },
  contactId: string,
  message: { readonly subject: string; readonly body: string; readonly sms: string },
  incidentId: string,
): Promise<number> {
  const contact = deps.plan.contacts.find((c) => c.id === contactId);
  if (contact === undefined) return 0;
  let sent = 0;
  if (contact.email !== undefined) {
    await deps.notifier.send({ recipient: contact.id, channel: 'email', subject: message.subject, body: message.body, incidentId });
    sent += 1;
  }
  if (contact.phone !== undefined) {
    await deps.notifier.send({ recipient: contact.id, channel: 'sms', body: message.sms, incidentId });
    sent += 1;
  }
  return sent;
}
