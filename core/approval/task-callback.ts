import type { Decision } from '../incident/phases';
import type { ApprovalRecord, DecisionChannel } from './approval.schema';

/** The error name a rejected approval fails its task with; state machines Catch on it. */
export const APPROVAL_REJECTED_ERROR = 'Approval.Rejected';

/** What the waiting task receives on approval (`SendTaskSuccess` output). */
export interface ApprovalOutput {
  readonly decision: Decision;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

/**
 * The callback a decision sends to the waiting task: success with the
 * decision, or a failure named `Approval.Rejected` whose cause is the
 * person's reason. A rejection is never reported as success.
 */
export type TaskCallback =
  | { readonly kind: 'success'; readonly output: ApprovalOutput }
  | { readonly kind: 'failure'; readonly error: typeof APPROVAL_REJECTED_ERROR; readonly cause: string };

/** A decision as it is written to the approval record. */
export type DecidedChange =
  | {
      readonly status: 'approved';
      readonly decision: Decision;
      readonly reason: null;
      readonly decidedBy: string;
      readonly decidedAt: string;
      readonly channel: DecisionChannel;
    }
  | {
      readonly status: 'rejected';
      readonly decision: null;
      readonly reason: string;
      readonly decidedBy: string;
      readonly decidedAt: string;
      readonly channel: DecisionChannel;
    };

/** The callback for a recorded decision. */
export function callbackFor(change: DecidedChange): TaskCallback {
  return change.status === 'approved'
    ? { kind: 'success', output: { decision: change.decision, decidedBy: change.decidedBy, decidedAt: change.decidedAt } }
    : { kind: 'failure', error: APPROVAL_REJECTED_ERROR, cause: change.reason };
}

/**
 * The decision recorded on an approval, or undefined while it is undecided
 * (or if the record is inconsistent: then nothing is replayed to a workflow).
 */
export function recordedDecision(record: ApprovalRecord): DecidedChange | undefined {
  const { decidedBy, decidedAt, channel } = record;
  if (decidedBy === null || decidedAt === null || channel === null) return undefined;
  if (record.status === 'approved' && record.decision !== null) {
    return { status: 'approved', decision: record.decision, reason: null, decidedBy, decidedAt, channel };
  }
  if (record.status === 'rejected' && record.reason !== null) {
    return { status: 'rejected', decision: null, reason: record.reason, decidedBy, decidedAt, channel };
  }
  return undefined;
}
