import type { ApprovalRecord } from './approval.schema';
import { decodeBase64Url, mac, MAC_BYTES, matchingKey, type SigningKey } from './signing-key';

/*
 * An approval link is `<baseUrl>/a/<approvalId>.<mac>`:
 *
 * - approvalId: 128 random bits. Unguessable, so it cannot be enumerated, and
 *   opaque: the task token stays in the table behind it (the AWS tutorial puts
 *   the token itself in the URL; we never do).
 * - mac: HMAC-SHA256(secret, "sirp-approval-v1|" + approvalId + "|" + decider),
 *   truncated to 128 bits. It proves this stack issued this link for this
 *   person: a link for someone else's approval, or one re-pointed at another
 *   approval, fails. The person is not in the URL (no contact ids in mail
 *   logs); the MAC binds them through the record. Rotating the secret (twice,
 *   since the previous version is still accepted) kills every old link at once.
 *
 * Both halves are 22 base64url characters, so the path is 48 characters and
 * an SMS keeps room for words around the link. The id alone is a lookup key
 * (it may be logged); only id + MAC is a credential (the MAC never is logged).
 */

const MAC_CONTEXT = 'sirp-approval-v1';
const LINK_PATH = '/a/';
const SEGMENT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;
/** Longer input is refused before any parsing: a link is well under 200 characters. */
const MAX_LINK_TEXT = 2048;

/** An approval link that passed the grammar; it still has to pass `verifyLink`. */
export interface ParsedLink {
  readonly approvalId: string;
  readonly mac: Buffer;
}

export type LinkParse = { readonly ok: true; readonly link: ParsedLink } | { readonly ok: false; readonly reason: string };
export type LinkCheck = { readonly ok: true; readonly secretVersion: string } | { readonly ok: false; readonly reason: string };

const macMessage = (approvalId: string, decider: string): string => `${MAC_CONTEXT}|${approvalId}|${decider}`;

/** The approval id for 16 random bytes (the caller owns randomness; core stays deterministic). */
export function approvalIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`an approval id needs 16 random bytes, got ${bytes.length}`);
  return Buffer.from(bytes).toString('base64url');
}

/** The path part of a link, `<approvalId>.<mac>`, what API Gateway hands over as `{link}`. */
export function linkSegment(approval: Pick<ApprovalRecord, 'approvalId' | 'decider'>, key: SigningKey): string {
  return `${approval.approvalId}.${mac(key, macMessage(approval.approvalId, approval.decider)).toString('base64url')}`;
}

/**
 * The personal link for an approval.
 *
 * @example issueLink('https://ir.example.com', record, keys.current)
 * // 'https://ir.example.com/a/Yq3v0dB1f8kQeW2aLr9x_A.kV3p...'
 */
export function issueLink(baseUrl: string, approval: Pick<ApprovalRecord, 'approvalId' | 'decider'>, key: SigningKey): string {
  return `${baseUrl.replace(/\/+$/, '')}${LINK_PATH}${linkSegment(approval, key)}`;
}

/**
 * Reads a link strictly: either the bare `<approvalId>.<mac>` segment or a full
 * http(s) URL whose path ends in `/a/<approvalId>.<mac>`, with no query,
 * fragment or credentials. Anything else is refused with a reason.
 */
export function parseLink(text: string): LinkParse {
  if (text.length === 0) return refuse('the link is empty');
  if (text.length > MAX_LINK_TEXT) return refuse('the link is too long');
  // URL parsing forgives spaces, controls and backslashes; a link we issue has none of them.
  if (/[^\x21-\x7e]|\\/.test(text)) return refuse('the link contains characters a sirp link never has');
  if (text.includes('://')) return parseUrl(text);
  return parseSegment(text);
}

function parseUrl(text: string): LinkParse {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('the link is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('the link is not an http(s) URL');
  if (text.includes('?') || text.includes('#')) return refuse('the link has a query or a fragment');
  if (url.username !== '' || url.password !== '') return refuse('the link carries credentials');
  const at = url.pathname.lastIndexOf(LINK_PATH);
  if (at < 0) return refuse('the link is not a sirp approval link');
  return parseSegment(url.pathname.slice(at + LINK_PATH.length));
}

function parseSegment(segment: string): LinkParse {
  const match = SEGMENT.exec(segment);
  if (match === null) return refuse('the link is not a sirp approval link');
  const [, approvalId = '', macText = ''] = match;
  if (decodeBase64Url(approvalId, 16) === undefined) return refuse('the approval id is malformed');
  const decoded = decodeBase64Url(macText, MAC_BYTES);
  if (decoded === undefined) return refuse('the signature is malformed');
  return { ok: true, link: { approvalId, mac: decoded } };
}

/**
 * Checks that the link was issued by this stack for this approval's decider,
 * under any accepted key, in constant time per key.
 */
export function verifyLink(
  link: ParsedLink,
  record: Pick<ApprovalRecord, 'approvalId' | 'decider'>,
  keys: readonly SigningKey[],
): LinkCheck {
  if (link.approvalId !== record.approvalId) return refuse('the link names another approval');
  const version = matchingKey(keys, macMessage(record.approvalId, record.decider), link.mac);
  return version === undefined
    ? refuse('the signature does not match: forged, issued to someone else, or signed with a retired secret')
    : { ok: true, secretVersion: version };
}

const refuse = (reason: string): { readonly ok: false; readonly reason: string } => ({ ok: false, reason });
