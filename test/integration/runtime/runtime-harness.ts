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

export { eventually, getJson } from '../polling';

/** What `/api/outbox` answers: the runtime's own deliveries. */
export type OutboxEntry = Delivery;

export const linkIn = (body: string): string | undefined => /https?:\/\/\S+\/a\/[A-Za-z0-9_.-]+/.exec(body)?.[0];
