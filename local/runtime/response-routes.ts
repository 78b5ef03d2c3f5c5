import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plan } from '../../core/plan/plan.schema';
import { draftReview } from '../../core/review/review';
import { verifyTimeline } from '../../core/timeline/verify-timeline';
import type { CommunicationStore } from '../../lambdas/adapters/communication-store';
import { draftCommunication, listedDraft, MAX_DRAFT_BODY } from '../../lambdas/comms/draft-communication';
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
  let text: string;
  try {
    text = (await readBody(req, MAX_DRAFT_BODY)).toString('utf8');
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendError(res, 413, error.message);
    return;
  }
  // The same code as the stack's communications API (lambdas/comms): one path for both runtimes.
  const outcome = await draftCommunication(incidentId, text, { ...deps, workflows: { start: (input) => deps.startCommunication(input) } });
  if (outcome.ok) sendJson(res, 202, listed(outcome.draft));
  else sendError(res, outcome.status, outcome.error, outcome.path);
}

async function listAllDrafts(res: ServerResponse, deps: ResponseRouteDeps): Promise<void> {
  const incidents = (await Promise.all((['open', 'closed', 'dismissed'] as const).map((s) => deps.incidents.listByStatus(s, 500)))).flat();
  const drafts = (await Promise.all(incidents.map((i) => deps.communications.list(i.id)))).flat();
  sendJson(res, 200, drafts.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(listed));
}

const listed = listedDraft;

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
