import { z } from 'zod';
import type { Incident, IncidentResource } from '../incident/incident.schema';
import type { ContainmentAction, Plan } from '../plan/plan.schema';

export const AUTOMATED_KINDS = ['isolate-ec2-instance', 'disable-iam-access-key', 'block-s3-public-access', 'revoke-iam-sessions'] as const;
export const AutomatedKindSchema = z.enum(AUTOMATED_KINDS);
export type AutomatedKind = z.infer<typeof AutomatedKindSchema>;

/** The resource types each automated action can act on (ASFF names, as triage writes them). */
export const TARGET_TYPES: Record<AutomatedKind, string> = {
  'isolate-ec2-instance': 'AwsEc2Instance',
  'disable-iam-access-key': 'AwsIamAccessKey',
  'block-s3-public-access': 'AwsS3Bucket',
  'revoke-iam-sessions': 'AwsIamRole',
};

export const ActionTargetSchema = z.object({
  type: z.string().min(1).max(60),
  id: z.string().min(1).max(300),
  /** IAM access keys are addressed with their user. */
  userName: z.string().min(1).max(128).optional(),
});
export type ActionTarget = z.infer<typeof ActionTargetSchema>;

export const ResponsePhaseSchema = z.enum(['contain', 'recover']);
export type ResponsePhase = z.infer<typeof ResponsePhaseSchema>;

/**
 * One thing the plan says to do in this phase of this incident: a human task
 * (`target` null) or an automated action on one resource. It crosses the
 * workflow boundary, so it is a schema.
 */
export const ActionProposalSchema = z.object({
  taskId: z.string().regex(/^inc-[a-z0-9]{8,40}\.[a-z0-9][a-z0-9-]{0,59}(\.\d{1,3})?$/, 'must look like "inc-01jd7x3k9m.isolate-instance"'),
  incidentId: z.string().min(1),
  actionId: z.string().min(1).max(60),
  title: z.string().min(1).max(120),
  phase: ResponsePhaseSchema,
  automated: z.boolean(),
  extraordinary: z.boolean(),
  target: ActionTargetSchema.nullable(),
});
export type ActionProposal = z.infer<typeof ActionProposalSchema>;

const isAutomated = (action: ContainmentAction): action is ContainmentAction & { kind: AutomatedKind } => action.kind !== 'manual';

function targetsFor(kind: AutomatedKind, resources: readonly IncidentResource[]): ActionTarget[] {
  const userName = resources.find((r) => r.type === 'AwsIamUser')?.id;
  return resources
    .filter((r) => r.type === TARGET_TYPES[kind])
    .map((r) => ({ type: r.type, id: r.id, ...(kind === 'disable-iam-access-key' && userName !== undefined ? { userName } : {}) }));
}

/**
 * What the plan's action catalogue proposes for this phase of this incident.
 * Human tasks always apply; an automated action applies once per resource of
 * its type among the incident's resources ("within the plan's bounds": it
 * never acts on anything the signals did not name). Ids are stable, so a
 * workflow that runs again proposes the same tasks.
 */
export function proposeActions(incident: Pick<Incident, 'id' | 'context'>, plan: Pick<Plan, 'containment'>, phase: ResponsePhase): ActionProposal[] {
  const resources = incident.context?.resources ?? [];
  const proposals: ActionProposal[] = [];
  for (const action of plan.containment.actions) {
    if (action.phase !== phase) continue;
    const base = { incidentId: incident.id, actionId: action.id, title: action.title, phase, extraordinary: action.extraordinary };
    if (!isAutomated(action)) {
      proposals.push({ ...base, taskId: `${incident.id}.${action.id}`, automated: false, target: null });
      continue;
    }
    const targets = targetsFor(action.kind, resources);
    targets.forEach((target, i) => {
      proposals.push({ ...base, taskId: `${incident.id}.${action.id}${targets.length > 1 ? `.${i + 1}` : ''}`, automated: true, target });
    });
  }
  return proposals;
}

/** The kind of a plan action, by id; undefined when the plan has no such action. */
export const planAction = (plan: Pick<Plan, 'containment'>, actionId: string): ContainmentAction | undefined =>
  plan.containment.actions.find((a) => a.id === actionId);

/** What an automated action does, in the words the timeline and a dry run use. */
export function describeAction(kind: AutomatedKind, target: ActionTarget): string {
  switch (kind) {
    case 'isolate-ec2-instance':
      return `isolate EC2 instance ${target.id}: replace its security groups with a quarantine group that allows no traffic (ec2:ModifyInstanceAttribute)`;
    case 'disable-iam-access-key':
      return `set IAM access key ${target.id}${target.userName === undefined ? '' : ` of ${target.userName}`} to Inactive (iam:UpdateAccessKey)`;
    case 'block-s3-public-access':
      return `block all public access on S3 bucket ${target.id} (s3:PutBucketPublicAccessBlock)`;
    case 'revoke-iam-sessions':
      return `revoke every session of IAM role ${target.id} issued before now (iam:PutRolePolicy AWSRevokeOlderSessions)`;
  }
}
