import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BASE_HEADERS } from '../runtime/json-response';

/** A form stays usable for an hour: long enough to fill in during an incident, short enough to be worthless later. */
const FORM_TOKEN_TTL_MS = 60 * 60 * 1000;

const sign = (key: Buffer, issuedAt: string): string => createHmac('sha256', key).update(`console-form.${issuedAt}`).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The anti-forgery value of the console's forms: when it was issued and a
 * MAC over that with a key that never leaves the process. Another site can
 * make a browser post to the console but cannot read a page to learn it.
 */
export function issueFormToken(key: Buffer, nowMs: number): string {
  const issuedAt = nowMs.toString(36);
  return `${issuedAt}.${sign(key, issuedAt)}`;
}

export function isValidFormToken(key: Buffer, token: string, nowMs: number): boolean {
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (match?.[1] === undefined || match[2] === undefined) return false;
  const age = nowMs - parseInt(match[1], 36);
  return age >= -60_000 && age <= FORM_TOKEN_TTL_MS && same(sign(key, match[1]), match[2]);
}

/**
 * A second line against cross-site posts: browsers say where a request comes
 * from (Sec-Fetch-Site, Origin); anything but this very origin is refused.
 * Clients that send neither (curl) still need the form token.
 */
export function isSameOriginRequest(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  // Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` even from our own page.
  const origin = req.headers.origin;
  return origin === undefined || origin === 'null' || origin === `http://${req.headers.host ?? ''}`;
}

/**
 * Against DNS rebinding: a page of another site whose name was made to
 * resolve to 127.0.0.1 would be "same origin" with itself, not with us. On
 * loopback the console answers only to the names this machine gives itself.
 */
export function isExpectedHost(req: IncomingMessage, port: number, extraHosts: readonly string[]): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  const allowed = ['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port}`);
  return allowed.includes(host) || extraHosts.includes(host);
}

/**
 * `?token=<access token>` once: checked, then kept in an HttpOnly,
 * SameSite=Strict cookie and removed from the address bar by a redirect (so
 * it does not stay in the history or get bookmarked). Returns true when it
 * answered the request.
 */
export function exchangeAccessToken(req: IncomingMessage, res: ServerResponse, accessToken: string): boolean {
  const url = new URL(req.url ?? '/', 'http://runtime.invalid');
  const presented = url.searchParams.get('token');
  if (presented === null || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  if (!same(presented, accessToken)) {
    res.writeHead(401, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end('This access token is not the one the runtime printed at start.');
    return true;
  }
  url.searchParams.delete('token');
  const query = url.searchParams.toString();
  res.writeHead(303, {
    ...BASE_HEADERS,
    location: `${url.pathname}${query === '' ? '' : `?${query}`}`,
    'set-cookie': `sirp_token=${accessToken}; HttpOnly; SameSite=Strict; Path=/`,
  });
  res.end();
  return true;
}
