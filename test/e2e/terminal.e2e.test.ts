import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LABELS, TEST_IMAGE, cleanup, createContainer, docker, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { TerminalPage } from './pages/terminal.page';

let h: Harness;
let page: Page;
let ui: TerminalPage;

beforeAll(async () => {
  h = await startHarness();
  page = await h.open();
  ui = new TerminalPage(page);
  await ui.open();
});
afterAll(async () => {
  await h?.close();
  await cleanup();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

/** The engine's own process list of a container. */
async function top(id: string): Promise<string[]> {
  const t = await docker().getContainer(id).top({ ps_args: '-o pid,args' });
  return ((t.Processes ?? []) as string[][]).map((p) => p.join(' '));
}

/** Close every tab and check that every stream the page opened is closed in main. */
async function closeAll() {
  for (const id of await ui.tabIds()) await ui.close(id);
  await waitFor(() => h.backend.streams.count() === 0);
}

/** A running container that the UI's containers store knows about. */
async function running(opts: { tty?: boolean; openStdin?: boolean; cmd?: string[] } = {}) {
  const c = opts.openStdin
    ? await docker().createContainer({
        Image: TEST_IMAGE,
        name: uniqueName('term'),
        Cmd: opts.cmd ?? ['sh'],
        Tty: !!opts.tty,
        OpenStdin: true,
        Labels: LABELS,
        HostConfig: { NetworkMode: 'none' },
      })
    : await createContainer({ ...(opts.cmd ? { cmd: opts.cmd } : {}), tty: !!opts.tty });
  await c.start();
  return c;
}

const PROMPT = /[#$] *$/;

describe('terminal panel: exec', () => {
  it('opens a shell, types, reads the screen back, follows the panel size, and closing leaves nothing behind', async () => {
    const c = await running();
    const id = await ui.newSession({ kind: 'Shell', container: c.id });
    await waitFor(async () => (await ui.status(id)) === 'open');
    await ui.waitScreen(id, PROMPT);
    await ui.type('echo "sum=$((6*7)) 世界"');
    await ui.press('Enter');
    await ui.waitScreen(id, /sum=42 世界/);
    // The TTY follows the panel: what the shell sees is what xterm shows.
    const size = (await ui.size(id))!;
    await ui.type('busybox stty size');
    await ui.press('Enter');
    await ui.waitScreen(id, new RegExp(`^${size.rows} ${size.cols}$`, 'm'));
    await page.setViewportSize({ width: 1000, height: 640 });
    await waitFor(async () => (await ui.size(id))!.cols < size.cols);
    const smaller = (await ui.size(id))!;
    await new Promise((r) => setTimeout(r, 300));
    await ui.type('clear; busybox stty size');
    await ui.press('Enter');
    await ui.waitScreen(id, new RegExp(`^${smaller.rows} ${smaller.cols}$`, 'm'));
    await page.setViewportSize({ width: 1280, height: 800 });
    // A process left running in the foreground and one in the background.
    await ui.type('sleep 4141 & sleep 4242');
    await ui.press('Enter');
    await waitFor(async () => (await top(c.id)).filter((p) => /sleep 4[12]4[12]/.test(p)).length === 2);
    await ui.close(id);
    await waitFor(() => h.backend.streams.count() === 0);
    await waitFor(async () => (await top(c.id)).length === 1, { timeoutMs: 10_000 });
    expect((await top(c.id))[0]).toMatch(/sleep 3600/);
    expect(await ui.tabIds()).toEqual([]);
  });

  it('a session survives switching panels: same terminal, same shell', async () => {
    const c = await running();
    const id = await ui.newSession({
      kind: 'Shell',
      container: c.id,
      user: 'nobody',
      workdir: '/tmp',
      env: 'GREETING=hi there',
    });
    await ui.waitScreen(id, PROMPT);
    await ui.type('echo "$GREETING from $(id -u) in $(pwd)"; KEPT=yes');
    await ui.press('Enter');
    await ui.waitScreen(id, /hi there from 65534 in \/tmp/);
    await page.evaluate((tab) => {
      (document.querySelector(`[data-session="${tab}"]`) as HTMLElement & { berthMark?: number }).berthMark = 42;
    }, id);
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await page.getByRole('heading', { name: 'Containers' }).waitFor();
    expect(await page.locator('.term-slot').count()).toBe(0);
    expect(h.backend.streams.count()).toBe(1);
    await ui.open();
    // The very same element and xterm came back (never a new Terminal per visit).
    expect(
      await page.evaluate(
        (tab) => (document.querySelector(`[data-session="${tab}"]`) as HTMLElement & { berthMark?: number })?.berthMark,
        id,
      ),
    ).toBe(42);
    await ui.type('echo "kept=$KEPT"');
    await ui.press('Enter');
    await ui.waitScreen(id, /kept=yes/);
    await closeAll();
  });

  it('several tabs at once, named after their containers', async () => {
    const a = await running();
    const b = await running();
    const ta = await ui.newSession({ kind: 'Shell', container: a.id });
    const tb = await ui.newSession({ kind: 'Shell', container: b.id });
    const nameA = (await a.inspect()).Name.slice(1);
    const nameB = (await b.inspect()).Name.slice(1);
    expect(await ui.tab(ta).textContent()).toContain(nameA);
    expect(await ui.tab(tb).textContent()).toContain(nameB);
    await ui.waitScreen(tb, PROMPT);
    await ui.type('hostname');
    await ui.press('Enter');
    await ui.waitScreen(tb, new RegExp((await b.inspect()).Config.Hostname));
    await ui.activate(ta);
    await ui.waitScreen(ta, PROMPT);
    await ui.type('echo in-a');
    await ui.press('Enter');
    await ui.waitScreen(ta, /^in-a$/m);
    expect(await ui.screen(tb)).not.toContain('in-a');
    expect(h.backend.streams.count()).toBe(2);
    await closeAll();
  });

  it('a flood does not freeze the page; Ctrl+C stops it at once; memory stays bounded', async () => {
    const c = await running();
    const id = await ui.newSession({ kind: 'Shell', container: c.id });
    await ui.waitScreen(id, PROMPT);
    await ui.type('yes berth-flood-line | head -c 400000000');
    await ui.press('Enter');
    await ui.waitScreen(id, /berth-flood-line/);
    // The page answers promptly while the flood runs.
    let worst = 0;
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = Date.now();
      await page.evaluate(() => 1);
      worst = Math.max(worst, Date.now() - t0);
      times.push(Date.now() - t0);
      const backlog = await page.evaluate((tab) => window.berthTerminals?.backlog(tab) ?? 0, id);
      expect(backlog).toBeLessThan(2 * 1024 * 1024);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Headless Chromium without a GPU on two shared cores: still answering within a second, mostly far sooner.
    expect(worst).toBeLessThan(1000);
    expect(times.sort((x, y) => x - y)[Math.floor(times.length / 2)]).toBeLessThan(400);
    // busybox runs `yes` and `head` as forks of sh: the pipeline is the two processes beyond the main one and the shell.
    expect((await top(c.id)).length).toBe(4);
    await page.locator('.term-slot .xterm').click();
    const t0 = Date.now();
    await ui.press('Control+C');
    await waitFor(async () => (await top(c.id)).length === 2, { timeoutMs: 10_000 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    await ui.waitScreen(id, PROMPT, 30_000);
    await ui.type('echo after-$((1+1))');
    await ui.press('Enter');
    await ui.waitScreen(id, /^after-2$/m);
    await closeAll();
  });

  it('says the container is not running, and starts it on request', async () => {
    const c = await createContainer();
    const id = await ui.newSession({ kind: 'Shell', container: c.id });
    await waitFor(async () => (await ui.status(id)) === 'error');
    const banner = ui.view.getByRole('alert');
    expect(await banner.textContent()).toMatch(/is not running/);
    await banner.getByRole('button', { name: 'Start it and retry' }).click();
    await waitFor(async () => (await c.inspect()).State.Running);
    await waitFor(async () => (await ui.status(id)) === 'open');
    await ui.waitScreen(id, PROMPT);
    await closeAll();
  });

  it('lists the shells it tried when none exists', async () => {
    const c = await running();
    const id = await ui.newSession({ kind: 'Shell', container: c.id, shell: 'bash' });
    await waitFor(async () => (await ui.status(id)) === 'error');
    expect(await ui.view.getByRole('alert').textContent()).toMatch(/No shell found in the container\. Tried: bash\./);
    await closeAll();
  });

  it('terminal output is untrusted: no title change, no clipboard, no size report, only http(s) links', async () => {
    const c = await running();
    const id = await ui.newSession({ kind: 'Shell', container: c.id });
    await ui.waitScreen(id, PROMPT);
    await page.evaluate(() => {
      const w = window as unknown as { clipboardWrites: string[] };
      w.clipboardWrites = [];
      Object.defineProperty(navigator, 'clipboard', {
        value: {
          writeText: (s: string) => {
            w.clipboardWrites.push(s);
            return Promise.resolve();
          },
          readText: () => Promise.reject(new Error('no')),
        },
        configurable: true,
      });
    });
    // Title (OSC 0/2), clipboard write (OSC 52, not allowed by default) and read (OSC 52 ?), and a
    // window size report request (CSI 18 t): none may have an effect or an answer.
    await ui.type(
      'printf \'\\033]0;pwned\\007\\033]2;pwned\\007\\033]52;c;aGVsbG8=\\007\\033]52;c;?\\007\\033[18t\'; read -t 1 r; echo "answer=[${r}]"',
    );
    await ui.press('Enter');
    await ui.waitScreen(id, /answer=\[\]/);
    expect(await page.title()).not.toContain('pwned');
    expect(await page.evaluate(() => (window as unknown as { clipboardWrites: string[] }).clipboardWrites)).toEqual([]);
    // With the user's permission, a program may write the clipboard (never read it).
    await ui.view.getByLabel('Programs may copy to the clipboard').check();
    await ui.type("printf '\\033]52;c;aGVsbG8gd29ybGQ=\\007'; echo osc-sent");
    await ui.press('Enter');
    await ui.waitScreen(id, /^osc-sent$/m);
    await waitFor(async () =>
      (await page.evaluate(() => (window as unknown as { clipboardWrites: string[] }).clipboardWrites)).includes(
        'hello world',
      ),
    );
    await ui.view.getByLabel('Programs may copy to the clipboard').uncheck();
    // Links: http(s) opens (in web mode: a new tab, without opener); an OSC 8 javascript: link does nothing.
    await page.evaluate(() => {
      const w = window as unknown as { opened: string[] };
      w.opened = [];
      window.open = ((u: string) => {
        w.opened.push(String(u));
        return null;
      }) as typeof window.open;
    });
    await ui.type(
      "clear; echo 'see http://127.0.0.1:9/berth-link ok'; printf '\\033]8;;javascript:alert(1)\\033\\\\evil-link\\033]8;;\\033\\\\\\n'",
    );
    await ui.press('Enter');
    await ui.waitScreen(id, /^evil-link$/m);
    // Click where the text is drawn, as a person does (hover, then click).
    const clickText = async (needle: string) => {
      const box = await page.evaluate((n) => {
        for (const row of document.querySelectorAll('.term-slot .xterm-rows > div')) {
          const text = row.textContent ?? '';
          const i = text.indexOf(n);
          if (i < 0) continue;
          const r = row.getBoundingClientRect();
          const cw =
            r.width / Math.max(1, window.berthTerminals?.size(window.berthTerminals.ids()[0] ?? '')?.cols ?? 80);
          return { x: r.left + (i + 2) * cw, y: r.top + r.height / 2 };
        }
        return undefined;
      }, needle);
      if (!box) throw new Error(`not on screen: ${needle}`);
      await page.mouse.move(box.x - 5, box.y);
      await page.mouse.move(box.x, box.y);
      await new Promise((r) => setTimeout(r, 100));
      await page.mouse.click(box.x, box.y);
    };
    await clickText('evil-link');
    await clickText('http://127.0.0.1:9/berth-link');
    await waitFor(
      async () => (await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).length > 0,
    );
    expect(await page.evaluate(() => (window as unknown as { opened: string[] }).opened)).toEqual([
      'http://127.0.0.1:9/berth-link',
    ]);
    await closeAll();
  });

  it('searches the scrollback and changes the font size', async () => {
    const c = await running();
    const id = await ui.newSession({ kind: 'Shell', container: c.id });
    await ui.waitScreen(id, PROMPT);
    await ui.type('for i in 1 2 3; do echo needle-$i; done');
    await ui.press('Enter');
    await ui.waitScreen(id, /needle-3/);
    await ui.view.getByRole('button', { name: 'Search', exact: true }).click();
    await ui.view.getByLabel('Search the scrollback').fill('needle-');
    await waitFor(async () => /\/ [34]$/.test((await ui.view.getByTestId('term-search-result').textContent()) ?? ''));
    const cols = (await ui.size(id))!.cols;
    await ui.view.getByRole('button', { name: 'Larger text' }).click();
    await ui.view.getByRole('button', { name: 'Larger text' }).click();
    await waitFor(async () => (await ui.size(id))!.cols < cols);
    await ui.view.getByRole('button', { name: 'Smaller text' }).click();
    await ui.view.getByRole('button', { name: 'Smaller text' }).click();
    await closeAll();
  });
});

describe('terminal panel: attach', () => {
  it('warns, types into the main process, detaches with the button; the container runs on', async () => {
    const c = await running({ tty: true, openStdin: true });
    const id = await ui.newSession({ kind: 'Attach', container: c.id });
    await waitFor(async () => (await ui.status(id)) === 'open');
    expect(await ui.view.getByRole('note').textContent()).toMatch(
      /typing exit or pressing Ctrl\+C there stops the container\. Detach with Ctrl\+P Ctrl\+Q/,
    );
    await ui.type('echo attached-$((40+2))');
    await ui.press('Enter');
    await ui.waitScreen(id, /attached-42/);
    await ui.view.getByRole('button', { name: /^Detach/ }).click();
    await waitFor(async () => (await ui.status(id)) === 'detached');
    await ui.waitScreen(id, /detached/);
    expect((await c.inspect()).State.Running).toBe(true);
    await waitFor(() => h.backend.streams.count() === 0);
    // Attach again from the banner, then leave with the keys themselves.
    await ui.view.getByRole('button', { name: 'Attach again' }).click();
    await waitFor(async () => (await ui.status(id)) === 'open');
    await page.locator('.term-slot .xterm').click();
    await ui.press('Control+P');
    await ui.press('Control+Q');
    await waitFor(async () => (await ui.status(id)) === 'detached');
    expect((await c.inspect()).State.Running).toBe(true);
    await closeAll();
    expect((await c.inspect()).State.Running).toBe(true);
  });

  it('shows stdout and stderr of a non-TTY container', async () => {
    const c = await running({
      openStdin: true,
      cmd: ['sh', '-c', 'while read l; do echo "out:$l"; echo "err:$l" >&2; done'],
    });
    const id = await ui.newSession({ kind: 'Attach', container: c.id });
    await waitFor(async () => (await ui.status(id)) === 'open');
    await ui.type('ping');
    await ui.press('Enter');
    await ui.waitScreen(id, /out:ping/);
    await ui.waitScreen(id, /err:ping/);
    await closeAll();
    expect((await c.inspect()).State.Running).toBe(true);
  });
});

describe('terminal panel: host terminal', () => {
  it('is off in web mode unless enabled, and the picker says why', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await ui.dialog.getByRole('radio', { name: 'Host terminal' }).check();
    await waitFor(async () =>
      /Off in web mode.*--host-terminal/.test((await ui.dialog.getByTestId('host-info').textContent()) ?? ''),
    );
    expect(await ui.dialog.getByRole('button', { name: 'Open', exact: true }).isDisabled()).toBe(true);
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});

describe('terminal panel in Chinese', () => {
  it('speaks Chinese', async () => {
    const zh = await h.open({ locale: 'zh-CN', colorScheme: 'dark' });
    await zh.getByRole('button', { name: '终端', exact: true }).click();
    await zh.getByRole('heading', { name: '终端' }).waitFor();
    await zh.getByRole('button', { name: '新建会话' }).click();
    await zh.getByRole('dialog').getByRole('radio', { name: '附加' }).waitFor();
    await zh.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await zh.close();
  });
});
