/**
 * Switching between two engines in Chromium (web mode, two private dockerds
 * found as docker CLI contexts): every frame the page ever renders while
 * switching back and forth — from the engines panel and from outside the
 * page, as the tray does — shows only the objects of the engine named in the
 * status bar. A shell opened on the first engine is marked as belonging to
 * it and keeps working after the switch.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, TEST_IMAGE, dockerCli, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';
import { startHarness, type Harness } from './harness';
import { ContainersPage } from './pages/containers.page';
import { TerminalPage } from './pages/terminal.page';

const a = new PrivateDockerd();
const b = new PrivateDockerd();
const dirs: string[] = [];
let h: Harness;
let ticker: string;

declare global {
  interface Window {
    __frames?: { engine: string; rows: string[] }[];
  }
}

beforeAll(async () => {
  await Promise.all([a.start(), b.start()]);
  await Promise.all([a.seed('a-one'), b.seed('b-one')]);
  await Promise.all([a.seed('a-two'), b.seed('b-two')]);
  const c = await new Docker({ socketPath: a.socket }).createContainer({
    Image: TEST_IMAGE,
    name: 'a-ticker',
    Cmd: ['sleep', '3600'],
    Labels: LABELS,
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  ticker = c.id;
  const configDir = mkdtempSync(join(tmpdir(), 'berth-e2e-switch-cfg-'));
  const settingsDir = mkdtempSync(join(tmpdir(), 'berth-e2e-switch-settings-'));
  dirs.push(configDir, settingsDir);
  for (const [name, d] of [
    ['a', a],
    ['b', b],
  ] as const) {
    const digest = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(configDir, 'contexts', 'meta', digest), { recursive: true });
    writeFileSync(
      join(configDir, 'contexts', 'meta', digest, 'meta.json'),
      JSON.stringify({ Name: name, Endpoints: { docker: { Host: d.host } } }),
    );
  }
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'a' }));
  h = await startHarness({
    settingsFile: join(settingsDir, 'settings.json'),
    engines: { env: {}, configDir, probeTimeoutMs: 3000 },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await Promise.all([a.dispose(), b.dispose()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const namesOf = async (d: PrivateDockerd) =>
  (await dockerCli(['ps', '-a', '--format', '{{.Names}}'], d.host)).trim().split('\n').sort();

describe('switching engines', () => {
  it('never shows objects of one engine under the name of the other; a shell stays with its engine', async () => {
    const [namesA, namesB] = await Promise.all([namesOf(a), namesOf(b)]);
    const page = await h.open();
    const containers = new ContainersPage(page);
    const term = new TerminalPage(page);
    const rowsAre = (names: string[]) =>
      waitFor(async () => JSON.stringify((await containers.rowNames()).sort()) === JSON.stringify(names), {
        timeoutMs: 15_000,
      });
    await rowsAre(namesA);

    // A shell on engine a.
    await term.open();
    const shell = await term.newSession({ kind: 'Shell', container: ticker });
    await waitFor(async () => (await term.status(shell)) === 'open');
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await rowsAre(namesA);

    // Record every frame: the engine named in the status bar, and the container rows shown with it.
    await page.evaluate(() => {
      const frames: { engine: string; rows: string[] }[] = [];
      window.__frames = frames;
      const snap = () =>
        frames.push({
          engine: document.querySelector('[data-testid="engine-name"]')?.textContent ?? '',
          rows: [...document.querySelectorAll('table.containers-grid tbody tr[data-name]')].map(
            (r) => r.getAttribute('data-name') ?? '',
          ),
        });
      new MutationObserver(snap).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      snap();
    });

    // Back and forth from outside the page (as the tray does): instant once both are connected.
    for (let i = 0; i < 4; i++) {
      const [id, names] = i % 2 === 0 ? ['context:b', namesB] : ['context:a', namesA];
      expect(await h.backend.dispatch('engines.activate', { id })).toMatchObject({ ok: true });
      await rowsAre(names);
    }
    // And from the engines panel.
    await page.getByRole('button', { name: 'Engines', exact: true }).click();
    await page.getByRole('button', { name: 'Use b' }).click();
    await page.getByTestId('engine-name').getByText('b', { exact: true }).waitFor();
    expect(await page.title()).toBe('Berth — b');
    await page.locator('tr[data-engine-id="context:a"]').getByTestId('engine-kept').waitFor();
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await rowsAre(namesB);

    const frames = (await page.evaluate(() => window.__frames)) ?? [];
    expect(frames.length).toBeGreaterThan(4);
    const mixed = frames.filter(
      (f) =>
        (f.engine === 'a' && f.rows.some((r) => !namesA.includes(r))) ||
        (f.engine === 'b' && f.rows.some((r) => !namesB.includes(r))) ||
        (f.engine !== 'a' && f.engine !== 'b' && f.rows.length > 0),
    );
    expect(mixed).toEqual([]);
    expect(frames.some((f) => f.engine === 'b' && f.rows.length === namesB.length)).toBe(true);
    expect(frames.some((f) => f.engine === 'a' && f.rows.length === namesA.length)).toBe(true);

    // The shell of engine a: marked as a's, and still talking to a's container.
    await term.open();
    await term.tab(shell).getByTestId('term-tab-engine').getByText('@a').waitFor();
    await term.activate(shell);
    await term.type('echo "still=$((20+22))"; hostname');
    await term.press('Enter');
    await term.waitScreen(shell, /still=42/);
    expect(await term.screen(shell)).toContain(ticker.slice(0, 12));

    await term.close(shell);
    await waitFor(() => h.backend.streams.count() === 0);
    expect(h.errors).toEqual([]);
  });
});
