import type { IncomingMessage, ServerResponse } from 'node:http';
import { DraftRequestSchema, newDraft } from '../../core/comms/communication';
import { SirpError } from '../../core/errors/sirp-error';
import type { Plan } from '../../core/plan/plan.schema';
import { draftReview } from '../../core/review/review';
import { verifyTimeline } from '../../core/timeline/verify-timeline';
import { formatZodIssues } from '../../core/validation/zod-issues';
import { type CommunicationStore, newDraftId } from '../../lambdas/adapters/communication-store';
import type { IncidentStore } from '../../lambdas/adapters/incident-store';
import type { TimelineStore } from '../../lambdas/adapters/timeline-store';
import { BodyTooLargeError, readBody } from './http-body';
import { sendError, sendJson } from './json-response';

export interface ResponseRouteDeps {
  readonly incidents: IncidentStore;
  readonly timeline: TimelineStore;
  readonly timelineKey: () => Promise<string>;
  readonly communications: CommunicationStore;
  readonly plan: Plan;
  readonly now: () => number;
  /** Starts the communication workflow of one draft (StartExecution on the engine). */
  startCommunication(input: { readonly incidentId: string; readonly draftId: string }): Promise<void>;
}

/** A draft is a message, not a document: 64 KiB is room for the longest statement and its JSON. */
const MAX_DRAFT_BODY = 64 * 1024;

const INCIDENT = /^\/api\/incidents\/(inc-[a-z0-9]{8,40})\/(review|verify|comms)$/;

/**
 * The Learn, Communications and timeline APIs of the runtime (operator side,
 * behind the access rule): `GET .../review`, `GET .../verify`,
 * `GET|POST .../comms`, `GET /api/comms`. Returns false for any other path.
 */
export async function handleResponseApi(req: IncomingMessage, res: ServerResponse, path: string, deps: ResponseRouteDeps): Promise<boolean> {
  if (path === '/api/comms') {
    if (!allow(req, res, ['GET'])) return true;
    await listAllDrafts(res, deps);
    return true;
  }
  const match = INCIDENT.exec(path);
  const id = match?.[1];
  const what = match?.[2];
  if (id === undefined || what === undefined) return false;
  if (!allow(req, res, what === 'comms' ? ['GET', 'POST'] : ['GET'])) return true;
  const incident = await deps.incidents.get(id);
  if (incident === null) {
    sendError(res, 404, `no incident ${id}`);
    return true;
  }
  if (what === 'verify') {
    const [records, key] = await Promise.all([deps.timeline.records(id), deps.timelineKey()]);
    sendJson(res, 200, { incidentId: id, ...verifyTimeline(key, records) });
  } else if (what === 'review') {
    const timeline = await deps.timeline.list(id);
    const stored = timeline.findLast((e) => e.type === 'review-drafted' && typeof e.data.markdown === 'string');
    // The stored draft is what the Crisis Lead was asked to approve; before Learn there is only a live draft.
    sendJson(res, 200, {
      incidentId: id,
      phase: incident.phase,
      drafted: stored === undefined ? null : { seq: stored.seq, at: stored.at, sha256: stored.data.sha256 },
      markdown: stored === undefined ? draftReview(incident, timeline, deps.plan) : stored.data.markdown,
    });
  } else if (req.method === 'GET') {
    sendJson(res, 200, (await deps.communications.list(id)).map(listed));
  } else {
    await createDraft(req, res, id, deps);
  }
  return true;
}

function allow(req: IncomingMessage, res: ServerResponse, methods: readonly string[]): boolean {
  if (methods.includes(req.method ?? '')) return true;
  sendError(res, 405, `${req.method ?? ''} is not allowed here (${methods.join(', ')})`);
  return false;
}

async function createDraft(req: IncomingMessage, res: ServerResponse, incidentId: string, deps: ResponseRouteDeps): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, MAX_DRAFT_BODY)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLargeError) sendError(res, 413, error.message);
    else sendError(res, 400, 'the body must be JSON: {"audience": ..., "message": ..., "author"?: ...}');
    return;
  }
  const parsed = DraftRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const [first] = formatZodIssues(parsed.error);
    sendError(res, 400, formatZodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; '), first?.path ?? null);
    return;
  }
  const author = parsed.data.author;
  if (author !== undefined && !deps.plan.contacts.some((c) => c.id === author)) {
    sendError(res, 400, `author: "${author}" is not a contact in this plan`, 'author');
    return;
  }
  const incident = await deps.incidents.require(incidentId);
  const now = deps.now();
  let draft;
  try {
    draft = newDraft({ draftId: newDraftId(), request: parsed.data }, incident, deps.plan, now);
  } catch (error) {
    if (error instanceof SirpError) {
      sendError(res, 409, error.message);
      return;
    }
    throw error;
  }
  // The draft record is the commit point: its workflow (started here, or again at the next start) records it on the timeline.
  await deps.communications.create(draft);
  await deps.startCommunication({ incidentId, draftId: draft.draftId });
  sendJson(res, 202, listed(draft));
}

async function listAllDrafts(res: ServerResponse, deps: ResponseRouteDeps): Promise<void> {
  const incidents = (await Promise.all((['open', 'closed', 'dismissed'] as const).map((s) => deps.incidents.listByStatus(s, 500)))).flat();
  const drafts = (await Promise.all(incidents.map((i) => deps.communications.list(i.id)))).flat();
  sendJson(res, 200, drafts.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(listed));
}

/** What a listing shows of a draft: its state and outcome, not a credential (drafts hold none). */
const listed = (d: Awaited<ReturnType<CommunicationStore['list']>>[number]) => ({
  draftId: d.draftId,
  incidentId: d.incidentId,
  audience: d.audience,
  title: d.title,
  author: d.author,
  status: d.status,
  createdAt: d.createdAt,
  decidedBy: d.decidedBy,
  decidedAt: d.decidedAt,
  reason: d.reason,
  recipients: d.recipients,
  releasedAt: d.releasedAt,
  message: d.message,
});

/**
 * Executions of the embedded engine live in memory: at start, every draft of
 * an open incident that is still pending (or approved but not yet released)
 * gets its workflow again. The approval step takes over the pending approval
 * without paging; an approved draft is delivered.
 */
export async function resumeCommunications(deps: Pick<ResponseRouteDeps, 'incidents' | 'communications' | 'startCommunication'>): Promise<number> {
  let resumed = 0;
  for (const incident of await deps.incidents.listByStatus('open', 1000)) {
    for (const draft of await deps.communications.list(incident.id)) {
      if (draft.status !== 'pending' && draft.status !== 'approved') continue;
      await deps.startCommunication({ incidentId: incident.id, draftId: draft.draftId });
      resumed += 1;
    }
  }
  return resumed;
}
