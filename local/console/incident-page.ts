import { type Html, html } from '../../core/approval/html';
import type { Plan } from '../../core/plan/plan.schema';
import type { ApprovalView, ChainStatus, IncidentDetail, Signal, TimelineItem } from './console-data.schema';
import { capitalize, personName, timeTag } from './format';
import type { ConsolePage } from './layout';
import { phaseTimes, renderPhaseChart } from './phase-chart';
import { renderGatePanel, renderPhaseProgress } from './phase-progress';
import { communicationsSection, failureBanner, reviewSection, tasksSection, workstreamsSection } from './response-sections';

/** Sections whose data comes and goes with the incident's progress: shown only when present. */
export interface IncidentExtras {
  readonly workstreams?: unknown;
  readonly tasks?: unknown;
  readonly communications?: unknown;
  readonly review?: unknown;
}

type PlanPeople = Pick<Plan, 'contacts' | 'escalation'>;

function section(id: string, title: string, content: Html): Html {
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${content}</section>`;
}

/** The chain verdict first: a tampered timeline is the one thing nobody may miss. */
function chainBanner(chain: ChainStatus): Html {
  if (chain.intact) return html`<p class="chain-ok">Hash chain intact${chain.entries === undefined ? '' : ` (${chain.entries} entries)`}: no entry was altered, removed or inserted.</p>`;
  return html`<p class="chain-bad" role="alert">Hash chain BROKEN at entry ${chain.firstBadSeq ?? '?'}: ${chain.reason ?? 'unknown reason'}. Entries from there on cannot be trusted.</p>`;
}

function timeline(entries: readonly TimelineItem[], chain: ChainStatus, people: PlanPeople): Html {
  const newestFirst = [...entries].sort((a, b) => b.seq - a.seq);
  const items = newestFirst.map(
    (e) => html`<li><p class="entry-head">${timeTag(e.at)} · <span class="entry-actor">${personName(e.actor, people.contacts)}</span> · <span class="tag">${e.type}</span> <span class="muted small">#${e.seq}</span></p><p class="entry-text">${e.summary}</p></li>`,
  );
  return html`${chainBanner(chain)}${entries.length === 0 ? html`<p class="muted">No entries yet.</p>` : html`<ol class="timeline" reversed>${items}</ol>`}`;
}

function signals(list: readonly Signal[]): Html {
  if (list.length === 0) return html`<p class="muted">No signals recorded.</p>`;
  const rows = list.map(
    (s) => html`<tr><td data-label="At">${timeTag(s.at)}</td><th scope="row" data-label="Signal">${s.title}<br><span class="muted small">${s.source}${s.kind === undefined ? '' : ` · ${s.kind}`}</span></th>
<td data-label="Outcome">${s.outcome}</td><td data-label="Severity">${s.severity ?? '-'}${s.rule === null || s.rule === undefined ? '' : ` (${s.rule})`}</td>
<td data-label="Raw event"><details><summary>Raw event</summary><pre class="raw">${JSON.stringify(s.raw, null, 2)}</pre></details></td></tr>`,
  );
  return html`<div class="table-wrap"><table><caption>${list.length} correlated signal${list.length === 1 ? '' : 's'}, newest first</caption>
<thead><tr><th scope="col">At</th><th scope="col">Signal</th><th scope="col">Outcome</th><th scope="col">Severity</th><th scope="col">Raw event</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function approvals(list: readonly ApprovalView[], people: PlanPeople): Html {
  if (list.length === 0) return html`<p class="muted">No decisions asked yet.</p>`;
  const rows = list.map(
    (a) => html`<tr><th scope="row" data-label="Question">${capitalize(a.gate ?? 'decision')}</th><td data-label="Asked of">${personName(a.decider, people.contacts)}</td>
<td data-label="Status"><span class="tag status-${a.status}">${a.status}</span></td>
<td data-label="Decided">${a.decidedAt === null || a.decidedAt === undefined ? html`<span class="muted">-</span>` : html`${timeTag(a.decidedAt)} by ${personName(a.decidedBy ?? '?', people.contacts)}`}</td>
<td data-label="Expires">${a.expiresAt === undefined ? '-' : timeTag(a.expiresAt)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><caption>Decisions asked, with their state (the links themselves are only in the outbox)</caption>
<thead><tr><th scope="col">Question</th><th scope="col">Asked of</th><th scope="col">Status</th><th scope="col">Decided</th><th scope="col">Expires</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** `/incidents/<id>`: where it stands, who must act, what happened, in one page. */
export function incidentPage(detail: IncidentDetail, extras: IncidentExtras, plan: PlanPeople, org: string, nowMs: number): ConsolePage {
  const i = detail.incident;
  const deputy = detail.record.deputy ?? null;
  const drill = i.drill ? html`<p class="drill-banner">DRILL: this incident is a tabletop exercise.</p>` : html``;
  const optional = (id: string, title: string, content: Html | null): Html => (content === null ? html`` : section(id, title, content));
  const failure = detail.record.failure === undefined || detail.record.failure === null ? html`` : failureBanner(detail.record.failure);
  const content = html`${drill}${failure}<h1><span class="sev sev-${i.severity}">${i.severity}</span> ${i.title}</h1>
<dl class="facts facts-inline"><dt>Incident</dt><dd>${i.id}</dd><dt>Status</dt><dd>${i.status}</dd><dt>Phase</dt><dd>${capitalize(i.phase)}</dd>
<dt>Crisis Lead</dt><dd>${i.crisisLead === null ? 'not mobilized yet' : personName(i.crisisLead, plan.contacts)}</dd>
<dt>Deputy</dt><dd>${deputy === null ? '-' : personName(deputy, plan.contacts)}</dd><dt>Severity rule</dt><dd>${i.severityRule}</dd>
<dt>Opened</dt><dd>${timeTag(i.createdAt)}</dd>${detail.record.source === undefined ? html`` : html`<dt>Source</dt><dd>${detail.record.source}</dd>`}</dl>
${section('progress', 'Progress', html`${renderPhaseProgress(i)}${renderGatePanel(i, deputy, plan, nowMs)}`)}
${section('phase-time', 'Time per phase', renderPhaseChart(phaseTimes(i, nowMs)))}
${optional('workstreams', 'Workstreams', workstreamsSection(extras.workstreams, plan))}${optional('tasks', 'Tasks', tasksSection(extras.tasks, plan))}
${optional('communications', 'Communications', communicationsSection(extras.communications, plan))}${optional('review', 'Post-incident review', reviewSection(extras.review))}
${section('decisions', 'Decisions', approvals(detail.approvals, plan))}
${section('signals', 'Correlated signals', signals(detail.signals))}
${section('timeline', 'Timeline', timeline(detail.timeline, detail.chain, plan))}`;
  return { status: 200, title: `${i.severity} ${i.title}`, section: 'incidents', org, live: true, content };
}
