import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
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

  async start(incidentId: string, attempt = 0): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: attempt === 0 ? incidentId : `${incidentId}-r${attempt}`,
          input: JSON.stringify({ incidentId }),
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }
}
