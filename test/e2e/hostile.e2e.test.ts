import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, createContainer, uniqueName } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

// Strings from the engine are untrusted: a container's command, labels and
// env carrying markup, script and javascript: URLs must render as inert text.
const XSS = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='script'</script>`;
const JS_URL = 'javascript:window.__pwned="link"';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  await cleanup();
});

describe('hostile strings render inert', () => {
  it('in the containers panel', async () => {
    const name = uniqueName('xss');
    await createContainer({
      name,
      cmd: ['echo', XSS, JS_URL, '\u001b]0;title\u0007\u001b[31mred'],
      labels: { note: XSS, link: JS_URL },
    });
    const page = await h.open();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const ui = new ContainersPage(page);
    await ui.showAll(true);
    await ui.row(name).waitFor();
    // The command is shown as text, exactly.
    const command = await ui.row(name).locator('td.col-command').textContent();
    expect(command).toContain('<img src=x onerror=');
    expect(command).toContain('<script>');
    // Nothing ran, nothing was injected, nothing navigates to javascript:.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('main img[src="x"], main script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.title()).not.toContain('title');
    expect(h.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
