import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One version of the stack's signing secret. Links and anti-forgery values
 * are MACs under it; several versions are accepted while a rotation settles.
 */
export interface SigningKey {
  /** The secret's version id, recorded on approvals so a dead link can be explained. */
  readonly versionId: string;
  readonly secret: Uint8Array;
}

/** The keys in use: `current` signs; `verifying` (current first) are all accepted. */
export interface SigningKeys {
  readonly current: SigningKey;
  readonly verifying: readonly SigningKey[];
}

/** 128 bits: the birthday bound is irrelevant for a MAC, and 2^-128 forgery odds per try are plenty. */
export const MAC_BYTES = 16;

/** HMAC-SHA256 truncated to 128 bits (truncation is allowed by RFC 2104 section 5 down to half the output). */
export function mac(key: SigningKey, message: string): Buffer {
  return createHmac('sha256', key.secret).update(message, 'utf8').digest().subarray(0, MAC_BYTES);
}

/**
 * The version of the first key whose MAC of `message` equals `presented`, or
 * undefined. Every key is tried even after a match so the time taken does not
 * tell which key (or whether any) matched; each comparison is constant-time.
 */
export function matchingKey(keys: readonly SigningKey[], message: string, presented: Buffer): string | undefined {
  let match: string | undefined;
  for (const key of keys) {
    const expected = mac(key, message);
    const equal = presented.length === expected.length && timingSafeEqual(presented, expected);
    if (equal && match === undefined) match = key.versionId;
  }
  return match;
}

/** base64url of exactly `bytes` bytes, or undefined when the text is not its one canonical spelling. */
export function decodeBase64Url(text: string, bytes: number): Buffer | undefined {
  const decoded = Buffer.from(text, 'base64url');
  return decoded.length === bytes && decoded.toString('base64url') === text ? decoded : undefined;
}
