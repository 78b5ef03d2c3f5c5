import { z } from 'zod';

/** The SSIRP phases in order, then the two ways an incident ends. */
export const ACTIVE_PHASES = ['alert', 'mobilize', 'contain', 'recover', 'learn'] as const;
export const PHASES = [...ACTIVE_PHASES, 'closed', 'dismissed'] as const;
export const PhaseSchema = z.enum(PHASES);
export type Phase = z.infer<typeof PhaseSchema>;
export type ActivePhase = (typeof ACTIVE_PHASES)[number];

/**
 * Each active phase ends at one gate with the same name. G1..G5 in the docs:
 * alert (mobilize or dismiss), mobilize (go to containment), contain
 * (containment achieved), recover (recovery complete), learn (review approved).
 */
export const GATES = ACTIVE_PHASES;
export const GateSchema = z.enum(GATES);
export type Gate = z.infer<typeof GateSchema>;

export const GATE_QUESTION: Record<Gate, string> = {
  alert: 'Mobilize a response, or dismiss this alert as a false positive?',
  mobilize: 'Stakeholders are engaged and workstreams are open. Move to containment?',
  contain: 'Is containment achieved? Recovery cannot start before this sign-off.',
  recover: 'Is recovery complete and are systems back in service?',
  learn: 'Approve the post-incident review and close the incident?',
};

export const DECISIONS = ['mobilize', 'dismiss', 'approve'] as const;
export const DecisionSchema = z.enum(DECISIONS);
export type Decision = z.infer<typeof DecisionSchema>;

/** The decisions a gate accepts; anything else is refused. */
export const GATE_DECISIONS: Record<Gate, readonly Decision[]> = {
  alert: ['mobilize', 'dismiss'],
  mobilize: ['approve'],
  contain: ['approve'],
  recover: ['approve'],
  learn: ['approve'],
};

export const isActivePhase = (phase: Phase): phase is ActivePhase =>
  (ACTIVE_PHASES as readonly Phase[]).includes(phase);
