import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Loopback: the operator's own machine, where the runtime is a single-user sandbox. */
export const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === '::1' || host === 'localhost';

/**
 * Off loopback, the console and `/api/` need the access token printed at
 * start: as a bearer header (CLI) or the `sirp_token` cookie (browser).
 */
export function isAuthorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const bearer = header.startsWith('Bearer ') ? header.slice(7) : '';
  const cookie = /(?:^|;\s*)sirp_token=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
  return [bearer, cookie].some((presented) => equal(presented, token));
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
