/**
 * Lifecycle (kill, pause, rename, prune) and the details of one container (inspect, top,
 * diff, files, commit), against the real engine, checked with the engine's own view.
 */
import { randomBytes } from 'node:crypto';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type {
  DirListing,
  FileChange,
  FileDownload,
  ProcessList,
  PruneResult,
  ContainerSummary,
} from '../../preload/contract/containers.contract';
import { FILES_UPLOAD_CHUNK } from '../../preload/contract/containers.contract';
import {
  RUN_ID,
  createContainer,
  docker,
  dockerCli,
  execText,
  exists,
  inspectState,
  uniqueName,
  waitFor,
} from '../support/engine';
import { backendCalls, startBackend, stopBackend } from '../support/backend';

let backend: Backend;
const d = docker();
const imagesMade: string[] = [];
const { call, ok } = backendCalls(() => backend);

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
  for (const i of imagesMade)
    await d
      .getImage(i)
      .remove({ force: true })
      .catch(() => {});
});

describe('lifecycle', () => {
  it('kills with the chosen signal (from a fixed list only)', async () => {
    // A shell that reports the signal it got, then exits with 42.
    const c = await createContainer({
      start: true,
      cmd: ['sh', '-c', 'trap "exit 42" USR1; while :; do sleep 0.1; done'],
    });
    await ok('containers.kill', { id: c.id, signal: 'SIGUSR1' });
    await waitFor(async () => !(await inspectState(c.id)).Running);
    expect((await inspectState(c.id)).ExitCode).toBe(42);
    const bad = await call('containers.kill', { id: c.id, signal: 'SIGSEGV; rm -rf /' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const c2 = await createContainer({ start: true });
    await ok('containers.kill', { id: c2.id });
    await waitFor(async () => (await inspectState(c2.id)).ExitCode === 137);
  });

  it('pauses and unpauses; pausing a stopped container is a clear conflict', async () => {
    const c = await createContainer({ start: true });
    await ok('containers.pause', { id: c.id });
    expect((await inspectState(c.id)).Paused).toBe(true);
    expect((await dockerCli(['inspect', '-f', '{{.State.Status}}', c.id])).trim()).toBe('paused');
    await ok('containers.unpause', { id: c.id });
    expect((await inspectState(c.id)).Paused).toBe(false);
    const stopped = await createContainer();
    const r = await call('containers.pause', { id: stopped.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!r.ok) expect(r.error.message).toMatch(/not running/i);
  });

  it('renames; refuses a bad name before the engine and a taken one with a conflict', async () => {
    const c = await createContainer();
    const taken = await createContainer();
    const takenName = (await taken.inspect()).Name.slice(1);
    const name = uniqueName('renamed');
    await ok('containers.rename', { id: c.id, name });
    expect((await c.inspect()).Name).toBe(`/${name}`);
    for (const bad of ['a', '-x', 'with space', 'semi;colon', '../x', '']) {
      const r = await call('containers.rename', { id: c.id, name: bad });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const r = await call('containers.rename', { id: c.id, name: takenName });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', issues: [{ path: 'name' }] } });
    expect((await c.inspect()).Name).toBe(`/${name}`);
  });

  it('prune previews the stopped containers, then removes exactly the ones confirmed', async () => {
    const a = await createContainer();
    const b = await createContainer();
    const running = await createContainer({ start: true });
    const keep = await createContainer();
    const preview = await ok<{ containers: ContainerSummary[] }>('containers.prunePreview', {});
    const ids = preview.containers.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id, keep.id]));
    expect(ids).not.toContain(running.id);
    for (const c of preview.containers) expect(['exited', 'created', 'dead']).toContain(c.state);
    // The user confirms a and b (and a running one sneaks in: it must stay).
    const r = await ok<PruneResult>('containers.prune', { ids: [a.id, b.id, running.id] });
    expect(r.removed.sort()).toEqual([a.id, b.id].sort());
    expect(r.failed).toEqual([expect.objectContaining({ id: running.id, code: 'conflict' })]);
    expect(await exists(a.id)).toBe(false);
    expect(await exists(b.id)).toBe(false);
    expect(await exists(keep.id)).toBe(true);
    expect((await inspectState(running.id)).Running).toBe(true);
  });

  it('says not_found for unknown containers', async () => {
    for (const [name, input] of [
      ['containers.kill', { id: 'berth-no-such-container-xyz' }],
      ['containers.pause', { id: 'berth-no-such-container-xyz' }],
      ['containers.inspect', { id: 'berth-no-such-container-xyz' }],
      ['containers.top', { id: 'berth-no-such-container-xyz' }],
      ['containers.listFiles', { id: 'berth-no-such-container-xyz', path: '/' }],
      ['containers.runSpec', { id: 'berth-no-such-container-xyz' }],
    ] as const) {
      expect(await call(name, input)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });
});

describe('details of one container', () => {
  it('inspect is the engine\u2019s own JSON', async () => {
    const c = await createContainer({ labels: { tier: 'x' } });
    const info = await ok<Record<string, unknown>>('containers.inspect', { id: c.id });
    const cli = JSON.parse(await dockerCli(['inspect', c.id])) as Record<string, unknown>[];
    expect(info.Id).toBe(cli[0]?.Id);
    expect((info.Config as { Labels: Record<string, string> }).Labels).toEqual(
      (cli[0]?.Config as { Labels: Record<string, string> }).Labels,
    );
  });

  it('top lists the processes docker top lists; a stopped container is a conflict', async () => {
    const c = await createContainer({ start: true, cmd: ['sh', '-c', 'sleep 3601 & sleep 3602'] });
    const top = await ok<ProcessList>('containers.top', { id: c.id });
    expect(top.titles).toContain('PID');
    const cmdCol = top.titles.indexOf('CMD');
    const cmds = top.processes.map((p) => p[cmdCol]);
    expect(cmds.some((x) => x?.includes('sleep 3601'))).toBe(true);
    expect(cmds.some((x) => x?.includes('sleep 3602'))).toBe(true);
    const cli = (await dockerCli(['top', c.id])).trim().split('\n');
    expect(top.processes.length).toBe(cli.length - 1);
    const stopped = await createContainer();
    expect(await call('containers.top', { id: stopped.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('diff: added, changed and deleted paths, as docker diff says', async () => {
    const c = await createContainer({ start: true });
    await execText(c.id, 'mkdir /newdir && echo x > /newdir/f && echo y >> /etc/passwd && rm /bin/vi');
    const changes = await ok<FileChange[]>('containers.changes', { id: c.id });
    const by = Object.fromEntries(changes.map((x) => [x.path, x.kind]));
    expect(by['/newdir']).toBe('added');
    expect(by['/newdir/f']).toBe('added');
    expect(by['/etc/passwd']).toBe('changed');
    expect(by['/bin/vi']).toBe('deleted');
    const cli = (await dockerCli(['diff', c.id])).trim().split('\n');
    expect(changes.length).toBe(cli.length);
  });

  it('lists folders of a stopped and of a running container (symlinked folders followed)', async () => {
    const c = await createContainer({ start: true });
    await execText(c.id, 'mkdir -p /data/sub && echo hello > /data/a.txt && ln -s a.txt /data/link && ln -s /data /dl');
    for (const state of ['running', 'stopped']) {
      if (state === 'stopped') await c.stop({ t: 0 });
      const root = await ok<DirListing>('containers.listFiles', { id: c.id, path: '/' });
      expect(root.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['bin', 'data', 'etc', 'dl']));
      expect(root.entries.find((e) => e.name === 'bin')?.type).toBe('dir');
      expect(root.entries.find((e) => e.name === 'dl')).toMatchObject({ type: 'symlink', linkTarget: '/data' });
      const data = await ok<DirListing>('containers.listFiles', { id: c.id, path: '/dl' });
      expect(data.path).toBe('/data');
      expect(data.truncated).toBe(false);
      expect(data.entries).toEqual([
        expect.objectContaining({ name: 'sub', type: 'dir' }),
        expect.objectContaining({ name: 'a.txt', type: 'file', size: 6, mode: 0o644 }),
        expect.objectContaining({ name: 'link', type: 'symlink', linkTarget: 'a.txt' }),
      ]);
    }
    expect(await call('containers.listFiles', { id: c.id, path: '/nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('containers.listFiles', { id: c.id, path: '/data/a.txt' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call('containers.listFiles', { id: c.id, path: '/../etc' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('downloads a file (its bytes, links followed) and a folder (as tar), also when stopped', async () => {
    const c = await createContainer({ start: true });
    await execText(
      c.id,
      'mkdir -p /out/d && printf "bytes\\n" > /out/f.txt && echo inner > /out/d/g && ln -s f.txt /out/l',
    );
    await c.stop({ t: 0 });
    const file = await ok<FileDownload>('containers.download', { id: c.id, path: '/out/f.txt' });
    expect(file).toMatchObject({ kind: 'file', name: 'f.txt' });
    expect(Buffer.from(file.bytes).toString()).toBe('bytes\n');
    const viaLink = await ok<FileDownload>('containers.download', { id: c.id, path: '/out/l' });
    expect(Buffer.from(viaLink.bytes).toString()).toBe('bytes\n');
    const dir = await ok<FileDownload>('containers.download', { id: c.id, path: '/out' });
    expect(dir).toMatchObject({ kind: 'tar', name: 'out.tar' });
    const names: string[] = [];
    const ex = extract();
    ex.on('entry', (h, s, next) => {
      names.push(h.name);
      s.on('end', next);
      s.resume();
    });
    await new Promise<void>((res, rej) => {
      ex.on('finish', res);
      ex.on('error', rej);
      ex.end(Buffer.from(dir.bytes));
    });
    expect(names).toEqual(expect.arrayContaining(['out/', 'out/f.txt', 'out/d/', 'out/d/g', 'out/l']));
  });

  it('uploads files in chunks into a folder (sub-folders made), and the container sees them', async () => {
    const c = await createContainer({ start: true });
    const big = randomBytes(FILES_UPLOAD_CHUNK + 1000);
    const small = Buffer.from('中文 text\n');
    const all = Buffer.concat([small, big]);
    const uploadId = `up-${RUN_ID}-${randomBytes(4).toString('hex')}`;
    for (let i = 0, k = 0; i < all.length; i += FILES_UPLOAD_CHUNK, k++) {
      await ok('containers.uploadChunk', {
        uploadId,
        index: k,
        bytes: new Uint8Array(all.subarray(i, i + FILES_UPLOAD_CHUNK)),
      });
    }
    const r = await ok<{ files: number; bytes: number }>('containers.uploadCommit', {
      uploadId,
      id: c.id,
      dir: '/tmp',
      files: [
        { path: 'notes/中文.txt', size: small.length },
        { path: 'blob.bin', size: big.length },
      ],
    });
    expect(r).toEqual({ files: 2, bytes: all.length });
    expect(await execText(c.id, 'cat /tmp/notes/中文.txt; wc -c < /tmp/blob.bin')).toBe(`中文 text\n${big.length}\n`);
    const back = await ok<FileDownload>('containers.download', { id: c.id, path: '/tmp/blob.bin' });
    expect(Buffer.from(back.bytes).equals(big)).toBe(true);
    // A commit for an unknown upload, or one whose sizes do not add up, changes nothing.
    expect(
      await call('containers.uploadCommit', { uploadId, id: c.id, dir: '/tmp', files: [{ path: 'x', size: 1 }] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await call('containers.uploadCommit', { uploadId, id: c.id, dir: '/tmp', files: [{ path: '../x', size: 1 }] }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('commits to a new image with repository:tag, message and author', async () => {
    const c = await createContainer({ start: true });
    await execText(c.id, 'echo committed > /marker');
    const repo = `berth-test/commit-${RUN_ID}`;
    imagesMade.push(`${repo}:v1`);
    const r = await ok<{ imageId: string }>('containers.commit', {
      id: c.id,
      repo,
      tag: 'v1',
      message: 'a message',
      author: 'Berth Tester <t@example.com>',
    });
    const img = await d.getImage(`${repo}:v1`).inspect();
    expect(img.Id).toBe(r.imageId);
    expect(img.Comment).toBe('a message');
    expect(img.Author).toBe('Berth Tester <t@example.com>');
    const cli = (await dockerCli(['images', '--format', '{{.Repository}}:{{.Tag}}', repo])).trim();
    expect(cli).toBe(`${repo}:v1`);
    expect((await inspectState(c.id)).Running).toBe(true);
    const bad = await call('containers.commit', { id: c.id, repo: 'Upper/Case', tag: 'v1' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('image hints: EXPOSE and VOLUME of an image, and "not found" for a missing one', async () => {
    const tag = `berth-test/hints-${RUN_ID}:1`;
    imagesMade.push(tag);
    const c = await createContainer();
    await d.getContainer(c.id).commit({
      repo: `berth-test/hints-${RUN_ID}`,
      tag: '1',
      changes: ['EXPOSE 80', 'EXPOSE 53/udp', 'VOLUME /data'],
    } as never);
    const hints = await ok<{ found: boolean; exposedPorts: string[]; volumes: string[] }>('containers.imageHints', {
      image: tag,
    });
    expect(hints.found).toBe(true);
    expect(hints.exposedPorts.sort()).toEqual(['53/udp', '80/tcp']);
    expect(hints.volumes).toEqual(['/data']);
    const missing = await ok<{ found: boolean }>('containers.imageHints', { image: `berth-test/none-${RUN_ID}` });
    expect(missing.found).toBe(false);
    const opts = await ok<{ images: string[]; networks: string[] }>('containers.runOptions', {});
    expect(opts.images).toContain(tag);
    expect(opts.networks).toEqual(expect.arrayContaining(['bridge', 'host', 'none']));
  });
});
