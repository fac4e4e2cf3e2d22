import type Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { pack } from 'tar-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, RUN_ID, TEST_IMAGE, cleanup, docker, uniqueName, waitFor } from '../support/engine';
import { startHarness, type Harness } from './harness';
import { ActivityPage } from './pages/activity.page';
import { ContainersPage } from './pages/containers.page';
import { ImagesPage } from './pages/images.page';
import { LogsPage } from './pages/logs.page';
import { NetworksPage } from './pages/networks.page';
import { PalettePage } from './pages/palette.page';
import { SystemPage } from './pages/system.page';
import { TerminalPage } from './pages/terminal.page';
import { VolumesPage } from './pages/volumes.page';

// Strings from the engine are untrusted: names, labels, env, commands, image
// labels and history, log lines, terminal output, events. Every panel must
// show them as text. The page runs with its Content-Security-Policy bypassed,
// so that a rendering hole cannot hide behind the CSP: a payload that became
// markup would run and set window.__pwned. Besides that marker, a
// MutationObserver installed before the app's own scripts records any element
// that could run script (script, iframe, object, img src=x, on* attributes,
// javascript: URLs) for the whole session, and alert/confirm/prompt would show
// up as page dialogs.
const XSS = (where: string) =>
  `<img src=x onerror="window.__pwned='${where}'"><script>window.__pwned='${where}'</script>` +
  `<svg onload="window.__pwned='${where}'"></svg><a href="javascript:window.__pwned='${where}'">x</a>` +
  `<iframe srcdoc="<script>parent.__pwned='${where}'</script>"></iframe>{{constructor.constructor('window.__pwned=1')()}}`;
const JS_URL = (where: string) => `javascript:window.__pwned='${where}'`;
/** The text every payload shows when rendered as text. */
const SHOWN = '<img src=x onerror=';

const d = docker();
const net = uniqueName('xss-net');
const vol = uniqueName('xss-vol');
const uiVol = uniqueName('xss-uivol');
const name = uniqueName('xss');
const image = `berth-test/xss-${RUN_ID}:1`;
let container: Docker.Container;

let h: Harness;
let page: Page;
const dialogs: string[] = [];

/** Runs in the page before the app: stubs for what a payload could reach for, and the DOM watch. */
function pageWatch(): void {
  const w = window as unknown as Record<string, unknown[]>;
  w.__opened = [];
  w.__clipboard = [];
  w.__injected = [];
  window.open = ((u?: string | URL) => {
    w.__opened!.push(String(u));
    return null;
  }) as typeof window.open;
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: (s: string) => (w.__clipboard!.push(`write:${s}`), Promise.resolve()),
      readText: () => (w.__clipboard!.push('read'), Promise.resolve('')),
    },
  });
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'];
  const bad = (el: Element): string | undefined => {
    const tag = el.tagName.toUpperCase();
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FRAME', 'BASE'].includes(tag)) return tag;
    if (tag === 'IMG' && el.getAttribute('src') === 'x') return 'img src=x';
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) return `${tag} ${a.name}`;
      if (URL_ATTRS.includes(a.name.toLowerCase()) && /^\s*javascript:/i.test(a.value)) return `${tag} ${a.name}`;
    }
    return undefined;
  };
  const note = (el: Element) => {
    const why = bad(el);
    if (why) w.__injected!.push(`${why}: ${el.outerHTML.slice(0, 200)}`);
  };
  new MutationObserver((records) => {
    // The static index.html is trusted; everything added after parsing is watched.
    if (document.readyState === 'loading') return;
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element) note(r.target);
      for (const n of Array.from(r.addedNodes)) {
        if (!(n instanceof Element)) continue;
        note(n);
        n.querySelectorAll('*').forEach(note);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

/** Nothing ran, nothing was injected, nothing opened, no clipboard touched, the title is ours. */
async function expectInert(where: string): Promise<void> {
  const s = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      pwned: w.__pwned,
      injected: w.__injected,
      opened: w.__opened,
      clipboard: w.__clipboard,
      title: document.title,
      now: document.querySelectorAll(
        'body script, iframe, object, embed, img[src="x"], [href^="javascript:" i], [src^="javascript:" i]',
      ).length,
    };
  });
  expect(s.pwned, where).toBeUndefined();
  expect(s.injected, where).toEqual([]);
  expect(s.now, where).toBe(0);
  expect(s.opened, where).toEqual([]);
  expect(s.clipboard, where).toEqual([]);
  expect(s.title, where).toMatch(/^Berth( — .*)?$/);
  expect(s.title, where).not.toContain('PWNED');
  expect(dialogs, where).toEqual([]);
  expect(
    h.errors.filter((e) => !e.includes('favicon')),
    where,
  ).toEqual([]);
}

