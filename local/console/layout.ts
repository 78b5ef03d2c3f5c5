import { type Html, html } from '../../core/approval/html';

export type ConsoleSection = 'incidents' | 'outbox' | 'intake' | 'deadletters';

export interface ConsolePage {
  readonly status: number;
  readonly title: string;
  /** The navigation entry this page belongs to (marked as current). */
  readonly section: ConsoleSection | null;
  readonly content: Html;
  /** The organization the runtime serves, shown in the header. */
  readonly org: string;
  /** Pages that follow the incident as it moves refresh themselves (script only). */
  readonly live?: boolean;
}

/** Where the static files are served; their names are fixed, the content is read once at start. */
export const ASSET_PATHS = { css: '/console/console.css', js: '/console/console.js', icon: '/console/icon.svg' } as const;

/**
 * Everything the console loads comes from this server: no inline script or
 * style (so an injected tag could not run even if escaping failed), no frame,
 * forms post back here only. Inline SVG needs no source of its own.
 */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Approval links appear in the outbox: never hand a URL of ours to another site.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const NAV: readonly { readonly section: ConsoleSection; readonly href: string; readonly label: string }[] = [
  { section: 'incidents', href: '/', label: 'Incidents' },
  { section: 'outbox', href: '/outbox', label: 'Outbox' },
  { section: 'intake', href: '/intake', label: 'Intake' },
  { section: 'deadletters', href: '/deadletters', label: 'Dead letters' },
];

/** The whole document: header with navigation, the page in `<main>`, one stylesheet, one deferred script. */
export function renderPage(page: ConsolePage): string {
  const links = NAV.map((item) =>
    item.section === page.section
      ? html`<li><a href="${item.href}" aria-current="page">${item.label}</a></li>`
      : html`<li><a href="${item.href}">${item.label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow">
<title>${page.title} · sirp</title><link rel="icon" href="${ASSET_PATHS.icon}" type="image/svg+xml"><link rel="stylesheet" href="${ASSET_PATHS.css}"><script src="${ASSET_PATHS.js}" defer></script></head>
<body${page.live === true ? html` data-live="1"` : html``}><a class="skip" href="#main">Skip to content</a>
<header><p class="brand"><a href="/">sirp</a> <span class="org">${page.org}</span></p>
<nav aria-label="Console"><ul>${links}</ul></nav><p class="live-status" id="live-status" aria-live="polite"></p></header>
<main id="main" tabindex="-1">${page.content}</main>
</body></html>
`.html;
}

/** A small page for errors the console itself reports (bad filter, unknown incident). */
export function messagePage(status: number, title: string, message: string, org: string): ConsolePage {
  return { status, title, section: null, org, content: html`<h1>${title}</h1><p class="error" role="alert">${message}</p><p><a href="/">Back to the incidents</a></p>` };
}
