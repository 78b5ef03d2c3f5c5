import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves handlers under path prefixes on one port, as the runtime does
 * (`/aws/sns`, `/aws/secrets`); any other path is a 404, so a client that
 * dropped the endpoint's base path would fail.
 */
export async function mount(routes: Record<string, Handler>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const route = Object.entries(routes).find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
    if (route === undefined) {
      res.writeHead(404).end('no route');
      return;
    }
    route[1](req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => { if (error) reject(error); else resolve(); });
      server.closeAllConnections();
    }),
  };
}