async function buildImage(): Promise<void> {
  const tar = pack();
  tar.entry(
    { name: 'Dockerfile' },
    [
      `FROM ${TEST_IMAGE}`,
      // No double quotes inside the values: the payloads stay valid HTML without escapes.
      `LABEL berth.test=${RUN_ID} berth.note="<img src=x onerror=window.__pwned='image-label'>" berth.link="${JS_URL('image-link')}" org.opencontainers.image.description="<script>window.__pwned='image-description'</script>"`,
      `CMD ["sh", "-c", "echo '<script>window.__pwned=1</script>'"]`,
      '',
    ].join('\n'),
  );
  tar.finalize();
  const stream = await d.buildImage(tar as unknown as NodeJS.ReadableStream, { t: image, labels: LABELS });
  await new Promise<void>((resolve, reject) =>
    d.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
      const failed = out?.find((o) => o.error);
      if (err || failed) reject(err ?? new Error(failed?.error));
      else resolve();
    }),
  );
}

// The container's main process: hostile log lines on both streams, with terminal escapes (title,
// clipboard read, OSC 8 link), and a file for the shell to print in the terminal.
const SCRIPT = [
  `printf '\\033]0;PWNED-TITLE\\007\\033]52;c;?\\007%s\\n' "$NOTE"`,
  `echo "$URL" >&2`,
  `printf '\\033]0;PWNED-TITLE\\007\\033]52;c;?\\007\\033]8;;%s\\007evil-osc8\\033]8;;\\007\\n%s\\n' "$URL" "$NOTE" > /tmp/evil`,
  'echo ready',
  'exec sleep 3600',
].join('; ');

beforeAll(async () => {
  await buildImage();
  const labels = { ...LABELS, 'berth.note': XSS('labels'), 'berth.link': JS_URL('labels'), '<b>key</b>': 'v' };
  await d.createNetwork({ Name: net, Internal: true, Labels: labels });
  await d.createVolume({ Name: vol, Labels: labels });
  container = await d.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sh', '-c', SCRIPT, 'berth', XSS('command'), JS_URL('command')],
    Env: [`NOTE=${XSS('log')}`, `URL=${JS_URL('osc8')}`, `EVIL=${XSS('env')}`],
    Labels: { ...labels, 'berth.note': XSS('container-label') },
    HostConfig: { NetworkMode: net, Binds: [`${vol}:/data`] },
  });
  await container.start();
  h = await startHarness();
  page = await h.open({ init: pageWatch, bypassCSP: true });
  page.on('dialog', (dl) => {
    dialogs.push(dl.message());
    void dl.dismiss();
  });
  await expectInert('start');
});

afterAll(async () => {
  await h?.close();
  await cleanup();
  for (const v of [vol, uiVol])
    await d
      .getVolume(v)
      .remove()
      .catch(() => {});
  await d
    .getNetwork(net)
    .remove()
    .catch(() => {});
  await d
    .getImage(image)
    .remove({ force: true })
    .catch(() => {});
});

afterEach(async () => {
  for (let i = 0; i < 5 && (await page.locator('.modal-backdrop, [role="dialog"]').count()) > 0; i++)
    await page.keyboard.press('Escape');
});

