import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { CommunicationDraft } from '../../../../core/comms/communication';
import type { Incident } from '../../../../core/incident/incident.schema';
import { draftFromApi } from '../../../../lambdas/comms/comms-api';
import type { CommunicationStarter, DraftCommunicationDeps } from '../../../../lambdas/comms/draft-communication';
import { mobilized, plan, T0 } from '../../core/response/response-fixtures';

/** In-memory fakes of the ports drafting uses: the incident table, the drafts, the workflow starter. */
function harness(incidents: readonly Incident[] = [mobilized()]) {
  const drafts: CommunicationDraft[] = [];
  const started: { incidentId: string; draftId: string }[] = [];
  const workflows: CommunicationStarter = { start: (input) => Promise.resolve(void started.push({ ...input })) };
  const deps: DraftCommunicationDeps = {
    plan,
    now: () => T0 + 60_000,
    incidents: { get: (id) => Promise.resolve(incidents.find((i) => i.id === id) ?? null) },
    communications: { create: (draft) => Promise.resolve(void drafts.push(draft)) },
    workflows,
  };
  return { deps, drafts, started };
}

const event = (body: string | null, overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent =>
  ({
    resource: '/incidents/{id}/comms',
    path: '/incidents/inc-01jd7x3k9m/comms',
    httpMethod: 'POST',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { id: 'inc-01jd7x3k9m' },
    stageVariables: null,
    requestContext: {},
    body,
    isBase64Encoded: false,
    ...overrides,
  }) as APIGatewayProxyEvent;

const answer = (result: { statusCode: number; body: string }) => ({ status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> });

describe('draftFromApi (POST /incidents/{id}/comms)', () => {
  it('stores a pending draft and starts its communication workflow', async () => {
    const h = harness();
    const result = answer(await draftFromApi(event(JSON.stringify({ audience: 'employees', message: '# Status\nContained.' })), h.deps));

    expect(result.status).toBe(202);
    expect(result.body).toEqual(expect.objectContaining({ incidentId: 'inc-01jd7x3k9m', audience: 'employees', title: 'Status', author: 'cam', status: 'pending' }));
    expect(h.drafts).toHaveLength(1);
    expect(h.started).toEqual([{ incidentId: 'inc-01jd7x3k9m', draftId: h.drafts[0]!.draftId }]);
  });

  it('reads a base64 body as API Gateway hands a binary one', async () => {
    const h = harness();
    const body = Buffer.from(JSON.stringify({ audience: 'employees', message: 'All clear.', author: 'lena' })).toString('base64');
    const result = answer(await draftFromApi(event(body, { isBase64Encoded: true }), h.deps));

    expect(result.status).toBe(202);
    expect(result.body.author).toBe('lena');
  });

  it.each([
    ['a body that is not JSON', 'not json', 400, undefined],
    ['no body', null, 400, undefined],
    ['an empty message', JSON.stringify({ audience: 'employees', message: '  ' }), 400, 'message'],
    ['an unknown audience', JSON.stringify({ audience: 'press', message: 'x' }), 400, 'audience'],
    ['an author who is not a contact', JSON.stringify({ audience: 'employees', message: 'x', author: 'mallory' }), 400, 'author'],
    ['an audience the plan does not define', JSON.stringify({ audience: 'customers', message: 'x' }), 409, undefined],
    ['a body over 64 KiB', JSON.stringify({ audience: 'employees', message: 'x'.repeat(70_000) }), 413, undefined],
  ])('refuses %s, naming the field, and drafts nothing', async (_what, body, status, path) => {
    const h = harness();
    const result = answer(await draftFromApi(event(body), h.deps));

    expect(result.status).toBe(status);
    expect(result.body.path).toBe(path);
    expect(typeof result.body.error).toBe('string');
    expect(h.drafts).toEqual([]);
    expect(h.started).toEqual([]);
  });

  it('answers 404 for an unknown incident and 400 for a path that names none', async () => {
    const h = harness([]);
    expect(answer(await draftFromApi(event(JSON.stringify({ audience: 'employees', message: 'x' })), h.deps))).toEqual({ status: 404, body: { error: 'no incident inc-01jd7x3k9m' } });
    expect(answer(await draftFromApi(event('{}', { pathParameters: { id: '../etc' } }), h.deps)).status).toBe(400);
  });

  it('refuses to draft for an incident with no Crisis Lead yet (409), and any method but POST (405)', async () => {
    const h = harness([mobilized({ crisisLead: null })]);
    expect(answer(await draftFromApi(event(JSON.stringify({ audience: 'employees', message: 'x' })), h.deps)).status).toBe(409);
    expect(answer(await draftFromApi(event(null, { httpMethod: 'GET' }), h.deps)).status).toBe(405);
    expect(h.drafts).toEqual([]);
  });
});
