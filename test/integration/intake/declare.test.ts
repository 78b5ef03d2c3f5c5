import type { CliIo } from '../../../local/cli/cli-io';
import { declare, type DeclareOptions } from '../../../local/cli/declare.command';
import type { Runtime } from '../../../local/runtime/runtime';
import { startTestRuntime } from '../runtime/runtime-harness';
import { deadLetters, incident } from './intake-client';

let runtime: Runtime;

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

function captured(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, readStdin: () => Promise.resolve('') }, out, err };
}

const options = (overrides: Partial<DeclareOptions>): DeclareOptions => ({
  title: 'Invoices downloadable without signing in',
  severity: 'sev2',
  by: undefined,
  description: undefined,
  json: false,
  endpoint: runtime.url,
  ...overrides,
});

const postDeclaration = (body: unknown, key?: string) =>
  fetch(`${runtime.url}/api/declare`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
  });

describe('sirp declare', () => {
  it('opens an incident with the declared severity, recorded as the rule "declared", and who declared it', async () => {
    const { io, out } = captured();

    const code = await declare(options({ by: 'maya-chen', severity: 'sev4', description: 'Reported by support' }), io);

    expect(code).toBe(0);
    const [, incidentId] = /^created (inc-[a-z0-9]+) \(sev4, severity rule: declared\)$/.exec(out[0] ?? '') ?? [];
    expect(incidentId).toBeDefined();
    const view = await incident(runtime.url, incidentId!);
    expect(view.record).toMatchObject({ severity: 'sev4', severityRule: 'declared', source: 'manual', status: 'open' });
    expect(view.timeline.find((e) => e.type === 'incident-opened')?.summary).toMatch(/from manual: Invoices downloadable/);
    expect(view.signals.map((s) => s.raw)).toEqual([expect.objectContaining({ declaredBy: 'maya-chen', description: 'Reported by support' })]);
  });

  it('refuses a declarer who is not a contact of the plan, naming the field, and keeps a dead letter', async () => {
    const { io, err } = captured();

    const code = await declare(options({ by: 'mallory' }), io);

    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/^refused: declaredBy: "mallory" is not a contact in the plan$/);
    expect((await deadLetters(runtime.url)).some((l) => l.path === 'declaredBy')).toBe(true);
  });

  it.each([
    ['no severity', { severity: undefined }, /--severity is required/],
    ['a severity that is not one', { severity: 'urgent' }, /--severity must be sev1, sev2, sev3 or sev4/],
    ['a blank title', { title: '  ' }, /--title must not be empty/],
    ['no title', { title: undefined }, /--title is required/],
  ] as const)('refuses %s before sending', async (_what, overrides, message) => {
    await expect(declare(options(overrides), captured().io)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(message) as unknown });
  });

  it('answers a retried declaration with the same idempotency key as a duplicate of the first', async () => {
    const first = await postDeclaration({ title: 'Partner warns of leaked keys', severity: 'sev1' }, 'retry-key-0001');
    const second = await postDeclaration({ title: 'Partner warns of leaked keys', severity: 'sev1' }, 'retry-key-0001');

    const [a, b] = [(await first.json()) as { results: { outcome: string; incidentId: string }[] }, (await second.json()) as { results: { outcome: string; incidentId: string }[] }];
    expect([first.status, a.results[0]?.outcome]).toEqual([201, 'created']);
    expect([second.status, b.results[0]?.outcome, b.results[0]?.incidentId]).toEqual([200, 'duplicate', a.results[0]?.incidentId]);
  });

  it('refuses a malformed declaration with the field named', async () => {
    const response = await postDeclaration({ title: 'x', severity: 'sev2', __proto__: null, extra: { constructor: 1 } });
    const body = (await response.json()) as { results: { reason: { path: string } }[] };

    expect(response.status).toBe(400);
    expect(body.results[0]?.reason.path).toBe('extra.constructor');
  });
});
