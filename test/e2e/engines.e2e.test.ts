import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContainerIds, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';
import { startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

const daemon = new PrivateDockerd();
const dirs: string[] = [];
let h: Harness;
let settingsFile: string;

beforeAll(async () => {
  await daemon.start();
  await daemon.seed('only-on-private');
  const configDir = mkdtempSync(join(tmpdir(), 'berth-e2e-cfg-'));
  const settingsDir = mkdtempSync(join(tmpdir(), 'berth-e2e-settings-'));
  dirs.push(configDir, settingsDir);
  settingsFile = join(settingsDir, 'settings.json');
  const digest = createHash('sha256').update('private').digest('hex');
  mkdirSync(join(configDir, 'contexts', 'meta', digest), { recursive: true });
  writeFileSync(
    join(configDir, 'contexts', 'meta', digest, 'meta.json'),
    JSON.stringify({ Name: 'private', Endpoints: { docker: { Host: daemon.host } } }),
  );
  h = await startHarness({ settingsFile, engines: { env: {}, configDir, probeTimeoutMs: 3000 } });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await daemon.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('engines panel', () => {
  it('switches to another engine and every list follows; adds, tests and removes an engine', async () => {
    const page = await h.open();
    const containers = new ContainersPage(page);
    await containers.showAll(true);
    await page.getByRole('button', { name: 'Engines', exact: true }).click();
    const privateRow = page.locator('tr[data-engine-id="context:private"]');
    await privateRow.getByText(/Reachable · Docker/).waitFor();
    await page.getByRole('button', { name: 'Use private' }).click();
    await waitFor(
      () => h.backend.engine.status.state === 'connected' && h.backend.engine.status.endpoint === daemon.host,
    );
    await page.getByTestId('engine-name').getByText('private').waitFor();
    expect(await page.title()).toBe('Berth — private');

    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    const ids = await cliContainerIds(daemon.host);
    await waitFor(async () => JSON.stringify(await containers.rowIds()) === JSON.stringify(ids));
    await containers.row('only-on-private').waitFor();

    // Add one by hand: test first, then add.
    await page.getByRole('button', { name: 'Engines', exact: true }).click();
    const form = page.getByRole('form', { name: 'Add an engine' });
    await form.getByLabel('Name').fill('Added by hand');
    await form.getByLabel('Address').fill(daemon.host);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form
      .getByRole('status')
      .getByText(/^Connected: Docker/)
      .waitFor();
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove Added by hand' }).waitFor();
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).engines).toMatchObject([
      { name: 'Added by hand', host: daemon.host },
    ]);

    // A bad address is refused at the field, before anything is stored.
    await form.getByLabel('Address').fill('http://example.invalid');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByText(/use unix:\/\/\/path/).waitFor();

    await page.getByRole('button', { name: 'Remove Added by hand' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await waitFor(async () => (await page.getByRole('button', { name: 'Remove Added by hand' }).count()) === 0);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).engines).toEqual([]);

    // Back to the default engine.
    await page.getByRole('button', { name: 'Use default' }).click();
    await waitFor(
      () => h.backend.engine.status.state === 'connected' && h.backend.engine.status.engineId === 'default',
    );
    expect(existsSync(settingsFile)).toBe(true);
    expect(h.errors).toEqual([]);
  });
});
