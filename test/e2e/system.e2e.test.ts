import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LABELS, RUN_ID, TEST_IMAGE, cleanup, docker, dockerCli, exists, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { SystemPage, type PreviewItem } from './pages/system.page';
import { ActivityPage } from './pages/activity.page';

let h: Harness;
let page: Page;
let ui: SystemPage;
const d = docker();

/** Only what this file creates carries this value: the UI's prune is limited to it. */
const MINE = `${RUN_ID}-sys-e2e-${randomBytes(3).toString('hex')}`;
const LABEL = { 'berth.test': MINE };
const FILTER = `berth.test=${MINE}`;
const images: string[] = [];

async function removeMine(): Promise<void> {
  const filters = JSON.stringify({ label: [FILTER] });
  for (const c of await d.listContainers({ all: true, filters }))
    await d
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => {});
  for (const n of await d.listNetworks({ filters }))
    await d
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  for (const v of (await d.listVolumes({ filters })).Volumes ?? [])
    await d
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
  for (const id of images)
    await d
      .getImage(id)
      .remove({ force: true })
      .catch(() => {});
}

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  ui = new SystemPage(page);
  await ui.open();
});
afterAll(async () => {
  await h?.close();
  await removeMine();
  await cleanup();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe('system panel in web mode', () => {
  it('shows what docker info and docker version show', async () => {
    await ui.tab('Engine');
    const info = JSON.parse(await dockerCli(['info', '--format', '{{json .}}'])) as Record<string, unknown>;
    const version = JSON.parse(await dockerCli(['version', '--format', '{{json .Server}}'])) as { Version: string };
    expect(await ui.info('info-name')).toBe(info.Name);
    expect(await ui.info('info-kernel')).toBe(info.KernelVersion);
    expect(await ui.info('info-cpus')).toBe(String(info.NCPU));
    expect(await ui.info('info-root-dir')).toBe(info.DockerRootDir);
    expect((await ui.info('info-storage-driver')).split('\n')[0]).toBe(info.Driver);
    expect(await ui.info('info-cgroup-driver')).toBe(info.CgroupDriver);
    expect(await ui.info('version-engine')).toBe(version.Version);
    expect(await ui.info('version-client-api')).toContain(h.backend.engine.status.apiVersion ?? '?');
    for (const cidr of (info.RegistryConfig as { InsecureRegistryCIDRs: string[] }).InsecureRegistryCIDRs)
      expect(await ui.info('info-insecure-registries')).toContain(cidr);
  });

  it('charts disk usage by type with what is reclaimable, and lists the items on request', async () => {
    const name = uniqueName('df');
    const c = await d.createContainer({
      Image: TEST_IMAGE,
      name,
      Cmd: ['sh', '-c', 'head -c 400000 /bin/busybox > /blob'],
      Labels: { ...LABELS, ...LABEL },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    await c.wait();
    await ui.tab('Disk usage');
    await ui.chart.waitFor();
    for (const type of ['images', 'containers', 'volumes', 'buildCache'] as const) {
      await ui.diskRow(type).waitFor();
      expect(await ui.chart.locator(`g[data-type="${type}"]`).count()).toBe(1);
    }
    // The stopped container's writable layer counts as reclaimable.
    await page.getByRole('button', { name: 'Show the items (docker system df -v)' }).click();
    const row = page.locator(`table[aria-label="Containers"] tr[data-id="${c.id}"]`);
    await waitFor(
      async () => {
        if ((await row.count()) === 1) return true;
        await page.getByRole('button', { name: 'Refresh' }).click();
        return false;
      },
      { timeoutMs: 20_000, intervalMs: 1000 },
    );
    expect(await row.locator('td').nth(2).innerText()).toBe('exited');
    expect(await row.locator('td').nth(3).innerText()).toMatch(/KiB|MiB/);
    // The table's totals are the items' count.
    const total = Number(await ui.diskRow('containers').locator('[data-col="total"]').innerText());
    expect(total).toBe(await page.locator('table[aria-label="Containers"] tbody tr').count());
    expect(await ui.diskRow('containers').locator('[data-col="reclaimable"]').innerText()).not.toBe('0 B');
    await c.remove();
  });

  it('previews exactly what a prune removes, volumes only when asked, then the engine lacks exactly that', async () => {
    const labels = { ...LABELS, ...LABEL };
    const stoppedName = uniqueName('pr-stopped');
    const stopped = await d.createContainer({
      Image: TEST_IMAGE,
      name: stoppedName,
      Cmd: ['true'],
      Labels: labels,
      HostConfig: { NetworkMode: 'none' },
    });
    const dangling = (await stopped.commit({ changes: `LABEL berth.test=${MINE}` })) as { Id: string };
    const danglingId = dangling.Id.startsWith('sha256:') ? dangling.Id : `sha256:${dangling.Id}`;
    images.push(danglingId);
    const named = uniqueName('pr-named');
    await d.createVolume({ Name: named, Labels: labels });
    const anon = randomBytes(32).toString('hex');
    await d.createVolume({ Name: anon, Labels: labels });
    const keptVol = uniqueName('pr-kept');
    await d.createVolume({ Name: keptVol, Labels: labels });
    const freeNet = (await d.createNetwork({ Name: uniqueName('pr-free'), Labels: labels })).id;
    const busyNetName = uniqueName('pr-busy');
    const busyNet = (await d.createNetwork({ Name: busyNetName, Labels: labels })).id;
    const running = await d.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('pr-running'),
      Cmd: ['sleep', '600'],
      Labels: labels,
      HostConfig: { NetworkMode: busyNetName, Binds: [`${keptVol}:/data`] },
    });
    await running.start();
    const byKind = (items: PreviewItem[], kind: string) =>
      items
        .filter((i) => i.kind === kind)
        .map((i) => i.id)
        .sort();

    await ui.tab('Clean up');
    await ui.labelFilter.fill(FILTER);
    // Default scope: stopped containers, dangling images, unused networks; no volumes.
    let p = await ui.preview();
    expect(byKind(p, 'container')).toEqual([stopped.id]);
    expect(byKind(p, 'image')).toEqual([danglingId]);
    expect(byKind(p, 'network')).toEqual([freeNet]);
    expect(byKind(p, 'volume')).toEqual([]);
    expect(await page.getByTestId('prune-volumes-note').innerText()).toMatch(/Volumes are kept/);

    // --volumes: anonymous only; then named as well, said in so many words.
    await ui.option('Unused volumes too (--volumes)').check();
    p = await ui.preview();
    expect(byKind(p, 'volume')).toEqual([anon]);
    expect(await page.getByTestId('prune-volumes-note').innerText()).toMatch(/named volumes are kept/);
    await ui.option('Named volumes as well, not only anonymous ones').check();
    expect(await page.getByTestId('prune-preview').count()).toBe(0); // the scope changed: preview again
    p = await ui.preview();
    expect(byKind(p, 'volume')).toEqual([anon, named].sort());
    expect(await page.getByTestId('prune-volumes-note').innerText()).toMatch(/Named volumes are included/);
    expect(await page.getByText('docker system prune --volumes --filter label=berth.test=').count()).toBe(1);

    await ui.removeConfirmed();
    const removed = await ui.resultItems('removed');
    expect(removed).toEqual(p);
    expect(await ui.resultItems('failed')).toEqual([]);

    // The engine lacks exactly what was previewed; what is in use is still there.
    expect(await exists(stopped.id)).toBe(false);
    const imageIds = (await dockerCli(['images', '-a', '--no-trunc', '--format', '{{.ID}}'])).split('\n');
    expect(imageIds).not.toContain(danglingId);
    const nets = (await dockerCli(['network', 'ls', '--no-trunc', '--format', '{{.ID}}'])).split('\n');
    expect(nets).not.toContain(freeNet);
    expect(nets).toContain(busyNet);
    const vols = (await dockerCli(['volume', 'ls', '--format', '{{.Name}}'])).split('\n');
    expect(vols).not.toContain(named);
    expect(vols).not.toContain(anon);
    expect(vols).toContain(keptVol);
    expect((await running.inspect()).State.Running).toBe(true);
    expect(imageIds).toContain((await d.getImage(TEST_IMAGE).inspect()).Id);

    // The journal says what was done, as docker commands, and downloads as a script.
    const journal = new ActivityPage(page);
    await journal.openJournal();
    const commands = (await journal.journalCommands()).join('\n');
    expect(commands).toContain(`docker rm ${stoppedName}`);
    expect(commands).toMatch(new RegExp(`docker volume rm (${anon} ${named}|${named} ${anon})`));
    expect(commands).toContain(`docker rmi ${danglingId.slice(7, 19)}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download script' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^berth-journal-.*\.sh$/);
    const script = await readFile((await download.path()) ?? '', 'utf8');
    expect(script.split('\n').slice(0, 3)).toEqual(['#!/bin/sh', expect.stringMatching(/^# /), 'set -e']);
    expect(script).toContain(`docker rm ${stoppedName}`);
    await running.remove({ force: true });
  });
});
