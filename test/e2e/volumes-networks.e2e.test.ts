import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, RUN_ID, TEST_IMAGE, cleanup, docker, dockerCli, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { NetworksPage } from './pages/networks.page';
import { VolumesPage } from './pages/volumes.page';

let h: Harness;
let page: Page;
let vols: VolumesPage;
let nets: NetworksPage;
const d = docker();

/** Everything this file makes: the test's own volume, network and containers. */
const volume = uniqueName('vol');
const network = uniqueName('net');
const octet = 150 + (parseInt(RUN_ID.slice(0, 4), 16) % 90);
const subnet = `10.213.${octet}.0/24`;
const gateway = `10.213.${octet}.1`;
const c1 = uniqueName('one');
const c2 = uniqueName('two');
const containers: Record<string, Docker.Container> = {};

const inspectNet = async () => (await d.getNetwork(network).inspect()) as Docker.NetworkInspectInfo;
const ipOn = async (name: string) =>
  (await dockerCli(['inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name])).trim();
const exists = (p: Promise<unknown>) =>
  p.then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  vols = new VolumesPage(page);
  nets = new NetworksPage(page);
});
afterAll(async () => {
  await h?.close();
  await cleanup();
  for (const c of Object.values(containers)) await c.remove({ force: true }).catch(() => {});
  const mineV = await d.listVolumes({ filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) });
  for (const v of mineV.Volumes ?? [])
    await d
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
  const mineN = await d.listNetworks({ filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) });
  for (const n of mineN)
    await d
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
});
afterEach(async () => {
  // A failed step must not leave a dialog over the next test's clicks.
  for (let i = 0; i < 5 && (await page.locator('.modal-backdrop').count()) > 0; i++)
    await page.keyboard.press('Escape');
  expect(h.errors).toEqual([]);
});

