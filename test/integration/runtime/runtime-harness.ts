import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '../../../local/runtime/runtime';
import type { Delivery } from '../../../local/services/outbox';

export const ROOT = join(__dirname, '..', '..', '..');
export const EXAMPLE_PLAN = join(ROOT, 'orgs', 'example.yaml');

export const exampleEvent = (name: string): string => readFileSync(join(ROOT, 'examples', 'events', `${name}.json`), 'utf8');

/** One runtime per test file (it sets the process's AWS_ENDPOINT_URL_* variables), on a free port, in memory. */
export async function startTestRuntime(options: { dataDir?: string | null; speed?: number; drill?: boolean } = {}): Promise<Runtime> {
  return startRuntime({ planPath: EXAMPLE_PLAN, port: 0, host: '127.0.0.1', dataDir: options.dataDir ?? null, speed: options.speed ?? 1, drill: options.drill ?? false });
}

/** Polls until `read` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(read: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** What `/api/outbox` answers: the runtime's own deliveries. */
export type OutboxEntry = Delivery;

export const linkIn = (body: string): string | undefined => /https?:\/\/\S+\/a\/[A-Za-z0-9_.-]+/.exec(body)?.[0];
