/**
 * e2e harness: the real backend and web server (in-process), the built
 * renderer (out/renderer, from `npm run build`) and real Chromium driven by
 * playwright-core. Tests click, then check the engine's own state.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createBackend, type Backend, type BackendOptions } from '../../main/backend';
import { startWebServer, type WebServer } from '../../main/web/web-server';

export const RENDERER_DIR = join(import.meta.dirname, '..', '..', 'out', 'renderer');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  backend: Backend;
  web: WebServer;
  browser: Browser;
  /**
   * A fresh page (own context: own storage) with the given locale and colour scheme;
   * `init` runs in the page before any of its own scripts (stubs, observers).
   */
  open(opts?: {
    locale?: string;
    colorScheme?: 'light' | 'dark';
    init?: () => void;
    bypassCSP?: boolean;
  }): Promise<Page>;
  /** Page errors and console errors seen so far (a test fails on any). */
  errors: string[];
  close(): Promise<void>;
}

export async function startHarness(engine: BackendOptions = {}): Promise<Harness> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first (npm test does).');
  }
  const backend = createBackend({ backoff: { initialMs: 100, maxMs: 1000 }, ...engine });
  backend.start();
  await backend.engine.whenConnected();
  const web = await startWebServer({ backend, rendererDir: RENDERER_DIR, port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  return {
    backend,
    web,
    browser,
    errors,
    async open({ locale = 'en-US', colorScheme = 'light', init, bypassCSP = false } = {}) {
      const ctx = await browser.newContext({
        locale,
        colorScheme,
        bypassCSP,
        viewport: { width: 1280, height: 800 },
      });
      contexts.push(ctx);
      if (init) await ctx.addInitScript(init);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // Chromium aborts requests in flight when the host's interfaces change, which the integration tests
        // running beside these do by creating Docker networks: a preload cut off that way is not the page's
        // fault, and the page fetches the chunk again when needed (panel-load.e2e.test.ts).
        if (m.type() === 'error' && !m.text().includes('net::ERR_NETWORK_CHANGED')) errors.push(`console: ${m.text()}`);
      });
      await page.goto(web.url);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await web.close();
      await backend.dispose();
    },
  };
}

/** Close the dialogs a test left open, top-most first, as Escape does (at most three). */
export async function closeDialogs(page: Page): Promise<void> {
  for (let i = 0; i < 3 && (await page.getByRole('dialog').count()) > 0; i++) await page.keyboard.press('Escape');
}
