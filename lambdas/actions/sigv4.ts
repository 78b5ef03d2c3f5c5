import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Signs one request with AWS Signature Version 4 (headers). The project has
 * only the SDK clients it already needs (DynamoDB, SFN, SNS, Secrets
 * Manager); the three containment APIs are called with this signer instead
 * of adding EC2, IAM and S3 clients as dependencies.
 */
export function signRequest(
  request: { method: string; url: URL; headers: Record<string, string>; body: string },
  scope: { service: string; region: string; credentials: AwsCredentials; now: Date },
): Record<string, string> {
  const amzDate = scope.now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256(request.body);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.url.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
    ...(scope.credentials.sessionToken === undefined ? {} : { 'x-amz-security-token': scope.credentials.sessionToken }),
  };
  const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const query = [...request.url.searchParams].map(([k, v]) => `${encode(k)}=${encode(v)}`).sort().join('&');
  const path = request.url.pathname.split('/').map((seg) => encode(decodeURIComponent(seg))).join('/') || '/';
  const canonical = [request.method, path, query, names.map((n) => `${n}:${lower[n] ?? ''}\n`).join(''), names.join(';'), payloadHash].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${scope.credentials.secretAccessKey}`, day), scope.region), scope.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${scope.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
