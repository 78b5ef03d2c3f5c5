import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { IncidentIdSchema } from '../../core/incident/incident.schema';
import { type DraftCommunicationDeps, draftCommunication, listedDraft } from './draft-communication';

/** The parts of API Gateway's REST proxy event drafting reads. */
const CommsEventSchema = z.object({
  httpMethod: z.string(),
  pathParameters: z.object({ id: IncidentIdSchema }, { error: 'pathParameters.id: must be an incident id' }),
  body: z.string().nullable(),
  isBase64Encoded: z.boolean().default(false),
});

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  body: JSON.stringify(body),
});

/**
 * `POST /incidents/{id}/comms` of the stack's IAM-authorized communications
 * API: drafts a communication and starts its workflow, like `sirp comms draft`
 * against the embedded runtime. 202 with the draft; 400, 404, 409 or 413 with
 * `{ error, path? }` naming what is wrong.
 *
 * @example
 * // awscurl --service execute-api -X POST "$URL/incidents/inc-01jd7x3k9m/comms" \
 * //   -d '{"audience":"executives","message":"# Status\nContained; no customer data left."}'
 */
export async function draftFromApi(event: APIGatewayProxyEvent, deps: DraftCommunicationDeps): Promise<APIGatewayProxyResult> {
  if (event.httpMethod !== 'POST') return json(405, { error: `${event.httpMethod} is not allowed: POST a draft` });
  const parsed = CommsEventSchema.safeParse(event);
  if (!parsed.success) return json(400, { error: 'the path must name an incident: /incidents/inc-.../comms', path: 'id' });
  const { body, isBase64Encoded, pathParameters } = parsed.data;
  const text = body === null ? '' : isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  const outcome = await draftCommunication(pathParameters.id, text, deps);
  if (!outcome.ok) return json(outcome.status, { error: outcome.error, ...(outcome.path === null ? {} : { path: outcome.path }) });
  return json(202, listedDraft(outcome.draft));
}
