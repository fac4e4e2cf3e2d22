/**
 * The engine dies under an open logs view and a shell (web mode in Chromium,
 * pointed at a private dockerd that the test kills and restarts — never the
 * user's engine). Both say what happened and name the engine; Reconnect,
 * once the engine is back, reopens each: the log reads on from where it was
 * cut — at the end, exactly the lines `docker logs` has, none twice — and
 * the shell answers again.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, RUN_ID, TEST_IMAGE, dockerCli, ensureTestImage, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';
import { startHarness, type Harness } from './harness';
import { LogsPage } from './pages/logs.page';
import { TerminalPage } from './pages/terminal.page';

const daemon = new PrivateDockerd();
let h: Harness;
let ticker: string;

beforeAll(async () => {
  await daemon.start();
  const d = new Docker({ socketPath: daemon.socket });
  await ensureTestImage(d);
  // Numbers its lines on from a file in its own filesystem, so they go on rising across restarts.
  const c = await d.createContainer({
    Image: TEST_IMAGE,
    name: `ticker-${RUN_ID}`,
    Cmd: [
      'sh',
      '-c',
      'i=$(cat /tmp/n 2>/dev/null || echo 0); while true; do i=$((i+1)); echo $i > /tmp/n; echo line-$i; sleep 0.2; done',
    ],
    Labels: LABELS,
    HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'always' } },
  });
  await c.start();
  ticker = c.id;
  h = await startHarness({
    endpoint: { host: daemon.host, source: 'DOCKER_HOST' },
    heartbeat: { intervalMs: 500, timeoutMs: 3000 },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await daemon.dispose();
});

const numbers = (texts: string[]) => texts.map((t) => Number(/^line-(\d+)$/.exec(t)?.[1] ?? NaN));

describe('the engine dies under a logs view and a shell', () => {
  it('both say so, and Reconnect reopens them once the engine is back, without losing or repeating a line', async () => {
    const page = await h.open();
    const term = new TerminalPage(page);
    const logs = new LogsPage(page);
    await term.open();
    const shell = await term.newSession({ kind: 'Shell', container: ticker });
    await waitFor(async () => (await term.status(shell)) === 'open');
    await term.newSession({ kind: 'Logs', container: ticker });
    await waitFor(async () => (await logs.counts()).total >= 5);

    await daemon.kill();
    await logs.view.getByTestId('logs-error').waitFor({ timeout: 20_000 });
    // The newest line shown when the stream was cut: Reconnect keeps it (same row), and reads on after it.
    const lastRow = logs.rows.last();
    const lastSeq = await lastRow.getAttribute('data-seq');
    const lastText = await lastRow.locator('.log-text').textContent();
    const banner = logs.view.getByTestId('logs-error');
    await banner.getByText('The engine went away: the log stopped here.').waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toMatch(
      /lost the connection to the Docker engine unix:\/\/\/.*docker\.sock: .+/,
    );
    const reconnect = banner.getByRole('button', { name: 'Reconnect' });
    expect(await reconnect.isDisabled()).toBe(true); // nothing to reconnect to yet
    await page.getByTestId('engine-disconnected').waitFor();
    const before = await logs.counts();

    await daemon.start();
    await reconnect.click({ timeout: 30_000 }); // enabled once the engine is back
    await banner.waitFor({ state: 'detached' });
    await waitFor(async () => (await logs.counts()).total > before.total + 5, { timeoutMs: 30_000 });
    // Only the rows near the viewport are in the DOM: bring the kept line (the before.total-th) into view.
    await logs.scrollToLine(before.total - 1);
    expect(await logs.view.locator(`.log-line[data-seq="${lastSeq}"] .log-text`).textContent()).toBe(lastText);
    await logs.jumpToEnd();

    // Stop the ticker: its log ends, and the view must hold exactly what the engine's log holds.
    await dockerCli(['stop', '-t', '1', ticker], daemon.host);
    await logs.view.getByText('The stream ended.').waitFor({ timeout: 20_000 });
    const cli = (await dockerCli(['logs', ticker], daemon.host)).trim().split('\n');
    await waitFor(async () => (await logs.counts()).total === cli.length, { timeoutMs: 10_000 });
    const shown = numbers(await logs.renderedTexts());
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(numbers(cli).slice(-shown.length));
    expect(new Set(shown).size).toBe(shown.length);

    // The shell tab says what happened too, and comes back in a running container.
    await dockerCli(['start', ticker], daemon.host);
    await term.activate(shell);
    const termBanner = term.view.getByRole('alert');
    await termBanner.getByText('The engine went away during the session.').waitFor();
    expect(await termBanner.textContent()).toMatch(/lost the connection to the Docker engine unix:\/\/\//);
    await termBanner.getByRole('button', { name: 'Reconnect' }).click();
    await waitFor(async () => (await term.status(shell)) === 'open', { timeoutMs: 20_000 });
    await term.type('echo "back=$((40+2))"');
    await term.press('Enter');
    await term.waitScreen(shell, /back=42/);

    for (const id of await term.tabIds()) await term.close(id);
    await waitFor(() => h.backend.streams.count() === 0);
    expect(h.errors).toEqual([]);
  });
});
