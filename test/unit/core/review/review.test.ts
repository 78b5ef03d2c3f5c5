import type { Incident } from '../../../../core/incident/incident.schema';
import { openIncident } from '../../../../core/incident/lifecycle';
import { cell, inline, mdTable } from '../../../../core/review/markdown';
import { draftReview, formatDuration } from '../../../../core/review/review';
import { chainEntry, type TimelineDraft, type TimelineEntry } from '../../../../core/timeline/timeline-entry';
import { validPlan } from '../plan/plan-fixture';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const MIN = 60_000;
const at = (minutes: number): string => new Date(T0 + minutes * MIN).toISOString();

function timelineOf(drafts: readonly [number, TimelineDraft][]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const [minutes, draft] of drafts) entries.push(chainEntry('k', 'inc-0123456789', entries.at(-1) ?? null, draft, at(minutes)));
  return entries;
}

function closedIncident(): Incident {
  const opened = openIncident(
    { id: 'inc-0123456789', org: 'testorg', title: 'sec-root-login alarm', severity: 'sev2', severityRule: 'security-alarms', source: 'cloudwatch', correlationKey: 'k', drill: false },
    T0,
  );
  return {
    ...opened,
    status: 'closed',
    phase: 'closed',
    crisisLead: 'lena',
    phaseEnteredAt: { alert: at(0), mobilize: at(5), contain: at(20), recover: at(95), learn: at(300), closed: at(3000) },
  };
}

const fullTimeline = timelineOf([
  [0, { type: 'incident-opened', actor: 'sirp', summary: 'Opened.', data: {} }],
  [5, { type: 'decided', actor: 'lena', summary: 'lena decided "mobilize" at the alert gate.', data: { gate: 'alert', decision: 'mobilize' } }],
  [6, { type: 'stakeholders-engaged', actor: 'sirp', summary: 'Engineering engaged: dev, lena.', data: {} }],
  [6, { type: 'workstream-opened', actor: 'sirp', summary: 'Workstream engineering opened.', data: {} }],
  [10, { type: 'escalated', actor: 'sirp', summary: 'lena did not answer: it goes to dev.', data: {} }],
  [12, { type: 'decided', actor: 'eve', summary: 'eve approved an action.', data: { actionId: 'go-offline', decision: 'approve' } }],
  [13, { type: 'decided', actor: 'eve', summary: 'eve approved a task.', data: { taskId: 'contain.isolate', decision: 'approve' } }],
  [15, { type: 'decided', actor: 'lena', summary: 'rejected', data: { gate: 'contain', decision: 'reject', reason: 'not yet: <img src=x> [link](http://evil) | pipe\nnewline' } }],
  [16, { type: 'decided', actor: 'ghost', summary: 'odd entry', data: {} }],
  [30, { type: 'communication', actor: 'lena', summary: 'approved', data: { status: 'approved', audience: 'employees' } }],
  [31, { type: 'communication', actor: 'sirp', summary: 'Communication "Outage" released to 1 recipient(s).', data: { status: 'released', audience: 'employees', approvedBy: 'lena' } }],
  [32, { type: 'communication', actor: 'lena', summary: 'rejected', data: { status: 'rejected', reason: 'tone' } }],
  [33, { type: 'communication', actor: 'cam', summary: 'drafted', data: { status: 'pending', audience: 'customers' } }],
  [34, { type: 'communication', actor: 'sirp', summary: 'odd release', data: { status: 'released' } }],
]);

