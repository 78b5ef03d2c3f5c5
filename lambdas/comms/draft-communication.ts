import { type CommunicationDraft, DraftRequestSchema, newDraft } from '../../core/comms/communication';
import { SirpError } from '../../core/errors/sirp-error';
import type { Plan } from '../../core/plan/plan.schema';
import { formatZodIssues } from '../../core/validation/zod-issues';
import { type CommunicationStore, newDraftId } from '../adapters/communication-store';
import type { IncidentStore } from '../adapters/incident-store';

/** Starts the communication workflow of one draft (StartExecution on the engine or on Step Functions). */
export interface CommunicationStarter {
  start(input: { readonly incidentId: string; readonly draftId: string }): Promise<void>;
}

export interface DraftCommunicationDeps {
  readonly incidents: Pick<IncidentStore, 'get'>;
  readonly communications: Pick<CommunicationStore, 'create'>;
  readonly plan: Plan;
  readonly now: () => number;
  readonly workflows: CommunicationStarter;
}

/** A draft is a message, not a document: 64 KiB is room for the longest statement and its JSON. */
export const MAX_DRAFT_BODY = 64 * 1024;

/** What drafting answered: the new draft (202), or a client error naming the field (`path`). */
export type DraftOutcome =
  | { readonly ok: true; readonly status: 202; readonly draft: CommunicationDraft }
  | { readonly ok: false; readonly status: 400 | 404 | 409 | 413; readonly error: string; readonly path: string | null };

const refused = (status: 400 | 404 | 409 | 413, error: string, path: string | null = null): DraftOutcome => ({ ok: false, status, error, path });

/**
 * Drafts a communication for an incident from a request body (JSON text):
 * `{ audience, message, author? }`, validated with zod, the author checked
 * against the plan's contacts. The draft record is the commit point: its
 * workflow (started here, or again when the embedded runtime restarts) records
 * it on the timeline and asks the Crisis Lead. One code path for the embedded
 * runtime's `POST /api/incidents/<id>/comms` and the stack's IAM-authorized
 * `POST /incidents/{id}/comms`.
 *
 * @example
 * await draftCommunication('inc-01jd7x3k9m', '{"audience":"executives","message":"# Status\nContained."}', deps);
 */
export async function draftCommunication(incidentId: string, text: string, deps: DraftCommunicationDeps): Promise<DraftOutcome> {
  if (Buffer.byteLength(text) > MAX_DRAFT_BODY) return refused(413, `a draft is at most ${String(MAX_DRAFT_BODY)} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refused(400, 'the body must be JSON: {"audience": ..., "message": ..., "author"?: ...}');
  }
  const parsed = DraftRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error);
    return refused(400, issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues[0]?.path ?? null);
  }
  const author = parsed.data.author;
  if (author !== undefined && !deps.plan.contacts.some((c) => c.id === author)) return refused(400, `author: "${author}" is not a contact in this plan`, 'author');
  const incident = await deps.incidents.get(incidentId);
  if (incident === null) return refused(404, `no incident ${incidentId}`);
  let draft: CommunicationDraft;
  try {
    draft = newDraft({ draftId: newDraftId(), request: parsed.data }, incident, deps.plan, deps.now());
  } catch (error) {
    if (error instanceof SirpError) return refused(409, error.message);
    throw error;
  }
  await deps.communications.create(draft);
  await deps.workflows.start({ incidentId, draftId: draft.draftId });
  return { ok: true, status: 202, draft };
}

/** What a listing shows of a draft: its state and outcome, not a credential (drafts hold none). */
export const listedDraft = (d: CommunicationDraft) => ({
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
