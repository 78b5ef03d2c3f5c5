import type { DecisionSubject } from '../incident/deciders';
import type { Incident } from '../incident/incident.schema';
import type { Contact } from '../plan/contact.schema';
import type { Plan } from '../plan/plan.schema';
import { ApprovalLinkTooLongError } from './approval-errors';
import { formatInstant, formatInstantShort } from './format-time';
import { gsm7Length, isGsm7, SMS_SEPTETS, toGsm7 } from './gsm7';
import { describeSubject } from './subject-text';

/** Everything a notification about one approval says. */
export interface ApprovalNotice {
  readonly incident: Pick<Incident, 'id' | 'title' | 'severity' | 'drill'>;
  readonly subject: DecisionSubject;
  readonly recipient: Pick<Contact, 'name' | 'timeZone'>;
  /** The personal link from `issueLink`. */
  readonly link: string;
  readonly expiresAt: string;
  readonly plan: Pick<Plan, 'name' | 'containment'>;
}

/** A plain-text email (SNS email is plain text). */
export interface EmailMessage {
  readonly subject: string;
  readonly body: string;
}

/** SNS refuses email subjects of 100 characters or more, non-ASCII, or with line breaks. */
const MAX_EMAIL_SUBJECT = 99;
/** A title cut shorter than this says nothing; the SMS drops it instead. */
const MIN_SMS_TITLE = 12;
const ELLIPSIS = '...';

/** The email for an approval: what is decided, by when (in the recipient's time zone), and the link. */
export function composeEmail(notice: ApprovalNotice): EmailMessage {
  const { incident, recipient } = notice;
  const text = describeSubject(notice.subject, notice.plan);
  const title = oneLine(incident.title);
  const drill = incident.drill ? 'DRILL ' : '';
  const subject = clip(toAscii(`[sirp] ${drill}${incident.severity.toUpperCase()} ${incident.id} decision needed: ${title}`), MAX_EMAIL_SUBJECT);
  const lines = [
    `Hello ${oneLine(recipient.name)},`,
    '',
    ...(incident.drill ? ['THIS IS A DRILL. Decide as you would in a real incident.', ''] : []),
    `Incident:  ${incident.id} (${incident.severity.toUpperCase()}) ${title}`,
    `Decision:  ${text.question}`,
    `Decide by: ${formatInstant(notice.expiresAt, recipient.timeZone)} (${formatInstant(notice.expiresAt, 'UTC')})`,
    '',
    'Open this link to see the details and decide:',
    notice.link,
    '',
    'This link is personal: it is bound to you, works once and expires with the decision. Do not forward it.',
    'Opening it decides nothing: you decide on the page it opens.',
    '',
    `-- sirp, ${oneLine(notice.plan.name)}`,
  ];
  return { subject, body: lines.join('\n') };
}

/**
 * The SMS for an approval: at most 160 GSM-7 septets, link included. The
 * richest wording that fits wins. What goes first, as room runs out: the
 * "opening decides nothing" note (the page says it again), the title (shortened, then
 * dropped), the deadline, the incident id; the link is never cut. A base URL
 * too long for even the bare link is a configuration error.
 */
export function composeSms(notice: ApprovalNotice): string {
  const { incident, link } = notice;
  if (!isGsm7(link)) throw new ApprovalLinkTooLongError('the approval link has characters SMS cannot carry');
  const text = describeSubject(notice.subject, notice.plan);
  const drill = incident.drill ? 'DRILL ' : '';
  const head = `${drill}SIRP ${incident.severity.toUpperCase()} ${incident.id}`;
  const title = oneLine(incident.title);
  const by = `By ${toGsm7(formatInstantShort(notice.expiresAt, notice.recipient.timeZone))}.`;
  const candidates = [
    withTitle(head, title, `: ${text.short} ${by} Opening decides nothing: ${link}`),
    withTitle(head, title, `: ${text.short} ${by} ${link}`),
    `${head}: ${text.short} ${by} ${link}`,
    `${head}: ${text.short} ${link}`,
    `${drill}SIRP: ${text.short} ${link}`,
    `${drill}${link}`,
    link,
  ];
  const fitting = candidates.find((sms) => sms !== undefined && fits(sms));
  if (fitting === undefined) {
    throw new ApprovalLinkTooLongError(`the approval link is ${link.length} characters: it cannot fit one SMS; use a shorter approvals.baseUrl`);
  }
  return fitting;
}

/** `head title<rest>`, the title shortened (GSM-7, ellipsis) to what is left, or undefined when too little is. */
function withTitle(head: string, title: string, rest: string): string | undefined {
  const room = SMS_SEPTETS - gsm7Length(`${head} ${rest}`);
  const clean = toGsm7(title);
  if (gsm7Length(clean) <= room) return `${head} ${clean}${rest}`;
  if (room < MIN_SMS_TITLE) return undefined;
  return `${head} ${cutToSeptets(clean, room - ELLIPSIS.length)}${ELLIPSIS}${rest}`;
}

const fits = (sms: string): boolean => gsm7Length(sms) <= SMS_SEPTETS;

function cutToSeptets(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (gsm7Length(out + char) > max) break;
    out += char;
  }
  return out.trimEnd();
}

/** Free text on one line: titles and names must not start lines of their own in a message. */
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();

/** ASCII only (GSM-7 look-alike mapping first, then "?" for the rest). */
const toAscii = (text: string): string => toGsm7(text).replace(/[^\x20-\x7e]/g, '?');

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - ELLIPSIS.length)}${ELLIPSIS}`);
