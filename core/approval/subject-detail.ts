import type { CommunicationDraft } from '../comms/communication';
import type { Incident } from '../incident/incident.schema';
import type { ContainmentAction, Plan } from '../plan/plan.schema';
import { type ActionTarget, proposeActions } from '../response/actions';
import type { DecisionSubject } from '../incident/deciders';

/**
 * What the person deciding must see besides the question: the full text of a
 * communication and to whom it goes, or what an action does and to which
 * resources. Gates need nothing more (the incident says it).
 */
export type SubjectDetail =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'communication';
      readonly audience: string;
      /** The plan's words for the audience and its recipients; null when the plan no longer defines it. */
      readonly audienceDescription: string | null;
      readonly recipients: readonly string[];
      readonly author: string;
      readonly message: string;
    }
  | { readonly kind: 'communication-missing'; readonly draftId: string }
  | {
      readonly kind: 'action';
      readonly title: string;
      readonly effect: string;
      /** The resources it acts on, as `type id`; empty for a human task. */
      readonly resources: readonly string[];
    };

/** What each kind of action does, in the words of its adapter (lambdas/actions/aws-actions.ts). */
export const ACTION_EFFECT: Record<ContainmentAction['kind'], string> = {
  'isolate-ec2-instance': "Swaps the instance's security groups for a quarantine group with no rules: it keeps running, cut off from the network.",
  'disable-iam-access-key': 'Sets the access key Inactive: every request signed with it is refused (reversible).',
  'block-s3-public-access': 'Turns on all four S3 Block Public Access settings of the bucket.',
  'revoke-iam-sessions': "Denies every session of the role issued before now (the console's \"Revoke sessions\"); new sessions still work.",
  manual: 'A task for the Engineering workstream, done by a person: nothing runs automatically.',
};

const targetText = (target: ActionTarget): string => `${target.type} ${target.id}${target.userName === undefined ? '' : ` (user ${target.userName})`}`;

/**
 * The detail of an approval's subject. `draft` is the communication the
 * approval names, read by the caller (null when it is gone); an action's
 * resources are the ones the plan's catalogue proposes for this incident.
 */
export function subjectDetail(
  subject: DecisionSubject,
  incident: Pick<Incident, 'id' | 'context'>,
  plan: Pick<Plan, 'containment' | 'communications'>,
  draft: CommunicationDraft | null,
): SubjectDetail {
  switch (subject.kind) {
    case 'gate':
      return { kind: 'none' };
    case 'communication': {
      if (draft === null) return { kind: 'communication-missing', draftId: subject.draftId };
      const audience = plan.communications.audiences[draft.audience];
      return {
        kind: 'communication',
        audience: draft.audience,
        audienceDescription: audience?.description ?? null,
        recipients: audience?.recipients ?? [],
        author: draft.author,
        message: draft.message,
      };
    }
    case 'action': {
      const action = plan.containment.actions.find((a) => a.id === subject.actionId);
      if (action === undefined) return { kind: 'action', title: subject.actionId, effect: 'The plan no longer lists this action.', resources: [] };
      const resources = proposeActions(incident, plan, action.phase).flatMap((p) => (p.actionId === action.id && p.target !== null ? [targetText(p.target)] : []));
      return { kind: 'action', title: action.title, effect: ACTION_EFFECT[action.kind], resources };
    }
  }
}
