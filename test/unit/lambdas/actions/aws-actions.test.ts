import { EC2Client } from '@aws-sdk/client-ec2';
import { DeleteRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { ActionFailedError, type ActionRequest } from '../../../../lambdas/actions/actions.port';
import { type AwsActionClients, AwsActions } from '../../../../lambdas/actions/aws-actions';
import { awsActionsOnDemand } from '../../../../lambdas/actions/aws-actions-on-demand';
import { ActionTransientError, classifyAwsError } from '../../../../lambdas/actions/aws-error';
import { DryRunActions } from '../../../../lambdas/actions/dry-run-actions';
import { AwsStub, ec2Error, ec2Ok, iamError, s3Error } from './aws-stub';

const stub = new AwsStub();

beforeAll(() => stub.start());
afterAll(() => stub.stop());
beforeEach(() => {
  stub.reset();
});

/** The stock SDK clients, pointed at the stub as `AWS_ENDPOINT_URL_*` would; one attempt, so that a refusal reaches the adapter at once. */
function stockClients(): AwsActionClients {
  const shared = { region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' } };
  const { ec2, iam, s3 } = stub.endpoints;
  return { ec2: new EC2Client({ ...shared, endpoint: ec2 }), iam: new IAMClient({ ...shared, endpoint: iam }), s3: new S3Client({ ...shared, endpoint: s3, forcePathStyle: true }) };
}

const NOW = new Date('2026-01-02T03:04:05Z');
const adapter = () => new AwsActions({ clients: stockClients(), quarantineGroupName: 'sirp-example-quarantine', now: () => NOW });

const request = (kind: ActionRequest['kind'], id: string, userName?: string): ActionRequest => ({
  incidentId: 'inc-01jd7x3k9m',
  actionId: 'a',
  kind,
  target: { type: 'x', id, ...(userName === undefined ? {} : { userName }) },
});

const instanceIn = (vpcId: string) =>
  ec2Ok('DescribeInstances', `<reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-1</instanceId><vpcId>${vpcId}</vpcId></item></instancesSet></item></reservationSet>`);
const ALL_EGRESS =
  '<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges></item></ipPermissionsEgress>';
const SSH_INGRESS =
  '<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges></item></ipPermissions>';
const groups = (...items: string[]) => ec2Ok('DescribeSecurityGroups', `<securityGroupInfo>${items.map((i) => `<item>${i}</item>`).join('')}</securityGroupInfo>`);
const group = (id: string, rules = '<ipPermissions/><ipPermissionsEgress/>') => `<groupId>${id}</groupId><groupName>sirp-example-quarantine</groupName><vpcId>vpc-1</vpcId>${rules}`;

/** Parameters of one query call without the protocol's own (Action, Version). */
const paramsOf = (index: number): Record<string, string> => {
  const { Action: _action, Version: _version, ...rest } = stub.seen[index]?.params ?? {};
  return rest;
};

describe('AwsActions on the stock SDK clients', () => {
  it('isolates an instance: finds its VPC, creates the quarantine group, revokes the egress it really has, swaps the instance onto it', async () => {
    let described = 0;
    stub.answer = (s) => {
      if (s.params.Action === 'DescribeInstances') return instanceIn('vpc-1');
      if (s.params.Action === 'DescribeSecurityGroups') return (described += 1) === 1 ? groups() : groups(group('sg-q', `<ipPermissions/>${ALL_EGRESS}`));
      if (s.params.Action === 'CreateSecurityGroup') return ec2Ok('CreateSecurityGroup', '<return>true</return><groupId>sg-q</groupId>');
      return undefined;
    };
    const outcome = await adapter().run(request('isolate-ec2-instance', 'i-1'));
    expect(outcome).toEqual({ performed: true, summary: 'isolated i-1 in quarantine group sg-q' });
    expect(stub.calls()).toEqual(['ec2 DescribeInstances', 'ec2 DescribeSecurityGroups', 'ec2 CreateSecurityGroup', 'ec2 DescribeSecurityGroups', 'ec2 RevokeSecurityGroupEgress', 'ec2 ModifyInstanceAttribute']);
    expect(stub.seen.every((s) => s.params.Version === '2016-11-15' && s.method === 'POST')).toBe(true);
    expect(paramsOf(0)).toEqual({ 'InstanceId.1': 'i-1' });
    expect(paramsOf(1)).toEqual({ 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': 'vpc-1', 'Filter.2.Name': 'group-name', 'Filter.2.Value.1': 'sirp-example-quarantine' });
    expect(paramsOf(2)).toEqual({ GroupName: 'sirp-example-quarantine', GroupDescription: 'sirp quarantine: no traffic in or out', VpcId: 'vpc-1' });
    expect(paramsOf(3)).toEqual({ 'GroupId.1': 'sg-q' });
    expect(paramsOf(4)).toEqual({
      GroupId: 'sg-q',
      'IpPermissions.1.IpProtocol': '-1',
      'IpPermissions.1.IpRanges.1.CidrIp': '0.0.0.0/0',
      'IpPermissions.1.Ipv6Ranges.1.CidrIpv6': '::/0',
    });
    expect(paramsOf(5)).toEqual({ InstanceId: 'i-1', 'GroupId.1': 'sg-q' });
    expect(stub.seen[5]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ec2\/aws4_request, SignedHeaders=.*x-amz-security-token.*, Signature=[0-9a-f]{64}$/);
  });

  it('reuses a quarantine group that has no rules', async () => {
    stub.answer = (s) => (s.params.Action === 'DescribeInstances' ? instanceIn('vpc-1') : s.params.Action === 'DescribeSecurityGroups' ? groups(group('sg-old')) : undefined);
    await adapter().run(request('isolate-ec2-instance', 'i-1'));
    expect(stub.calls()).toEqual(['ec2 DescribeInstances', 'ec2 DescribeSecurityGroups', 'ec2 ModifyInstanceAttribute']);
    expect(paramsOf(2)).toEqual({ InstanceId: 'i-1', 'GroupId.1': 'sg-old' });
  });

  it('empties a reused quarantine group that has rules left in either direction before the instance joins it', async () => {
    stub.answer = (s) =>
      s.params.Action === 'DescribeInstances' ? instanceIn('vpc-1') : s.params.Action === 'DescribeSecurityGroups' ? groups(group('sg-old', `${SSH_INGRESS}${ALL_EGRESS}`)) : undefined;
    await adapter().run(request('isolate-ec2-instance', 'i-1'));
    expect(stub.calls()).toEqual(['ec2 DescribeInstances', 'ec2 DescribeSecurityGroups', 'ec2 RevokeSecurityGroupEgress', 'ec2 RevokeSecurityGroupIngress', 'ec2 ModifyInstanceAttribute']);
    expect(paramsOf(3)).toEqual({
      GroupId: 'sg-old',
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '22',
      'IpPermissions.1.ToPort': '22',
      'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
    });
  });

  it('leaves a new group the workflow retries when EC2 does not show it yet, and never moves the instance onto a group with egress', async () => {
    stub.answer = (s) => {
      if (s.params.Action === 'DescribeInstances') return instanceIn('vpc-1');
      if (s.params.Action === 'DescribeSecurityGroups') return groups();
      if (s.params.Action === 'CreateSecurityGroup') return ec2Ok('CreateSecurityGroup', '<return>true</return><groupId>sg-q</groupId>');
      return undefined;
    };
    await expect(adapter().run(request('isolate-ec2-instance', 'i-1'))).rejects.toThrow(new ActionTransientError('ec2 does not show the new quarantine group sg-q yet'));
    expect(stub.calls()).not.toContain('ec2 ModifyInstanceAttribute');
  });

  it('fails without calling further when the instance is not found or has no VPC', async () => {
    stub.answer = (s) => (s.params.Action === 'DescribeInstances' ? ec2Error(400, 'InvalidInstanceID.NotFound') : undefined);
    await expect(adapter().run(request('isolate-ec2-instance', 'i-gone'))).rejects.toThrow(new ActionFailedError('ec2 refused: InvalidInstanceID.NotFound'));
    stub.answer = (s) => (s.params.Action === 'DescribeInstances' ? ec2Ok('DescribeInstances', '<reservationSet/>') : undefined);
    await expect(adapter().run(request('isolate-ec2-instance', 'i-classic'))).rejects.toThrow(new ActionFailedError('instance i-classic was not found or has no VPC'));
    expect(stub.calls()).toEqual(['ec2 DescribeInstances', 'ec2 DescribeInstances']);
  });

  it('sets an access key Inactive and revokes role sessions through IAM', async () => {
    expect(await adapter().run(request('disable-iam-access-key', 'AKIA1', 'bob'))).toEqual({ performed: true, summary: 'set access key AKIA1 of bob to Inactive' });
    expect(stub.seen[0]!.params).toEqual({ Action: 'UpdateAccessKey', AccessKeyId: 'AKIA1', UserName: 'bob', Status: 'Inactive', Version: '2010-05-08' });
    expect(stub.seen[0]!.headers.authorization).toMatch(/\/iam\/aws4_request, SignedHeaders=.*x-amz-security-token/);
    const revoked = await adapter().run(request('revoke-iam-sessions', 'app-role'));
    expect(revoked.summary).toBe('revoked sessions of role app-role issued before 2026-01-02T03:04:05.000Z');
    expect([stub.seen[1]!.params.Action, stub.seen[1]!.params.RoleName, stub.seen[1]!.params.PolicyName]).toEqual(['PutRolePolicy', 'app-role', 'AWSRevokeOlderSessions']);
    const policy = JSON.parse(stub.seen[1]!.params.PolicyDocument!) as { Statement: unknown[] };
    expect(policy.Statement).toEqual([{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-01-02T03:04:05.000Z' } } }]);
  });

  it('refuses to disable an access key whose user the signals did not name, without calling IAM', async () => {
    await expect(adapter().run(request('disable-iam-access-key', 'AKIA1'))).rejects.toThrow(new ActionFailedError("access key AKIA1 has no user name in the incident's signals"));
    expect(stub.seen).toHaveLength(0);
  });

  it('blocks public access on a bucket with all four settings, path-style, with a body checksum', async () => {
    expect(await adapter().run(request('block-s3-public-access', 'my-bucket'))).toEqual({ performed: true, summary: 'blocked all public access on bucket my-bucket' });
    const put = stub.seen[0]!;
    expect([put.service, put.method, put.path, put.query]).toEqual(['s3', 'PUT', '/my-bucket/', { publicAccessBlock: '' }]);
    for (const setting of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) expect(put.body).toContain(`<${setting}>true</${setting}>`);
    // S3 requires a checksum on this call: the SDK sends a flexible checksum (CRC32 by default) or Content-MD5.
    expect(put.headers['x-amz-checksum-crc32'] ?? put.headers['content-md5']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(put.headers.authorization).toContain('/eu-west-1/s3/aws4_request');
  });
});

describe('AwsActions error classification', () => {
  const cases: [string, ActionRequest, () => ReturnType<typeof ec2Error>, 'transient' | 'terminal', string][] = [
    ['S3 AccessDenied', request('block-s3-public-access', 'b'), () => s3Error(403, 'AccessDenied'), 'terminal', 's3 refused: AccessDenied'],
    ['S3 SlowDown', request('block-s3-public-access', 'b'), () => s3Error(503, 'SlowDown'), 'transient', 's3 answered SlowDown'],
    ['S3 a bare 503', request('block-s3-public-access', 'b'), () => ({ status: 503, body: '' }), 'transient', 's3 answered'],
    ['IAM NoSuchEntity', request('disable-iam-access-key', 'AKIA1', 'bob'), () => iamError(404, 'NoSuchEntity'), 'terminal', 'iam refused: NoSuchEntity'],
    ['IAM Throttling', request('disable-iam-access-key', 'AKIA1', 'bob'), () => iamError(400, 'Throttling'), 'transient', 'iam answered Throttling'],
    ['IAM ServiceFailure', request('revoke-iam-sessions', 'app-role'), () => iamError(500, 'ServiceFailure'), 'transient', 'iam answered ServiceFailure'],
    ['EC2 RequestLimitExceeded', request('isolate-ec2-instance', 'i-1'), () => ec2Error(503, 'RequestLimitExceeded'), 'transient', 'ec2 answered RequestLimitExceeded'],
    ['EC2 UnauthorizedOperation', request('isolate-ec2-instance', 'i-1'), () => ec2Error(403, 'UnauthorizedOperation'), 'terminal', 'ec2 refused: UnauthorizedOperation'],
  ];

  it.each(cases)('classifies %s', async (_name, req, answer, kind, message) => {
    stub.answer = answer;
    const error: unknown = await adapter().run(req).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind === 'transient' ? ActionTransientError : ActionFailedError);
    expect((error as Error).message).toContain(message);
    // AWS's own message (account ids, ARNs) stays out of what the timeline and the SMS show.
    expect((error as Error).message).not.toContain('123456789012');
  });

  it('runs against a stub that refuses, as the service would, any call the adapter has no business making', async () => {
    stub.answer = (s) => (s.params.Action === 'DescribeInstances' ? instanceIn('vpc-1') : s.params.Action === 'DescribeSecurityGroups' ? groups(group('sg-old')) : undefined);
    await expect(adapter().run(request('isolate-ec2-instance', 'i-1'))).resolves.toEqual(expect.objectContaining({ performed: true }));
    const iam = new IAMClient({ region: 'eu-west-1', maxAttempts: 1, endpoint: stub.endpoints.iam, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    await expect(iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }))).rejects.toMatchObject({ name: 'InvalidAction' });
  });
});

describe('classifyAwsError', () => {
  // What the SDK passes on when the connection fails before AWS answers (seen from a real IAMClient on a closed port,
  // outside jest: inside, Node's error comes from another realm and the SDK wraps it into a bare message).
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { errno: -111, code: 'ECONNREFUSED', syscall: 'connect', $metadata: { attempts: 1 } });

  it('is transient when the service cannot be reached at all', () => {
    expect(classifyAwsError('iam', refused())).toEqual(new ActionTransientError('iam unreachable: ECONNREFUSED'));
  });

  it('is transient for an error the SDK marks retryable, whatever its name', () => {
    const error = Object.assign(new Error('x'), { name: 'EC2ThrottledException', $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 } });
    expect(classifyAwsError('ec2', error)).toEqual(new ActionTransientError('ec2 answered EC2ThrottledException'));
  });

  it('names the status of an answer the SDK could not name', () => {
    expect(classifyAwsError('s3', Object.assign(new Error('x'), { name: 'Unknown', $metadata: { httpStatusCode: 409 } }))).toEqual(new ActionFailedError('s3 refused: HTTP 409'));
  });

  it('passes on an error that is neither an AWS answer nor a network failure', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(classifyAwsError('ec2', bug)).toBe(bug);
    expect(classifyAwsError('ec2', 'text')).toEqual(new Error('ec2 call failed with a non-error value'));
    expect(classifyAwsError('ec2', { name: 'Odd' })).toEqual(new Error('ec2 call failed: Odd'));
  });
});

describe('awsActionsOnDemand', () => {
  it('loads the adapter and its clients once, at the first action', async () => {
    let loads = 0;
    const actions = awsActionsOnDemand({ quarantineGroupName: 'q', now: () => NOW }, () => {
      loads += 1;
      return Promise.resolve(stockClients());
    });
    expect(loads).toBe(0);
    await actions.run(request('block-s3-public-access', 'b1'));
    await actions.run(request('block-s3-public-access', 'b2'));
    expect(loads).toBe(1);
    expect(stub.calls()).toEqual(['s3 PUT /b1/?publicAccessBlock', 's3 PUT /b2/?publicAccessBlock']);
  });
});

describe('the steps function wiring: actionClients() from the environment', () => {
  const names = ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_S3'] as const;
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  afterAll(() => {
    for (const n of names) {
      if (saved[n] === undefined) Reflect.deleteProperty(process.env, n);
      else process.env[n] = saved[n];
    }
  });

  it('points the stock clients at AWS_ENDPOINT_URL_EC2, _IAM and _S3 (S3 path-style) with the role credentials of the environment', async () => {
    const { ec2, iam, s3 } = stub.endpoints;
    Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session', AWS_ENDPOINT_URL_EC2: ec2, AWS_ENDPOINT_URL_IAM: iam, AWS_ENDPOINT_URL_S3: s3 });
    stub.answer = (s) => (s.params.Action === 'DescribeInstances' ? instanceIn('vpc-1') : s.params.Action === 'DescribeSecurityGroups' ? groups(group('sg-old')) : undefined);
    const actions = awsActionsOnDemand({ quarantineGroupName: 'sirp-example-quarantine' });
    await actions.run(request('isolate-ec2-instance', 'i-1'));
    await actions.run(request('disable-iam-access-key', 'AKIA1', 'bob'));
    await actions.run(request('block-s3-public-access', 'my-bucket'));
    expect(stub.calls()).toEqual(['ec2 DescribeInstances', 'ec2 DescribeSecurityGroups', 'ec2 ModifyInstanceAttribute', 'iam UpdateAccessKey', 's3 PUT /my-bucket/?publicAccessBlock']);
    expect(stub.seen.every((s) => s.headers.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AKIDENV/') === true && s.headers['x-amz-security-token'] === 'session')).toBe(true);
  });
});

describe('DryRunActions', () => {
  it('changes nothing and says what it would do', async () => {
    expect(await new DryRunActions().run(request('block-s3-public-access', 'b'))).toEqual({
      performed: false,
      summary: 'dry run: would block all public access on S3 bucket b (s3:PutBucketPublicAccessBlock)',
    });
  });
});
