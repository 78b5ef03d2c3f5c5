import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Phase } from '../../core/incident/phases';
import type { WorkflowStarter } from '../triage/triage-service';

/**
 * Starts the parent incident workflow, named after the incident (and the
 * attempt), so a retried start is a no-op: Step Functions refuses a second
 * execution with the same name and input, and answers with the first.
 */
export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(incidentId: string, phase?: Phase): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: incidentId,
          // With the phase, the workflow's "Phase Known" choice skips reading the incident (statemachines/incident.asl.json).
          input: JSON.stringify(phase === undefined ? { incidentId } : { incidentId, incident: { phase } }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }
}
