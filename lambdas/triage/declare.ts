import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parseEventText } from '../../core/triage/input-guard';
import { normalizeManualDeclaration } from '../../core/triage/normalizers/manual.normalizer';
import { reject, triageSignals, type TriageDeps } from './triage-service';

/** A declaration is a title, a severity and a few lines: 16 KB is plenty and bounds the parse. */
const MAX_DECLARATION_BYTES = 16 * 1024;

/** A client-chosen key makes a retried declaration a duplicate instead of a second incident. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

export interface DeclareContext {
  /** Where the stack runs: the signal's account and region. */
  readonly account: string;
  readonly region: string;
}

/** True for what API Gateway's REST proxy integration hands a Lambda. */
export function isApiGatewayEvent(event: unknown): event is APIGatewayProxyEvent {
  return typeof event === 'object' && event !== null && 'requestContext' in event && 'httpMethod' in event && 'resource' in event;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * `POST /declare` of the declaration API (IAM-authorized in AWS, the runtime's
 * `/api/declare` locally): a person opens an incident for what no sensor sees.
 * The body is `{ title, severity, declaredBy?, description? }`; `declaredBy`
 * must be a contact of the plan, and defaults to the IAM caller's ARN. 201
 * with the intake answer; 400 naming the bad field (kept as a dead letter).
 *
 * @example
 * // POST /declare  Idempotency-Key: 7b0c2f7e9a1d4c55
 * { "title": "Phishing reported by finance", "severity": "sev2", "declaredBy": "maya-chen" }
 */
export async function declareFromApi(event: APIGatewayProxyEvent, deps: TriageDeps, context: DeclareContext): Promise<APIGatewayProxyResult> {
  if (event.httpMethod !== 'POST') return json(405, { error: `${event.httpMethod} is not allowed: POST a declaration`, field: '$' });
  const text = event.body === null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text) > MAX_DECLARATION_BYTES) {
    return json(413, { error: `a declaration is at most ${MAX_DECLARATION_BYTES} bytes`, field: '$' });
  }
  const parsed = parseEventText(text, { maxBytes: MAX_DECLARATION_BYTES, maxDepth: 4, maxStringLength: 10_000, maxKeys: 20, maxArrayLength: 0 });
  const body = parsed.ok ? parsed.value : text;
  if (!parsed.ok) return json(400, await reject(body, parsed.reason, deps));

  const caller = event.requestContext.identity.userArn ?? undefined;
  const declaration = typeof body === 'object' && body !== null && !Array.isArray(body) && caller !== undefined ? { declaredBy: caller, ...body } : body;
  const declaredBy = (declaration as { declaredBy?: unknown }).declaredBy;
  if (typeof declaredBy === 'string' && declaredBy !== caller && !deps.plan.contacts.some((c) => c.id === declaredBy)) {
    return json(400, await reject(body, { path: 'declaredBy', message: `"${declaredBy.slice(0, 64)}" is not a contact in the plan` }, deps));
  }
  const key = headerOf(event, 'idempotency-key');
  const id = key !== undefined && IDEMPOTENCY_KEY.test(key) ? key : randomUUID();
  const result = normalizeManualDeclaration(declaration, { id, clock: deps.clock, account: context.account, region: context.region });
  if (!result.ok) return json(400, await reject(body, result.reason, deps));
  const answer = await triageSignals(result.signal.eventId, [result.signal], deps);
  return json(answer.results[0]?.outcome === 'duplicate' ? 200 : 201, answer);
}

function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const found = Object.entries(event.headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1] ?? undefined;
}
