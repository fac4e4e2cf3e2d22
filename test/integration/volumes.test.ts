import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import { HELPER_LABEL, TarReader, type TarHeader } from '../../main/services/volumes.service';
import {
  VOLUME_UPLOAD_CHUNK,
  type VolumeDownload,
  type VolumeListing,
  type VolumeSummary,
  type VolumeUsage,
  type VolumesPrunePreview,
  type VolumesPruneResult,
} from '../../preload/contract/volumes.contract';
import { LABELS, RUN_ID, TEST_IMAGE, docker, dockerCli, uniqueName } from '../support/engine';
import { backendCalls, startBackend, stopBackend } from '../support/backend';

let backend: Backend;
const d = docker();
const { ok, fail } = backendCalls(() => backend);

const volumeExists = async (name: string) =>
  d
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
/** Berth's helper containers that still hold this volume (there must never be any left). */
const helpersOf = async (volume: string) =>
  (
    await d.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`${HELPER_LABEL}=true`], volume: [volume] }),
    })
  ).length;

/** A labelled container of the test image mounting the given volumes (binds like -v name:/path). */
async function containerWith(binds: string[], opts: { start?: boolean; cmd?: string[] } = {}) {
  const c = await d.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('vol'),
    Cmd: opts.cmd ?? ['sleep', '3600'],
    Labels: LABELS,
    HostConfig: { NetworkMode: 'none', Binds: binds },
  });
  if (opts.start) await c.start();
  return c;
}

/** Run a command in a throwaway container mounting the volume at /d, return stdout. */
async function inVolume(volume: string, script: string): Promise<string> {
  return dockerCli([
    'run',
    '--rm',
    '--network',
    'none',
    '--label',
    `berth.test=${RUN_ID}`,
    '-v',
    `${volume}:/d`,
    TEST_IMAGE,
    'sh',
    '-c',
    script,
  ]);
}

async function createVolume(name = uniqueName('v'), extra: Record<string, unknown> = {}) {
  return ok<VolumeSummary>('volumes.create', { name, labels: LABELS, ...extra });
}

/** Upload files the way the renderer does: staged chunks, then one commit. */
async function upload(volume: string, dir: string, files: { path: string; bytes: Uint8Array }[]) {
  const uploadId = randomUUID();
  const all = Buffer.concat(files.map((f) => Buffer.from(f.bytes)));
  let index = 0;
  for (let off = 0; off < all.length; off += VOLUME_UPLOAD_CHUNK) {
    await ok('volumes.uploadChunk', { uploadId, index: index++, bytes: all.subarray(off, off + VOLUME_UPLOAD_CHUNK) });
  }
  return ok<{ files: number; bytes: number }>('volumes.uploadCommit', {
    uploadId,
    name: volume,
    dir,
    files: files.map((f) => ({ path: f.path, size: f.bytes.byteLength })),
  });
}

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
  const mine = await d.listVolumes({ filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) });
  await Promise.all(
    (mine.Volumes ?? []).map((v) =>
      d
        .getVolume(v.Name)
        .remove()
        .catch(() => {}),
    ),
  );
  for (const name of anonymous)
    await d
      .getVolume(name)
      .remove()
      .catch(() => {});
});
/** Anonymous volumes the tests made (they carry no labels of ours). */
const anonymous = new Set<string>();

