import { type Html, html } from '../../core/approval/html';
import type { IntakeResult } from './console-data.schema';
import type { ConsolePage } from './layout';

export interface ExampleEvent {
  /** File name without `.json`: what the form posts. */
  readonly name: string;
  readonly label: string;
}

/** What the last submission produced: the intake's answer, or why the console could not send it. */
export type IntakeOutcome = { readonly kind: 'answered'; readonly httpStatus: number; readonly answer: IntakeResult } | { readonly kind: 'refused'; readonly message: string };

function reasonText(reason: unknown): string {
  if (reason === undefined || reason === null) return '';
  if (typeof reason === 'object' && 'message' in reason) {
    const { path, message } = reason as { path?: unknown; message?: unknown };
    return `${typeof path === 'string' ? `${path}: ` : ''}${String(message)}`;
  }
  return JSON.stringify(reason);
}

function outcomeView(outcome: IntakeOutcome): Html {
  if (outcome.kind === 'refused') return html`<section aria-labelledby="result" class="result result-bad" role="alert"><h2 id="result">Not sent</h2><p>${outcome.message}</p></section>`;
  const rows = outcome.answer.results.map(
    (r) => html`<tr><th scope="row" data-label="Outcome"><span class="tag outcome-${r.outcome}">${r.outcome}</span></th>
<td data-label="Incident">${r.incidentId === null || r.incidentId === undefined ? html`<span class="muted">-</span>` : html`<a href="${`/incidents/${encodeURIComponent(r.incidentId)}`}">${r.incidentId}</a>`}</td>
<td data-label="Severity">${r.severity ?? '-'}</td><td data-label="Correlation key"><code>${r.correlationKey ?? '-'}</code></td><td data-label="Reason">${reasonText(r.reason)}</td></tr>`,
  );
  const accepted = outcome.httpStatus < 300;
  return html`<section aria-labelledby="result" class="${accepted ? 'result result-ok' : 'result result-bad'}" role="status"><h2 id="result">Triage outcome (HTTP ${outcome.httpStatus})</h2>
${outcome.answer.eventId === undefined ? html`` : html`<p>Event <code>${outcome.answer.eventId}</code></p>`}
<div class="table-wrap"><table><caption>What the intake did with it</caption><thead><tr><th scope="col">Outcome</th><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Correlation key</th><th scope="col">Reason</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

/**
 * `/intake`: send a bundled example event or paste one; the console server
 * posts it to the runtime's own `POST /events`, exactly what EventBridge or
 * `sirp trigger` would send, and shows the triage outcome.
 */
export function intakePage(examples: readonly ExampleEvent[], formToken: string, org: string, outcome: IntakeOutcome | null, pasted = ''): ConsolePage {
  const choices = examples.map(
    (e, i) => html`<div class="choice"><input type="radio" id="ex-${e.name}" name="example" value="${e.name}"${i === 0 ? html` checked` : html``}><label for="ex-${e.name}">${e.label} <span class="muted small">(${e.name}.json)</span></label></div>`,
  );
  // The form did its job even when the intake rejected the event: that verdict is the page's content, not its status.
  const status = outcome?.kind === 'refused' ? 400 : 200;
  const content = html`<h1>Intake</h1><p class="note">Send a security event to the intake, as an alarm or a finding would arrive from AWS, and see how triage classifies it.</p>
${outcome === null ? html`` : outcomeView(outcome)}
<form class="intake" method="post" action="/intake"><input type="hidden" name="csrf" value="${formToken}">
<fieldset><legend>A bundled example</legend>${choices}</fieldset>
<label for="event">Or paste an event (JSON); when filled, it is sent instead of the example</label>
<textarea id="event" name="event" rows="10" spellcheck="false">${pasted}</textarea>
<button type="submit">Send to the intake</button></form>`;
  return { status, title: 'Intake', section: 'intake', org, content };
}
