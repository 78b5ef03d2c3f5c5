import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { CommunicationStarter } from '../comms/draft-communication';

/**
 * Starts the communication workflow of one draft, named after the draft, so
 * a retried start is a no-op: Step Functions answers a second start of the
 * same name and input with the first execution.
 */
export class SfnCommunicationStarter implements CommunicationStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(input: { readonly incidentId: string; readonly draftId: string }): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: input.draftId, input: JSON.stringify({ incidentId: input.incidentId, draftId: input.draftId }) }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }
}