describe('volumes and networks in web mode', () => {
  it('creates a volume in the UI, labelled, as docker volume inspect shows', async () => {
    await vols.open();
    await vols.create(volume, { 'berth.test': RUN_ID });
    await vols.row(volume).waitFor();
    const [cli] = JSON.parse(await dockerCli(['volume', 'inspect', volume])) as { Labels: Record<string, string> }[];
    expect(cli?.Labels).toEqual({ 'berth.test': RUN_ID });
    expect(await vols.row(volume).getAttribute('data-anonymous')).toBe('false');
    expect(await vols.usedBy(volume)).toEqual([]);
  });

  it('refuses a bad subnet in the form before anything reaches the engine, then creates the network', async () => {
    await nets.open();
    const dialog = await nets.fillCreate({ name: network, subnet: `10.213.${octet}.9/24`, gateway: '10.99.0.1' });
    await nets.fieldError(dialog, 'subnet').waitFor();
    expect(await nets.fieldError(dialog, 'subnet').textContent()).toContain(subnet);
    expect(await nets.fieldError(dialog, 'gateway').textContent()).toContain('Outside the subnet');
    expect(await dialog.getByRole('button', { name: 'Create', exact: true }).isDisabled()).toBe(true);
    expect(await exists(d.getNetwork(network).inspect())).toBe(false);

    await nets.fillCreate({ name: network, subnet, gateway, labels: { 'berth.test': RUN_ID } });
    expect(await nets.fieldError(dialog, 'subnet').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await nets.row(network).waitFor();
    const n = await inspectNet();
    expect(n.IPAM?.Config).toEqual([{ Subnet: subnet, Gateway: gateway }]);
    expect(n.Labels).toEqual({ 'berth.test': RUN_ID });
    expect(n.Driver).toBe('bridge');
  });

  it('shows two containers run on them: relations in both panels, IPs and aliases as the engine has them', async () => {
    for (const [name, alias, bind] of [
      [c1, 'alpha', `${volume}:/data`],
      [c2, 'beta', `${volume}:/data:ro`],
    ] as const) {
      const c = await d.createContainer({
        Image: TEST_IMAGE,
        name,
        Cmd: ['sleep', '3600'],
        Labels: LABELS,
        HostConfig: { NetworkMode: network, Binds: [bind] },
        NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [alias] } } },
      });
      await c.start();
      containers[name] = c;
    }
    const ip1 = await ipOn(c1);
    const ip2 = await ipOn(c2);

    // Networks list: two connected containers.
    await waitFor(
      async () => (await nets.row(network).getByTestId('network-containers').textContent())?.trim() === '2',
    );
    const details = await nets.details(network);
    await waitFor(async () => (await nets.member(details, c2).count()) === 1);
    expect(await nets.member(details, c1).locator('td').nth(2).textContent()).toBe(ip1);
    expect(await nets.member(details, c2).locator('td').nth(2).textContent()).toBe(ip2);
    expect(await nets.member(details, c1).locator('td').nth(4).textContent()).toBe('alpha');
    await nets.closeDialog();

    // Volumes list: used by both, and a click on a container opens it with its network and IP.
    await vols.open();
    await waitFor(async () => JSON.stringify(await vols.usedBy(volume)) === JSON.stringify([c1, c2].sort()));
    await vols.row(volume).locator(`[data-container="${c2}"]`).click();
    const card = page.getByTestId('container-card');
    await card.locator(`[data-network="${network}"]`).waitFor();
    expect(await card.locator(`[data-network="${network}"]`).textContent()).toContain(ip2);
    await page.keyboard.press('Escape');
  });

  it('draws the topology: the network, both containers, edges labelled with IP and alias; nodes open', async () => {
    await nets.open();
    await nets.view('Topology');
    const n = await inspectNet();
    await nets.topoNetwork(network).waitFor();
    await nets.topoContainer(c1).waitFor();
    await nets.topoContainer(c2).waitFor();
    const edges = await nets.topoEdges(n.Id, { [c1]: containers[c1]!.id, [c2]: containers[c2]!.id });
    expect(edges).toEqual({ [c1]: `${await ipOn(c1)} · alpha`, [c2]: `${await ipOn(c2)} · beta` });

    await nets.topoContainer(c1).click();
    const card = page.getByTestId('container-card');
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).textContent()).toContain(c1);
    await page.keyboard.press('Escape');
    await nets.topoNetwork(network).click();
    const details = nets.dialog('network-details');
    await details.waitFor();
    expect(await details.getByRole('heading').first().textContent()).toContain(network);
    await nets.closeDialog();
    await nets.view('List');
  });

  it('checks that one container resolves and reaches the other by name', async () => {
    await page.getByRole('button', { name: 'Check connectivity…' }).first().click();
    const dlg = nets.dialog('connectivity');
    await dlg.getByLabel('Shared network').selectOption({ label: network });
    const c1Id = containers[c1]!.id;
    const c2Id = containers[c2]!.id;
    await dlg.getByLabel('From', { exact: true }).selectOption(c1Id);
    await dlg.getByLabel('To', { exact: true }).selectOption(c2Id);
    await dlg.getByRole('button', { name: 'Check', exact: true }).click();
    const result = dlg.getByTestId('check-result');
    await result.waitFor();
    expect(await result.getByTestId('resolved').locator('[data-verdict]').getAttribute('data-verdict')).toBe('yes');
    expect(await result.getByTestId('reached').locator('[data-verdict]').getAttribute('data-verdict')).toBe('yes');
    expect(await result.getByTestId('resolved').textContent()).toContain(await ipOn(c2));

    // By alias too.
    await dlg.getByLabel('Look up by').selectOption('beta');
    await dlg.getByRole('button', { name: 'Check', exact: true }).click();
    await waitFor(async () => (await result.getByTestId('resolved').textContent())?.includes('“beta”'));
    expect(await result.getByTestId('reached').locator('[data-verdict]').getAttribute('data-verdict')).toBe('yes');
    await page.keyboard.press('Escape');
  });

  it('disconnects and reconnects a container (with an alias and a fixed IP), and the engine agrees', async () => {
    const details = await nets.details(network);
    await details.getByRole('button', { name: `Disconnect ${c2}` }).click();
    await waitFor(async () => !(await inspectNet()).Containers?.[containers[c2]!.id]);
    await waitFor(async () => (await nets.member(details, c2).count()) === 0);

    await details.getByRole('tab', { name: 'Connect a container' }).click();
    await details.getByLabel('Container', { exact: true }).selectOption({ label: `${c2} (running)` });
    await details.getByLabel('Aliases', { exact: true }).fill('gamma, delta');
    const fixed = `10.213.${octet}.200`;
    await details.getByLabel('Fixed IPv4 address (optional)').fill(`10.213.${octet + 1}.5`);
    await details.getByText('Outside the network’s subnet.').waitFor();
    await details.getByLabel('Fixed IPv4 address (optional)').fill(fixed);
    await details.getByRole('button', { name: 'Connect', exact: true }).click();
    await waitFor(async () => (await ipOn(c2)) === fixed);
    const ep = (await containers[c2]!.inspect()).NetworkSettings.Networks[network] as { Aliases: string[] };
    expect(ep.Aliases).toEqual(expect.arrayContaining(['gamma', 'delta']));
    await waitFor(async () => (await nets.member(details, c2).locator('td').nth(2).textContent()) === fixed);
    await nets.closeDialog();
  });

  it('browses, uploads and downloads the volume’s files without a running container; no helper is left', async () => {
    await containers[c1]!.stop({ t: 0 });
    await vols.open();
    const details = await vols.details(volume);
    await details.getByTestId('volume-files').waitFor();
    await details.locator('input[type="file"]').setInputFiles([
      { name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('hello from the UI\n') },
      { name: '数据.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') },
    ]);
    await waitFor(
      async () => JSON.stringify(await vols.entries(details)) === JSON.stringify(['hello.txt', '数据.csv']),
    );
    // A real container sees them.
    await containers[c1]!.start();
    expect(await dockerCli(['exec', c1, 'cat', '/data/hello.txt'])).toBe('hello from the UI\n');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      details.getByRole('button', { name: 'Download hello.txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('hello.txt');
    expect(await readFile((await download.path()) ?? '', 'utf8')).toBe('hello from the UI\n');
    const helpers = await d.listContainers({
      all: true,
      filters: JSON.stringify({ label: ['berth.helper=true'], volume: [volume] }),
    });
    expect(helpers).toEqual([]);
    await vols.closeDialog();
  });

  it('lists the test’s anonymous volume in the prune preview (cancelled: the engine may hold others’ volumes)', async () => {
    const holder = await d.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('anon'),
      Labels: LABELS,
      HostConfig: { NetworkMode: 'none', Binds: ['/scratch'] },
    });
    const anon = (await holder.inspect()).Mounts[0]?.Name ?? '';
    await holder.remove();
    try {
      await vols.row(anon).waitFor();
      expect(await vols.row(anon).getAttribute('data-anonymous')).toBe('true');
      await page.getByTestId('volumes-anonymous-banner').waitFor();
      await page.getByRole('button', { name: 'Prune…' }).first().click();
      const dlg = vols.dialog('prune-volumes');
      await dlg.locator(`tr[data-name="${anon}"]`).waitFor();
      expect(await dlg.locator(`tr[data-name="${volume}"]`).count()).toBe(0); // named, and in use
      expect(await dlg.textContent()).toContain(`API ${h.backend.engine.status.apiVersion}`);
      await dlg.getByRole('button', { name: 'Cancel' }).click();
      expect(await exists(d.getVolume(anon).inspect())).toBe(true);
    } finally {
      await d
        .getVolume(anon)
        .remove()
        .catch(() => {});
    }
  });

  it('refuses to remove what is in use, naming the containers; removes it once free; bridge is protected', async () => {
    await vols.open();
    await page.getByRole('button', { name: `Remove ${volume}`, exact: true }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: `Remove volume ${volume}?` });
    expect(await confirm.getByTestId('volume-in-use').textContent()).toContain(c1);
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    await nets.open();
    expect(await page.getByRole('button', { name: 'Remove bridge', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: `Remove ${network}`, exact: true }).click();
    // (the confirmation opens inside the network's details: the innermost dialog is the last)
    const netConfirm = page
      .getByRole('dialog')
      .filter({ hasText: `Remove network ${network}?` })
      .last();
    expect(await netConfirm.getByTestId('network-in-use').textContent()).toContain(c1);
    await netConfirm.getByRole('button', { name: 'Cancel' }).click();
    await nets.closeDialog();

    for (const c of Object.values(containers)) await c.remove({ force: true });
    await waitFor(
      async () => (await nets.row(network).getByTestId('network-containers').textContent())?.trim() === '0',
    );
    await page.getByRole('button', { name: `Remove ${network}`, exact: true }).click();
    await page
      .getByRole('dialog')
      .filter({ hasText: `Remove network ${network}?` })
      .last()
      .getByRole('button', { name: 'Remove', exact: true })
      .click();
    await nets.row(network).waitFor({ state: 'detached' });
    expect(await exists(d.getNetwork(network).inspect())).toBe(false);

    await vols.open();
    await waitFor(async () => (await vols.usedBy(volume)).length === 0);
    await page.getByRole('button', { name: `Remove ${volume}`, exact: true }).click();
    await page
      .getByRole('dialog')
      .filter({ hasText: `Remove volume ${volume}?` })
      .getByRole('button', { name: 'Remove', exact: true })
      .click();
    await vols.row(volume).waitFor({ state: 'detached' });
    expect(await exists(d.getVolume(volume).inspect())).toBe(false);
    expect(await exists(d.getNetwork('bridge').inspect())).toBe(true);
  });
});