describe('draftReview', () => {
  const review = draftReview(closedIncident(), fullTimeline, validPlan());

  it('heads the review with the incident, severity, Crisis Lead and closing time', () => {
    expect(review).toMatch(/^# Post-incident review: sec-root-login alarm\n/);
    expect(review).toContain('- **Severity:** sev2 (rule: security-alarms)');
    expect(review).toContain('- **Crisis Lead:** Lena Lead (lena)');
    expect(review).toContain('- **Closed:** 2026-03-04 11:00:00 UTC');
  });

  it('measures time to mobilize, contain and recover from the phase entry times', () => {
    expect(review).toContain('| Time to mobilize (a Crisis Lead took ownership) | 2026-03-02 09:05:00 UTC | 5 min 00 s |');
    expect(review).toContain('| Time to contain (containment signed off) | 2026-03-02 10:35:00 UTC | 1 h 35 min |');
    expect(review).toContain('| Time to recover (recovery signed off) | 2026-03-02 14:00:00 UTC | 5 h 00 min |');
  });

  it('lists every decision with who made it and when', () => {
    expect(review).toContain('| 2026-03-02 09:05:00 UTC | Lena Lead (lena) | alert | mobilize | - |');
    expect(review).toContain('| 2026-03-02 09:12:00 UTC | Eve Executive (eve) | go-offline | approve | - |');
    expect(review).toContain('| 2026-03-02 09:13:00 UTC | Eve Executive (eve) | contain.isolate | approve | - |');
    expect(review).toContain('| 2026-03-02 09:16:00 UTC | ghost | decision | - | - |');
    expect(review).toContain('| 2026-03-02 09:30:00 UTC | Lena Lead (lena) | communication to employees | approve | - |');
    expect(review).toContain('| 2026-03-02 09:32:00 UTC | Lena Lead (lena) | communication to ? | reject | tone |');
  });

  it('escapes what people typed so it cannot inject markup, links or table cells', () => {
    expect(review).toContain('not yet: &lt;img src=x\\> \\[link\\](http://evil) \\| pipe newline');
    expect(review).not.toContain('<img');
    expect(review).not.toContain('[link](');
  });

  it('lists escalations, stakeholders engaged and communications released', () => {
    expect(review).toContain('lena did not answer: it goes to dev.');
    expect(review).toContain('Engineering engaged: dev, lena.');
    expect(review).toContain('Workstream engineering opened.');
    expect(review).toContain('| 2026-03-02 09:31:00 UTC | employees | Lena Lead (lena) | Communication "Outage" released to 1 recipient(s). |');
    expect(review).toContain('| 2026-03-02 09:34:00 UTC | - | - | odd release |');
  });

  it('carries the whole timeline and the sections the team fills in', () => {
    expect(review).toContain('| 1 | 2026-03-02 09:00:00 UTC | sirp | incident-opened | Opened. |');
    for (const heading of ['## Root cause', '## What went well', '## What did not go well', '## Action items']) expect(review).toContain(heading);
    expect(review).toContain('| Action | Owner | Due |');
  });

  it('says what is missing for an incident still in Alert', () => {
    const fresh: Incident = { ...closedIncident(), status: 'open', phase: 'alert', crisisLead: null, drill: true, phaseEnteredAt: { alert: at(0) } };
    const text = draftReview(fresh, [], validPlan());
    expect(text).toContain('(drill)');
    expect(text).toContain('- **Crisis Lead:** -');
    expect(text).not.toContain('**Closed:**');
    expect(text).toContain('| Time to mobilize (a Crisis Lead took ownership) | not reached | - |');
    for (const none of ['No decision is recorded.', 'No gate escalated.', 'No stakeholder group is recorded as engaged.', 'No communication was released.', 'The timeline is empty.']) {
      expect(text).toContain(`_${none}_`);
    }
  });

  it('is a pure function of its inputs', () => {
    expect(draftReview(closedIncident(), fullTimeline, validPlan())).toBe(review);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5000, '0 s'],
    [42_000, '42 s'],
    [200_000, '3 min 20 s'],
    [3_900_000, '1 h 05 min'],
    [187_200_000, '2 d 4 h'],
  ])('formats %d ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('markdown escaping', () => {
  it('escapes markup, HTML and line breaks', () => {
    expect(inline('a*b_c`d # e\r\nf & <g> [x](y) ~z~ {t}')).toBe('a\\*b\\_c\\`d # e f &amp; &lt;g\\> \\[x\\](y) \\~z\\~ \\{t\\}');
  });

  it('never leaves a table cell empty', () => {
    expect(cell('  ')).toBe('-');
    expect(cell('x|y')).toBe('x\\|y');
  });

  it('builds a table with a header separator', () => {
    expect(mdTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});
