/**
 * A panel whose code cannot be fetched (each panel but the first is a chunk of
 * its own): the panel says so and offers a reload, while the sidebar and the
 * other panels keep working; a request cut off once (Chromium aborts requests
 * in flight when the host's interfaces change, as Docker creating a network
 * does) is tried again and the panel shows.
 */
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A page whose requests for one chunk go through `handler` from the first (the page's preloads included). */
async function pageWith(chunk: RegExp, handler: (route: Route) => Promise<void>) {
  const ctx = await h.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await ctx.route(chunk, handler);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.web.url);
  await page.locator('footer[data-engine-state="connected"]').waitFor();
  return { ctx, page, errors };
}

describe('a panel whose code does not arrive', () => {
  it('says so in its place; the sidebar and the other panels keep working', async () => {
    let refused = 0;
    const { ctx, page, errors } = await pageWith(/\/assets\/VolumesPanel-[^/]+\.js$/, (route) => {
      refused++;
      return route.abort('internetdisconnected');
    });
    await page.locator('nav [data-panel="volumes"]').click();
    const alert = page.getByRole('alert').filter({ hasText: 'This panel could not be shown' });
    await alert.waitFor();
    expect(refused).toBeGreaterThan(0);
    expect(await alert.getByRole('button', { name: 'Reload Berth' }).isEnabled()).toBe(true);
    // The rest of the app is still there and works.
    await page.locator('nav [data-panel="networks"]').click();
    await page.getByRole('heading', { name: 'Networks', exact: true }).waitFor();
    await page.locator('nav [data-panel="containers"]').click();
    await page.getByRole('heading', { name: 'Containers', exact: true }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'This panel could not be shown' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('is fetched again after a request cut off once', async () => {
    // Every request for the chunk fails until the user opens the panel; the first one after that fails too.
    let opened = false;
    let cutAfterOpening = 0;
    let served = 0;
    const { ctx, page, errors } = await pageWith(/\/assets\/NetworksPanel-[^/]+\.js$/, (route) => {
      if (!opened || cutAfterOpening === 0) {
        if (opened) cutAfterOpening++;
        return route.abort('connectionreset');
      }
      served++;
      return route.continue();
    });
    opened = true;
    await page.locator('nav [data-panel="networks"]').click();
    await page.getByRole('heading', { name: 'Networks', exact: true }).waitFor();
    expect(cutAfterOpening).toBe(1);
    expect(served).toBeGreaterThan(0);
    expect(await page.getByRole('alert').filter({ hasText: 'This panel could not be shown' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
