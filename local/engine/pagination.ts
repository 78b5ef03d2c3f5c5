import { SfnApiError } from './engine-errors';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/**
 * One page of `items`, SFN style: `maxResults` 0 or absent means the default
 * (100), at most 1000; `nextToken` is opaque and bound to the listing it came
 * from (`scope`), so a token from another listing is an `InvalidToken`.
 */
export function paginate<T>(
  items: readonly T[],
  scope: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } {
  const size = Math.min(maxResults === undefined || maxResults <= 0 ? DEFAULT_PAGE : maxResults, MAX_PAGE);
  const offset = nextToken === undefined ? 0 : decode(nextToken, scope);
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { page, nextToken: encode(scope, next) } : { page };
}

const encode = (scope: string, offset: number): string => Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');

function decode(token: string, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown; o?: unknown };
    if (parsed.s === scope && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through: not one of ours
  }
  throw new SfnApiError('InvalidToken', 'Invalid Token: the nextToken does not belong to this listing');
}
