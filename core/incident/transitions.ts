import { TransitionRefusedError } from '../errors/sirp-error';
import type { Decision, Gate, Phase } from './phases';

export interface Transition {
  readonly from: Phase;
  readonly to: Phase;
  /** The gate whose sign-off allows the move. Every transition needs one. */
  readonly gate: Gate;
  readonly decision: Decision;
}

/**
 * Every allowed move of an incident, in one table. There is no other way to
 * change an incident's phase: in particular Contain -> Recover exists only as
 * the consequence of the containment sign-off (containment before recovery).
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'alert', to: 'mobilize', gate: 'alert', decision: 'mobilize' },
  { from: 'alert', to: 'dismissed', gate: 'alert', decision: 'dismiss' },
  { from: 'mobilize', to: 'contain', gate: 'mobilize', decision: 'approve' },
  { from: 'contain', to: 'recover', gate: 'contain', decision: 'approve' },
  { from: 'recover', to: 'learn', gate: 'recover', decision: 'approve' },
  { from: 'learn', to: 'closed', gate: 'learn', decision: 'approve' },
];

/** The phase a sign-off leads to, or a refusal naming what is missing. */
export function nextPhase(from: Phase, signOff: { readonly gate: Gate; readonly decision: Decision }): Phase {
  const transition = TRANSITIONS.find(
    (t) => t.from === from && t.gate === signOff.gate && t.decision === signOff.decision,
  );
  if (transition === undefined) {
    throw new TransitionRefusedError(
      `an incident in phase "${from}" cannot move on a "${signOff.decision}" of gate "${signOff.gate}"`,
    );
  }
  return transition.to;
}

/** Phases reachable from `from` in one step (for the console and docs). */
export const successors = (from: Phase): Phase[] => TRANSITIONS.filter((t) => t.from === from).map((t) => t.to);
