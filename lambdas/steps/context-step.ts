import type { Incident, IncidentResource } from '../../core/incident/incident.schema';
import { ConflictError } from '../../core/errors/sirp-error';
import { toIso } from '../../core/time/clock';
import { normalizeEvent } from '../../core/triage/normalize-event';
import type { DeliveryRecord } from '../adapters/intake-store';
import type { StepsDeps } from './steps-service';

/** The resources the incident's signals name, read back from the raw events triage kept (deduplicated). */
function resourcesOf(signals: readonly DeliveryRecord[]): IncidentResource[] {
  const found = new Map<string, IncidentResource>();
  for (const record of signals) {
    const normalized = normalizeEvent(record.raw);
    if (!normalized.ok) continue;
    for (const signal of normalized.signals) {
      for (const r of signal.resources) {
        const key = `${r.type}|${r.id}`;
        const seen = found.get(key);
        found.set(key, { ...r, tags: { ...seen?.tags, ...r.tags } });
      }
    }
  }
  return [...found.values()];
}

/** The twenty most recent are what a person reads; the timeline links the rest through them. */
const EARLIER_LIMIT = 20;

/**
 * Context for the Alert decision, from what the table knows: the signals
 * correlated into the incident, the resources they name with their tags, and
 * earlier incidents on the same resources or the same problem. Recorded on
 * the incident, and again whenever more signals have joined (triage records
 * a signal just after it starts the workflow, so the first look may be
 * early); the timeline says what was found.
 *
 * It runs just after the Crisis Lead's page goes out (see the Alert gate's
 * request in steps-service.ts), never before it: the page is what matters in
 * the first minute, and the approval page shows the context by the time
 * anyone opens it. The incident is filed under its resources and its problem
 * here (related-incidents.ts), so later incidents find it by key.
 */
export async function collectContext(incident: Incident, deps: StepsDeps): Promise<Incident> {
  const signals = await deps.intake.listSignals(incident.id);
  if (incident.context !== undefined && incident.context.signals >= signals.length) return incident;
  const resources = resourcesOf(signals);
  const subject = { id: incident.id, createdAt: incident.createdAt, correlationKey: incident.correlationKey, resources };
  const [earlier] = await Promise.all([deps.related.earlier(subject, EARLIER_LIMIT), deps.related.file(subject)]);
  const now = deps.clock.now();
  const gathered = (current: Incident): Incident =>
    current.context !== undefined && current.context.signals >= signals.length
      ? current
      : { ...current, context: { gatheredAt: toIso(now), signals: signals.length, resources, earlierIncidents: earlier }, updatedAt: toIso(now), version: current.version + 1 };
  const updated = await saveOrUpdate(incident, gathered, deps);
  const tags = resources.flatMap((r) => Object.entries(r.tags).map(([k, v]) => `${k}=${v}`));
  await deps.timeline.append(
    incident.id,
    {
      // 'signal-joined': the timeline has no type of its own for gathered context (core/timeline is not ours to extend here).
      type: 'signal-joined',
      actor: 'sirp',
      summary: `Context: ${signals.length} signal(s); resources ${resources.map((r) => `${r.type} ${r.id}`).join(', ') || 'none named'}${tags.length > 0 ? ` (tags ${tags.join(', ')})` : ''}; earlier incidents on them: ${earlier.join(', ') || 'none'}.`,
      data: { signals: signals.length, resources: resources.map((r) => ({ type: r.type, id: r.id })), earlierIncidents: earlier },
    },
    toIso(now),
  );
  return updated;
}

/** A conditional write on the version the caller already read; only when someone wrote since is the incident read again. */
async function saveOrUpdate(incident: Incident, change: (current: Incident) => Incident, deps: StepsDeps): Promise<Incident> {
  const next = change(incident);
  if (next === incident) return incident;
  try {
    await deps.incidents.save(next);
    return next;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return deps.incidents.update(incident.id, change);
  }
}
