import { type Html, html } from '../../core/approval/html';
import { SEVERITIES } from '../../core/incident/severity';
import type { Plan } from '../../core/plan/plan.schema';
import type { IncidentSummary } from './console-data.schema';
import { capitalize, formatDuration, personName, untilText } from './format';
import type { ConsolePage } from './layout';

export const STATUS_FILTERS = ['open', 'closed', 'dismissed', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface IncidentFilter {
  readonly status: StatusFilter;
  readonly severity: (typeof SEVERITIES)[number] | null;
}

type People = Pick<Plan, 'contacts'>;

function option(value: string, label: string, selected: boolean): Html {
  return selected ? html`<option value="${value}" selected>${label}</option>` : html`<option value="${value}">${label}</option>`;
}

/** A GET form: filtering works without script, and the URL can be shared. */
function filterForm(filter: IncidentFilter): Html {
  const statuses = STATUS_FILTERS.map((s) => option(s, capitalize(s), s === filter.status));
  const severities = [option('', 'Any', filter.severity === null), ...SEVERITIES.map((s) => option(s, s, s === filter.severity))];
  return html`<form class="filters" method="get" action="/"><div><label for="f-status">Status</label><select id="f-status" name="status">${statuses}</select></div>
<div><label for="f-severity">Severity</label><select id="f-severity" name="severity">${severities}</select></div><div><button type="submit">Filter</button></div></form>`;
}

function waitingOn(incident: IncidentSummary, people: People, nowMs: number): Html {
  const gate = incident.gate;
  if (gate === null) return html`<span class="muted">nobody</span>`;
  return html`${capitalize(gate.gate)} gate: ${personName(gate.holder, people.contacts)} <span class="muted">(${untilText(gate.deadline, nowMs)})</span>`;
}

function row(incident: IncidentSummary, people: People, nowMs: number): Html {
  const href = `/incidents/${encodeURIComponent(incident.id)}`;
  return html`<tr><td data-label="Severity"><span class="sev sev-${incident.severity}">${incident.severity}</span></td>
<th scope="row" data-label="Title"><a href="${href}">${incident.title}</a><br><span class="muted small">${incident.id}</span></th>
<td data-label="Phase">${capitalize(incident.phase)}</td><td data-label="Waiting on">${waitingOn(incident, people, nowMs)}</td>
<td data-label="Crisis Lead">${incident.crisisLead === null ? html`<span class="muted">not mobilized</span>` : personName(incident.crisisLead, people.contacts)}</td>
<td data-label="Age">${formatDuration(nowMs - Date.parse(incident.createdAt))}</td><td data-label="Drill">${incident.drill ? html`<span class="tag tag-drill">drill</span>` : html`<span class="muted">no</span>`}</td></tr>`;
}

/** `/`: the incidents, newest first, with who each one waits on. */
export function incidentsPage(incidents: readonly IncidentSummary[], filter: IncidentFilter, people: People, org: string, nowMs: number): ConsolePage {
  const caption = `${incidents.length} ${filter.status === 'all' ? '' : `${filter.status} `}incident${incidents.length === 1 ? '' : 's'}${filter.severity === null ? '' : ` of ${filter.severity}`}`;
  const body =
    incidents.length === 0
      ? html`<p class="empty">No ${filter.status === 'all' ? '' : `${filter.status} `}incidents. Send an example alarm from the <a href="/intake">intake</a> to start one.</p>`
      : html`<div class="table-wrap"><table class="incidents"><caption>${caption}</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Title</th><th scope="col">Phase</th><th scope="col">Waiting on</th><th scope="col">Crisis Lead</th><th scope="col">Age</th><th scope="col">Drill</th></tr></thead>
<tbody>${incidents.map((i) => row(i, people, nowMs))}</tbody></table></div>`;
  return { status: 200, title: 'Incidents', section: 'incidents', org, live: true, content: html`<h1>Incidents</h1>${filterForm(filter)}${body}` };
}
