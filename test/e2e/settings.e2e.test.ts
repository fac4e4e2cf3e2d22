import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cleanup, createContainer, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { PalettePage } from './pages/palette.page';

let h: Harness;
let page: Page;
let ui: PalettePage;

const openPanel = (p: Page, id: string) => p.locator(`nav.sidebar [data-panel="${id}"]`).click();
const settingsPanel = (p: Page) => p.locator('section.settings-panel');

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  ui = new PalettePage(page);
});
afterAll(async () => {
  await h?.close();
  await cleanup();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe('settings come from main and apply everywhere', () => {
  it('turns the command hints off and on: main keeps it, every hint follows', async () => {
    await openPanel(page, 'containers');
    await page.locator('section.panel .command-hint').first().waitFor();
    await openPanel(page, 'settings');
    const hints = settingsPanel(page).getByLabel('Show the equivalent docker command beside actions');
    await hints.uncheck();
    await waitFor(() => h.backend.services.settings.get().commandHints === false);
    await openPanel(page, 'containers');
    await page.getByRole('heading', { name: 'Containers', level: 1 }).waitFor();
    expect(await page.locator('.command-hint').count()).toBe(0);
    // Another window, opened now, gets it from main (not from its own storage).
    const other = await h.open();
    await other.getByRole('heading', { name: 'Containers', level: 1 }).waitFor();
    await waitFor(async () => (await other.locator('section.settings-panel, .command-hint').count()) === 0);
    await openPanel(page, 'settings');
    await hints.check();
    await waitFor(() => h.backend.services.settings.get().commandHints === true);
    await other.locator('.command-hint').first().waitFor(); // live, through settings.changed
    await other.close();
  });

  it('changes language and theme in main; other windows follow; "Follow the system" goes back', async () => {
    await openPanel(page, 'settings');
    const panel = settingsPanel(page);
    const other = await h.open({ locale: 'en-US', colorScheme: 'light' });
    await other.getByRole('heading', { name: 'Containers', level: 1 }).waitFor();

    await panel.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
    expect(h.backend.services.settings.get().language).toBe('zh-CN');
    await other.getByRole('heading', { name: '容器', level: 1 }).waitFor();

    await panel.getByLabel('主题').selectOption('dark');
    await waitFor(async () => (await other.evaluate(() => document.documentElement.dataset.theme)) === 'dark');
    expect(h.backend.services.settings.get().theme).toBe('dark');

    await panel.getByLabel('语言').selectOption('system');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(h.backend.services.settings.get().language).toBeUndefined();
    // The sidebar's small selects are the same settings.
    await page.locator('nav.sidebar').getByLabel('Theme').selectOption('system');
    await waitFor(() => h.backend.services.settings.get().theme === 'system');
    expect(await page.locator('nav.sidebar').getByLabel('Language').inputValue()).toBe('system');
    await waitFor(async () => (await other.evaluate(() => document.documentElement.dataset.theme)) === 'light');
    await other.close();
  });

  it('saves the other settings (notifications, terminal font size, desktop options) in main', async () => {
    await openPanel(page, 'settings');
    const panel = settingsPanel(page);
    await panel.getByLabel('A container runs out of memory').uncheck();
    await waitFor(() => h.backend.services.settings.get().notifications.oom === false);
    expect(h.backend.services.settings.get().notifications.containerExit).toBe(true);
    await panel.getByLabel('Font size').fill('16');
    await waitFor(() => h.backend.services.settings.get().terminalFontSize === 16);
    await panel.getByLabel('Start Berth when I log in').check();
    await waitFor(() => h.backend.services.settings.get().startAtLogin === true);
    // Each change left the others alone.
    expect(h.backend.services.settings.get()).toMatchObject({
      notifications: { oom: false },
      terminalFontSize: 16,
      commandHints: true,
    });
    await panel.getByLabel('A container runs out of memory').check();
    await panel.getByLabel('Start Berth when I log in').uncheck();
    await waitFor(() => !h.backend.services.settings.get().startAtLogin);
  });
});

describe('keyboard, palette and help', () => {
  it('goes to panels with Ctrl+1…9 and Alt+1…9, in sidebar order', async () => {
    const order = await page
      .locator('nav.sidebar [data-panel]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-panel') ?? ''));
    await page.locator('main.content').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+2');
    await waitFor(async () => (await ui.currentPanel()) === order[1]);
    await page.keyboard.press('Alt+1');
    await waitFor(async () => (await ui.currentPanel()) === order[0]);
    const system = order.indexOf('system');
    expect(system).toBeGreaterThanOrEqual(0);
    if (system < 9) {
      await page.keyboard.press(`Control+${system + 1}`);
      await waitFor(async () => (await ui.currentPanel()) === 'system');
    }
  });

  it('every panel has a key: Ctrl+0 the tenth, Ctrl+, the settings', async () => {
    const order = await page
      .locator('nav.sidebar [data-panel]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-panel') ?? ''));
    await page.locator('main.content').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Comma');
    await waitFor(async () => (await ui.currentPanel()) === 'settings');
    const places = order.filter((p) => p !== 'settings');
    expect(places.length).toBeLessThanOrEqual(10);
    if (places.length === 10) {
      await page.keyboard.press('Alt+0');
      await waitFor(async () => (await ui.currentPanel()) === places[9]);
    }
  });

  it('keys are text while typing in a field, and do nothing behind an open dialog', async () => {
    await openPanel(page, 'containers');
    await page.locator('main.content').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    const filter = page.locator('main.content input[type="search"]').first();
    await waitFor(async () => await filter.evaluate((el) => el === document.activeElement));
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('Control+Comma');
    await page.keyboard.type('?/');
    expect(await filter.inputValue()).toBe('?/');
    await filter.fill('');

    // "?" opens the shortcuts: once it shows, anything the keys above had asked for would have shown too.
    await page.locator('main.content').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await ui.currentPanel()).toBe('containers');
    expect(await page.getByRole('dialog').count()).toBe(1);
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('Control+Comma');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await ui.currentPanel()).toBe('containers');
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The palette's own field: Ctrl+K closes it again.
    await ui.openWithKeys();
    await page.keyboard.press('Control+k');
    await ui.dialog.waitFor({ state: 'detached' });
  });

  it('"?" shows the shortcuts, a key for every panel; Escape closes them', async () => {
    await page.locator('main.content').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.getByText('Open the command palette').count()).toBe(1);
    const sidebar = await page
      .locator('nav.sidebar [data-panel]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-panel') ?? ''));
    const listed = await dialog
      .locator('tr[data-panel]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-panel') ?? ''));
    expect(listed.sort()).toEqual([...sidebar].sort());
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('Ctrl+K finds a container by name and opens it; panels and actions too', async () => {
    const name = uniqueName('pal');
    const c = await createContainer({ name });
    await openPanel(page, 'containers');
    await page.locator(`tr[data-name="${name}"]`).waitFor();
    await openPanel(page, 'learn');
    await ui.openWithKeys();
    await ui.search(name);
    await waitFor(async () => (await ui.optionKeys())[0] === `container:${c.id}`);
    await page.keyboard.press('Enter');
    await ui.dialog.waitFor({ state: 'detached' });
    await waitFor(async () => (await ui.currentPanel()) === 'containers');

    await ui.openWithKeys();
    await ui.search('clean up');
    await waitFor(async () => (await ui.optionKeys())[0] === 'action:prune');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Clean up', selected: true }).waitFor();

    // Panels show their key, the one the shortcuts dialog lists.
    await ui.openWithKeys();
    await ui.search('settings');
    const settingsItem = ui.options().and(page.locator('[data-key="panel:settings"]'));
    await settingsItem.waitFor();
    expect(await settingsItem.locator('kbd').allInnerTexts()).toEqual(['Ctrl', ',']);
    await page.keyboard.press('Escape');
    await ui.dialog.waitFor({ state: 'detached' });

    await ui.openWithKeys();
    await ui.search('activity');
    await waitFor(async () => (await ui.optionKeys()).includes('panel:activity'));
    await ui.options().filter({ hasText: 'Go to Activity' }).click();
    await waitFor(async () => (await ui.currentPanel()) === 'activity');

    // Actions that start something in another panel: the pull dialog, a new volume.
    for (const [words, key, dialog] of [
      ['pull an image', 'action:pull', 'pull-dialog'],
      ['create a volume', 'action:createVolume', 'create-volume'],
    ] as const) {
      await ui.openWithKeys();
      await ui.search(words);
      await waitFor(async () => (await ui.optionKeys())[0] === key);
      await page.keyboard.press('Enter');
      await page.getByTestId(dialog).waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId(dialog).waitFor({ state: 'detached' });
    }

    await ui.openWithKeys();
    await ui.search('zzzz-nothing-matches-this');
    await ui.dialog.getByText('Nothing matches').waitFor();
    await page.keyboard.press('Escape');
    await ui.dialog.waitFor({ state: 'detached' });
  });

  it('Help: About gives the versions; the logs are where Berth says', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    await ui.help('About Berth');
    const about = page.getByRole('dialog', { name: 'About Berth' });
    await about.getByText(`Berth ${pkg.version}`).waitFor();
    await about.getByText(h.backend.engine.status.engineVersion ?? '?', { exact: true }).waitFor();
    await about.getByText(process.versions.node, { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await about.waitFor({ state: 'detached' });

    await ui.help('Berth’s logs');
    const logs = page.getByRole('dialog', { name: 'Where Berth’s logs are' });
    await logs.getByTestId('logs-process').waitFor();
    expect(await logs.getByTestId('logs-process').innerText()).toContain(`pid ${process.pid}`);
    await logs.getByRole('button', { name: 'Close' }).click();
    await logs.waitFor({ state: 'detached' });

    await ui.help('Learn Docker concepts');
    await page.getByRole('heading', { name: 'Learn', level: 1 }).waitFor();
    for (const title of [
      'Image layers and the union filesystem',
      'Named and anonymous volumes',
      'Bridge networks and name resolution',
      'exec versus attach',
    ])
      await page.getByRole('heading', { name: title, level: 2 }).waitFor();
  });
});
