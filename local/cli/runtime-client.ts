import { CliError, type CliIo, EXIT } from './cli-io';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080';

/** Where the runtime is: `--endpoint`, else `SIRP_ENDPOINT`, else the default port on loopback. */
export function endpointOf(flag: string | undefined, io: CliIo): string {
  const endpoint = flag ?? io.env.SIRP_ENDPOINT ?? DEFAULT_ENDPOINT;
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    throw new CliError(`--endpoint must be an http(s) URL, got "${endpoint}"`, EXIT.badInput);
  }
}

export interface RuntimeResponse {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
}

/** One request to the runtime; an unreachable runtime is one clear line and exit 1. */
export async function call(
  endpoint: string,
  path: string,
  io: CliIo,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RuntimeResponse> {
  const token = io.env.SIRP_TOKEN;
  let response: Response;
  try {
    response = await fetch(`${endpoint}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
  } catch {
    throw new CliError(`cannot reach the runtime at ${endpoint}: is "sirp local" running? (--endpoint or SIRP_ENDPOINT to point elsewhere)`, EXIT.failure);
  }
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** GET a JSON API; a non-2xx answer becomes one line with the server's message. */
export async function getJson<T>(endpoint: string, path: string, io: CliIo): Promise<T> {
  const response = await call(endpoint, path, io);
  if (response.status === 401) throw new CliError('the runtime wants its access token: set SIRP_TOKEN to the token it printed at start');
  if (response.status < 200 || response.status >= 300) {
    throw new CliError(`${path}: ${errorMessage(response.text) ?? `HTTP ${response.status}`}`, response.status === 404 ? EXIT.badInput : EXIT.failure);
  }
  return JSON.parse(response.text) as T;
}

function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}
