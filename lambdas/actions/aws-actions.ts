import {
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type IpPermission,
  ModifyInstanceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { type IAMClient, PutRolePolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand, type S3Client } from '@aws-sdk/client-s3';
import { ActionFailedError, type ActionOutcome, type ActionRequest, type ActionsPort } from './actions.port';
import { ActionTransientError, classifyAwsError } from './aws-error';

/** The stock SDK clients, built once per container (see `actionClients` in lambdas/shared/clients.ts). */
export interface AwsActionClients {
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly s3: S3Client;
}

export interface AwsActionsConfig {
  readonly clients: AwsActionClients;
  /** The quarantine security group is found or created per VPC with this name. */
  readonly quarantineGroupName: string;
  readonly now?: () => Date;
}

/** A group is a quarantine only once it has no rule left, in either direction. */
const hasRules = (rules: IpPermission[] | undefined): rules is IpPermission[] => rules !== undefined && rules.length > 0;

/**
 * Containment through the real AWS APIs, with the least-privilege role the
 * stack gives the steps function: EC2 isolation by swapping the instance's
 * security groups for a quarantine group with no rules (ModifyInstanceAttribute),
 * IAM access keys set Inactive (UpdateAccessKey, reversible), S3 public access
 * blocked (PutPublicAccessBlock), IAM role sessions revoked (an
 * AWSRevokeOlderSessions inline policy, as the console's "Revoke sessions" does).
 * Every action is idempotent: the workflow may run it again after a transient error.
 */
export class AwsActions implements ActionsPort {
  constructor(private readonly config: AwsActionsConfig) {}

  async run(request: ActionRequest): Promise<ActionOutcome> {
    const { target } = request;
    switch (request.kind) {
      case 'isolate-ec2-instance': {
        const group = await this.quarantineGroupFor(target.id);
        await this.ec2((ec2) => ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: target.id, Groups: [group] })));
        return { performed: true, summary: `isolated ${target.id} in quarantine group ${group}` };
      }
      case 'disable-iam-access-key': {
        const userName = target.userName;
        if (userName === undefined) throw new ActionFailedError(`access key ${target.id} has no user name in the incident's signals`);
        await this.iam((iam) => iam.send(new UpdateAccessKeyCommand({ AccessKeyId: target.id, UserName: userName, Status: 'Inactive' })));
        return { performed: true, summary: `set access key ${target.id} of ${userName} to Inactive` };
      }
      case 'block-s3-public-access':
        await this.s3((s3) =>
          s3.send(
            new PutPublicAccessBlockCommand({
              Bucket: target.id,
              PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
            }),
          ),
        );
        return { performed: true, summary: `blocked all public access on bucket ${target.id}` };
      case 'revoke-iam-sessions': {
        const before = (this.config.now?.() ?? new Date()).toISOString();
        const policy = {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': before } } }],
        };
        await this.iam((iam) => iam.send(new PutRolePolicyCommand({ RoleName: target.id, PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: JSON.stringify(policy) })));
        return { performed: true, summary: `revoked sessions of role ${target.id} issued before ${before}` };
      }
    }
  }

  /** The VPC's quarantine group, created if missing, with no rule left in it. */
  private async quarantineGroupFor(instanceId: string): Promise<string> {
    const described = await this.ec2((ec2) => ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })));
    const vpcId = described.Reservations?.[0]?.Instances?.[0]?.VpcId;
    if (vpcId === undefined) throw new ActionFailedError(`instance ${instanceId} was not found or has no VPC`);
    const groups = await this.ec2((ec2) =>
      ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'group-name', Values: [this.config.quarantineGroupName] },
          ],
        }),
      ),
    );
    const existing = groups.SecurityGroups?.[0];
    if (existing?.GroupId !== undefined) {
      // Someone may have added a rule, or a run may have stopped between creating the group and emptying it.
      await this.removeRules(existing.GroupId, existing);
      return existing.GroupId;
    }
    const created = await this.ec2((ec2) =>
      ec2.send(new CreateSecurityGroupCommand({ GroupName: this.config.quarantineGroupName, Description: 'sirp quarantine: no traffic in or out', VpcId: vpcId })),
    );
    const groupId = created.GroupId;
    if (groupId === undefined) throw new ActionTransientError('ec2 CreateSecurityGroup returned no group id');
    // A new group allows all egress: IPv4, and IPv6 too when the VPC has an IPv6 block. Revoke what it really has.
    const fresh = await this.ec2((ec2) => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })));
    const group = fresh.SecurityGroups?.[0];
    // EC2 is eventually consistent: a group just created may not be visible yet. The retry finds it by name and empties it.
    if (group === undefined) throw new ActionTransientError(`ec2 does not show the new quarantine group ${groupId} yet`);
    await this.removeRules(groupId, group);
    return groupId;
  }

  private async removeRules(groupId: string, group: SecurityGroup): Promise<void> {
    const egress = group.IpPermissionsEgress;
    const ingress = group.IpPermissions;
    if (hasRules(egress)) await this.ec2((ec2) => ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: egress })));
    if (hasRules(ingress)) await this.ec2((ec2) => ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: ingress })));
  }

  private ec2<T>(call: (client: EC2Client) => Promise<T>): Promise<T> {
    return classified('ec2', call(this.config.clients.ec2));
  }

  private iam<T>(call: (client: IAMClient) => Promise<T>): Promise<T> {
    return classified('iam', call(this.config.clients.iam));
  }

  private s3<T>(call: (client: S3Client) => Promise<T>): Promise<T> {
    return classified('s3', call(this.config.clients.s3));
  }
}

async function classified<T>(service: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw classifyAwsError(service, error);
  }
}
