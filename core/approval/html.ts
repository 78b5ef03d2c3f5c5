import { createHash } from 'node:crypto';

/** A server-rendered page, shaped like an API Gateway proxy result. */
export interface HtmlResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The one escaping function of the pages. Every interpolated value goes
 * through it, in text and in (always double-quoted) attributes alike.
 * `&` goes first so the entities it produces are not escaped again.
 */
export const escapeHtml = (value: string): string =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** Marks a fragment as already escaped, so composing pages never escapes twice nor forgets once. */
export interface Html {
  readonly html: string;
}

/**
 * Tagged template that escapes every interpolated string and splices
 * fragments built by `html` itself (and arrays of them) as they are.
 */
export function html(strings: TemplateStringsArray, ...values: readonly (string | number | Html | readonly Html[])[]): Html {
  let out = '';
  strings.forEach((text, i) => {
    out += text;
    const value = values[i];
    if (value !== undefined) out += render(value);
  });
  return { html: out };
}

function render(value: string | number | Html | readonly Html[]): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return String(value);
  if ('html' in value) return value.html;
  return value.map((fragment) => fragment.html).join('');
}

/** Small, readable on a phone; inline because the page loads nothing from anywhere. */
const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;padding:1rem;background:#f6f6f6;color:#111}' +
  'main{max-width:40rem;margin:auto;background:#fff;padding:1.25rem;border-radius:8px}' +
  'h1{font-size:1.3rem}dt{font-weight:600;margin-top:.5rem}dd{margin:0}' +
  'form{margin:1rem 0;padding-top:.5rem;border-top:1px solid #ddd}' +
  'button{font-size:1rem;padding:.6rem 1rem;margin:.25rem 0}' +
  'textarea{width:100%;min-height:5rem;font:inherit;box-sizing:border-box}' +
  'pre.draft{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;background:#f6f6f6;padding:.75rem;margin:.25rem 0;border-radius:4px}' +
  '.drill{background:#ffe08a;padding:.5rem;font-weight:700}.note{color:#555;font-size:.9rem}.error{color:#a00;font-weight:600}';

/** The CSP allows exactly this style block by hash: no other style, script, image, frame or font. */
const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

/**
 * Headers of every approval page: nothing loads, nothing frames it, the URL
 * (a credential) is never sent as a referrer, nothing caches or indexes it,
 * forms post only back to us.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000',
};

/** A complete page with the security headers. */
export function page(statusCode: number, title: string, content: Html, options: { readonly drill?: boolean } = {}): HtmlResponse {
  const banner = options.drill === true ? html`<p class="drill">DRILL: this is a tabletop exercise.</p>` : html``;
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<title>sirp: ${title}</title><style>${{ html: STYLE }}</style></head>
<body><main>${banner}<h1>${title}</h1>${content}</main></body></html>
`;
  return { statusCode, headers: SECURITY_HEADERS, body: doc.html };
}
