import type { z } from 'zod';

/** The runtime's read API answered with an error the console passes on (404: no such incident). */
export class ConsoleApiError extends Error {
  override readonly name = 'ConsoleApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The console reads what the CLI reads: the runtime's own `/api/`, over
 * loopback HTTP with the access token. Pages therefore show exactly the API's
 * data (and whatever it gains), and the console holds no store of its own.
 */
export class ConsoleApi {
  constructor(
    private readonly baseUrl: string,
    private readonly accessToken: string,
  ) {}

  async get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.accessToken}` } });
    const body: unknown = await response.json();
    if (!response.ok) {
      const message = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : `HTTP ${response.status}`;
      throw new ConsoleApiError(response.status, message);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${path} answered an unexpected shape at ${issue?.path.join('.') ?? '$'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  /** A read that may not exist (yet): an optional section. Null on 404 or 405. */
  async optional(path: string): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.accessToken}` } });
    if (response.status === 404 || response.status === 405) return null;
    if (!response.ok) throw new ConsoleApiError(response.status, `HTTP ${response.status} from ${path}`);
    return response.json();
  }

  /** `POST /events`, exactly as `sirp trigger` sends it. */
  async postEvent(text: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    const body: unknown = await response.json();
    return { status: response.status, body };
  }
}