describe('hostile strings render inert in every panel', () => {
  it('containers: the list, and details with the inspect JSON tree', async () => {
    const ui = new ContainersPage(page);
    await page.getByRole('button', { name: 'Containers', exact: true }).click();
    await ui.row(name).waitFor();
    const command = await ui.row(name).locator('td.col-command').textContent();
    expect(command).toContain(SHOWN);
    expect(command).toContain('<script>');
    await expectInert('containers list');
    await ui.openDetails(name);
    const panel = await ui.detailsTab(name, 'Inspect');
    await panel.getByLabel('Search keys and values').fill('pwned');
    const tree = panel.getByRole('tree');
    await tree
      .getByText(/container-label/)
      .first()
      .waitFor();
    const text = (await tree.textContent()) ?? '';
    for (const where of ['container-label', 'env', 'command']) expect(text).toContain(`window.__pwned='${where}'`);
    expect(text).toContain(SHOWN);
    await expectInert('container details');
  });

  it('logs: hostile lines as text, terminal escapes dropped', async () => {
    const term = new TerminalPage(page);
    const logs = new LogsPage(page);
    await term.open();
    await term.newSession({ kind: 'Logs', container: container.id });
    await waitFor(async () => (await logs.renderedTexts()).some((t) => t.includes(SHOWN)));
    const texts = (await logs.renderedTexts()).join('\n');
    expect(texts).toContain(JS_URL('osc8'));
    // eslint-disable-next-line no-control-regex -- asserting the escape bytes are gone
    expect(texts).not.toMatch(/\x1b|PWNED-TITLE|52;c/);
    await expectInert('logs view');
    for (const id of await term.tabIds()) await term.close(id);
  });

  it('terminal: markup, a title, a clipboard read and a javascript: OSC 8 link do nothing', async () => {
    const term = new TerminalPage(page);
    await term.open();
    const id = await term.newSession({ kind: 'Shell', container: container.id });
    await term.waitScreen(id, /[#$] *$/);
    await term.type('cat /tmp/evil; echo done-evil');
    await term.press('Enter');
    await term.waitScreen(id, /^done-evil/m);
    expect(await term.screen(id)).toContain(SHOWN);
    // Click the OSC 8 link as a person does: hover, then click where it is drawn.
    const box = await page.evaluate(() => {
      for (const row of document.querySelectorAll('.term-slot .xterm-rows > div')) {
        const i = (row.textContent ?? '').indexOf('evil-osc8');
        if (i < 0) continue;
        const r = row.getBoundingClientRect();
        const id0 = window.berthTerminals?.ids()[0] ?? '';
        const cw = r.width / Math.max(1, window.berthTerminals?.size(id0)?.cols ?? 80);
        return { x: r.left + (i + 2) * cw, y: r.top + r.height / 2 };
      }
      return undefined;
    });
    expect(box).toBeDefined();
    await page.mouse.move(box!.x - 5, box!.y);
    await page.mouse.move(box!.x, box!.y);
    await page.mouse.click(box!.x, box!.y);
    await expectInert('terminal');
    for (const t of await term.tabIds()) await term.close(t);
  });

  it('images: labels, description, history and inspect', async () => {
    const ui = new ImagesPage(page);
    await ui.open();
    await ui.row(image).waitFor();
    await ui.action(image, 'Details');
    await ui.details.waitFor();
    const layers = (await ui.details.getByRole('table', { name: 'Layers' }).textContent()) ?? '';
    expect(layers).toContain("window.__pwned='image-label'");
    await expectInert('image layers');
    await ui.details.getByRole('tab', { name: 'Inspect' }).click();
    await ui.details.getByLabel('Search keys and values').fill('pwned');
    await ui.details
      .getByRole('tree')
      .getByText(/image-description/)
      .first()
      .waitFor();
    await expectInert('image inspect');
  });

  it('volumes: labels in the list and details; a volume created in the UI with hostile labels', async () => {
    const ui = new VolumesPage(page);
    await ui.open();
    await ui.row(vol).waitFor();
    await expectInert('volumes list');
    const details = await ui.details(vol);
    await details.getByRole('tab', { name: 'Used by' }).click();
    await details.getByText(name).first().waitFor();
    await details.getByRole('tab', { name: 'Inspect' }).click();
    await details
      .getByRole('tree')
      .getByText(/labels/)
      .first()
      .waitFor();
    expect(await details.textContent()).toContain(SHOWN);
    await expectInert('volume details');
    await ui.closeDialog();
    // Through the UI: the command journal will hold the hostile label too.
    await ui.create(uiVol, { 'berth.test': RUN_ID, 'berth.note': XSS('journal') });
    await ui.row(uiVol).waitFor();
    expect((await d.getVolume(uiVol).inspect()).Labels?.['berth.note']).toBe(XSS('journal'));
    await expectInert('volume created');
  });

  it('networks: list, details, inspect and topology', async () => {
    const ui = new NetworksPage(page);
    await ui.open();
    await ui.row(net).waitFor();
    const details = await ui.details(net);
    await ui.member(details, name).waitFor();
    await details.getByRole('tab', { name: 'Inspect' }).click();
    await details
      .getByRole('tree')
      .getByText(/labels/i)
      .first()
      .waitFor();
    expect(await details.textContent()).toContain(SHOWN);
    await expectInert('network details');
    await ui.closeDialog();
    await ui.view('Topology');
    await ui.topoNetwork(net).waitFor();
    await ui.topoContainer(name).waitFor();
    await expectInert('topology');
    await ui.view('List');
  });

  it('activity: engine events carry the labels as attributes', async () => {
    const ui = new ActivityPage(page);
    await ui.open();
    // Events of this session only: make some (their attributes carry every label).
    await container.pause();
    await container.unpause();
    const rows = ui.rows(container.id);
    await rows.first().waitFor();
    // The filter searches attributes: the hostile label finds the container's events.
    await ui.filterText("window.__pwned='container-label'");
    await waitFor(async () => (await rows.count()) > 0);
    expect(await page.locator('tbody tr[data-id]').count()).toBe(await rows.count());
    await expectInert('activity');
    await ui.filterText('');
  });

  it('command journal: the UI’s own commands, with hostile labels, as text', async () => {
    const ui = new ActivityPage(page);
    await ui.openJournal();
    const commands = (await ui.journalCommands()).join('\n');
    expect(commands).toContain(uiVol);
    expect(commands).toContain(SHOWN);
    await expectInert('journal');
  });

  it('palette: objects and a hostile query', async () => {
    const ui = new PalettePage(page);
    await ui.openWithKeys();
    await ui.search(name);
    await ui.options().first().waitFor();
    await expectInert('palette object');
    await ui.search(XSS('palette'));
    await expectInert('palette query');
    await page.keyboard.press('Escape');
  });

  it('system: disk usage items and the prune preview', async () => {
    const ui = new SystemPage(page);
    await ui.open();
    await ui.tab('Disk usage');
    await page.getByRole('button', { name: 'Show the items (docker system df -v)' }).click();
    await page.locator(`table[aria-label="Containers"] tr[data-id="${container.id}"]`).waitFor();
    await expectInert('disk usage');
    await ui.tab('Clean up');
    await ui.labelFilter.fill(`berth.test=${RUN_ID}`);
    await ui.preview();
    await expectInert('prune preview');
  });
});
