import type { Runtime } from '../../local/runtime/runtime';
import { startTestRuntime } from '../integration/runtime/runtime-harness';
import { call } from './http-call';

/*
 * The console on loopback is the operator's sandbox: no token, but it answers
 * only to this machine's names, and its one form cannot be posted from
 * another site. (Bound elsewhere: console-remote-access.test.ts; one runtime
 * per file, as the AWS clients keep the first endpoints they were given.)
 */

describe('the console bound to loopback', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime.stop();
  });

  it('serves every page without a token', async () => {
    for (const path of ['/', '/outbox', '/intake', '/deadletters', '/console/console.css', '/console/console.js']) {
      expect([path, (await call(`${runtime.url}${path}`)).status]).toEqual([path, 200]);
    }
  });

  it('refuses a host name that is not this machine (DNS rebinding)', async () => {
    const answer = await call(`${runtime.url}/outbox`, { headers: { host: `attacker.example:${new URL(runtime.url).port}` } });
    expect(answer.status).toBe(421);
  });

  it('refuses an intake post without this console form token, or from another site', async () => {
    const form = (csrf: string): string => new URLSearchParams({ csrf, example: 'cloudwatch-alarm', event: '' }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await call(`${runtime.url}/intake`, { method: 'POST', headers, body: form('forged') })).status).toBe(403);
    const page = await call(`${runtime.url}/intake`);
    const token = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(token).not.toBe('');
    const crossSite = await call(`${runtime.url}/intake`, { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'cross-site', origin: 'https://attacker.example' }, body: form(token) });
    expect(crossSite.status).toBe(403);
    const accepted = await call(`${runtime.url}/intake`, { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'same-origin' }, body: form(token) });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain('<span class="tag outcome-created">created</span>');
  });

  it('answers a strict content security policy on every page', async () => {
    const answer = await call(`${runtime.url}/`);
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self';/);
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });
});
