import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * EC2, IAM and S3 cannot run here: a local HTTP server answers as they do,
 * in the shapes AWS documents, and records what the SDK clients sent. EC2
 * and IAM speak the query protocol (form-encoded POST, XML answer); S3 is
 * REST XML. Mounted under /ec2, /iam and /s3 of one port.
 */
export interface SeenRequest {
  readonly service: 'ec2' | 'iam' | 's3';
  readonly method: string;
  /** Path under the service's mount, e.g. `/my-bucket/` (S3 path-style). */
  readonly path: string;
  /** The URL's query, e.g. `{ publicAccessBlock: '' }` (S3 subresources). */
  readonly query: Record<string, string>;
  /** The query protocol's parameters (EC2, IAM); empty for S3. */
  readonly params: Record<string, string>;
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
}

export interface StubAnswer {
  readonly status: number;
  readonly body: string;
}

export type Answerer = (request: SeenRequest) => StubAnswer | undefined;

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** An EC2 query-protocol answer: `<{Action}Response>` with a requestId. */
export const ec2Ok = (action: string, inner = '<return>true</return>'): StubAnswer => ({
  status: 200,
  body: `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${EC2_NS}"><requestId>req-1</requestId>${inner}</${action}Response>`,
});

/** EC2's error envelope (`Response/Errors/Error`, `RequestID`). */
export const ec2Error = (status: number, code: string): StubAnswer => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>account 123456789012: ${code}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`,
});

/** An IAM query-protocol answer: `<{Action}Response>` with ResponseMetadata. */
export const iamOk = (action: string): StubAnswer => ({
  status: 200,
  body: `<${action}Response xmlns="${IAM_NS}"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>`,
});

/** IAM's error envelope (`ErrorResponse/Error` with Type, Code, Message). */
export const iamError = (status: number, code: string): StubAnswer => ({
  status,
  body: `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>arn:aws:iam::123456789012:user/bob: ${code}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
});

/** S3's error document (`Error` with Code, Message, RequestId, HostId). */
export const s3Error = (status: number, code: string): StubAnswer => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>req-1</RequestId><HostId>host-1</HostId></Error>`,
});

const EC2_ACTIONS = new Set(['DescribeInstances', 'DescribeSecurityGroups', 'CreateSecurityGroup', 'RevokeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'ModifyInstanceAttribute']);
const IAM_ACTIONS = new Set(['UpdateAccessKey', 'PutRolePolicy']);

/**
 * What each service answers unless a test says otherwise: success with an
 * empty result for the calls the adapter makes, and the service's own
 * refusal for anything else (so a call the adapter should not make fails).
 */
function defaultAnswer(request: SeenRequest): StubAnswer {
  if (request.service === 's3') {
    const isPutPublicAccessBlock = request.method === 'PUT' && 'publicAccessBlock' in request.query && /^\/[^/]+\/?$/.test(request.path);
    return isPutPublicAccessBlock ? { status: 200, body: '' } : s3Error(501, 'NotImplemented');
  }
  const action = request.params.Action ?? '';
  if (request.service === 'ec2') return EC2_ACTIONS.has(action) && request.params.Version === '2016-11-15' ? ec2Ok(action) : ec2Error(400, 'InvalidAction');
  return IAM_ACTIONS.has(action) && request.params.Version === '2010-05-08' ? iamOk(action) : iamError(400, 'InvalidAction');
}

export class AwsStub {
  readonly seen: SeenRequest[] = [];
  answer: Answerer = () => undefined;
  private server: Server | undefined;
  private port = 0;

  get endpoints(): { ec2: string; iam: string; s3: string } {
    const base = `http://127.0.0.1:${this.port}`;
    return { ec2: `${base}/ec2`, iam: `${base}/iam`, s3: `${base}/s3` };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://stub');
        const [, mount = '', ...rest] = url.pathname.split('/');
        const service = mount === 'ec2' || mount === 'iam' || mount === 's3' ? mount : undefined;
        if (service === undefined) {
          res.writeHead(404).end();
          return;
        }
        const params = service === 's3' ? {} : Object.fromEntries(new URLSearchParams(body));
        const query = Object.fromEntries(url.searchParams);
        const seen: SeenRequest = { service, method: req.method ?? '', path: `/${rest.join('/')}`, query, params, body, headers: req.headers };
        this.seen.push(seen);
        const answer = this.answer(seen) ?? defaultAnswer(seen);
        res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  reset(): void {
    this.seen.length = 0;
    this.answer = () => undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  }

  /** The query actions (EC2, IAM) or S3 method and path, in the order they arrived. */
  calls(): string[] {
    return this.seen.map((s) => (s.service === 's3' ? `s3 ${s.method} ${s.path}?${Object.keys(s.query).join('&')}` : `${s.service} ${s.params.Action ?? '?'}`));
  }
}
