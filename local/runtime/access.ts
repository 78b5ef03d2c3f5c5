import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isExpectedHost, isSameOriginRequest } from '../console/console-guard';

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

/** Where the runtime listens, as the request guard needs it. */
export interface HostGuard {
  readonly loopback: boolean;
  readonly port: number;
  /** Other names people reach it by (the public URL's host). */
  readonly extraHosts: readonly string[];
}

/** Why a request is refused before any route sees it. */
export interface Refusal {
  readonly status: 403 | 421;
  readonly message: string;
}

/** The API (which lists personal approval links), the intake, the approval pages and the AWS-compatible endpoints. */
const GUARDED = /^\/(?:api\/|events$|a\/|aws\/)/;

/**
 * The runtime's own routes, against another site's page in the operator's
 * browser. DNS rebinding: a name made to resolve to 127.0.0.1 would make
 * that page same-origin with itself, and on loopback there is no token, so
 * there only this machine's own names are answered (421, like the console).
 * Cross-site POSTs (a form or a fetch from another site to `/events` or
 * `/api/*`): refused when the browser says so (Sec-Fetch-Site, Origin). The
 * SDK clients and the CLI send neither header and pass.
 */
export function refuseForeignRequest(req: IncomingMessage, path: string, guard: HostGuard): Refusal | null {
  if (!GUARDED.test(path)) return null;
  if (guard.loopback && !isExpectedHost(req, guard.port, guard.extraHosts)) {
    return { status: 421, message: 'this runtime answers only to this machine’s own names (127.0.0.1, localhost)' };
  }
  const changes = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
  if (changes && (path === '/events' || path.startsWith('/api/')) && !isSameOriginRequest(req)) {
    return { status: 403, message: 'a request from another site is refused (Sec-Fetch-Site / Origin)' };
  }
  return null;
}
