import type { Incident } from '../../core/incident/incident.schema';

/**
 * Reads an incident. The approval function only reads: the incident
 * repository (and every incident write) belongs to the workflow steps.
 */
export interface IncidentReader {
  get(incidentId: string): Promise<Incident | null>;
}
