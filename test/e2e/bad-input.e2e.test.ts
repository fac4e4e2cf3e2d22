import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_ID, cleanup, docker, uniqueName } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

// The bad-input catalogue's UI items (see test/integration/bad-input.test.ts
// for the rest): a pasted `docker run` line with an unknown flag or with
// unbalanced quotes is refused with a message that names the flag or the
// quote, and the engine is left as it was.
let h: Harness;
let page: Page;
let ui: ContainersPage;
const d = docker();
const mine = JSON.stringify({ label: [`berth.test=${RUN_ID}`] });
/** This run's containers as the engine lists them (id, names, state). */
const ours = async () =>
  (await d.listContainers({ all: true, filters: mine })).map((c) => `${c.Id} ${c.Names.join()} ${c.State}`).sort();
const exists = (name: string) =>
  d
    .getContainer(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  ui = new ContainersPage(page);
});
afterAll(async () => {
  await h?.close();
  await cleanup();
});

describe('a pasted docker run line the docker CLI would refuse', () => {
  it('an unknown flag: named, and nothing runs', async () => {
    const name = uniqueName('unknownflag');
    const before = await ours();
    await ui.openRunForm();
    await ui.pasteRunLine(
      `docker run -d --frobnicate --name ${name} -l berth.test=${RUN_ID} berth-test/busybox sleep 60`,
    );
    const issue = ui.pasteIssues.locator('li[data-code="unknown_flag"]');
    await issue.waitFor();
    expect(await issue.getAttribute('data-flag')).toBe('--frobnicate');
    expect(await issue.textContent()).toContain('--frobnicate is not a docker run flag.');
    await ui.runForm.getByRole('button', { name: 'Cancel' }).click();
    await ui.runForm.waitFor({ state: 'detached' });
    expect(await exists(name)).toBe(false);
    expect(await ours()).toEqual(before);
    expect(h.errors).toEqual([]);
  });

  it('unbalanced quotes: named, the form is not filled from it, and Run makes nothing', async () => {
    const name = uniqueName('quote');
    const before = await ours();
    await ui.openRunForm();
    await ui.pasteRunLine(`docker run -d --name ${name} -l berth.test=${RUN_ID} -e "A=1 berth-test/busybox sleep 60`);
    const issue = ui.pasteIssues.locator('li[data-code="unbalanced_quote"]');
    await issue.waitFor();
    expect(await issue.textContent()).toMatch(/A quote \(".*\) is never closed/);
    // Nothing of the broken line made it into the form: no name, no image.
    expect(await ui.field('Name').inputValue()).toBe('');
    const run = ui.runForm.getByRole('button', { name: /^(Run|Create)$/ });
    if (await run.isEnabled()) {
      await run.click();
      await ui.runForm.locator('.field-error, [role="alert"]').first().waitFor();
    }
    await ui.runForm.getByRole('button', { name: 'Cancel' }).click();
    await ui.runForm.waitFor({ state: 'detached' });
    expect(await exists(name)).toBe(false);
    expect(await ours()).toEqual(before);
    expect(h.errors).toEqual([]);
  });

  it('a hostile flag is named as text', async () => {
    await ui.openRunForm();
    await ui.pasteRunLine(`docker run --"<img src=x onerror=window.__pwned=1>" berth-test/busybox`);
    const issue = ui.pasteIssues.locator('li[data-code="unknown_flag"]');
    await issue.waitFor();
    // The flag is what comes before its inline value (`--flag=value`).
    expect(await issue.textContent()).toContain('--<img src is not a docker run flag.');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await ui.runForm.getByRole('button', { name: 'Cancel' }).click();
  });
});
