import type { IncidentStore } from '../../lambdas/adapters/incident-store';
import type { WorkflowEngine } from '../engine/engine';

/**
 * Executions of the embedded engine live in memory; the table is the durable
 * truth. At start, each open incident gets a fresh run of its parent
 * workflow, which enters at the recorded phase; the gate steps then take
 * over the pending approval with a new task token instead of paging again.
 */
export async function resumeOpenIncidents(deps: {
  readonly incidents: IncidentStore;
  readonly engine: WorkflowEngine;
  readonly incidentMachineArn: string;
  readonly now: () => number;
}): Promise<number> {
  const open = await deps.incidents.listByStatus('open', 1000);
  for (const incident of open) {
    await deps.engine.startExecution({
      stateMachineArn: deps.incidentMachineArn,
      name: `${incident.id}-resumed-${deps.now().toString(36)}`,
      input: JSON.stringify({ incidentId: incident.id }),
    });
  }
  return open.length;
}
