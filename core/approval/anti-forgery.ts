import { decodeBase64Url, mac, MAC_BYTES, matchingKey, type SigningKey, type SigningKeys } from './signing-key';

/*
 * Threat model of the approval page.
 *
 * - Possession of the link is the person. The link goes to one person's inbox
 *   or phone and is bound to them by its MAC; sirp has no accounts, so there is
 *   nothing further to prove on POST that the link does not already prove.
 *   Asking for more (a login, an OTP to the same phone) would add a second
 *   factor only where a second channel exists; it is not needed for the threats
 *   below, and a Crisis Lead at 3 a.m. must be able to decide in two taps.
 * - Mail scanners (Safe Links, Mimecast, Proofpoint) and link unfurlers open
 *   every link, some run JavaScript. They GET (and HEAD); nothing changes on
 *   GET or HEAD, and the page has no script that could submit anything.
 * - Cross-site form posts: a page elsewhere that learned a link (a forwarded
 *   mail, a screenshot) could auto-submit a form to it from the victim's
 *   browser. The decision form carries this per-page value, which only a page
 *   rendered by sirp has; it is a MAC under the signing secret over the
 *   approval and the time the page was rendered, so it needs no cookie and no
 *   server state, works only for its approval, and ages out. Browsers that say
 *   `Sec-Fetch-Site: cross-site` are refused outright as well.
 * - Stale pages: a page left open for hours is refused after the maximum age
 *   and the person is asked to open the link again, which shows the current
 *   state (decided, escalated) before they act on an old picture.
 * - One use: the decision is a conditional write on `status = pending`, so
 *   replaying a captured POST finds the approval already decided.
 */

const FORM_TOKEN_CONTEXT = 'csrf';
/** A page older than this must be reloaded: long enough to read and think, short enough that it shows the current state. */
export const FORM_TOKEN_MAX_AGE_SECONDS = 3600;
/** Lambda containers' clocks differ by well under this. */
const CLOCK_SKEW_SECONDS = 60;
const FORM_TOKEN = /^([A-Za-z0-9_-]{22})\.(\d{1,12})$/;

export type FormTokenCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const message = (approvalId: string, issuedAt: number): string => `${FORM_TOKEN_CONTEXT}|${approvalId}|${issuedAt}`;

/** The anti-forgery value for a page rendered at `now` (ms) for one approval: `<mac>.<issuedAt seconds>`. */
export function issueFormToken(key: SigningKey, approvalId: string, now: number): string {
  const issuedAt = Math.floor(now / 1000);
  return `${mac(key, message(approvalId, issuedAt)).toString('base64url')}.${issuedAt}`;
}

/** Checks a posted anti-forgery value: well-formed, for this approval, under an accepted key, not too old. */
export function verifyFormToken(value: string | undefined, approvalId: string, keys: SigningKeys, now: number): FormTokenCheck {
  const match = FORM_TOKEN.exec(value ?? '');
  if (match === null) return { ok: false, reason: 'the form has no valid anti-forgery value' };
  const [, macText = '', issuedText = ''] = match;
  const presented = decodeBase64Url(macText, MAC_BYTES);
  if (presented === undefined) return { ok: false, reason: 'the anti-forgery value is malformed' };
  const issuedAt = Number(issuedText);
  if (matchingKey(keys.verifying, message(approvalId, issuedAt), presented) === undefined) {
    return { ok: false, reason: 'the anti-forgery value was not issued for this approval' };
  }
  const ageSeconds = now / 1000 - issuedAt;
  if (ageSeconds < -CLOCK_SKEW_SECONDS) return { ok: false, reason: 'the anti-forgery value is from the future' };
  if (ageSeconds > FORM_TOKEN_MAX_AGE_SECONDS) return { ok: false, reason: 'the page is too old: open the link again' };
  return { ok: true };
}

/**
 * Fetch metadata: a browser says where a request came from. Only our own page
 * (same-origin) posts decisions; clients that send no header (older browsers,
 * curl) rely on the anti-forgery value alone.
 */
export function fetchSiteAllowed(secFetchSite: string | undefined): boolean {
  return secFetchSite === undefined || secFetchSite === 'same-origin' || secFetchSite === 'none';
}
