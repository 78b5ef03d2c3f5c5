import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionFailedError } from '../../../../lambdas/actions/actions.port';
import { ActionTransientError, AwsActions } from '../../../../lambdas/actions/aws-actions';
import { DryRunActions } from '../../../../lambdas/actions/dry-run-actions';
import { signRequest } from '../../../../lambdas/actions/sigv4';

/**
 * EC2, IAM and S3 cannot run here: a local HTTP stub answers as they do
 * (query protocol XML, S3 REST), and records what the adapter sent.
 */
interface Seen {
  method: string;
  path: string;
  params: URLSearchParams;
  body: string;
  headers: IncomingMessage['headers'];
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let answer: (s: Seen) => { status: number; body: string } = () => ({ status: 200, body: '<ok/>' });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stub');
      const s: Seen = { method: req.method ?? '', path: url.pathname + url.search, params: new URLSearchParams(body), body, headers: req.headers };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, { 'content-type': 'text/xml' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
  answer = () => ({ status: 200, body: '<ok/>' });
});

const NOW = new Date('2026-01-02T03:04:05Z');
const adapter = () =>
  new AwsActions({
    region: 'eu-west-1',
    quarantineGroupName: 'sirp-example-quarantine',
    endpoints: { ec2: `${base}/ec2`, iam: `${base}/iam`, s3: `${base}/s3` },
    credentials: () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' }),
    now: () => NOW,
  });
const request = (kind: 'isolate-ec2-instance' | 'disable-iam-access-key' | 'block-s3-public-access' | 'revoke-iam-sessions', id: string, userName?: string) => ({
  incidentId: 'inc-01jd7x3k9m',
  actionId: 'a',
  kind,
  target: { type: 'x', id, ...(userName === undefined ? {} : { userName }) },
});

describe('AwsActions', () => {
  it('isolates an instance: finds its VPC, creates the quarantine group without egress, swaps the instance onto it', async () => {
    answer = (s) => {
      const action = s.params.get('Action');
      if (action === 'DescribeInstances') return { status: 200, body: '<r><vpcId>vpc-1</vpcId></r>' };
      if (action === 'DescribeSecurityGroups') return { status: 200, body: '<r><securityGroupInfo/></r>' };
      if (action === 'CreateSecurityGroup') return { status: 200, body: '<r><groupId>sg-q</groupId></r>' };
      return { status: 200, body: '<r><return>true</return></r>' };
    };
    const outcome = await adapter().run(request('isolate-ec2-instance', 'i-1'));
    expect(outcome).toEqual({ performed: true, summary: 'isolated i-1 in quarantine group sg-q' });
    expect(seen.map((s) => s.params.get('Action'))).toEqual(['DescribeInstances', 'DescribeSecurityGroups', 'CreateSecurityGroup', 'RevokeSecurityGroupEgress', 'ModifyInstanceAttribute']);
    const modify = seen.at(-1)!;
    expect([modify.params.get('InstanceId'), modify.params.get('GroupId.1'), modify.params.get('Version')]).toEqual(['i-1', 'sg-q', '2016-11-15']);
    expect(modify.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/eu-west-1\/ec2\/aws4_request, SignedHeaders=.*x-amz-security-token.*, Signature=[0-9a-f]{64}$/);
  });

  it('reuses an existing quarantine group', async () => {
    answer = (s) => (s.params.get('Action') === 'DescribeInstances' ? { status: 200, body: '<vpcId>vpc-1</vpcId>' } : { status: 200, body: '<groupId>sg-old</groupId>' });
    await adapter().run(request('isolate-ec2-instance', 'i-1'));
    expect(seen.map((s) => s.params.get('Action'))).toEqual(['DescribeInstances', 'DescribeSecurityGroups', 'ModifyInstanceAttribute']);
  });

  it('sets an access key Inactive and revokes role sessions through IAM, signed for us-east-1', async () => {
    await adapter().run(request('disable-iam-access-key', 'AKIA1', 'bob'));
    expect(Object.fromEntries(seen[0]!.params)).toEqual({ Action: 'UpdateAccessKey', AccessKeyId: 'AKIA1', UserName: 'bob', Status: 'Inactive', Version: '2010-05-08' });
    expect(seen[0]!.headers.authorization).toContain('/us-east-1/iam/aws4_request');
    const revoked = await adapter().run(request('revoke-iam-sessions', 'app-role'));
    expect(revoked.summary).toBe('revoked sessions of role app-role issued before 2026-01-02T03:04:05.000Z');
    const policy = JSON.parse(seen[1]!.params.get('PolicyDocument')!) as { Statement: { Effect: string; Condition: unknown }[] };
    expect(policy.Statement[0]).toEqual(expect.objectContaining({ Effect: 'Deny', Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-01-02T03:04:05.000Z' } } }));
  });

  it('blocks public access on a bucket with all four settings and a Content-MD5', async () => {
    await adapter().run(request('block-s3-public-access', 'my-bucket'));
    expect([seen[0]!.method, seen[0]!.path]).toEqual(['PUT', '/s3/my-bucket?publicAccessBlock']);
    expect(seen[0]!.body.match(/>true</g)).toHaveLength(4);
    expect(seen[0]!.headers['content-md5']).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('fails terminally on a refusal, transiently on throttling or a 5xx, and without a user for a key', async () => {
    answer = () => ({ status: 403, body: '<Error><Code>AccessDenied</Code></Error>' });
    await expect(adapter().run(request('block-s3-public-access', 'b'))).rejects.toThrow(new ActionFailedError('s3 refused: AccessDenied'));
    answer = () => ({ status: 400, body: '<Error><Code>Throttling</Code></Error>' });
    await expect(adapter().run(request('disable-iam-access-key', 'AKIA1', 'bob'))).rejects.toBeInstanceOf(ActionTransientError);
    answer = () => ({ status: 503, body: 'unavailable' });
    await expect(adapter().run(request('block-s3-public-access', 'b'))).rejects.toThrow('s3 answered HTTP 503');
    await expect(adapter().run(request('disable-iam-access-key', 'AKIA1'))).rejects.toThrow(/no user name/);
    answer = () => ({ status: 200, body: '<r/>' });
    await expect(adapter().run(request('isolate-ec2-instance', 'i-gone'))).rejects.toThrow(/not found or has no VPC/);
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

describe('signRequest', () => {
  // The expected signature was computed by the AWS SDK's own signer (@smithy/signature-v4) for the same request.
  it('signs exactly as the AWS SDK signer does, session token included', () => {
    const body = 'Action=UpdateAccessKey&UserName=bob';
    const headers = signRequest(
      { method: 'POST', url: new URL('https://iam.amazonaws.com/'), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
      { service: 'iam', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok' }, now: new Date('2015-08-30T12:36:00Z') },
    );
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=357e00960ee373fe0d2a6f19bae6df8e5311ddabfd310af36decfc7f2fac46ca',
    );
  });
});
