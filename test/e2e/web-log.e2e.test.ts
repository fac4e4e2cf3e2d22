/**
 * Web mode as shipped (`node out/main/web.js`): it writes Berth's own log to the folder it is told (or its
 * documented default), the web token never reaches the file, and Help > Berth's logs names that folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/engine';
import { makeTempDir, type TempDir } from '../unit/helpers/temp-dir';
import { CHROMIUM, RENDERER_DIR } from './harness';
import { chromium, type Browser } from 'playwright-core';
import { PalettePage } from './pages/palette.page';

const WEB_JS = join(RENDERER_DIR, '..', 'main', 'web.js');
let dir: TempDir;
let proc: ChildProcess;
let out = '';
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(WEB_JS)) throw new Error('out/main/web.js is missing: run `npm run build` first.');
  dir = makeTempDir('berth-e2e-weblog-');
  proc = spawn(process.execPath, [WEB_JS, '--port', '0', '--log-dir', dir.path('logs')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own settings folder: nothing of the user's (or another run's) is read or written.
    env: { ...process.env, XDG_CONFIG_HOME: dir.path('config') },
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /Open http:\/\/\S+/.test(out), { timeoutMs: 30_000 });
});
afterAll(async () => {
  await browser?.close();
  proc?.kill('SIGTERM');
  if (proc && proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
  dir?.remove();
});

describe("web mode's own log", () => {
  it('goes to the --log-dir folder, says so on startup, and never holds the access token', async () => {
    const file = dir.path('logs', 'berth.log');
    expect(out).toContain(`Berth's log: ${file}`);
    const url = /Open (http:\/\/\S+)/.exec(out)![1]!;
    const token = new URL(url).searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(10);
    await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').includes('token=***'));
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\[berth\] Berth \d+\.\d+\.\d+ \(web mode\)/);
    expect(text).toMatch(/\[berth\] engine (connected|unreachable|connecting): /);
    expect(text).not.toContain(token);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    const ui = new PalettePage(page);
    await ui.help('Berth’s logs');
    const logs = page.getByRole('dialog', { name: 'Where Berth’s logs are' });
    expect(await logs.getByTestId('logs-path').textContent()).toBe(dir.path('logs'));
    expect(await logs.getByTestId('logs-file').textContent()).toContain('berth.log');
    expect(readFileSync(file, 'utf8')).not.toContain(token);
  });
});
