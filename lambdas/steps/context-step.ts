import type { Incident, IncidentResource } from '../../core/incident/incident.schema';
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

const overlaps = (a: readonly IncidentResource[], b: readonly IncidentResource[]): boolean =>
  a.some((x) => b.some((y) => x.type === y.type && x.id === y.id));

/**
 * Context for the Alert decision, from what the table knows: the signals
 * correlated into the incident, the resources they name with their tags, and
 * earlier incidents on the same resources or the same problem. Recorded on
 * the incident, and again whenever more signals have joined (triage records
 * a signal just after it starts the workflow, so the first look may be
 * early); the timeline says what was found.
 */
export async function collectContext(incident: Incident, deps: StepsDeps): Promise<Incident> {
  const signals = await deps.intake.listSignals(incident.id);
  if (incident.context !== undefined && incident.context.signals >= signals.length) return incident;
  const resources = resourcesOf(signals);
  const others = (await Promise.all((['open', 'closed', 'dismissed'] as const).map((s) => deps.incidents.listByStatus(s, 200)))).flat();
  const earlier = others
    .filter((o) => o.id !== incident.id && o.createdAt <= incident.createdAt)
    .filter((o) => o.correlationKey === incident.correlationKey || overlaps(o.context?.resources ?? [], resources))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, 20)
    .map((o) => o.id);
  const now = deps.clock.now();
  const updated = await deps.incidents.update(incident.id, (current) =>
    current.context !== undefined && current.context.signals >= signals.length
      ? current
      : { ...current, context: { gatheredAt: toIso(now), signals: signals.length, resources, earlierIncidents: earlier }, updatedAt: toIso(now), version: current.version + 1 },
  );
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
