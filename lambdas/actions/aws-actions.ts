import { createHash } from 'node:crypto';
import { ActionFailedError, type ActionOutcome, type ActionRequest, type ActionsPort } from './actions.port';
import { type AwsCredentials, signRequest } from './sigv4';

export interface AwsActionsConfig {
  readonly region: string;
  readonly credentials: () => AwsCredentials;
  /** The quarantine security group is found or created per VPC with this name. */
  readonly quarantineGroupName: string;
  /** `AWS_ENDPOINT_URL_EC2` / `_IAM` / `_S3`, the SDK's own convention; AWS's endpoints otherwise. */
  readonly endpoints?: { readonly ec2?: string | undefined; readonly iam?: string | undefined; readonly s3?: string | undefined };
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/** A transient AWS answer (throttling, 5xx): the workflow's Retry takes it. */
export class ActionTransientError extends Error {
  override readonly name = 'Actions.Transient';
}

const xmlValue = (xml: string, tag: string): string | undefined => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

/**
 * Containment through the real AWS APIs, with the least-privilege role the
 * stack gives the steps function: EC2 isolation by swapping the instance's
 * security groups for a quarantine group with no rules (ModifyInstanceAttribute),
 * IAM access keys set Inactive (UpdateAccessKey, reversible), S3 public access
 * blocked (PutPublicAccessBlock), IAM role sessions revoked (an
 * AWSRevokeOlderSessions inline policy, as the console's "Revoke sessions" does).
 */
export class AwsActions implements ActionsPort {
  constructor(private readonly config: AwsActionsConfig) {}

  async run(request: ActionRequest): Promise<ActionOutcome> {
    const { target } = request;
    switch (request.kind) {
      case 'isolate-ec2-instance': {
        const group = await this.quarantineGroupFor(target.id);
        await this.ec2({ Action: 'ModifyInstanceAttribute', InstanceId: target.id, 'GroupId.1': group });
        return { performed: true, summary: `isolated ${target.id} in quarantine group ${group}` };
      }
      case 'disable-iam-access-key':
        if (target.userName === undefined) throw new ActionFailedError(`access key ${target.id} has no user name in the incident's signals`);
        await this.iam({ Action: 'UpdateAccessKey', AccessKeyId: target.id, UserName: target.userName, Status: 'Inactive' });
        return { performed: true, summary: `set access key ${target.id} of ${target.userName} to Inactive` };
      case 'block-s3-public-access':
        await this.s3PublicAccessBlock(target.id);
        return { performed: true, summary: `blocked all public access on bucket ${target.id}` };
      case 'revoke-iam-sessions': {
        const before = (this.config.now?.() ?? new Date()).toISOString();
        const policy = {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': before } } }],
        };
        await this.iam({ Action: 'PutRolePolicy', RoleName: target.id, PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: JSON.stringify(policy) });
        return { performed: true, summary: `revoked sessions of role ${target.id} issued before ${before}` };
      }
    }
  }

  private async quarantineGroupFor(instanceId: string): Promise<string> {
    const described = await this.ec2({ Action: 'DescribeInstances', 'InstanceId.1': instanceId });
    const vpcId = xmlValue(described, 'vpcId');
    if (vpcId === undefined) throw new ActionFailedError(`instance ${instanceId} was not found or has no VPC`);
    const groups = await this.ec2({ Action: 'DescribeSecurityGroups', 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': vpcId, 'Filter.2.Name': 'group-name', 'Filter.2.Value.1': this.config.quarantineGroupName });
    const existing = xmlValue(groups, 'groupId');
    if (existing !== undefined) return existing;
    const created = await this.ec2({ Action: 'CreateSecurityGroup', GroupName: this.config.quarantineGroupName, GroupDescription: 'sirp quarantine: no traffic in or out', VpcId: vpcId });
    const groupId = xmlValue(created, 'groupId');
    if (groupId === undefined) throw new ActionTransientError('CreateSecurityGroup returned no group id');
    // A new group allows all egress; quarantine allows nothing.
    await this.ec2({ Action: 'RevokeSecurityGroupEgress', GroupId: groupId, 'IpPermissions.1.IpProtocol': '-1', 'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0' });
    return groupId;
  }

  private ec2(params: Record<string, string>): Promise<string> {
    const endpoint = this.config.endpoints?.ec2 ?? `https://ec2.${this.config.region}.amazonaws.com`;
    return this.query(endpoint, 'ec2', this.config.region, { ...params, Version: '2016-11-15' });
  }

  private iam(params: Record<string, string>): Promise<string> {
    // IAM is global and signs in us-east-1.
    return this.query(this.config.endpoints?.iam ?? 'https://iam.amazonaws.com', 'iam', 'us-east-1', { ...params, Version: '2010-05-08' });
  }

  private query(endpoint: string, service: string, region: string, params: Record<string, string>): Promise<string> {
    const body = new URLSearchParams(params).toString();
    return this.send('POST', new URL(endpoint.replace(/\/?$/, '/')), service, region, body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
  }

  private s3PublicAccessBlock(bucket: string): Promise<string> {
    const body =
      '<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>';
    const base = this.config.endpoints?.s3;
    const url = base === undefined ? new URL(`https://${bucket}.s3.${this.config.region}.amazonaws.com/?publicAccessBlock`) : new URL(`${base.replace(/\/$/, '')}/${encodeURIComponent(bucket)}?publicAccessBlock`);
    return this.send('PUT', url, 's3', this.config.region, body, { 'content-type': 'application/xml', 'content-md5': createHash('md5').update(body).digest('base64') });
  }

  private async send(method: string, url: URL, service: string, region: string, body: string, headers: Record<string, string>): Promise<string> {
    const signed = signRequest({ method, url, headers, body }, { service, region, credentials: this.config.credentials(), now: this.config.now?.() ?? new Date() });
    const { host: _host, ...sendable } = signed;
    const response = await (this.config.fetch ?? fetch)(url, { method, headers: sendable, body });
    const text = await response.text();
    if (response.ok) return text;
    const code = xmlValue(text, 'Code') ?? `HTTP ${response.status}`;
    if (response.status >= 500 || /Throttl|RequestLimitExceeded|SlowDown/.test(code)) throw new ActionTransientError(`${service} answered ${code}`);
    throw new ActionFailedError(`${service} refused: ${code}`);
  }
}
