import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium: `.ci/run` installs the package when the machine lacks it. */
export const CHROMIUM = process.env.SIRP_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface Browser {
  readonly context: BrowserContext;
  /** Console errors and uncaught exceptions of every page opened so far, as "<url>: <text>". */
  readonly problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A real Chromium with a fresh profile (nothing cached, no cookie), watching
 * every page for console errors (a CSP violation is one) and uncaught exceptions.
 */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'sirp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport });
  const problems: string[] = [];
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: uncaught: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    problems,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Bytes of the HTML, CSS and JS the current page loaded (decoded bodies, as the browser's resource timing reports them). */
export async function pageWeight(page: Page): Promise<number> {
  // A string, not a function: the test's TypeScript has no DOM types, and the page's CSP forbids nothing here (no eval).
  const bytes: unknown = await page.evaluate(
    "[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((sum, e) => sum + e.decodedBodySize, 0)",
  );
  return Number(bytes);
}
