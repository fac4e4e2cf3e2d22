/**
 * Lifecycle through the UI: pause, kill with a signal, stop with a timeout, rename, multi-select
 * bulk actions, Compose groups, prune with a preview, sort, state filter and pins. The engine's
 * own state is checked after each step.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, createContainer, docker, exists, inspectState, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';

const d = docker();
let h: Harness;
let page: Page;
let ui: ContainersPage;

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  ui = new ContainersPage(page);
  await ui.showAll(true);
});
afterAll(async () => {
  await h?.close();
  await cleanup();
});
afterEach(async () => {
  for (let i = 0; i < 3 && (await page.getByRole('dialog').count()) > 0; i++) await page.keyboard.press('Escape');
  expect(h.errors).toEqual([]);
});

describe('one container', () => {
  it('pauses and unpauses from the menu', async () => {
    const name = uniqueName('pause');
    const c = await createContainer({ name, start: true });
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    await ui.menu(name, 'Pause');
    await waitFor(async () => (await inspectState(c.id)).Paused);
    await waitFor(async () => (await ui.rowState(name)) === 'paused');
    await ui.menu(name, 'Unpause');
    await waitFor(async () => !(await inspectState(c.id)).Paused);
    await waitFor(async () => (await ui.rowState(name)) === 'running');
  });

  it('kills with the chosen signal', async () => {
    const name = uniqueName('kill');
    const c = await createContainer({
      name,
      start: true,
      cmd: ['sh', '-c', 'trap "exit 42" USR1; while :; do sleep 0.1; done'],
    });
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    await ui.menu(name, 'Send a signal…');
    await ui.dialog.getByLabel('Signal').selectOption('SIGUSR1');
    await ui.dialog.getByText(`docker kill -s SIGUSR1 ${name}`).waitFor();
    await ui.dialog.getByRole('button', { name: 'Send' }).click();
    await waitFor(async () => !(await inspectState(c.id)).Running);
    expect((await inspectState(c.id)).ExitCode).toBe(42);
  });

  it('stops with a timeout', async () => {
    const name = uniqueName('stopt');
    const c = await createContainer({ name, start: true });
    await waitFor(async () => (await ui.rowState(name)) === 'running');
    await ui.menu(name, 'Stop with a timeout…');
    await ui.dialog.getByLabel(/Seconds to wait/).fill('0');
    await ui.dialog.getByText(`docker stop -t 0 ${name}`).waitFor();
    await ui.dialog.getByRole('button', { name: 'Stop' }).click();
    await waitFor(async () => !(await inspectState(c.id)).Running, { timeoutMs: 5000 });
    // SIGKILL after 0 s: sleep as PID 1 ignores SIGTERM.
    expect((await inspectState(c.id)).ExitCode).toBe(137);
  });

  it('renames, refusing a bad name in the dialog', async () => {
    const name = uniqueName('ren');
    const c = await createContainer({ name });
    await waitFor(async () => (await ui.row(name).count()) === 1);
    await ui.menu(name, 'Rename…');
    const input = ui.dialog.getByLabel('New name');
    await input.fill('bad name!');
    await ui.dialog.getByText(/at least two characters/).waitFor();
    expect(await ui.dialog.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(true);
    const to = `${name}-new`;
    await input.fill(to);
    await ui.dialog.getByRole('button', { name: 'Rename' }).click();
    await waitFor(async () => (await c.inspect()).Name === `/${to}`);
    await waitFor(async () => (await ui.row(to).count()) === 1);
  });

  it('pins a container to the top, and keeps it pinned after a reload', async () => {
    const name = uniqueName('pin');
    await createContainer({ name });
    await waitFor(async () => (await ui.row(name).count()) === 1);
    await ui.menu(name, 'Pin to the top');
    await waitFor(async () => (await ui.rowNames())[0] === name);
    await ui.section('pinned').waitFor();
    await page.reload();
    await waitFor(async () => (await ui.rowNames())[0] === name);
    await ui.menu(name, 'Unpin');
    await waitFor(async () => (await ui.section('pinned').count()) === 0);
  });
});

describe('many containers', () => {
  it('stops and starts the selected ones at once', async () => {
    const names = [uniqueName('bulk'), uniqueName('bulk')];
    const cs = await Promise.all(names.map((name) => createContainer({ name, start: true })));
    await waitFor(async () => (await Promise.all(names.map((n) => ui.rowState(n)))).every((s) => s === 'running'));
    for (const n of names) await ui.select(n);
    await ui.bulkBar.getByText('2 selected').waitFor();
    await ui.bulk('Stop');
    await waitFor(async () => (await Promise.all(cs.map((c) => inspectState(c.id)))).every((s) => !s.Running), {
      timeoutMs: 30_000,
    });
    await page.getByTestId('bulk-result').getByText('Stop: 2 done, 0 failed.').waitFor();
    await ui.bulk('Start');
    await waitFor(async () => (await Promise.all(cs.map((c) => inspectState(c.id)))).every((s) => s.Running));
    await ui.bulk('Remove');
    await ui.dialog.getByLabel(/Force/).check();
    // Both were created in the same second: the rows (and so the names) may come in either order.
    const [a, b] = names;
    await ui.dialog.getByText(new RegExp(`docker rm -f (${a} ${b}|${b} ${a})`)).waitFor();
    await ui.dialog.getByRole('button', { name: 'Remove' }).click();
    await waitFor(async () => !(await exists(cs[0]!.id)) && !(await exists(cs[1]!.id)));
  });

  it('groups a Compose project, and starts and stops the group', async () => {
    const project = `berth-proj-${uniqueName('p').slice(-6)}`;
    const labels = { 'com.docker.compose.project': project };
    const a = await createContainer({ name: uniqueName('svc'), labels, start: true });
    const b = await createContainer({ name: uniqueName('svc'), labels });
    const group = ui.section(`project:${project}`);
    await group.waitFor();
    await group.getByText('2 containers · 1 running').waitFor();
    await group.getByRole('button', { name: `Start all ${project}` }).click();
    await waitFor(async () => (await inspectState(b.id)).Running);
    await group.getByRole('button', { name: `Stop all ${project}` }).click();
    await waitFor(async () => !(await inspectState(a.id)).Running && !(await inspectState(b.id)).Running, {
      timeoutMs: 30_000,
    });
    // Collapsing hides its rows.
    await group.getByRole('button', { name: `Show or hide project ${project}` }).click();
    await waitFor(async () => (await ui.row(a.id).count()) === 0);
    await group.getByRole('button', { name: `Show or hide project ${project}` }).click();
  });

  it('prunes exactly the stopped containers it showed', async () => {
    const stopped = await createContainer({ name: uniqueName('prune') });
    const running = await createContainer({ name: uniqueName('prune'), start: true });
    await waitFor(async () => (await ui.row(stopped.id).count()) === 1);
    await page.getByRole('button', { name: 'Prune…' }).click();
    const list = ui.dialog.getByTestId('prune-list');
    await list.waitFor();
    const shown = await list.locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-id') ?? ''));
    expect(shown).toContain(stopped.id);
    expect(shown).not.toContain(running.id);
    // What the engine calls stopped right now is what is shown (other suites may add more meanwhile).
    const engineStopped = (
      await d.listContainers({ all: true, filters: JSON.stringify({ status: ['exited', 'created', 'dead'] }) })
    ).map((c) => c.Id);
    for (const id of shown) expect(engineStopped).toContain(id);
    await ui.dialog.getByRole('button', { name: /^Remove \d+ container/ }).click();
    await waitFor(async () => !(await exists(stopped.id)));
    expect((await inspectState(running.id)).Running).toBe(true);
  });

  it('sorts by a column and filters by state', async () => {
    const names = ['zz', 'aa', 'mm'].map((p) => uniqueName(`sort-${p}`));
    for (const n of names) await createContainer({ name: n });
    await page.getByLabel('Filter by name or image').fill('-sort-');
    await waitFor(async () => (await ui.rowNames()).filter((n) => names.includes(n)).length === 3);
    await ui.sortBy('Name');
    await waitFor(async () => {
      const shown = (await ui.rowNames()).filter((n) => names.includes(n));
      return JSON.stringify(shown) === JSON.stringify([...names].sort());
    });
    await ui.sortBy('Name');
    await waitFor(async () => {
      const shown = (await ui.rowNames()).filter((n) => names.includes(n));
      return JSON.stringify(shown) === JSON.stringify([...names].sort().reverse());
    });
    await page.getByLabel('State', { exact: true }).selectOption('running');
    await waitFor(async () => (await ui.rowNames()).filter((n) => names.includes(n)).length === 0);
    await page.getByLabel('State', { exact: true }).selectOption('');
    await page.getByLabel('Filter by name or image').fill('');
  });
});
