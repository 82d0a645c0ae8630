// Chromium from Debian's package, driven by playwright-core: one browser per test file, a page per test.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.LABCHECK_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Out of CI a machine without Chromium skips the browser tests; in CI they fail (see requireChromium). */
export const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM} and CI is set, so the browser tests fail: apt-get install chromium (or set LABCHECK_CHROMIUM)`);
  }
}

export interface Browser {
  context: BrowserContext;
  /** Where the pages are written; gone after close. */
  dir: string;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<Browser> {
  requireChromium();
  const dir = await mkdtemp(join(tmpdir(), 'labcheck-html-'));
  // A fresh profile every time: playwright's launch with --headless and Debian's Chromium.
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    dir,
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What a page did besides drawing itself: every request, dialog, uncaught error and console error. */
export interface Opened {
  page: Page;
  url: string;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

/** Writes html to `<dir>/<name>`, opens it from file:// and waits until the viewer says it is drawn. */
export async function openPage(browser: Browser, html: string, name: string): Promise<Opened> {
  const file = join(browser.dir, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  const page = await browser.context.newPage();
  const url = pathToFileURL(file).href;
  const opened: Opened = { page, url, requests: [], dialogs: [], errors: [] };
  page.on('request', (r) => opened.requests.push(r.url()));
  page.on('dialog', (d) => {
    opened.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => opened.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') opened.errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  return opened;
}

/** Writes a file next to the pages (a student page the class page links to). */
export async function writePage(browser: Browser, name: string, html: string): Promise<string> {
  const file = join(browser.dir, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, html, 'utf8');
  return pathToFileURL(file).href;
}

/** Screenshots go to reports/html/ (gitignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join('reports', 'html', name);
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A listener on 127.0.0.1 that hostile content points at: any hit means the page made a request. */
export interface Listener {
  origin: string;
  hits: string[];
  close(): Promise<void>;
}

export async function startListener(): Promise<Listener> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
