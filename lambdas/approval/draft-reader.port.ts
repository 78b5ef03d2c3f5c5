import type { CommunicationDraft } from '../../core/comms/communication';

/**
 * Reads a communication draft, so the approval page shows the text the
 * Crisis Lead releases. `CommunicationStore` (lambdas/adapters) implements it.
 */
export interface DraftReader {
  get(incidentId: string, draftId: string): Promise<CommunicationDraft | null>;
}
