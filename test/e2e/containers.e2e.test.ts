import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cliContainerIds,
  createContainer,
  dockerCli,
  exists,
  inspectState,
  RUN_ID,
  TEST_IMAGE,
  uniqueName,
  waitFor,
} from '../support/engine';
import { startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

let h: Harness;
let ui: ContainersPage;

beforeAll(async () => {
  h = await startHarness();
  ui = await ContainersPage.open(h);
});
afterAll(async () => {
  await h?.close();
  await cleanup();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const cliIds = () => cliContainerIds();

describe('containers panel in web mode', () => {
  it('shows what docker ps -a shows: same ids, names and states', async () => {
    await createContainer({ start: true });
    await createContainer();
    await waitFor(async () => JSON.stringify(await ui.rowIds()) === JSON.stringify(await cliIds()));
    const lines = (await dockerCli(['ps', '-a', '--no-trunc', '--format', '{{.ID}}\t{{.Names}}'])).trim().split('\n');
    for (const line of lines.slice(0, 30)) {
      const [id = '', name = ''] = line.split('\t');
      const row = ui.row(id);
      expect(await row.getAttribute('data-name')).toBe(name);
      expect(await row.getAttribute('data-state')).toBe((await inspectState(id)).Status);
    }
  });

  it('follows changes made with the docker CLI without a reload', async () => {
    const name = uniqueName('cli');
    const id = (
      await dockerCli([
        'create',
        '--label',
        `berth.test=${RUN_ID}`,
        '--network',
        'none',
        '--name',
        name,
        TEST_IMAGE,
        'sleep',
        '600',
      ])
    ).trim();
    await waitFor(async () => (await ui.rowState(name)) === 'created');
    await dockerCli(['start', name]);
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    await dockerCli(['stop', '-t', '0', name]);
    await waitFor(async () => (await ui.rowState(name)) === 'exited');
    await dockerCli(['rm', name]);
    await waitFor(async () => (await ui.row(id).count()) === 0);
  });

  it('stops, starts and restarts from the row, and the engine agrees', async () => {
    const name = uniqueName('ui');
    const c = await createContainer({ name, start: true });
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    await ui.action(name, 'Stop');
    await waitFor(async () => (await inspectState(c.id)).Running === false, { timeoutMs: 20_000 });
    await waitFor(async () => (await ui.rowState(name)) === 'exited');
    await ui.action(name, 'Start');
    await waitFor(async () => (await inspectState(c.id)).Running);
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    const started = (await inspectState(c.id)).StartedAt;
    await ui.action(name, 'Restart');
    await waitFor(async () => (await inspectState(c.id)).StartedAt !== started, { timeoutMs: 20_000 });
    expect((await inspectState(c.id)).Running).toBe(true);
  });

  it('asks before removing, refuses a running container unless forced, then removes it', async () => {
    const name = uniqueName('rm');
    const c = await createContainer({ name, start: true });
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    // Cancel changes nothing.
    await ui.action(name, 'Remove');
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await ui.dialog.count()).toBe(0);
    expect(await exists(c.id)).toBe(true);
    // Without force the engine refuses; the dialog says why and the container is untouched.
    await ui.action(name, 'Remove');
    expect(await ui.dialog.getByText(`docker rm ${name}`).count()).toBe(1);
    await ui.dialog.getByRole('button', { name: 'Remove' }).click();
    await ui.dialog.getByRole('alert').waitFor();
    expect(await ui.dialog.getByRole('alert').textContent()).toMatch(/running/i);
    expect((await inspectState(c.id)).Running).toBe(true);
    // Forced, as the user asked: the command shown says so, and it goes.
    await ui.dialog.getByLabel(/Force/).check();
    expect(await ui.dialog.getByText(`docker rm -f ${name}`).count()).toBe(1);
    await ui.dialog.getByRole('button', { name: 'Remove' }).click();
    await waitFor(async () => !(await exists(c.id)));
    await waitFor(async () => (await ui.row(name).count()) === 0);
  });

  it('shows running containers only when "show stopped" is off (docker ps)', async () => {
    const stopped = uniqueName('stopped');
    await createContainer({ name: stopped });
    await waitFor(async () => (await ui.row(stopped).count()) === 1);
    await ui.showAll(false);
    await waitFor(async () => (await ui.row(stopped).count()) === 0);
    const running = (await dockerCli(['ps', '--no-trunc', '--format', '{{.ID}}']))
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort();
    await waitFor(async () => JSON.stringify(await ui.rowIds()) === JSON.stringify(running));
    await ui.showAll(true);
  });

  it('speaks Chinese and goes dark when asked, and follows the system locale', async () => {
    const zh = await h.open({ locale: 'zh-CN', colorScheme: 'dark' });
    await zh.getByRole('heading', { name: '容器' }).waitFor();
    expect(await zh.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await zh.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await zh.getByLabel('语言').selectOption('en');
    await zh.getByRole('heading', { name: 'Containers' }).waitFor();
    await zh.getByLabel('Theme').selectOption('light');
    expect(await zh.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await zh.close();
  });
});
