import type { DecisionSubject } from '../incident/deciders';
import { type Decision, type Gate, GATE_DECISIONS, GATE_QUESTION } from '../incident/phases';
import type { Plan } from '../plan/plan.schema';

/** How a decision subject reads to a person: the full question, and a short one for SMS. */
export interface SubjectText {
  readonly question: string;
  /** At most 30 characters, GSM-7: an SMS has room for little else next to the link. */
  readonly short: string;
}

const SHORT_GATE_QUESTION: Record<Gate, string> = {
  alert: 'Mobilize or dismiss?',
  mobilize: 'Move to containment?',
  contain: 'Containment achieved?',
  recover: 'Recovery complete?',
  learn: 'Approve review and close?',
};

/** Button labels. "Dismiss" says what it means: the alert was a false positive. */
export const DECISION_LABEL: Record<Decision, string> = {
  mobilize: 'Mobilize a response',
  dismiss: 'Dismiss as false positive',
  approve: 'Approve',
};

/** The question an approval asks, in words, from the gate or the plan's action. */
export function describeSubject(subject: DecisionSubject, plan: Pick<Plan, 'containment'>): SubjectText {
  switch (subject.kind) {
    case 'gate':
      return { question: GATE_QUESTION[subject.gate], short: SHORT_GATE_QUESTION[subject.gate] };
    case 'action': {
      const action = plan.containment.actions.find((a) => a.id === subject.actionId);
      const name = action?.title ?? subject.actionId;
      return {
        question: `Approve the extraordinary containment action "${name}"? It runs only after an executive says yes.`,
        short: 'Approve containment action?',
      };
    }
    case 'communication':
      return {
        question: `Release communication draft ${subject.draftId}? Nothing goes out before the Crisis Lead approves it.`,
        short: 'Release communication?',
      };
  }
}

/** The decisions an approval accepts: a gate's own (mobilize or dismiss at Alert), else approve. */
export const decisionsFor = (subject: DecisionSubject): readonly Decision[] =>
  subject.kind === 'gate' ? GATE_DECISIONS[subject.gate] : ['approve'];
