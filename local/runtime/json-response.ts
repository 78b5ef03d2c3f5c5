import type { ServerResponse } from 'node:http';

/** Security headers every runtime response carries. */
export const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/** A body already serialized (an answer kept as text). */
export function sendJsonText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

/** A client error names what is wrong; a server error says nothing more than that it happened. */
export function sendError(res: ServerResponse, status: number, message: string, path: string | null = null): void {
  sendJson(res, status, status >= 500 ? { error: 'internal error' } : { error: message, ...(path === null ? {} : { path }) });
}
