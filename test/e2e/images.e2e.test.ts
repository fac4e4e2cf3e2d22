/**
 * The images panel in real Chromium (web mode), checked against the engine:
 * log in to a real registry, push, remove, pull back, cancel a slow pull,
 * build with a .dockerignore and build args, refuse a removal while a
 * container uses the image. Credentials go to a temp docker config folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LABELS, RUN_ID, TEST_IMAGE, cleanup, docker, dockerCli, waitFor } from '../support/engine';
import { startTestRegistry, startThrottledProxy, type TestRegistry, type ThrottledProxy } from '../support/registry';
import { REPO, cleanupImages, engineImages, imageExists, importTiny } from '../integration/images-helpers';
import { makeTempDir, type TempDir } from '../unit/helpers/temp-dir';
import { startHarness, type Harness } from './harness';
import { ImagesPage } from './pages/images.page';

let h: Harness;
let page: Page;
let ui: ImagesPage;
let reg: TestRegistry;
let proxy: ThrottledProxy | undefined;
let configDir: string;
const dirs: TempDir[] = [];
const refs: string[] = [];

beforeAll(async () => {
  reg = await startTestRegistry();
  configDir = await mkdtemp(join(tmpdir(), 'berth-e2e-docker-config-'));
  const opts = { backoff: { initialMs: 100, maxMs: 1000 }, dockerConfigDir: configDir };
  h = await startHarness(opts);
  page = await h.open();
  ui = new ImagesPage(page);
  await ui.open();
});
afterAll(async () => {
  await h?.close();
  await proxy?.close();
  await cleanup();
  await cleanupImages(refs);
  await reg?.stop();
  for (const d of dirs) d.remove();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

async function login(server: string, password: string) {
  await ui.toolbar('Registries…');
  const d = ui.dialog('registries-dialog');
  const form = d.getByRole('form', { name: 'Log in' });
  await form.getByLabel('Registry', { exact: true }).fill(server);
  await form.getByLabel('User', { exact: true }).fill(reg.user);
  await form.getByLabel('Password or access token').fill(password);
  await form.getByRole('button', { name: 'Log in', exact: true }).click();
  return d;
}

describe('images panel in web mode', () => {
  it('lists what docker images lists, untagged ones as <none>', async () => {
    const dangling = await importTiny(undefined);
    const ids = async (...filter: string[]) =>
      new Set((await dockerCli(['images', '-q', '--no-trunc', ...filter])).trim().split('\n').filter(Boolean));
    // Berth's own helper images (labelled berth.helper, such as the volume browser's) are not listed.
    const cli = async () => {
      const helpers = await ids('--filter', 'label=berth.helper');
      return [...(await ids())].filter((id) => !helpers.has(id)).sort();
    };
    await waitFor(async () => JSON.stringify(await ui.imageIds()) === JSON.stringify(await cli()));
    const row = ui.rowsOf(dangling);
    expect(await row.locator('td').nth(0).textContent()).toBe('<none>');
    expect(await row.locator('td').nth(1).textContent()).toBe('<none>');
    // The "Dangling" filter shows it; the base image is not dangling.
    await page.getByLabel('Show').selectOption('dangling');
    await waitFor(async () => (await ui.row(TEST_IMAGE).count()) === 0);
    expect(await ui.rowsOf(dangling).count()).toBe(1);
    await page.getByLabel('Show').selectOption('all');
  });

  it('logs in (a wrong password is refused plainly), pushes, removes, pulls back; the engine agrees', async () => {
    // Wrong password: a clear error, nothing stored.
    let d = await login(reg.host, `wrong-${randomBytes(4).toString('hex')}`);
    await d.getByRole('alert').waitFor();
    expect(await d.getByRole('alert').textContent()).toMatch(/wrong user name or password/);
    await expect(readFile(join(configDir, 'config.json'), 'utf8')).rejects.toThrow();
    await page.keyboard.press('Escape');
    d = await login(reg.host, reg.password);
    await d.locator(`tr[data-server="${reg.host}"]`).waitFor();
    const cfg = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth: string }>;
    };
    expect(Buffer.from(cfg.auths[reg.host]?.auth ?? '', 'base64').toString()).toBe(`${reg.user}:${reg.password}`);
    expect(await d.textContent()).not.toContain(reg.password);
    await page.keyboard.press('Escape');

    // Push a fresh image through the UI.
    const ref = `${reg.host}/${REPO}/e2e:${RUN_ID}`;
    refs.push(ref);
    const id = await importTiny(ref, { 'e2e.bin': randomBytes(200_000) });
    await ui.row(ref).waitFor();
    await ui.action(ref, 'Push');
    expect(await ui.dialog('push-dialog').getByText(`docker push ${ref}`).count()).toBe(1);
    await ui.dialog('push-dialog').getByRole('button', { name: 'Push', exact: true }).click();
    await waitFor(async () => (await ui.taskStatus('push')) === 'done', { timeoutMs: 30_000 });
    const tags = await h.backend.dispatch('registries.tags', { registry: reg.host, repository: `${REPO}/e2e` });
    expect(tags).toEqual({ ok: true, value: { registry: reg.host, repository: `${REPO}/e2e`, tags: [RUN_ID] } });

    // Remove it locally (its only tag: the image goes).
    await ui.action(ref, 'Remove');
    const rm1 = ui.dialog('remove-dialog');
    expect(await rm1.getByText(`docker rmi ${ref}`).count()).toBe(1);
    await rm1.getByRole('button', { name: 'Remove', exact: true }).click();
    await waitFor(async () => !(await imageExists(id)));
    await waitFor(async () => (await ui.row(ref).count()) === 0);

    // Pull it back: the normalised reference is shown, layers progress, the image is selected.
    await ui.toolbar('Pull…');
    const pull = ui.dialog('pull-dialog');
    await pull.getByLabel('Image reference').fill(ref);
    expect(await pull.getByTestId('normalized-ref').textContent()).toContain(`Pulls ${ref}`);
    await pull.getByRole('button', { name: 'Pull', exact: true }).click();
    await waitFor(async () => (await ui.taskStatus('pull')) === 'done', { timeoutMs: 30_000 });
    expect((await docker().getImage(ref).inspect()).Id).toBe(id);
    await ui.row(ref).waitFor();
    await ui.details.waitFor();
    expect(await ui.details.textContent()).toContain(ref);
    expect(h.backend.streams.count()).toBe(0);
  });

  it('shows the normalised reference as the user types, and refuses uppercase', async () => {
    await ui.toolbar('Pull…');
    const pull = ui.dialog('pull-dialog');
    await pull.getByLabel('Image reference').fill('mysql:5.7');
    expect(await pull.getByTestId('normalized-ref').textContent()).toBe('Pulls docker.io/library/mysql:5.7');
    await pull.getByLabel('Image reference').fill('MySQL');
    expect(await pull.getByTestId('normalized-ref').textContent()).toMatch(/must be lowercase/);
    expect(await pull.getByRole('button', { name: 'Pull', exact: true }).isDisabled()).toBe(true);
    await pull.getByRole('button', { name: 'Cancel' }).click();
  });

  it('cancels a slow pull half-way: the task says so and the image list is as it was', async () => {
    const ref = `${reg.host}/${REPO}/slow:${RUN_ID}`;
    refs.push(ref);
    await importTiny(ref, { 'slow.bin': randomBytes(2_000_000) });
    const auth = await h.backend.dispatch('registries.login', {
      server: reg.host,
      username: reg.user,
      password: reg.password,
    });
    expect(auth.ok).toBe(true);
    // Push outside the UI (already covered above), then drop the local copy.
    await new Promise<void>((resolve, reject) => {
      void h.backend.streams.open('setup', 'images.push', { ref }, (_sid, msg) => {
        if (msg.t !== 'end') return;
        if (msg.error) reject(new Error(msg.error.message));
        else resolve();
      });
    });
    await docker().getImage(ref).remove();
    proxy = await startThrottledProxy(reg.host, 150_000);
    const slowRef = `${proxy.host}/${REPO}/slow:${RUN_ID}`;
    const d = await login(proxy.host, reg.password);
    await d.locator(`tr[data-server="${proxy.host}"]`).waitFor();
    await page.keyboard.press('Escape');
    const before = await engineImages();

    await ui.toolbar('Pull…');
    await ui.dialog('pull-dialog').getByLabel('Image reference').fill(slowRef);
    await ui.dialog('pull-dialog').getByRole('button', { name: 'Pull', exact: true }).click();
    const task = ui.task('pull');
    await task.locator('[data-layer] [role=progressbar]').first().waitFor({ timeout: 30_000 });
    await waitFor(async () => /Downloading/.test((await task.textContent()) ?? ''), { timeoutMs: 30_000 });
    await task.getByRole('button', { name: `Cancel Pull ${slowRef}` }).click();
    await waitFor(async () => (await ui.taskStatus('pull')) === 'cancelled');
    expect(await task.textContent()).toMatch(/image list is as it was/);
    await waitFor(() => h.backend.streams.count() === 0);
    expect(await imageExists(slowRef)).toBe(false);
    expect(await engineImages()).toBe(before);
  });

  it('builds from a folder with a .dockerignore and build args, streams the log, selects the new image', async () => {
    const ctx = makeTempDir('berth-e2e-build-');
    dirs.push(ctx);
    ctx.write(
      'Dockerfile',
      `FROM ${TEST_IMAGE}\nARG WHO=nobody\nCOPY . /ctx/\nRUN echo "built by $WHO" > /who.txt && ls -a /ctx > /ls.txt\nLABEL berth.test=${RUN_ID}\nCMD ["cat", "/who.txt"]\n`,
    );
    ctx.write('.dockerignore', 'secret.txt\n');
    ctx.write('secret.txt', 'nope');
    ctx.write('app.txt', 'yes');
    const tag = `${REPO}/e2e-built:1`;
    await ui.toolbar('Build…');
    const d = ui.dialog('build-dialog');
    await d.getByLabel(/Build context/).fill(ctx.root);
    await d.getByLabel(/Tags \(-t\)/).fill(tag);
    await d.getByLabel(/Build arguments/).fill('WHO=berth e2e');
    expect(await d.getByText(`docker build -t ${tag} --build-arg 'WHO=berth e2e' ${ctx.root}`).count()).toBe(1);
    await d.getByRole('button', { name: 'Build', exact: true }).click();
    await waitFor(async () => (await ui.taskStatus('build')) === 'done', { timeoutMs: 60_000 });
    expect(await ui.task('build').getByLabel('Build log').textContent()).toMatch(/Successfully tagged/);
    const info = await docker().getImage(tag).inspect();
    await ui.details.waitFor();
    expect(await ui.details.textContent()).toContain(tag);
    expect(await ui.row(tag).getAttribute('aria-selected')).toBe('true');
    expect(info.Config.Labels?.['berth.test']).toBe(RUN_ID);
    const out = await dockerCli(['run', '--rm', '--network', 'none', '--label', `berth.test=${RUN_ID}`, tag]);
    expect(out.trim()).toBe('built by berth e2e');
    const ls = await dockerCli([
      'run',
      '--rm',
      '--network',
      'none',
      '--label',
      `berth.test=${RUN_ID}`,
      tag,
      'cat',
      '/ls.txt',
    ]);
    expect(ls).toContain('app.txt');
    expect(ls).not.toContain('secret.txt');
    // The Layers tab shows the RUN step and the shared base layer.
    expect(await ui.details.getByRole('table', { name: 'Layers' }).textContent()).toContain('built by $WHO');
    // The base image may carry more tags than TEST_IMAGE: the chip's title lists them all.
    const chips = await ui.details
      .locator('.img-shared-chip')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    expect(chips.flatMap((t) => t.split('\n'))).toContain(TEST_IMAGE);
  });

  it('refuses to remove an image a container uses (naming it) until force is ticked; untag keeps the image', async () => {
    const ref = `${REPO}/in-use:1`;
    const id = await importTiny(ref);
    await docker()
      .getImage(id)
      .tag({ repo: `${REPO}/in-use`, tag: '2' });
    const name = `berth-e2e-user-${RUN_ID}`;
    await docker().createContainer({ Image: id, name, Cmd: ['x'], Labels: LABELS });
    await ui.row(ref).waitFor();
    await ui.action(ref, 'Remove');
    const d = ui.dialog('remove-dialog');
    // Untag (the default with two tags) is allowed: containers keep the image by id.
    await d.getByLabel(/Delete the image and all its tags/).check();
    await d.getByTestId('used-by').waitFor();
    expect(await d.getByTestId('used-by').textContent()).toContain(name);
    expect(await d.getByRole('button', { name: 'Remove', exact: true }).isDisabled()).toBe(true);
    await d.getByLabel(/Force/).check();
    expect(await d.getByText(`docker rmi -f ${ref} ${REPO}/in-use:2`).count()).toBe(1);
    await d.getByLabel(/Untag only/).check();
    await d.getByLabel(/Force/).uncheck();
    await d.getByRole('button', { name: 'Remove', exact: true }).click();
    await waitFor(async () => (await ui.row(ref).count()) === 0);
    expect((await docker().getImage(id).inspect()).RepoTags).toEqual([`${REPO}/in-use:2`]);
    await docker().getContainer(name).remove({ force: true });
  });

  it('opens an image from the command palette: the images panel selects it and shows its details', async () => {
    const ref = `${REPO}/palette:1`;
    const id = await importTiny(ref);
    refs.push(ref);
    await ui.row(ref).waitFor();
    await page.getByRole('button', { name: 'Volumes', exact: true }).click();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox').fill('palette:1');
    await waitFor(async () => (await palette.getByRole('option').first().getAttribute('data-key')) === `image:${id}`);
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Images', exact: true }).waitFor();
    await waitFor(async () => (await ui.row(ref).getAttribute('aria-selected')) === 'true');
    expect(await ui.details.textContent()).toContain(ref);
  });

  it('speaks Chinese in the dark', async () => {
    const zh = await h.open({ locale: 'zh-CN', colorScheme: 'dark' });
    await zh.getByRole('navigation', { name: 'Berth' }).getByRole('button', { name: '镜像', exact: true }).click();
    await zh.getByRole('heading', { name: '镜像', exact: true }).waitFor();
    expect(await zh.getByRole('columnheader', { name: '仓库' }).count()).toBe(1);
    await zh.close();
  });
});
