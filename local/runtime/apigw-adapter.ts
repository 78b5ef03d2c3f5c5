import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { BodyTooLargeError, readBody } from './http-body';
import { BASE_HEADERS } from './json-response';

/** API Gateway's own payload limit is 10 MB; the approval handler refuses far less itself. */
const MAX_BODY_BYTES = 1024 * 1024;

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * Serves a Lambda written for API Gateway's REST proxy integration from the
 * runtime's HTTP server: the same approval handler code answers `/a/<link>`
 * here and behind API Gateway in AWS. The `resource` mirrors the stack's.
 */
export async function serveThroughApiGateway(
  req: IncomingMessage,
  res: ServerResponse,
  handler: ProxyHandler,
  route: { readonly resource: string; readonly pathParameters: Record<string, string> },
): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    res.writeHead(413, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end('Request body too large');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://runtime.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(',');
  }
  const query = Object.fromEntries(url.searchParams.entries());
  const event = {
    resource: route.resource,
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders: {},
    queryStringParameters: Object.keys(query).length === 0 ? null : query,
    multiValueQueryStringParameters: null,
    pathParameters: route.pathParameters,
    stageVariables: null,
    body: body.length === 0 ? null : body.toString('base64'),
    isBase64Encoded: body.length > 0,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      httpMethod: req.method ?? 'GET',
      path: url.pathname,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: route.resource,
      stage: 'local',
      identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? null },
    },
  } as unknown as APIGatewayProxyEvent;
  const result = await handler(event);
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) responseHeaders[name] = String(value);
  res.writeHead(result.statusCode, responseHeaders);
  res.end(req.method === 'HEAD' ? undefined : Buffer.from(result.body, result.isBase64Encoded === true ? 'base64' : 'utf8'));
}
