import { type Html, html } from '../../core/approval/html';
import type { Plan } from '../../core/plan/plan.schema';
import type { DeliveryView } from './console-data.schema';
import { personName, timeTag } from './format';
import type { ConsolePage } from './layout';

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;
/** Sentence punctuation right after a URL belongs to the sentence, not the link. */
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Message text with its http(s) URLs as links, everything escaped: the text
 * pieces and the URL (in the attribute and as link text) each go through the
 * template. No other scheme becomes a link.
 */
export function linkify(text: string): Html {
  const parts: Html[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    parts.push(html`${text.slice(last, start)}`, html`<a href="${url}">${url}</a>`);
    last = start + url.length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

type People = Pick<Plan, 'contacts'>;

function email(d: DeliveryView, people: People): Html {
  return html`<article class="message message-email" aria-labelledby="m-${d.id}"><header class="message-head">
<p class="message-subject" id="m-${d.id}">${d.subject ?? '(no subject)'}</p>
<dl class="message-meta"><dt>To</dt><dd>${personName(d.to, people.contacts)} &lt;${d.address}&gt;</dd><dt>Date</dt><dd>${timeTag(d.at)}</dd>${d.incidentId === undefined ? html`` : html`<dt>Incident</dt><dd><a href="${`/incidents/${encodeURIComponent(d.incidentId)}`}">${d.incidentId}</a></dd>`}</dl></header>
<div class="message-body">${linkify(d.body)}</div></article>`;
}

function sms(d: DeliveryView, people: People): Html {
  return html`<article class="message message-sms" aria-labelledby="m-${d.id}"><header class="message-head">
<p class="message-subject" id="m-${d.id}">SMS to ${personName(d.to, people.contacts)} (${d.address})</p><p class="muted small">${timeTag(d.at)}</p></header>
<div class="sms-bubble">${linkify(d.body)}</div></article>`;
}

export interface OutboxFilter {
  readonly to: string | null;
}

function filterForm(filter: OutboxFilter, people: People): Html {
  const options = [
    filter.to === null ? html`<option value="" selected>Everyone</option>` : html`<option value="">Everyone</option>`,
    ...people.contacts.map((c) => (c.id === filter.to ? html`<option value="${c.id}" selected>${c.name}</option>` : html`<option value="${c.id}">${c.name}</option>`)),
  ];
  return html`<form class="filters" method="get" action="/outbox"><div><label for="f-to">Sent to</label><select id="f-to" name="to">${options}</select></div><div><button type="submit">Show</button></div></form>`;
}

/** `/outbox`: every email and SMS the runtime sent, as its reader sees it, newest first; the links work. */
export function outboxPage(deliveries: readonly DeliveryView[], filter: OutboxFilter, people: People, org: string): ConsolePage {
  const newestFirst = [...deliveries].sort((a, b) => b.at.localeCompare(a.at));
  const messages = newestFirst.map((d) => (d.channel === 'sms' ? sms(d, people) : email(d, people)));
  const intro = html`<p class="note">On this machine nothing leaves: every email and SMS lands here. To play the Crisis Lead, open their email and follow the link in it.</p>`;
  const body = messages.length === 0 ? html`<p class="empty">Nothing sent${filter.to === null ? '' : ` to ${personName(filter.to, people.contacts)}`} yet.</p>` : html`<div class="messages">${messages}</div>`;
  return { status: 200, title: 'Outbox', section: 'outbox', org, live: true, content: html`<h1>Outbox</h1>${intro}${filterForm(filter, people)}${body}` };
}
