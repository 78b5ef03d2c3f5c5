import type { ApprovalRecord, SupersededBy } from '../../core/approval/approval.schema';
import type { DecidedChange } from '../../core/approval/task-callback';

/**
 * The outcome of a conditional change of a pending approval: the record
 * before and after when it won, or what is stored now when it lost (someone
 * decided, escalated or revoked first; null if the approval does not exist).
 */
export type ApprovalTransition =
  | { readonly ok: true; readonly before: ApprovalRecord; readonly after: ApprovalRecord }
  | { readonly ok: false; readonly current: ApprovalRecord | null };

/**
 * Approval records. Every change of state is a single conditional write on
 * `status = pending`: of two concurrent decisions, or a decision and an
 * escalation, exactly one wins. Leaving `pending` clears the task token.
 *
 * Records returned here carry the task token: pass them through
 * `toPublicView` before anything leaves the backend.
 */
export interface ApprovalStore {
  get(approvalId: string): Promise<ApprovalRecord | null>;
  /** Stores a new approval; `ConflictError` if the id is taken. */
  create(record: ApprovalRecord): Promise<void>;
  /** pending -> approved | rejected. `before.taskToken` is the token to answer. */
  decide(approvalId: string, change: DecidedChange): Promise<ApprovalTransition>;
  /**
   * "I have it": stamps `acknowledgedAt` on a pending approval and moves its
   * expiry to `expiresAt` (the end of the acknowledgement window, when later):
   * the link must not run out while the acknowledgement holds the gate.
   */
  acknowledge(approvalId: string, at: string, expiresAt: string): Promise<ApprovalTransition>;
  /** pending -> superseded, naming the approval (and person) that holds the decision now. */
  supersede(approvalId: string, by: SupersededBy): Promise<ApprovalTransition>;
  /** A resumed workflow waits on a new task token for the same pending approval. */
  updateTaskToken(approvalId: string, taskToken: string): Promise<ApprovalTransition>;
  /** Notes that the waiting task accepted the recorded decision (see `deliveredAt`). */
  markDelivered(approvalId: string, at: string): Promise<void>;
  /** Every approval of one incident, newest first. */
  listByIncident(incidentId: string): Promise<ApprovalRecord[]>;
  /** Every approval, newest first. */
  listAll(): Promise<ApprovalRecord[]>;
}
