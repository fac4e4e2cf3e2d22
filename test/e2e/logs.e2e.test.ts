import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cleanup, createContainer, docker, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { LogsPage } from './pages/logs.page';
import { TerminalPage } from './pages/terminal.page';

let h: Harness;
let page: Page;
let term: TerminalPage;
let logs: LogsPage;

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  term = new TerminalPage(page);
  logs = new LogsPage(page);
  await term.open();
});
afterAll(async () => {
  await h?.close();
  await cleanup();
});
afterEach(async () => {
  for (const id of await term.tabIds()) await term.close(id);
  await waitFor(() => h.backend.streams.count() === 0);
  expect(h.errors).toEqual([]);
});

const exited = (id: string) =>
  waitFor(async () => (await docker().getContainer(id).inspect()).State.Status === 'exited', { timeoutMs: 60_000 });

describe('logs view', () => {
  it('tells stderr apart, renders ANSI colours safely, filters, searches, copies and downloads', async () => {
    const c = await createContainer({
      cmd: [
        'sh',
        '-c',
        'echo plain-1; printf "\\033[31mred-2\\033[0m \\033]0;title\\007tail\\n"; echo err-3 >&2; for i in $(seq 4 20); do echo line-$i; done',
      ],
      start: true,
    });
    await exited(c.id);
    await term.newSession({ kind: 'Logs', container: c.id });
    await waitFor(async () => (await logs.counts()).total === 20);
    // stdout and stderr reach the log through separate pipes: only each stream's own order is certain.
    const texts = await logs.view.locator('.log-line[data-stream="stdout"] .log-text').allTextContents();
    expect(texts[0]).toBe('plain-1');
    // Colour became a style; the title sequence and every escape byte are gone.
    expect(texts[1]).toBe('red-2 tail');
    const red = logs.view.locator('.log-line span[style*="--ansi-1"]');
    expect(await red.textContent()).toBe('red-2');
    // eslint-disable-next-line no-control-regex -- asserting the escape byte is gone
    expect(texts.join('\n')).not.toMatch(/\x1b|\[31m|title/);
    expect(await logs.view.locator('.log-line[data-stream="stderr"]').allTextContents()).toEqual(['err-3']);

    await logs.filter('-1');
    await waitFor(async () => (await logs.counts()).shown === 11);
    await logs.filter('^line-1\\d$', { regex: true });
    await waitFor(async () => (await logs.counts()).shown === 10);
    await logs.filter('line-', { invert: true });
    await waitFor(async () => (await logs.counts()).shown === 3);
    expect((await logs.renderedTexts()).sort()).toEqual(['err-3', 'plain-1', 'red-2 tail']);
    await logs.filter('([', { regex: true });
    await logs.view.getByText(/Invalid regular expression/).waitFor();
    await logs.filter('');

    await page.evaluate(() => {
      const w = window as unknown as { copied: string };
      w.copied = '';
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: (s: string) => ((w.copied = s), Promise.resolve()) },
        configurable: true,
      });
    });
    await logs.view.locator('.logs-toolbar').getByRole('button', { name: 'Copy', exact: true }).click();
    await waitFor(async () => (await page.evaluate(() => (window as unknown as { copied: string }).copied)) !== '');
    const copied = await page.evaluate(() => (window as unknown as { copied: string }).copied);
    expect(copied.split('\n')).toHaveLength(20);
    expect(copied).toContain('red-2 tail');
    expect(copied).not.toContain('\x1b');

    await logs.search('line-2');
    await waitFor(async () => (await logs.hits()) === '1 matching line');
    expect(await logs.view.locator('mark').allTextContents()).toEqual(['line-2']);
    await logs.search('');

    await logs.timestamps(true);
    await waitFor(async () => (await logs.view.locator('.log-ts').count()) === 20);
    expect(await logs.view.locator('.log-ts').first().textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);

    const downloading = page.waitForEvent('download');
    await logs.view.getByRole('button', { name: 'Download' }).click();
    const file = await (await downloading).path();
    const content = readFileSync(file, 'utf8');
    expect(content.split('\n').filter(Boolean)).toHaveLength(20);
    expect(content).toMatch(/Z plain-1\n/);
    expect(content).not.toContain('\x1b');
  });

  it('follows new lines, and closes its stream when the tab is hidden', async () => {
    const c = await createContainer({
      cmd: ['sh', '-c', 'i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.2; done'],
      start: true,
    });
    const id = await term.newSession({ kind: 'Logs', container: c.id });
    await waitFor(async () => (await logs.counts()).total >= 5);
    const before = (await logs.counts()).total;
    await waitFor(async () => (await logs.counts()).total > before + 3);
    expect(h.backend.streams.count()).toBe(1);
    // Another tab in front: the logs stream closes.
    const other = await term.newSession({ kind: 'Stats', container: c.id });
    await waitFor(() => h.backend.streams.count() === 1);
    expect(await page.locator('.logs-view').count()).toBe(0);
    // Closing it brings the logs tab back, with a stream of its own again.
    await term.close(other);
    await page.locator(`.term-tab[data-tab="${id}"] [aria-selected="true"]`).waitFor();
    await page.locator('.logs-view').waitFor();
    await waitFor(() => h.backend.streams.count() === 1);
  });

  it('stays responsive with a million lines: bounded tail, virtualized rows, older lines page by page', async () => {
    const c = await createContainer({ cmd: ['sh', '-c', 'seq 1 1000000'], start: true });
    await exited(c.id);
    await term.newSession({ kind: 'Logs', container: c.id });
    await waitFor(async () => (await logs.counts()).total === 1000);
    await logs.setTail(10_000);
    await waitFor(async () => (await logs.counts()).total === 10_000);
    // Only what is near the viewport is in the DOM, and the newest line is in view.
    expect(await logs.rows.count()).toBeLessThan(150);
    await waitFor(async () => (await logs.renderedTexts()).includes('1000000'));
    const t0 = Date.now();
    await page.evaluate(() => 1);
    expect(Date.now() - t0).toBeLessThan(500);

    await logs.loadOlder.click();
    await waitFor(async () => (await logs.counts()).total === 12_000, { timeoutMs: 60_000 });
    // The older page joins seamlessly: 988001 … 1000000, no gap, no duplicate.
    const first = await page.evaluate(() => {
      const el = document.querySelector('.logs-scroller');
      if (el) el.scrollTop = 0;
      return new Promise<string>((r) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => r(document.querySelector('.log-line .log-text')?.textContent ?? '')),
        ),
      );
    });
    expect(first).toBe('988001');
    await logs.loadOlder.click();
    await waitFor(async () => (await logs.counts()).total === 14_000, { timeoutMs: 60_000 });

    // The biggest tail fills the view's bound; nothing beyond it is kept. While it arrives (drawn once a second),
    // the view says it is loading, never that there are no lines.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { emptySeen: string[] }).emptySeen = seen;
      new MutationObserver(() => {
        for (const e of document.querySelectorAll('.logs-view .empty')) seen.push(e.textContent ?? '');
      }).observe(document.querySelector('.logs-view')!, { childList: true, subtree: true, characterData: true });
    });
    await logs.setTail(50_000);
    await waitFor(async () => (await logs.counts()).total === 50_000, { timeoutMs: 60_000 });
    const emptySeen = await page.evaluate(() => (window as unknown as { emptySeen: string[] }).emptySeen);
    expect(emptySeen.filter((text) => text !== 'Loading…')).toEqual([]);
    await logs.view.getByText('Showing the newest 50,000 lines: older ones are not kept.').waitFor();
    expect(await logs.rows.count()).toBeLessThan(150);
  });
});

describe('stats view', () => {
  it('shows live CPU, memory and processes, with one stream while shown', async () => {
    const c = await createContainer({ cmd: ['sh', '-c', 'yes > /dev/null & sleep 3600'], start: true });
    await term.newSession({ kind: 'Stats', container: c.id });
    const view = page.locator('.stats-view');
    await waitFor(async () => /%/.test((await view.getByTestId('stats-cpu').textContent()) ?? ''), {
      timeoutMs: 15_000,
    });
    await waitFor(async () => Number(await view.getByTestId('stats-pids').textContent()) >= 2, { timeoutMs: 15_000 });
    expect(await view.getByTestId('stats-mem').textContent()).toMatch(/iB of .*iB/);
    expect(await view.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    expect(h.backend.streams.count()).toBe(1);
    // Hidden (another panel): the stream is closed.
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await waitFor(() => h.backend.streams.count() === 0);
    await term.open();
    await waitFor(() => h.backend.streams.count() === 1);
  });

  it('says so for a stopped container', async () => {
    const c = await createContainer();
    await term.newSession({ kind: 'Stats', container: c.id });
    await page.getByText('The container is not running: no live figures. Start it to see them.').waitFor();
  });
});
