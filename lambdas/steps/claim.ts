import type { Incident } from '../../core/incident/incident.schema';
import type { IncidentStore } from '../adapters/incident-store';

/**
 * Applies `change` with the store's optimistic locking and says whether this
 * call wrote: the claim a step makes before an effect that must happen once
 * (a message sent). A concurrent or retried run that finds it already made
 * gets `claimed: false` and sends nothing.
 */
export async function claim(store: IncidentStore, incidentId: string, change: (incident: Incident) => Incident): Promise<{ incident: Incident; claimed: boolean }> {
  let claimed = false;
  const incident = await store.update(incidentId, (current) => {
    const next = change(current);
    claimed = next !== current;
    return next;
  });
  return { incident, claimed };
}
