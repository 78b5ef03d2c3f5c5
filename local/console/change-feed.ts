import type { IncomingMessage, ServerResponse } from 'node:http';
import { BASE_HEADERS } from '../runtime/json-response';

/** A burst of workflow events (dozens per gate) becomes one message per this interval. */
const COALESCE_MS = 250;
/** Proxies drop idle connections; a comment line keeps the stream open. */
const HEARTBEAT_MS = 25_000;
/** Each open page holds one connection: enough for a team, bounded against a flood. */
const MAX_LISTENERS = 64;

/**
 * "Something changed": the runtime calls `notify()` on every workflow event,
 * outbox delivery and intake; open console pages listen over server-sent
 * events and fetch themselves again. The stream carries no data of its own,
 * so it can reveal nothing a page does not already show.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ServerResponse>();
  private pending: NodeJS.Timeout | null = null;
  private sequence = 0;

  notify(): void {
    if (this.pending !== null) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.sequence += 1;
      for (const res of this.listeners) res.write(`event: change\ndata: ${this.sequence}\n\n`);
    }, COALESCE_MS);
    this.pending.unref();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** `GET /api/changes`: an event stream of `change` events. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.listeners.size >= MAX_LISTENERS) {
      res.writeHead(503, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'retry-after': '10' });
      res.end('too many open change streams');
      return;
    }
    res.writeHead(200, { ...BASE_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(`retry: 3000\nevent: hello\ndata: ${this.sequence}\n\n`);
    this.listeners.add(res);
    const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const forget = (): void => {
      clearInterval(heartbeat);
      this.listeners.delete(res);
    };
    req.on('close', forget);
    res.on('close', forget);
  }

  close(): void {
    if (this.pending !== null) clearTimeout(this.pending);
    for (const res of this.listeners) res.end();
    this.listeners.clear();
  }
}