describe('volumes: create, list, inspect', () => {
  it('creates a named volume with driver options and labels, as docker volume inspect shows', async () => {
    const name = uniqueName('v');
    const v = await createVolume(name, {
      driver: 'local',
      driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=16m' },
      labels: { ...LABELS, purpose: 'integration' },
    });
    expect(v).toMatchObject({ name, driver: 'local', anonymous: false, usedBy: [] });
    const cli = JSON.parse(await dockerCli(['volume', 'inspect', name])) as {
      Labels: Record<string, string>;
      Options: Record<string, string>;
      Mountpoint: string;
    }[];
    expect(cli[0]?.Labels).toMatchObject({ purpose: 'integration', 'berth.test': RUN_ID });
    expect(cli[0]?.Options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=16m' });
    expect(v.mountpoint).toBe(cli[0]?.Mountpoint);
    expect(v.created).toBeGreaterThan(Date.now() / 1000 - 600);

    const inspected = await ok<Record<string, unknown>>('volumes.inspect', { name });
    expect(inspected.Name).toBe(name);
    expect(inspected.Labels).toMatchObject({ purpose: 'integration' });
  });

  it('refuses a name that exists (the engine would silently reuse it), and changes nothing', async () => {
    const name = uniqueName('v');
    await createVolume(name, { labels: { ...LABELS, first: '1' } });
    const err = await fail('volumes.create', { name, labels: { ...LABELS, second: '2' } });
    expect(err.code).toBe('conflict');
    expect(err.message).toContain(name);
    const cli = JSON.parse(await dockerCli(['volume', 'inspect', name])) as { Labels: Record<string, string> }[];
    expect(cli[0]?.Labels.second).toBeUndefined();
  });

  it('rejects bad names, drivers and labels before they reach the engine', async () => {
    const before = (await dockerCli(['volume', 'ls', '-q'])).trim();
    for (const input of [
      { name: 'x' },
      { name: '../etc' },
      { name: 'a/b' },
      { name: '-rf' },
      { name: 'ok-name', driver: 'bad driver' },
      { name: 'ok-name', labels: { '': 'x' } },
      { name: 'ok-name', extra: true },
      { name: 'a'.repeat(300) },
    ]) {
      const err = await fail('volumes.create', input);
      expect(err.code).toBe('invalid_input');
    }
    expect((await dockerCli(['volume', 'ls', '-q'])).trim()).toBe(before);
  });

  it('lists what docker volume ls lists, tells anonymous volumes apart and names their containers', async () => {
    const named = await createVolume();
    const user = await containerWith([`${named.name}:/data:ro`, '/anon']);
    const info = await user.inspect();
    const anon = info.Mounts.find((m) => m.Destination === '/anon')?.Name ?? '';
    anonymous.add(anon);
    expect(anon).toMatch(/^[a-f0-9]{64}$/);

    const rows = await ok<VolumeSummary[]>('volumes.list', {});
    const cli = (await dockerCli(['volume', 'ls', '-q'])).trim().split('\n').filter(Boolean);
    // Other suites may create volumes meanwhile: ours must be there, and everything listed must exist.
    for (const r of rows) expect(cli.includes(r.name) || !(await volumeExists(r.name))).toBe(true);
    const byName = new Map(rows.map((r) => [r.name, r]));
    const n = byName.get(named.name);
    const a = byName.get(anon);
    expect(n?.anonymous).toBe(false);
    expect(a?.anonymous).toBe(true);
    const userName = info.Name.replace(/^\//, '');
    expect(n?.usedBy).toEqual([
      { id: user.id, name: userName, state: 'created', image: TEST_IMAGE, destination: '/data', readOnly: true },
    ]);
    expect(a?.usedBy.map((u) => u.name)).toEqual([userName]);

    // Only the asked names (exactly: the engine's own filter matches substrings).
    const only = await ok<VolumeSummary[]>('volumes.list', { names: [named.name] });
    expect(only.map((r) => r.name)).toEqual([named.name]);
    expect(await ok<VolumeSummary[]>('volumes.list', { names: ['berth-never-there-xyz'] })).toEqual([]);
  });

  it('reports sizes from the engine disk-usage data', async () => {
    const v = await createVolume();
    await inVolume(v.name, 'head -c 200000 /dev/zero > /d/blob');
    const usage = await ok<VolumeUsage[]>('volumes.usage', {});
    const mine = usage.find((u) => u.name === v.name);
    const df = (await d.df()) as { Volumes: { Name: string; UsageData: { Size: number } }[] };
    const engine = df.Volumes.find((x) => x.Name === v.name)?.UsageData.Size;
    expect(mine?.size).toBe(engine);
    expect(mine?.size).toBeGreaterThanOrEqual(200_000);
  });
});

describe('volumes: remove and prune', () => {
  it('refuses to remove a volume in use, naming the containers, and keeps it', async () => {
    const v = await createVolume();
    const user = await containerWith([`${v.name}:/data`]);
    const userName = (await user.inspect()).Name.replace(/^\//, '');
    const err = await fail('volumes.remove', { name: v.name });
    expect(err.code).toBe('conflict');
    expect(err.message).toContain(userName);
    expect(await volumeExists(v.name)).toBe(true);
    await user.remove();
    await ok('volumes.remove', { name: v.name });
    expect(await volumeExists(v.name)).toBe(false);
  });

  it('says not_found for an unknown volume, invalid_input for a bad name', async () => {
    expect((await fail('volumes.remove', { name: `berth-none-${RUN_ID}` })).code).toBe('not_found');
    expect((await fail('volumes.remove', { name: '../x' })).code).toBe('invalid_input');
    expect((await fail('volumes.inspect', { name: `berth-none-${RUN_ID}` })).code).toBe('not_found');
  });

  it('previews a prune (anonymous only unless asked), then removes exactly the previewed volumes', async () => {
    const named = await createVolume();
    const anonHolder = await containerWith(['/scratch']);
    const anon = (await anonHolder.inspect()).Mounts[0]?.Name ?? '';
    anonymous.add(anon);
    await inVolume(anon, 'head -c 50000 /dev/zero > /d/f');
    await anonHolder.remove(); // keeps its anonymous volume (no -v)
    const busy = await createVolume();
    const busyUser = await containerWith([`${busy.name}:/b`]);

    const onlyAnon = await ok<VolumesPrunePreview>('volumes.prunePreview', { includeNamed: false });
    expect(onlyAnon.apiVersion).toBe(backend.engine.status.apiVersion);
    expect(onlyAnon.engineDefaultIncludesNamed).toBe(onlyAnon.apiVersion === '1.41');
    const namesA = onlyAnon.volumes.map((v) => v.name);
    expect(namesA).toContain(anon);
    expect(namesA).not.toContain(named.name);
    expect(namesA).not.toContain(busy.name);
    expect(onlyAnon.namedKept).toBeGreaterThanOrEqual(1);
    expect(onlyAnon.volumes.find((v) => v.name === anon)?.size).toBeGreaterThanOrEqual(50_000);

    const withNamed = await ok<VolumesPrunePreview>('volumes.prunePreview', { includeNamed: true });
    const namesB = withNamed.volumes.map((v) => v.name);
    expect(namesB).toEqual(expect.arrayContaining([anon, named.name]));
    expect(namesB).not.toContain(busy.name);

    // Only ever our own volumes: the engine may hold the user's. A named one is refused
    // when named volumes were not included; one that became used meanwhile is refused too.
    const late = await createVolume();
    const lateUser = await containerWith([`${late.name}:/l`]);
    const res = await ok<VolumesPruneResult>('volumes.prune', {
      names: [anon, named.name, late.name],
      includeNamed: false,
    });
    expect(res.removed.map((r) => r.name)).toEqual([anon]);
    expect(res.spaceReclaimed).toBeGreaterThanOrEqual(50_000);
    expect(res.skipped.map((s) => [s.name, s.code])).toEqual([
      [named.name, 'conflict'],
      [late.name, 'conflict'],
    ]);
    expect(await volumeExists(anon)).toBe(false);
    expect(await volumeExists(named.name)).toBe(true);
    expect(await volumeExists(late.name)).toBe(true);

    const res2 = await ok<VolumesPruneResult>('volumes.prune', { names: [named.name, late.name], includeNamed: true });
    expect(res2.removed.map((r) => r.name)).toEqual([named.name]);
    expect(res2.skipped[0]).toMatchObject({ name: late.name, code: 'conflict' });
    expect(res2.skipped[0]?.reason).toContain((await lateUser.inspect()).Name.replace(/^\//, ''));
    expect(await volumeExists(named.name)).toBe(false);
    await busyUser.remove();
    await lateUser.remove();
  });
});

describe('volumes: files without a running container', () => {
  let vol: string;
  const big = randomBytes(VOLUME_UPLOAD_CHUNK * 2 + 12_345);

  beforeAll(async () => {
    vol = (await createVolume()).name;
    await inVolume(vol, 'mkdir -p /d/sub/deeper && echo hello > /d/hello.txt && echo nested > /d/sub/deeper/n.txt');
  });

  it('browses folders, with folder sizes, and leaves no helper container', async () => {
    const root = await ok<VolumeListing>('volumes.browse', { name: vol, path: '/' });
    expect(root.truncated).toBe(false);
    expect(root.entries.map((e) => [e.name, e.type])).toEqual([
      ['sub', 'dir'],
      ['hello.txt', 'file'],
    ]);
    expect(root.entries.find((e) => e.name === 'hello.txt')?.size).toBe(6);
    expect(root.entries.find((e) => e.name === 'sub')?.size).toBe(7);
    const sub = await ok<VolumeListing>('volumes.browse', { name: vol, path: '/sub/deeper' });
    expect(sub.entries.map((e) => e.name)).toEqual(['n.txt']);
    expect(await helpersOf(vol)).toBe(0);
    // Never started: the volume is the only thing the engine saw.
    const events = await dockerCli([
      'events',
      '--since',
      '60s',
      '--until',
      '0s',
      '--filter',
      'event=start',
      '--filter',
      `label=${HELPER_LABEL}=true`,
    ]);
    expect(events.trim()).toBe('');
  });

  it('uploads files (chunked, sub-folders, Chinese names) and they are there for a real container', async () => {
    const res = await upload(vol, '/sub', [
      { path: 'up.txt', bytes: Buffer.from('uploaded\n') },
      { path: '新建文件夹/数据.bin', bytes: big },
      { path: 'empty', bytes: new Uint8Array(0) },
    ]);
    expect(res).toEqual({ files: 3, bytes: 9 + big.length });
    expect(await inVolume(vol, 'cat /d/sub/up.txt')).toBe('uploaded\n');
    // (busybox ls prints non-ASCII names as "?": ask the shell instead)
    expect(await inVolume(vol, '[ -f "/d/sub/新建文件夹/数据.bin" ] && echo yes')).toBe('yes\n');
    const listing = await ok<VolumeListing>('volumes.browse', { name: vol, path: '/sub/新建文件夹' });
    expect(listing.entries).toMatchObject([{ name: '数据.bin', type: 'file', size: big.length }]);
    expect(await helpersOf(vol)).toBe(0);
  });

  it('downloads a file as its bytes and a folder as a tar', async () => {
    const file = await ok<VolumeDownload>('volumes.download', { name: vol, path: '/sub/新建文件夹/数据.bin' });
    expect(file.kind).toBe('file');
    expect(file.fileName).toBe('数据.bin');
    expect(Buffer.from(file.bytes).equals(big)).toBe(true);

    const folder = await ok<VolumeDownload>('volumes.download', { name: vol, path: '/sub' });
    expect(folder).toMatchObject({ kind: 'tar', fileName: 'sub.tar' });
    const seen: TarHeader[] = [];
    const reader = new TarReader((h) => seen.push(h));
    reader.push(folder.bytes);
    expect(seen.map((h) => h.path)).toEqual(
      expect.arrayContaining(['sub/up.txt', 'sub/deeper/n.txt', 'sub/新建文件夹/数据.bin']),
    );
    expect(await helpersOf(vol)).toBe(0);
  });

  it('fails clearly on a missing path, a file as folder, or a bad path, and removes the helper every time', async () => {
    expect(await fail('volumes.browse', { name: vol, path: '/nope' })).toMatchObject({ code: 'not_found' });
    expect(await helpersOf(vol)).toBe(0);
    expect(await fail('volumes.browse', { name: vol, path: '/hello.txt' })).toMatchObject({ code: 'invalid_input' });
    expect(await helpersOf(vol)).toBe(0);
    expect(await fail('volumes.download', { name: vol, path: '/nope/x' })).toMatchObject({ code: 'not_found' });
    expect(await helpersOf(vol)).toBe(0);
    const uploadId = randomUUID();
    await ok('volumes.uploadChunk', { uploadId, index: 0, bytes: Buffer.from('x') });
    const err = await fail('volumes.uploadCommit', {
      uploadId,
      name: vol,
      dir: '/not/there',
      files: [{ path: 'x', size: 1 }],
    });
    expect(err.code).toBe('not_found');
    expect(await helpersOf(vol)).toBe(0);
    for (const path of ['../etc', '/a/../../etc', 'relative', '/a\0b']) {
      expect((await fail('volumes.browse', { name: vol, path })).code).toBe('invalid_input');
    }
    expect(
      (
        await fail('volumes.uploadCommit', {
          uploadId: randomUUID(),
          name: vol,
          dir: '/',
          files: [{ path: '../escape', size: 0 }],
        })
      ).code,
    ).toBe('invalid_input');
    // An unknown volume is not created by mounting it.
    const ghost = `berth-ghost-${RUN_ID}`;
    expect((await fail('volumes.browse', { name: ghost, path: '/' })).code).toBe('not_found');
    expect(await volumeExists(ghost)).toBe(false);
    expect(await helpersOf(vol)).toBe(0);
    expect(await helpersOf(ghost)).toBe(0);
  });

  it('checks chunks: order, size, and the declared total', async () => {
    const uploadId = randomUUID();
    expect((await fail('volumes.uploadChunk', { uploadId, index: 1, bytes: Buffer.from('x') })).code).toBe(
      'invalid_input',
    );
    await ok('volumes.uploadChunk', { uploadId, index: 0, bytes: Buffer.from('abc') });
    expect((await fail('volumes.uploadChunk', { uploadId, index: 2, bytes: Buffer.from('x') })).code).toBe(
      'invalid_input',
    );
    const tooBig = Buffer.alloc(VOLUME_UPLOAD_CHUNK + 1);
    expect((await fail('volumes.uploadChunk', { uploadId, index: 1, bytes: tooBig })).code).toBe('invalid_input');
    const err = await fail('volumes.uploadCommit', { uploadId, name: vol, dir: '/', files: [{ path: 'a', size: 5 }] });
    expect(err.code).toBe('invalid_input');
    expect(await inVolume(vol, 'ls /d')).not.toContain('\na\n');
    expect(await helpersOf(vol)).toBe(0);
  });

  it('refuses to download more than the limit, and removes the helper', async () => {
    const v = (await createVolume()).name;
    await inVolume(
      v,
      'head -c 70000000 /dev/zero > /d/huge && mkdir /d/dir && head -c 70000000 /dev/zero > /d/dir/huge',
    );
    const file = await fail('volumes.download', { name: v, path: '/huge' });
    expect(file.code).toBe('invalid_input');
    expect(file.message).toContain('docker cp');
    const dir = await fail('volumes.download', { name: v, path: '/dir' });
    expect(dir.code).toBe('invalid_input');
    expect(await helpersOf(v)).toBe(0);
  });
});
