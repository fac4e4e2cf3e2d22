import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ActivityEntry } from '../../preload/contract/system.contract';
import { RUN_ID, TEST_IMAGE, cleanup, dockerCli, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { ActivityPage } from './pages/activity.page';

let h: Harness;
let page: Page;
let ui: ActivityPage;
const created = { volumes: [] as string[], networks: [] as string[] };

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  ui = new ActivityPage(page);
  await ui.open();
});
afterAll(async () => {
  await h?.close();
  for (const v of created.volumes) await dockerCli(['volume', 'rm', '-f', v]).catch(() => {});
  for (const n of created.networks) await dockerCli(['network', 'rm', n]).catch(() => {});
  await cleanup();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe('activity panel in web mode', () => {
  let id = '';
  const name = uniqueName('act');
  const vol = uniqueName('actvol');
  const net = uniqueName('actnet');

  it('catches what the docker CLI does, live, without a reload', async () => {
    created.volumes.push(vol);
    created.networks.push(net);
    const label = `berth.test=${RUN_ID}`;
    await dockerCli(['volume', 'create', '--label', label, vol]);
    await dockerCli(['network', 'create', '--label', label, net]);
    id = (
      await dockerCli([
        'create',
        '--label',
        label,
        '--name',
        name,
        '--network',
        net,
        '-v',
        `${vol}:/data`,
        TEST_IMAGE,
        'sleep',
        '600',
      ])
    ).trim();
    await dockerCli(['start', name]);
    await dockerCli(['stop', '-t', '0', name]);
    await dockerCli(['rm', name]);
    await dockerCli(['volume', 'rm', vol]);
    await dockerCli(['network', 'rm', net]);

    for (const action of ['create', 'start', 'die', 'destroy']) await ui.rows(id, action).first().waitFor();
    await ui.rows(vol, 'create').first().waitFor();
    await ui.rows(vol, 'destroy').first().waitFor();
    await ui.rowsNamed(net, 'create').first().waitFor();
    await ui.rowsNamed(net, 'connect').first().waitFor();
    // Newest first: the container's destroy above its create.
    const seq = async (l: ReturnType<ActivityPage['rows']>) => Number(await l.first().getAttribute('data-seq'));
    expect(await seq(ui.rows(id, 'destroy'))).toBeGreaterThan(await seq(ui.rows(id, 'create')));
    const firstRow = page.locator('tbody tr').first();
    expect(Number(await firstRow.getAttribute('data-seq'))).toBeGreaterThanOrEqual(await seq(ui.rows(vol, 'destroy')));
    expect(await ui.rows(id, 'start').first().locator('td').nth(3).innerText()).toBe(name);
  });

  it('filters by type and by text', async () => {
    await ui.filterType('Volumes');
    await ui.rows(vol, 'create').first().waitFor();
    expect(await ui.shownTypes()).toEqual(['volume']);
    await ui.filterType('Networks');
    await ui.rowsNamed(net, 'create').first().waitFor();
    expect(await ui.shownTypes()).toEqual(['network']);
    await ui.filterType('All types');
    await ui.filterText(name);
    await ui.rows(id, 'start').first().waitFor();
    // Every row left mentions the container (its own events, and the network/volume events naming it).
    const rows = await page
      .locator('tbody tr')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-id')} ${e.getAttribute('data-name')} ${e.textContent}`),
      );
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) expect(r.includes(name) || r.includes(id) || r.includes(id.slice(0, 12))).toBe(true);
    await ui.filterText('');
  });

  it('exports the history as JSON and CSV files', async () => {
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/^berth-activity-.*\.json$/);
    const entries = JSON.parse(await readFile((await json.path()) ?? '', 'utf8')) as (ActivityEntry & {
      isoTime: string;
    })[];
    const start = entries.find((e) => e.id === id && e.action === 'start');
    expect(start).toMatchObject({ type: 'container', name, attributes: { image: TEST_IMAGE } });
    expect(new Date(start!.isoTime).getTime()).toBe(start!.time);
    // Oldest first in the file.
    const seqs = entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^berth-activity-.*\.csv$/);
    const text = await readFile((await csv.path()) ?? '', 'utf8');
    expect(text.split('\r\n')[0]).toBe('seq,time,type,action,detail,id,name,attributes');
    expect(text).toContain(`,container,start,,${id},${name},`);
  });

  it('opens the object an entry is about', async () => {
    await ui.rows(id, 'start').first().getByRole('button', { name }).click();
    await waitFor(
      async () => (await page.locator('nav.sidebar [aria-current="page"]').getAttribute('data-panel')) === 'containers',
    );
    await ui.open();
  });

  it('keeps the history for the session: a new window sees what happened before it opened', async () => {
    const other = await h.open();
    const otherUi = new ActivityPage(other);
    await otherUi.open();
    await otherUi.rows(id, 'destroy').first().waitFor();
    expect(h.backend.streams.count()).toBe(0);
    await other.close();
  });
});
