/** Polls `read` every `everyMs` until it returns a value (not undefined), or fails naming `what` after `ms`. */
export async function eventually<T>(read: () => Promise<T | undefined>, what: string, ms = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** GET and parse JSON; a status other than 2xx fails with the URL. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
