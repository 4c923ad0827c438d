/// <reference lib="dom" />
/**
 * The HTML report in a real browser: Debian's Chromium, driven by playwright-core (the browser
 * cannot be downloaded here; CI installs it with .ci/install-browser.sh). One launch helper for
 * every browser test: the report opens from a file, every request other than that file is
 * recorded and refused, and console errors, page errors and dialogs are collected.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = resolve(__dirname, '..', '..');
/** Screenshots and the reports they were taken of (not tracked). */
export const ARTIFACTS = join(ROOT, 'artifacts');

/** `describe` when Chromium is there or in CI (where a missing browser is a failure, not a skip); else skipped, saying so. */
export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI) return describe(name, body);
  process.stderr.write(
    `amlnet tests: skipped "${name}": ${CHROMIUM} is absent (install it with: bash .ci/install-browser.sh, i.e. apt-get install -y chromium graphviz)\n`,
  );
  describe.skip(name, body);
}

export interface OpenReport {
  page: Page;
  context: BrowserContext;
  fileUrl: string;
  /** Every request the page made (the file itself first). */
  requests: string[];
  /** Requests refused because they were not the report file. */
  blocked: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Messages of alert/confirm/prompt dialogs (dismissed). */
  dialogs: string[];
  close(): Promise<void>;
}

/** Writes the report to artifacts/<name> and opens it in headless Chromium. */
export async function openReport(name: string, html: string, viewport = { width: 1440, height: 1000 }): Promise<OpenReport> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  writeFileSync(file, html);
  const fileUrl = pathToFileURL(file).href;
  const userDataDir = mkdtempSync(join(tmpdir(), 'amlnet-chromium-'));
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const out: OpenReport = {
    page: undefined as unknown as Page,
    context,
    fileUrl,
    requests: [],
    blocked: [],
    errors: [],
    dialogs: [],
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === fileUrl) return route.continue();
    out.blocked.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  out.page = page;
  page.on('request', (r) => out.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') out.errors.push(m.text());
  });
  page.on('pageerror', (e) => out.errors.push(String(e)));
  page.on('dialog', (d) => {
    out.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(fileUrl, { waitUntil: 'load' });
  return out;
}

/**
 * Brings a workspace section to the screen and waits until its diagram is drawn (the page lays a
 * diagram out when its section first comes near the viewport). Fails if the layout failed.
 */
export async function showDiagram(section: Locator): Promise<void> {
  await section.locator('h2').scrollIntoViewIfNeeded();
  const wrap = section.locator('.diagram-wrap');
  const handle = await wrap.elementHandle();
  await section.page().waitForFunction((el) => ['drawn', 'failed'].includes(el?.getAttribute('data-state') ?? ''), handle, { timeout: 30_000 });
  const state = await wrap.getAttribute('data-state');
  if (state !== 'drawn') throw new Error(`the diagram was not drawn (data-state=${state}): ${await wrap.textContent()}`);
}
