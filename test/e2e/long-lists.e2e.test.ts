import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, RUN_ID, TEST_IMAGE, docker, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { ImagesPage } from './pages/images.page';
import { VolumesPage } from './pages/volumes.page';

/**
 * Long lists render only the rows in view (above 200 rows; the volumes table
 * stands for the four, which share one hook, and the images table, whose
 * wrapper grows with it, for a table in a scrolling pane). Checked in Chromium's layout:
 * jsdom has none, so a unit test could not tell a virtual list from an empty one.
 */
let h: Harness;
let page: Page;
let vols: VolumesPage;
const d = docker();
const prefix = uniqueName('many');
const N = 260;
const name = (i: number) => `${prefix}-${String(i).padStart(3, '0')}`;

beforeAll(async () => {
  const todo = Array.from({ length: N }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = todo.shift(); i !== undefined; i = todo.shift())
        await d.createVolume({ Name: name(i), Labels: LABELS });
    }),
  );
  h = await startHarness();
  page = await h.open();
  vols = new VolumesPage(page);
  await vols.open();
});
afterAll(async () => {
  await h?.close();
  const mine = await d.listVolumes({ filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) });
  for (const v of mine.Volumes ?? [])
    await d
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
});

/** Scroll whatever scrolls a table (its nearest ancestor that scrolls), as dragging the scrollbar would. */
const scrollOf = (table: Locator, to: 'start' | 'end') =>
  table.evaluate((el, end) => {
    let s = el.parentElement;
    while (s && !(/(auto|scroll)/.test(getComputedStyle(s).overflowY) && s.scrollHeight > s.clientHeight))
      s = s.parentElement;
    const target = s ?? document.scrollingElement!;
    target.scrollTo({ top: end ? target.scrollHeight : 0 });
  }, to === 'end');

describe('long lists in web mode', () => {
  const table = () => page.getByRole('table', { name: 'Volumes' });
  const scrollTable = (to: 'start' | 'end') => scrollOf(table(), to);
  const renderedMine = () => page.locator(`tbody tr[data-name^="${prefix}-"]`).count();

  it('renders only the rows in view; scrolling reaches the last; the focused row stays', async () => {
    await page.getByRole('searchbox', { name: 'Filter volumes' }).fill(prefix);
    await waitFor(async () => (await table().getAttribute('aria-rowcount')) === String(N + 1));
    await vols.row(name(0)).waitFor();
    const before = await renderedMine();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(N / 2);
    expect(await vols.row(name(N - 1)).count()).toBe(0);
    expect(await vols.row(name(0)).getAttribute('aria-rowindex')).toBe('2');

    // Focus a control in the first row, then scroll to the end with the scrollbar (not the keyboard).
    await vols.row(name(0)).locator('button.name').focus();
    await scrollTable('end');
    await vols.row(name(N - 1)).waitFor();
    expect(await vols.row(name(N - 1)).getAttribute('aria-rowindex')).toBe(String(N + 1));
    expect(await vols.row(name(N / 2)).count()).toBe(0);
    expect(await renderedMine()).toBeLessThan(N / 2);
    // The focused row was kept in the DOM, so the focus did not fall back to the page.
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-name'))).toBe(name(0));
  });

  it('keeps every row in the DOM up to the threshold', async () => {
    await scrollTable('start');
    await page.getByRole('searchbox', { name: 'Filter volumes' }).fill(`${prefix}-1`);
    await waitFor(async () => (await table().getAttribute('aria-rowcount')) === null);
    await waitFor(async () => (await renderedMine()) === 100);
    expect(await vols.row(name(100)).count()).toBe(1);
    expect(await vols.row(name(199)).count()).toBe(1);
    expect(h.errors).toEqual([]);
  });
});

describe('a long images list (one row per tag)', () => {
  const repo = `${prefix}-img`;
  const T = 240;
  let imageId = '';

  beforeAll(async () => {
    // An image of its own (committed from the test image), so no other test sees its tags.
    const c = await d.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], Labels: LABELS });
    imageId = ((await c.commit({ comment: 'long-lists' })) as { Id: string }).Id;
    await c.remove();
    const todo = Array.from({ length: T }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = todo.shift(); i !== undefined; i = todo.shift())
          await d.getImage(imageId).tag({ repo, tag: `t${String(i).padStart(3, '0')}` });
      }),
    );
  });
  afterAll(async () => {
    if (imageId)
      await d
        .getImage(imageId)
        .remove({ force: true })
        .catch(() => {});
  });

  it('counts rows as docker images does and renders only those in view', async () => {
    const images = new ImagesPage(page);
    await images.open();
    await page.getByRole('searchbox', { name: 'Filter by repository, tag or id' }).fill(repo);
    await waitFor(async () => (await images.table.getAttribute('aria-rowcount')) === String(T + 1));
    // One image, T tags: T rows, as `docker images` prints them, and the count says T.
    expect((await d.getImage(imageId).inspect()).RepoTags).toHaveLength(T);
    expect(await page.getByTestId('images-count').textContent()).toMatch(new RegExp(`^${T} of \\d+$`));
    const mine = page.locator(`tbody tr[data-ref^="${repo}:"]`);
    await mine.first().waitFor();
    const rendered = await mine.count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(T / 2);
    await scrollOf(images.table, 'end');
    await page.locator(`tbody tr[aria-rowindex="${T + 1}"]`).waitFor();
    expect(await mine.count()).toBeLessThan(T / 2);
    expect(h.errors).toEqual([]);
  });
});
