import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { BASE_HEADERS } from '../runtime/json-response';
import { ASSET_PATHS } from './layout';

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/** The console's two static files, hand-written (no build step), read once at start. */
export function loadAssets(dir = join(__dirname, 'assets')): ReadonlyMap<string, Asset> {
  const asset = (file: string, type: string): Asset => {
    const body = readFileSync(join(dir, file));
    return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
  };
  return new Map([
    [ASSET_PATHS.css, asset('console.css', 'text/css; charset=utf-8')],
    [ASSET_PATHS.js, asset('console.js', 'text/javascript; charset=utf-8')],
    // Browsers ask for an icon on every page, the approval pages included: answer rather than log a 404.
    [ASSET_PATHS.icon, asset('icon.svg', 'image/svg+xml')],
    ['/favicon.ico', asset('icon.svg', 'image/svg+xml')],
  ]);
}

/** Revalidated on every use (ETag), so a changed file shows at once and an unchanged one costs a 304. */
export function serveAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  const headers = { ...BASE_HEADERS, 'cache-control': 'no-cache', etag: asset.etag, 'cross-origin-resource-policy': 'same-origin' };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': asset.type, 'content-length': asset.body.length });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}
