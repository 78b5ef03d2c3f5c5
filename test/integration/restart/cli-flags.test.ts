import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT, startSirpProcess, type SirpProcess } from '../../../bench/lib/sirp-process';
import { ALARM, EXAMPLE_PLAN, getJson, stopSirp, trigger } from './restart-harness';

// Real `sirp local` boots on a shared 2-core machine.
jest.setTimeout(240_000);

const running: SirpProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => stopSirp(s)));
});

async function boot(args: string[]): Promise<SirpProcess> {
  const sirp = await startSirpProcess([...args, '--plan', EXAMPLE_PLAN], { timeoutMs: 60_000 });
  running.push(sirp);
  return sirp;
}

describe('npm start', () => {
  it('brings the runtime up with the example plan, as the quick start says', async () => {
    const sirp = await startSirpProcess(['--port', '0', '--memory'], { timeoutMs: 60_000, viaNpmStart: true });
    running.push(sirp);
    expect(await getJson<{ status: string; org: string }>(`${sirp.url}/health`)).toMatchObject({ status: 'ok', org: 'example' });
  });
});

describe('sirp local flags', () => {
  it('--memory keeps nothing: a restart starts empty', async () => {
    const first = await boot(['--port', '0', '--memory']);
    expect(first.stdout).toEqual([`ready ${first.url}/`]);
    await trigger(first.url, ALARM);
    expect(await getJson<unknown[]>(`${first.url}/api/incidents`)).toHaveLength(1);
    await stopSirp(running.pop());

    const second = await boot(['--port', '0', '--memory']);
    expect(await getJson<unknown[]>(`${second.url}/api/incidents`)).toEqual([]);
  });

  it('--host off loopback prints the access token on stderr and /api/ asks for it', async () => {
    const sirp = await boot(['--port', '0', '--memory', '--host', '0.0.0.0']);
    expect(sirp.stdout).toEqual([expect.stringMatching(/^ready http:\/\/127\.0\.0\.1:\d+\/$/)]);
    const token = /access token[^:]*: (\S+)/.exec(sirp.stderr())?.[1];
    expect(token).toBeDefined();
    expect((await fetch(`${sirp.url}/health`)).status).toBe(200);
    expect((await fetch(`${sirp.url}/api/incidents`)).status).toBe(401);
    expect((await fetch(`${sirp.url}/api/incidents`, { headers: { authorization: `Bearer ${token!}` } })).status).toBe(200);
  });

  it.each([
    [['--data', '/tmp/x', '--memory'], /--data and --memory exclude each other/],
    [['--port', '70000'], /--port must be 0-65535/],
  ])('refuses %j with exit 2 and the reason', (args, reason) => {
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'sirp.js'), 'local', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout).toBe('');
  });
});
