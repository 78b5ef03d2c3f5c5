import type { Plan } from '../plan/plan.schema';
import type { Incident } from './incident.schema';
import type { Gate } from './phases';

/** What an approval asks someone to decide. */
export type DecisionSubject =
  | { readonly kind: 'gate'; readonly gate: Gate }
  | { readonly kind: 'action'; readonly actionId: string }
  | { readonly kind: 'communication'; readonly draftId: string };

export type Authorization = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOWED: Authorization = { allowed: true };

/**
 * Who may decide what. Phase gates: only whoever holds the gate (the Crisis
 * Lead, the on-call lead at Alert, or whoever a recorded escalation handed it
 * to). Extraordinary actions: only an executive the plan names for that
 * action ("Empower", within bounds). Communications: only the Crisis Lead
 * ("Communication" is coordinated through one person).
 */
export function authorizeDecision(
  subject: DecisionSubject,
  actor: string,
  incident: Incident,
  plan: Pick<Plan, 'containment'>,
): Authorization {
  switch (subject.kind) {
    case 'gate': {
      const gate = incident.gate;
      if (gate?.gate !== subject.gate) {
        return { allowed: false, reason: `the ${subject.gate} gate of ${incident.id} is not open` };
      }
      return gate.holder === actor
        ? ALLOWED
        : { allowed: false, reason: `only ${gate.holder} holds the ${subject.gate} gate of ${incident.id}` };
    }
    case 'action': {
      const action = plan.containment.actions.find((a) => a.id === subject.actionId);
      if (action === undefined) return { allowed: false, reason: `the plan has no action "${subject.actionId}"` };
      return action.approvers.includes(actor)
        ? ALLOWED
        : { allowed: false, reason: `only ${action.approvers.join(', ')} may approve "${action.title}"` };
    }
    case 'communication':
      return incident.crisisLead === actor
        ? ALLOWED
        : { allowed: false, reason: `communications are approved by the Crisis Lead (${incident.crisisLead ?? 'none yet'})` };
  }
}

/**
 * The people a gate escalates through, in order and without repeats: the first
 * holder, the deputy, then the plan's chain. When it is exhausted the gate stays
 * with the last person: a security incident is never decided by a timeout.
 */
export function escalationChain(firstHolder: string, deputy: string | null, plan: Pick<Plan, 'escalation'>): string[] {
  const chain = [firstHolder, ...(deputy === null ? [] : [deputy]), ...plan.escalation.chain];
  return chain.filter((id, i) => chain.indexOf(id) === i);
}

/** The next holder after `level` escalations, or undefined when the chain is exhausted. */
export const nextHolder = (chain: readonly string[], level: number): string | undefined => chain[level + 1];
