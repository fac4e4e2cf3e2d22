/**
 * The details of one container through the UI: inspect (searchable tree), processes, changes,
 * files (browse, download, upload; stopped containers too) and commit, checked with the engine.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RUN_ID, cleanup, createContainer, docker, execText, uniqueName, waitFor } from '../support/engine';
import { closeDialogs, startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

const d = docker();
let h: Harness;
let page: Page;
let ui: ContainersPage;
const images: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  ui = await ContainersPage.open(h);
  page = ui.page;
});
afterAll(async () => {
  await h?.close();
  await cleanup();
  for (const i of images)
    await d
      .getImage(i)
      .remove({ force: true })
      .catch(() => {});
});
afterEach(async () => {
  await closeDialogs(page);
  expect(h.errors).toEqual([]);
});

describe('details', () => {
  it('inspect: the engine JSON as a searchable tree', async () => {
    const name = uniqueName('insp');
    const c = await createContainer({ name, labels: { 'berth.detail': 'findme' } });
    await waitFor(async () => (await ui.row(name).count()) === 1);
    const details = await ui.openDetails(name);
    const panel = await ui.detailsTab(name, 'Inspect');
    await panel.getByRole('tree').getByText(`"${c.id}"`).waitFor();
    await panel.getByLabel('Search keys and values').fill('findme');
    await panel.getByRole('tree').getByText('"findme"').waitFor();
    expect(await panel.getByRole('tree').getByText('"running"').count()).toBe(0);
    await details.getByRole('button', { name: 'Close' }).click();
  });

  it('processes: what docker top shows; a stopped container says it has none', async () => {
    const name = uniqueName('top');
    const c = await createContainer({ name, start: true, cmd: ['sh', '-c', 'sleep 3333 & sleep 4444'] });
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    await ui.openDetails(name);
    const panel = await ui.detailsTab(name, 'Processes');
    await panel.getByText('sleep 3333').waitFor();
    await panel.getByText('sleep 4444').waitFor();
    await c.stop({ t: 0 });
    await waitFor(async () => (await ui.rowState(name)) === 'exited');
    await panel.getByText('It is not running: there are no processes.').waitFor();
  });

  it('changes: added, changed and deleted paths', async () => {
    const name = uniqueName('diff');
    const c = await createContainer({ name, start: true });
    await execText(c.id, 'mkdir /made && echo 1 > /made/f && echo x >> /etc/passwd && rm /bin/vi');
    await waitFor(async () => (await ui.row(name).count()) === 1);
    await ui.openDetails(name);
    const panel = await ui.detailsTab(name, 'Changes');
    await panel.locator('li[data-kind="added"]', { hasText: '/made/f' }).waitFor();
    await panel.locator('li[data-kind="changed"]', { hasText: '/etc/passwd' }).waitFor();
    await panel.locator('li[data-kind="deleted"]', { hasText: '/bin/vi' }).waitFor();
  });

  it('files: browses a stopped container, downloads a file and uploads one', async () => {
    const name = uniqueName('files');
    const c = await createContainer({ name, start: true });
    await execText(c.id, 'mkdir -p /srv/site && printf "hello berth\\n" > /srv/site/index.html');
    await c.stop({ t: 0 });
    await waitFor(async () => (await ui.rowState(name)) === 'exited');
    await ui.openDetails(name);
    const panel = await ui.detailsTab(name, 'Files');
    await panel.locator('tr[data-name="srv"]').getByRole('button', { name: 'srv/' }).click();
    await panel.locator('tr[data-name="site"]').getByRole('button', { name: 'site/' }).click();
    await panel.locator('tr[data-name="index.html"]').waitFor();
    expect(await panel.getByLabel('Folder', { exact: true }).inputValue()).toBe('/srv/site');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download index.html' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('index.html');
    const saved = join(tmpdir(), `berth-dl-${RUN_ID}.html`);
    await download.saveAs(saved);
    expect(await readFile(saved, 'utf8')).toBe('hello berth\n');

    const local = join(tmpdir(), `berth-up-${RUN_ID}.txt`);
    await writeFile(local, '上传 upload\n');
    await panel.getByLabel('Upload files here…').setInputFiles(local);
    await panel.getByText(`Uploaded 1 files to /srv/site.`).waitFor();
    await panel.locator(`tr[data-name="berth-up-${RUN_ID}.txt"]`).waitFor();
    await c.start();
    expect(await execText(c.id, `cat /srv/site/berth-up-${RUN_ID}.txt`)).toBe('上传 upload\n');
  });

  it('commit: a new image with repository:tag, message and author', async () => {
    const name = uniqueName('commit');
    const c = await createContainer({ name, start: true });
    await execText(c.id, 'echo committed > /marker');
    await waitFor(async () => (await ui.row(name).count()) === 1);
    await ui.openDetails(name);
    const panel = await ui.detailsTab(name, 'Commit');
    const repo = `berth-test/ui-commit-${RUN_ID}`;
    images.push(`${repo}:v2`);
    await panel.getByLabel('Repository').fill('Bad Repo');
    await panel.getByText(/Lower-case letters/).waitFor();
    await panel.getByLabel('Repository').fill(repo);
    await panel.getByLabel('Tag').fill('v2');
    await panel.getByLabel('Message (-m)').fill('from the UI');
    await panel.getByLabel('Author (-a)').fill('E2E <e2e@example.com>');
    await panel.getByText(`docker commit -m 'from the UI' -a 'E2E <e2e@example.com>' ${name} ${repo}:v2`).waitFor();
    await panel.getByRole('button', { name: 'Commit' }).click();
    await panel.getByText(/Created image [0-9a-f]{12}/).waitFor();
    const img = await d.getImage(`${repo}:v2`).inspect();
    expect(img.Comment).toBe('from the UI');
    expect(img.Author).toBe('E2E <e2e@example.com>');
  });
});
