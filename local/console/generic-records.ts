import { type Html, html } from '../../core/approval/html';
import { capitalize } from './format';

/*
 * Sections whose data is still being built elsewhere (workstreams, tasks,
 * communications, the review) are rendered from whatever JSON the incident
 * API returns: an array of records as a table of their plain fields, a record
 * as a definition list, anything else as formatted JSON. Every value goes
 * through the escaping template like everything else.
 */

const MAX_COLUMNS = 7;

type Scalar = string | number | boolean | null;

const isScalar = (value: unknown): value is Scalar =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** "dueAt" -> "Due at", "crisis_lead" -> "Crisis lead". */
export const labelOf = (key: string): string => capitalize(key.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());

function cell(value: unknown): Html {
  if (value === null || value === undefined) return html`<span class="muted">-</span>`;
  if (isScalar(value)) return html`${String(value)}`;
  if (Array.isArray(value) && value.every(isScalar)) return html`${value.map(String).join(', ')}`;
  return html`<code>${JSON.stringify(value)}</code>`;
}

/** The columns: the plain fields that the records have, in first-seen order, at most a readable few. */
function columnsOf(records: readonly Record<string, unknown>[]): string[] {
  const seen: string[] = [];
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (!seen.includes(key) && (isScalar(value) || (Array.isArray(value) && value.every(isScalar)))) seen.push(key);
    }
  }
  return seen.slice(0, MAX_COLUMNS);
}

/** Renders an unknown JSON value as readable HTML. */
export function renderRecords(value: unknown, caption: string): Html {
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<p class="muted">None yet.</p>`;
    const records = value.filter(isRecord);
    if (records.length === value.length) {
      const columns = columnsOf(records);
      const head = columns.map((c) => html`<th scope="col">${labelOf(c)}</th>`);
      const rows = records.map((r) => html`<tr>${columns.map((c) => html`<td data-label="${labelOf(c)}">${cell(r[c])}</td>`)}</tr>`);
      return html`<div class="table-wrap"><table><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
    }
    return html`<ul>${value.map((v) => html`<li>${cell(v)}</li>`)}</ul>`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([key, v]) => {
      const rendered = isScalar(v) || (Array.isArray(v) && v.every(isScalar)) ? cell(v) : renderRecords(v, labelOf(key));
      return html`<dt>${labelOf(key)}</dt><dd>${rendered}</dd>`;
    });
    return html`<dl class="facts">${entries}</dl>`;
  }
  return html`<p>${cell(value)}</p>`;
}
