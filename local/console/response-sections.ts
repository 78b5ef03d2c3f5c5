import { z } from 'zod';
import { type Html, html } from '../../core/approval/html';
import type { Plan } from '../../core/plan/plan.schema';
import { capitalize, personName, timeTag } from './format';
import { renderRecords } from './generic-records';

/*
 * The response's own sections of the incident page: workstreams (from the
 * incident record), tasks (`/api/tasks`), communication drafts (`.../comms`)
 * and the post-incident review (`.../review`). Each is parsed loosely; data of
 * a shape this file does not know yet still shows, through the generic renderer.
 */

type People = Pick<Plan, 'contacts'>;

const WorkstreamsSchema = z.record(z.string(), z.looseObject({ members: z.array(z.string()), openedAt: z.string() }));

const TasksSchema = z.array(
  z.looseObject({
    taskId: z.string(),
    phase: z.string(),
    title: z.string(),
    automated: z.boolean(),
    extraordinary: z.boolean().optional(),
    assignee: z.string().nullable(),
    status: z.string(),
    outcome: z.string().nullable().optional(),
  }),
);

const DraftsSchema = z.array(
  z.looseObject({
    draftId: z.string(),
    audience: z.string(),
    title: z.string(),
    author: z.string(),
    status: z.string(),
    createdAt: z.string(),
    decidedBy: z.string().nullable().optional(),
    decidedAt: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
    releasedAt: z.string().nullable().optional(),
    message: z.string().optional(),
  }),
);

const ReviewSchema = z.looseObject({
  markdown: z.string(),
  drafted: z.looseObject({ at: z.string(), sha256: z.unknown().optional() }).nullable(),
});

const FailureSchema = z.looseObject({ at: z.string() });

const names = (ids: readonly string[], people: People): string => ids.map((id) => personName(id, people.contacts)).join(', ');

export function workstreamsSection(value: unknown, people: People): Html | null {
  if (value === undefined || value === null) return null;
  const parsed = WorkstreamsSchema.safeParse(value);
  if (!parsed.success) return renderRecords(value, 'Workstreams');
  const rows = Object.entries(parsed.data).map(
    ([name, w]) => html`<tr><th scope="row" data-label="Workstream">${capitalize(name)}</th><td data-label="Members">${names(w.members, people)}</td><td data-label="Opened">${timeTag(w.openedAt)}</td></tr>`,
  );
  if (rows.length === 0) return null;
  return html`<div class="table-wrap"><table><caption>Workstreams open, the Crisis Lead a member of each</caption><thead><tr><th scope="col">Workstream</th><th scope="col">Members</th><th scope="col">Opened</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function tasksSection(value: unknown, people: People): Html | null {
  if (value === undefined || value === null) return null;
  const parsed = TasksSchema.safeParse(value);
  if (!parsed.success) return renderRecords(value, 'Tasks');
  if (parsed.data.length === 0) return null;
  const rows = parsed.data.map(
    (t) => html`<tr><th scope="row" data-label="Task">${t.title}${t.extraordinary === true ? html` <span class="tag tag-warn">needs an executive</span>` : html``}</th><td data-label="Phase">${capitalize(t.phase)}</td>
<td data-label="Who">${t.automated ? 'automated' : t.assignee === null ? '-' : personName(t.assignee, people.contacts)}</td><td data-label="Status"><span class="tag">${t.status}</span></td><td data-label="Outcome">${t.outcome ?? ''}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><caption>Containment and recovery tasks</caption><thead><tr><th scope="col">Task</th><th scope="col">Phase</th><th scope="col">Who</th><th scope="col">Status</th><th scope="col">Outcome</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function communicationsSection(value: unknown, people: People): Html | null {
  if (value === undefined || value === null) return null;
  const parsed = DraftsSchema.safeParse(value);
  if (!parsed.success) return renderRecords(value, 'Communications');
  if (parsed.data.length === 0) return null;
  const items = parsed.data.map((d) => {
    const decided = d.decidedAt === null || d.decidedAt === undefined ? html`` : html` · decided ${timeTag(d.decidedAt)} by ${personName(d.decidedBy ?? '?', people.contacts)}`;
    const released = d.releasedAt === null || d.releasedAt === undefined ? html`` : html` · released ${timeTag(d.releasedAt)}`;
    const reason = d.reason === null || d.reason === undefined ? html`` : html`<p>Rejected because: ${d.reason}</p>`;
    const message = d.message === undefined ? html`` : html`<details><summary>The message</summary><pre class="raw">${d.message}</pre></details>`;
    return html`<li><p><strong>${d.title}</strong> to <em>${d.audience}</em> <span class="tag status-${d.status}">${d.status}</span></p>
<p class="muted small">drafted by ${personName(d.author, people.contacts)} ${timeTag(d.createdAt)}${decided}${released}</p>${reason}${message}</li>`;
  });
  return html`<ul class="drafts">${items}</ul>`;
}

/** The review as the Crisis Lead is asked to approve it; before Learn, the live draft is folded away. */
export function reviewSection(value: unknown): Html | null {
  if (value === undefined || value === null) return null;
  const parsed = ReviewSchema.safeParse(value);
  if (!parsed.success) return renderRecords(value, 'Post-incident review');
  const { drafted, markdown } = parsed.data;
  if (drafted === null) return html`<details><summary>Preview: the review as it would be drafted now (it is drafted at Learn)</summary><pre class="review">${markdown}</pre></details>`;
  return html`<p>Drafted ${timeTag(drafted.at)}; the Crisis Lead approves it at the Learn gate.</p><pre class="review">${markdown}</pre>`;
}

/** A failed workflow of the incident: shown until the phase runs again. */
export function failureBanner(value: unknown): Html {
  const parsed = FailureSchema.safeParse(value);
  if (!parsed.success) return html``;
  const { at, ...rest } = parsed.data;
  const words = Object.values(rest).filter((v): v is string => typeof v === 'string').join(' · ');
  return html`<p class="chain-bad" role="alert">A workflow of this incident failed ${timeTag(at)}${words === '' ? '' : `: ${words}`}.</p>`;
}
