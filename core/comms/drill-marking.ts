/** What a drill's message needs to say so: its channel, subject and body. */
export interface MarkableMessage {
  readonly channel: 'email' | 'sms';
  readonly subject?: string;
  readonly body: string;
}

const DRILL_SUBJECT = '[DRILL] ';
const DRILL_EMAIL_LINE = 'THIS IS A DRILL: a rehearsal, not a real incident.';
const DRILL_SMS = 'DRILL ';

/** Within its first lines, where a reader looks (the approval pages greet the person first). */
export const saysDrill = (body: string): boolean => body.split('\n', 4).some((line) => line.startsWith('THIS IS A DRILL'));

/**
 * A drill's message says so before anything else: someone engaged, reminded
 * or briefed during a tabletop must never take it for a real incident, and
 * must never act on it as one. Messages composed as drill messages already
 * (the approval pages) are left as they are.
 */
export function markDrill<M extends MarkableMessage>(message: M): M {
  if (message.channel === 'sms') return message.body.startsWith('DRILL') ? message : { ...message, body: `${DRILL_SMS}${message.body}` };
  const subject = message.subject === undefined || message.subject.includes('DRILL') ? message.subject : `${DRILL_SUBJECT}${message.subject}`;
  const body = saysDrill(message.body) ? message.body : `${DRILL_EMAIL_LINE}\n\n${message.body}`;
  return { ...message, body, ...(subject === undefined ? {} : { subject }) };
}
