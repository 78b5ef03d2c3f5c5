import { ArnFormat, Stack } from 'aws-cdk-lib';
import { Effect, Grant, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Plan } from '../core/plan/plan.schema';
import { acknowledgeGrantWildcards } from './nag-findings';

type AutomatedKind = Exclude<Plan['containment']['actions'][number]['kind'], 'manual'>;

interface KindGrant {
  readonly actions: readonly string[];
  /** `[service, resource type]` pairs in this account and region (IAM and S3 have neither). */
  readonly resources: readonly (readonly [string, string])[] | 'any';
  readonly reason: string;
}

/**
 * What each automated containment action needs, and nothing else. EC2 and
 * IAM have no way to name "the resource of tomorrow's incident" in advance,
 * so the resources are every instance, user, role or bucket of the account:
 * the bound is the plan (an action the plan does not list gets no permission),
 * the workflow (an action runs only on a resource the incident's signals
 * named, extraordinary ones only after an executive approved), and the role
 * being the steps function's own.
 */
const KIND_GRANTS: Record<AutomatedKind, readonly KindGrant[]> = {
  'isolate-ec2-instance': [
    {
      actions: ['ec2:DescribeInstances', 'ec2:DescribeSecurityGroups'],
      resources: 'any',
      reason: 'EC2 Describe* calls support no resource-level permissions; they find the instance\'s VPC and its quarantine group.',
    },
    {
      actions: ['ec2:CreateSecurityGroup', 'ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress', 'ec2:ModifyInstanceAttribute'],
      resources: [['ec2', 'instance'], ['ec2', 'security-group'], ['ec2', 'vpc']],
      reason: 'Isolating an instance named by an incident: create the quarantine group in its VPC, remove every rule it has (egress, and ingress someone added), swap the instance onto it. Which instance is known only when the incident happens.',
    },
  ],
  'disable-iam-access-key': [
    { actions: ['iam:UpdateAccessKey'], resources: [['iam', 'user']], reason: 'Setting Inactive an access key an incident names (reversible); which user is known only when the incident happens.' },
  ],
  'block-s3-public-access': [
    { actions: ['s3:PutBucketPublicAccessBlock'], resources: [['s3', 'bucket']], reason: 'Blocking public access on a bucket an incident names; which bucket is known only when the incident happens.' },
  ],
  'revoke-iam-sessions': [
    {
      actions: ['iam:PutRolePolicy'],
      resources: [['iam', 'role']],
      reason: 'Revoking the sessions of a role an incident names (the AWSRevokeOlderSessions inline policy). Only granted when the plan lists the action; the example plan makes it extraordinary (an executive approves each run).',
    },
  ],
};

function arnOf(stack: Stack, service: string, resourceType: string): string {
  if (service === 's3') return stack.formatArn({ service: 's3', region: '', account: '', resource: '*' });
  if (service === 'iam') return stack.formatArn({ service: 'iam', region: '', resource: resourceType, resourceName: '*' });
  return stack.formatArn({ service, resource: resourceType, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** The automated kinds the plan's catalogue uses. */
export const automatedKindsOf = (plan: Pick<Plan, 'containment'>): AutomatedKind[] => [
  ...new Set(plan.containment.actions.flatMap((a) => (a.kind === 'manual' ? [] : [a.kind]))),
];

/**
 * Grants the function exactly the calls the plan's automated containment actions
 * make (see lambdas/actions/aws-actions.ts), each wildcard acknowledged with
 * its reason on the function's role.
 */
export function grantContainmentActions(fn: IFunction, plan: Pick<Plan, 'containment'>): void {
  const stack = Stack.of(fn);
  for (const kind of automatedKindsOf(plan)) {
    for (const spec of KIND_GRANTS[kind]) {
      const grant = Grant.addToPrincipal({
        grantee: fn,
        actions: [...spec.actions],
        resourceArns: spec.resources === 'any' ? ['*'] : spec.resources.map(([service, type]) => arnOf(stack, service, type)),
      });
      // On the role: its policy is where the wildcards are, and the role is not inside the function construct.
      acknowledgeGrantWildcards(fn.role ?? fn, grant, spec.reason);
    }
  }
  if (automatedKindsOf(plan).includes('revoke-iam-sessions')) denyWritingOwnRoles(fn);
}

/**
 * `iam:PutRolePolicy` on any role would let the steps function write itself
 * (or any sirp role) an inline policy granting anything: an explicit deny on
 * every role of sirp's stacks (CloudFormation names them `<stack name>-...`,
 * and every stack is `sirp-<org>`) and on its own role closes that, whatever
 * the grant above allows.
 */
function denyWritingOwnRoles(fn: IFunction): void {
  const stack = Stack.of(fn);
  const sirpRoles = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'sirp-*' });
  fn.role?.addToPrincipalPolicy(
    new PolicyStatement({ effect: Effect.DENY, actions: ['iam:PutRolePolicy'], resources: [sirpRoles, fn.role.roleArn] }),
  );
}
