import type { Plan } from '../plan/plan.schema';
import type { CommunicationDraft } from './communication';

/** One message to one person on one channel, as the notifier sends it. */
export interface Delivery {
  readonly recipient: string;
  readonly channel: 'email' | 'sms';
  readonly subject?: string;
  readonly body: string;
}

type Contacts = Pick<Plan, 'contacts' | 'name'>;

/** SMS has room for a headline; the full statement goes by email. */
const SMS_TITLE_LENGTH = 120;

/**
 * The released communication, to each recipient of the audience: by email
 * when the contact has one (the full text), else by SMS (the headline).
 * Recipients the plan no longer knows are skipped, never guessed.
 */
export function releaseDeliveries(draft: CommunicationDraft, recipients: readonly string[], plan: Contacts): Delivery[] {
  const out: Delivery[] = [];
  for (const id of recipients) {
    const contact = plan.contacts.find((c) => c.id === id);
    if (contact?.email !== undefined) {
      out.push({ recipient: id, channel: 'email', subject: `[${plan.name}] ${draft.title}`, body: draft.message });
    } else if (contact?.phone !== undefined) {
      out.push({ recipient: id, channel: 'sms', body: `${plan.name}: ${draft.title.slice(0, SMS_TITLE_LENGTH)}` });
    }
  }
  return out;
}

/**
 * The draft's text for the Crisis Lead, next to the approval link: the link
 * page names the draft, this email carries what it says.
 */
export function reviewCopy(draft: CommunicationDraft, crisisLead: string): Delivery {
  return {
    recipient: crisisLead,
    channel: 'email',
    subject: `[sirp] ${draft.incidentId}: draft for ${draft.audience} awaiting your approval`,
    body: [
      `A communication to ${draft.audience} was drafted by ${draft.author} (draft ${draft.draftId}).`,
      'It is not sent before you approve it through the approval link you were sent separately.',
      '',
      '----- draft -----',
      draft.message,
      '----- end of draft -----',
    ].join('\n'),
  };
}

/** The author learns the outcome: released (to how many), or returned with the reason. */
export function outcomeNotice(draft: CommunicationDraft): Delivery {
  const released = draft.status === 'released';
  return {
    recipient: draft.author,
    channel: 'email',
    subject: `[sirp] ${draft.incidentId}: your draft for ${draft.audience} was ${released ? 'released' : draft.status}`,
    body: released
      ? `Draft ${draft.draftId} ("${draft.title}") was approved by ${draft.decidedBy ?? 'the Crisis Lead'} and sent to ${String(draft.recipients.length)} recipient(s).`
      : `Draft ${draft.draftId} ("${draft.title}") was ${draft.status}${draft.decidedBy === null ? '' : ` by ${draft.decidedBy}`}.` +
        `${draft.reason === null ? '' : `\nReason: ${draft.reason}`}\nRevise it and draft it again with "sirp comms draft".`,
  };
}
