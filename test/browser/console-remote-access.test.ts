import { startRuntime, type Runtime } from '../../local/runtime/runtime';
import { EXAMPLE_PLAN } from '../integration/runtime/runtime-harness';
import { call } from './http-call';

/*
 * Bound to any address but loopback, the console, its change stream and the
 * API need the access token printed at start: once as ?token=, then as a cookie.
 */

describe('the console bound to every address', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await startRuntime({ planPath: EXAMPLE_PLAN, port: 0, host: '0.0.0.0', dataDir: null });
  });
  afterAll(async () => {
    await runtime.stop();
  });

  it('answers 401 to the console, its stream and the API without the access token', async () => {
    for (const path of ['/', '/incidents/inc-abcdefgh12', '/outbox', '/intake', '/deadletters', '/api/incidents', '/api/changes']) {
      expect([path, (await call(`${runtime.url}${path}`)).status]).toEqual([path, 401]);
    }
    expect((await call(`${runtime.url}/?token=not-the-token`)).status).toBe(401);
  });

  it('trades ?token= for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const traded = await call(`${runtime.url}/outbox?to=maya-chen&token=${runtime.accessToken}`);
    expect(traded.status).toBe(303);
    expect(traded.headers.location).toBe('/outbox?to=maya-chen');
    const cookie = String(traded.headers['set-cookie']);
    expect(cookie).toBe(`sirp_token=${runtime.accessToken}; HttpOnly; SameSite=Strict; Path=/`);
    const headers = { cookie: cookie.split(';')[0] ?? '' };
    expect((await call(`${runtime.url}/`, { headers })).status).toBe(200);
    expect((await call(`${runtime.url}/api/incidents`, { headers })).status).toBe(200);
    const stream = await call(`${runtime.url}/api/changes`, { headers });
    expect([stream.status, stream.body.startsWith('retry: 3000\nevent: hello\n')]).toEqual([200, true]);
  });
});
