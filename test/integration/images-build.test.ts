/**
 * docker build, offline, FROM the test image: RUN, VOLUME, CMD, build args,
 * a target, -f, .dockerignore (with exceptions), the log streamed live, a
 * failing build, a missing Dockerfile and a build cancelled half-way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import { RUN_ID, TEST_IMAGE, docker, dockerCli, waitFor } from '../support/engine';
import { makeTempDir, type TempDir } from '../unit/helpers/temp-dir';
import { REPO, cleanupImages, engineImages, imageExists, openStream, streamsClosed } from './images-helpers';
import { startBackend, stopBackend } from '../support/backend';
import type { OperationEnd } from '../../main/services/operations.service';

let backend: Backend;
const dirs: TempDir[] = [];
const labels = { 'berth.test': RUN_ID };

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
  for (const d of dirs) d.remove();
  await cleanupImages();
});

function context(files: Record<string, string>): TempDir {
  const d = makeTempDir('berth-build-');
  dirs.push(d);
  for (const [name, content] of Object.entries(files)) d.write(name, content);
  return d;
}

const run = async (image: string, ...cmd: string[]) =>
  dockerCli(['run', '--rm', '--network', 'none', '--label', `berth.test=${RUN_ID}`, image, ...cmd]);

describe('images.build', () => {
  it('builds offline with RUN, VOLUME, CMD, build args and .dockerignore; tags it; streams the log', async () => {
    const ctx = context({
      Dockerfile: [
        `FROM ${TEST_IMAGE}`,
        'ARG GREETING=unset',
        'COPY . /ctx/',
        'RUN echo "$GREETING" > /greeting.txt && ls -a -R /ctx > /ctx-list.txt',
        'VOLUME /data',
        'CMD ["cat", "/greeting.txt"]',
        '',
      ].join('\n'),
      '.dockerignore': '# not sent\nsecret.txt\nnode_modules\nlogs/*\n!logs/keep.log\nDockerfile\n.dockerignore\n',
      'secret.txt': 'do not send me',
      'node_modules/pkg/index.js': 'x',
      'logs/a.log': 'a',
      'logs/keep.log': 'k',
      'app/main.txt': 'hello',
    });
    const tags = [`${REPO}/built:1`, `${REPO}/built:latest`];
    const ops = backend.services.operations;
    const ended: OperationEnd[] = [];
    const counts: number[] = [];
    const onEnded = (e: OperationEnd) => ended.push(e);
    const onChange = (n: number) => counts.push(n);
    ops.on('ended', onEnded);
    ops.on('change', onChange);
    const s = await openStream(backend, 'images.build', {
      contextPath: ctx.root,
      tags,
      buildArgs: { GREETING: 'hello 世界' },
      labels,
    });
    expect(s.ok).toBe(true);
    expect(await s.ended).toEqual({ t: 'end' });
    // The tray's busy state: counted while it ran (whoever opened it), and no longer.
    expect(counts).toEqual([1, 0]);
    expect(ops.running).toBe(0);
    ops.off('ended', onEnded);
    ops.off('change', onChange);
    expect(ended).toEqual([{ kind: 'build', title: tags[0], outcome: 'done', durationMs: expect.any(Number) }]);
    const done = s.last('done');
    expect(done?.imageId).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(done?.ref).toBe(tags[0]);
    expect(s.log()).toMatch(/Sending build context/);
    expect(s.log()).toMatch(/Step 1\/7 : FROM/);
    expect(s.log()).toMatch(/Successfully tagged/);
    // Frames arrived while the build ran, not as one lump at the end.
    expect(s.frames.filter((f) => f.t === 'log').length).toBeGreaterThan(1);
    await streamsClosed(backend);

    const info = await docker()
      .getImage(done?.imageId ?? '')
      .inspect();
    expect(info.RepoTags?.sort()).toEqual([...tags].sort());
    expect(Object.keys(info.Config.Volumes ?? {})).toEqual(['/data']);
    expect(info.Config.Cmd).toEqual(['cat', '/greeting.txt']);
    expect(info.Config.Labels?.['berth.test']).toBe(RUN_ID);
    expect((await run(tags[0] as string)).trim()).toBe('hello 世界');
    const listing = await run(tags[0] as string, 'cat', '/ctx-list.txt');
    expect(listing).toContain('main.txt');
    expect(listing).toContain('keep.log');
    // Listed in .dockerignore: sent all the same (the build ran), then hidden from COPY by the daemon, as with docker.
    expect(listing).not.toContain('Dockerfile');
    expect(listing).not.toContain('.dockerignore');
    expect(listing).not.toContain('secret.txt');
    expect(listing).not.toContain('node_modules');
    expect(listing).not.toContain('a.log');
  });

  it('honours -f in a subfolder, --target, and --no-cache', async () => {
    const ctx = context({
      'docker/app.Dockerfile': [
        `FROM ${TEST_IMAGE} AS base`,
        'RUN echo base > /stage.txt',
        'FROM base AS final',
        'RUN echo final > /stage.txt',
        '',
      ].join('\n'),
    });
    const tag = `${REPO}/target:1`;
    const first = await openStream(backend, 'images.build', {
      contextPath: ctx.root,
      dockerfile: 'docker/app.Dockerfile',
      tags: [tag],
      target: 'base',
      labels,
    });
    expect(await first.ended).toEqual({ t: 'end' });
    expect((await run(tag, 'cat', '/stage.txt')).trim()).toBe('base');
    const cached = await openStream(backend, 'images.build', {
      contextPath: ctx.root,
      dockerfile: 'docker/app.Dockerfile',
      tags: [tag],
      target: 'base',
      labels,
    });
    expect(await cached.ended).toEqual({ t: 'end' });
    expect(cached.log()).toMatch(/Using cache/);
    expect(cached.last('done')?.imageId).toBe(first.last('done')?.imageId);
    const fresh = await openStream(backend, 'images.build', {
      contextPath: ctx.root,
      dockerfile: 'docker/app.Dockerfile',
      tags: [tag],
      target: 'base',
      noCache: true,
      labels,
    });
    expect(await fresh.ended).toEqual({ t: 'end' });
    expect(fresh.log()).not.toMatch(/Using cache/);
    await streamsClosed(backend);
  });

  it('refuses a build without a Dockerfile, or with one outside the context, before anything starts', async () => {
    const ctx = context({ 'README.md': 'no Dockerfile here' });
    const before = await engineImages();
    const s = await openStream(backend, 'images.build', { contextPath: ctx.root, tags: [`${REPO}/nodf:1`] });
    expect(s.ok).toBe(false);
    expect(s.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/build without a Dockerfile/),
    });
    const out = await openStream(backend, 'images.build', { contextPath: ctx.root, dockerfile: '../Dockerfile' });
    expect(out.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/inside the build context/),
    });
    const rel = await openStream(backend, 'images.build', { contextPath: 'relative/path' });
    expect(rel.error).toMatchObject({ code: 'invalid_input' });
    const badArg = await openStream(backend, 'images.build', { contextPath: ctx.root, buildArgs: { 'A B': 'x' } });
    expect(badArg.error).toMatchObject({ code: 'invalid_input' });
    expect(backend.streams.count()).toBe(0);
    expect(await engineImages()).toBe(before);
  });

  it('reports a failing step inside the stream (a 200 answer can still fail), with the log so far', async () => {
    const ctx = context({ Dockerfile: `FROM ${TEST_IMAGE}\nRUN echo about to fail && false\n` });
    const tag = `${REPO}/fails:1`;
    const s = await openStream(backend, 'images.build', { contextPath: ctx.root, tags: [tag], labels });
    const end = await s.ended;
    expect(end).toMatchObject({ t: 'end', error: { message: expect.stringMatching(/non-zero code/) } });
    expect(s.log()).toContain('about to fail');
    expect(await imageExists(tag)).toBe(false);
    await streamsClosed(backend);
  });

  it('a build closed half-way stops: no image, no build container left behind', async () => {
    const ctx = context({ Dockerfile: `FROM ${TEST_IMAGE}\nRUN echo started && sleep 47\nRUN echo never\n` });
    const tag = `${REPO}/cancelled:1`;
    const s = await openStream(backend, 'images.build', { contextPath: ctx.root, tags: [tag], labels });
    await waitFor(() => s.log().includes('started'), { timeoutMs: 30_000 });
    backend.streams.control('test', s.sid, { t: 'close' });
    expect(await s.ended).toEqual({ t: 'end' });
    await streamsClosed(backend);
    const sleepers = async () =>
      (await docker().listContainers({ all: true })).filter((c) => c.Command.includes('sleep 47')).length;
    await waitFor(async () => (await sleepers()) === 0, { timeoutMs: 30_000 });
    expect(await imageExists(tag)).toBe(false);
  });
});
