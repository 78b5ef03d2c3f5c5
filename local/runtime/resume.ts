import type { IncidentStore } from '../../lambdas/adapters/incident-store';
import type { WorkflowEngine } from '../engine/engine';

/**
 * Executions of the embedded engine live in memory; the table is the durable
 * truth. At start, each open incident (all of them, page after page) gets a
 * fresh run of its parent workflow, which enters at the recorded phase; the
 * gate steps then take over the pending approval with a new task token
 * instead of paging again (and send a link that a crashed run created but
 * never recorded as sent). Returns how many were resumed.
 */
export async function resumeOpenIncidents(deps: {
  readonly incidents: Pick<IncidentStore, 'listAllByStatus'>;
  readonly engine: Pick<WorkflowEngine, 'startExecution'>;
  readonly incidentMachineArn: string;
  readonly now: () => number;
}): Promise<number> {
  const open = await deps.incidents.listAllByStatus('open');
  // One name per incident and start: a second start of the runtime never collides with the first's names.
  const run = deps.now().toString(36);
  for (const incident of open) {
    await deps.engine.startExecution({
      stateMachineArn: deps.incidentMachineArn,
      name: `${incident.id}-resumed-${run}`,
      input: JSON.stringify({ incidentId: incident.id }),
    });
  }
  return open.length;
}
