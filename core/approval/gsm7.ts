/*
 * GSM 03.38, the 7-bit SMS alphabet. A message made only of these characters
 * fits 160 septets in one SMS; a single character outside it (a curly quote,
 * an emoji) switches the whole message to UCS-2 and the limit drops to 70, so
 * an approval SMS is kept strictly inside it.
 */

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Reached through the escape code: each costs two septets. */
const EXTENSION = '^{}\\[~]|€\f';

const BASIC_SET = new Set(BASIC);
const EXTENSION_SET = new Set(EXTENSION);

/** One SMS segment of GSM-7 text. */
export const SMS_SEPTETS = 160;

/** Look-alikes people and tools type, mapped to what GSM-7 has. */
const REPLACEMENTS = new Map<string, string>([
  ['\u2018', "'"], ['\u2019', "'"], ['\u201a', "'"], ['\u201b', "'"], ['\u2032', "'"], ['`', "'"], ['\u00b4', "'"],
  ['\u201c', '"'], ['\u201d', '"'], ['\u201e', '"'], ['\u201f', '"'], ['\u2033', '"'], ['\u00ab', '"'], ['\u00bb', '"'],
  ['\u2010', '-'], ['\u2011', '-'], ['\u2012', '-'], ['\u2013', '-'], ['\u2014', '-'], ['\u2015', '-'], ['\u2212', '-'],
  ['\u2026', '...'],
  ['\t', ' '], ['\u00a0', ' '], ['\u2007', ' '], ['\u202f', ' '], ['\u2009', ' '], ['\u200a', ' '],
]);

/** True when every character of `text` can be sent in GSM-7 (basic set or extension). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!BASIC_SET.has(char) && !EXTENSION_SET.has(char)) return false;
  return true;
}

/**
 * Septets `text` takes in GSM-7 (extension characters count two). Text that
 * GSM-7 cannot carry takes infinitely many: it never fits an SMS budget.
 */
export function gsm7Length(text: string): number {
  let septets = 0;
  for (const char of text) {
    if (BASIC_SET.has(char)) septets += 1;
    else if (EXTENSION_SET.has(char)) septets += 2;
    else return Number.POSITIVE_INFINITY;
  }
  return septets;
}

/**
 * Text made sendable in GSM-7: look-alikes replaced, accents outside the set
 * dropped (á -> a), line breaks and other controls flattened to spaces, and
 * anything else (emoji, CJK, a lone accent) shown as "?". Meant for free text such as an
 * incident title; never for a link, which must arrive exactly as issued.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) out += gsm7Char(char);
  return out;
}

function gsm7Char(char: string): string {
  if (char === '\n' || char === '\r' || char === '\f') return ' ';
  if (BASIC_SET.has(char) || EXTENSION_SET.has(char)) return char;
  const replacement = REPLACEMENTS.get(char);
  if (replacement !== undefined) return replacement;
  // Compatibility decomposition without the marks: á -> a, fullwidth Ｗ -> W, ﬁ -> fi.
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
  return base !== '' && isGsm7(base) ? base : '?';
}
