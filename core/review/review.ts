import type { Incident } from '../incident/incident.schema';
import type { Phase } from '../incident/phases';
import type { Plan } from '../plan/plan.schema';
import type { TimelineEntry } from '../timeline/timeline-entry';
import { cell, inline, mdTable } from './markdown';

/** What the review needs of the plan: who people are. */
export type ReviewPlan = Pick<Plan, 'name' | 'contacts'>;

/**
 * Milestones of the review's "time to" table: each is measured from the
 * moment the incident was opened to the moment the phase after it began
 * (containment is achieved when Recover starts, recovery when Learn starts).
 */
const MILESTONES: readonly { readonly label: string; readonly phase: Phase; readonly meaning: string }[] = [
  { label: 'Time to mobilize', phase: 'mobilize', meaning: 'a Crisis Lead took ownership' },
  { label: 'Time to contain', phase: 'recover', meaning: 'containment signed off' },
  { label: 'Time to recover', phase: 'learn', meaning: 'recovery signed off' },
];

const text = (data: Record<string, unknown>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
};

/** "1 h 05 min", "3 min 20 s", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${String(d)} d ${String(h)} h`;
  if (h > 0) return `${String(h)} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${String(m)} min ${String(s).padStart(2, '0')} s`;
  return `${String(s)} s`;
}

const when = (iso: string): string => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The post-incident review ("Learn"), drafted from the record and the
 * hash-chained timeline: what happened and who decided what are facts from
 * the timeline; root cause, lessons and action items are sections the team
 * fills in. A pure function: the same incident and timeline always give the
 * same text, so a stored draft can be compared with a fresh one.
 */
export function draftReview(incident: Incident, timeline: readonly TimelineEntry[], plan: ReviewPlan): string {
  const who = (id: string | null): string => {
    if (id === null) return '-';
    const contact = plan.contacts.find((c) => c.id === id);
    return contact === undefined ? inline(id) : `${inline(contact.name)} (${inline(id)})`;
  };
  const opened = Date.parse(incident.createdAt);
  const sections = [
    `# Post-incident review: ${inline(incident.title)}`,
    [
      `- **Incident:** ${inline(incident.id)}${incident.drill ? ' (drill)' : ''}`,
      `- **Organization:** ${inline(plan.name)}`,
      `- **Severity:** ${incident.severity} (rule: ${inline(incident.severityRule)})`,
      `- **Status:** ${incident.status}, phase ${incident.phase}`,
      `- **Crisis Lead:** ${who(incident.crisisLead)}`,
      `- **Opened:** ${when(incident.createdAt)} from ${incident.source}`,
      ...(incident.phaseEnteredAt.closed === undefined ? [] : [`- **Closed:** ${when(incident.phaseEnteredAt.closed)}`]),
    ].join('\n'),
    '## Summary',
    `A ${incident.severity} incident, "${inline(incident.title)}", raised by ${incident.source}. ` +
      `The timeline below holds ${String(timeline.length)} hash-chained entries; every decision in this review is taken from it.`,
    '## Time to respond',
    mdTable(
      ['Milestone', 'Reached', 'Since opened'],
      MILESTONES.map(({ label, phase, meaning }) => {
        const at = incident.phaseEnteredAt[phase];
        return [`${label} (${meaning})`, at === undefined ? 'not reached' : when(at), at === undefined ? '-' : formatDuration(Date.parse(at) - opened)];
      }),
    ),
    '## Decisions',
    listOrNone(decisions(timeline, who), ['At', 'Who', 'About', 'Decision', 'Reason'], 'No decision is recorded.'),
    '## Escalations',
    listOrNone(
      timeline.filter((e) => e.type === 'escalated').map((e) => [when(e.at), cell(e.summary)]),
      ['At', 'What'],
      'No gate escalated.',
    ),
    '## Stakeholders engaged',
    listOrNone(
      timeline.filter((e) => e.type === 'stakeholders-engaged' || e.type === 'workstream-opened').map((e) => [when(e.at), cell(e.summary)]),
      ['At', 'What'],
      'No stakeholder group is recorded as engaged.',
    ),
    '## Communications released',
    listOrNone(
      timeline
        .filter((e) => e.type === 'communication' && e.data.status === 'released')
        .map((e) => [when(e.at), cell(text(e.data, 'audience') ?? ''), who(text(e.data, 'approvedBy') ?? null), cell(e.summary)]),
      ['At', 'Audience', 'Approved by', 'What'],
      'No communication was released.',
    ),
    '## Timeline',
    listOrNone(
      timeline.map((e) => [String(e.seq), when(e.at), who(e.actor), e.type, cell(e.summary)]),
      ['#', 'At', 'Actor', 'Type', 'What'],
      'The timeline is empty.',
    ),
    '## Root cause',
    '_To be written by the team: what made this incident possible, and why it was not prevented or detected sooner._',
    '## What went well',
    '- _To be written by the team._',
    '## What did not go well',
    '- _To be written by the team._',
    '## Action items',
    mdTable(['Action', 'Owner', 'Due'], [['_To be written by the team_', '_contact id_', '_YYYY-MM-DD_']]),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** Gate sign-offs and rejections, and the Crisis Lead's decisions on communications. */
function decisions(timeline: readonly TimelineEntry[], who: (id: string | null) => string): string[][] {
  const rows: string[][] = [];
  for (const e of timeline) {
    if (e.type === 'decided') {
      const about = text(e.data, 'gate') ?? text(e.data, 'actionId') ?? text(e.data, 'taskId') ?? 'decision';
      rows.push([when(e.at), who(e.actor), cell(about), cell(text(e.data, 'decision') ?? ''), cell(text(e.data, 'reason') ?? '')]);
    } else if (e.type === 'communication' && (e.data.status === 'approved' || e.data.status === 'rejected')) {
      const about = `communication to ${text(e.data, 'audience') ?? '?'}`;
      rows.push([when(e.at), who(e.actor), cell(about), e.data.status === 'approved' ? 'approve' : 'reject', cell(text(e.data, 'reason') ?? '')]);
    }
  }
  return rows;
}

const listOrNone = (rows: readonly (readonly string[])[], headers: readonly string[], none: string): string =>
  rows.length === 0 ? `_${none}_` : mdTable(headers, rows);
