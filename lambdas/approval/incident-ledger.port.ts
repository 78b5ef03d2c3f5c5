import type { PublicApproval } from '../../core/approval/approval.schema';

/** One link that was revoked and the approval that replaced it (same person, same question, new id and MAC). */
export interface ReissuedLink {
  readonly from: PublicApproval;
  readonly to: PublicApproval;
}

/**
 * What approvals write on the incident itself: the gate's acknowledgement
 * (so the escalation step pauses), the gate following a re-issued approval,
 * and the hash-chained timeline. Never a link or a token: the timeline is
 * shown to everyone working the incident.
 */
export interface IncidentLedger {
  /**
   * "I have it": for a gate, sets the incident's `gate.acknowledgedUntil`
   * (only while that person still holds that gate); for any subject, records
   * the acknowledgement on the timeline.
   */
  acknowledged(approval: PublicApproval, at: number, windowSeconds: number): Promise<{ readonly acknowledgedUntil: string }>;
  /** Links of one incident were revoked and re-issued: a gate follows its new approval; one timeline entry. */
  linksRevoked(incidentId: string, reissued: readonly ReissuedLink[], why: string, at: number): Promise<void>;
}
