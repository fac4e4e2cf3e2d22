/** docker save / load / import through files on this machine, with progress and cancel. */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import { RUN_ID, docker } from '../support/engine';
import { makeTempDir, type TempDir } from '../unit/helpers/temp-dir';
import {
  REPO,
  cleanupImages,
  engineImages,
  imageExists,
  importTiny,
  openStream,
  rootfsTar,
  streamsClosed,
} from './images-helpers';
import { startBackend, stopBackend } from '../support/backend';

let backend: Backend;
let dir: TempDir;

beforeAll(async () => {
  backend = await startBackend();
  dir = makeTempDir('berth-transfer-');
});
afterAll(async () => {
  await stopBackend(backend);
  dir?.remove();
  await cleanupImages();
});

async function tarMembers(path: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ex = extract();
  ex.on('entry', (h, s, next) => {
    let text = '';
    s.on('data', (c: unknown) => {
      if (h.name.endsWith('.json') && text.length < 100_000) text += String(c);
    });
    s.on('end', () => {
      out.set(h.name, text);
      next();
    });
  });
  await pipeline(createReadStream(path), ex as unknown as NodeJS.WritableStream);
  return out;
}

describe('save and load', () => {
  const ref = `${REPO}/save:1`;
  let id: string;
  let file: string;

  it('saves an image to a tar file with progress; the tar is what docker save writes', async () => {
    id = await importTiny(ref, { 'data.bin': randomBytes(500_000) });
    file = dir.path('image.tar');
    const s = await openStream(backend, 'images.save', { refs: [ref], path: file });
    expect(s.ok).toBe(true);
    expect(await s.ended).toEqual({ t: 'end' });
    expect(s.last('done')).toMatchObject({ path: file });
    const bytes = s.last('bytes');
    expect(bytes?.current).toBe((await stat(file)).size);
    const members = await tarMembers(file);
    const manifest = JSON.parse(members.get('manifest.json') ?? '[]') as { RepoTags: string[] }[];
    expect(manifest[0]?.RepoTags).toEqual([ref]);
    expect((await readdir(dir.root)).filter((f) => f.includes('.partial'))).toEqual([]);
    await streamsClosed(backend);
  });

  it('refuses to overwrite a file unless asked, a missing folder, and an unknown image', async () => {
    const again = await openStream(backend, 'images.save', { refs: [ref], path: file });
    expect(again.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already exists/) });
    const missing = await openStream(backend, 'images.save', { refs: [ref], path: dir.path('no/such/dir/x.tar') });
    expect(missing.error).toMatchObject({ code: 'not_found' });
    const unknown = await openStream(backend, 'images.save', { refs: [`${REPO}/nope:1`], path: dir.path('n.tar') });
    expect(unknown.error).toMatchObject({ code: 'not_found' });
    const relative = await openStream(backend, 'images.save', { refs: [ref], path: 'image.tar' });
    expect(relative.error).toMatchObject({ code: 'invalid_input' });
    const over = await openStream(backend, 'images.save', { refs: [ref], path: file, overwrite: true });
    expect(await over.ended).toEqual({ t: 'end' });
    expect(backend.streams.count()).toBe(0);
  });

  it('loads it back from the file, with bytes read against the file size', async () => {
    await docker().getImage(ref).remove();
    expect(await imageExists(id)).toBe(false);
    const s = await openStream(backend, 'images.load', { path: file });
    expect(s.ok).toBe(true);
    expect(await s.ended).toEqual({ t: 'end' });
    expect(s.last('done')).toEqual({ t: 'done', loaded: [ref] });
    const size = (await stat(file)).size;
    expect(s.last('bytes')).toMatchObject({ current: size, total: size });
    expect((await docker().getImage(ref).inspect()).Id).toBe(id);
    await streamsClosed(backend);
  });

  it('says why a file that is not an image archive cannot be loaded, and changes nothing', async () => {
    const junk = dir.path('junk.tar');
    await writeFile(junk, randomBytes(10_000));
    const before = await engineImages();
    const s = await openStream(backend, 'images.load', { path: junk });
    const end = s.ok ? await s.ended : { t: 'end', error: s.error };
    expect(end).toMatchObject({ error: { message: expect.any(String) } });
    expect(await engineImages()).toBe(before);
    const none = await openStream(backend, 'images.load', { path: dir.path('absent.tar') });
    expect(none.error).toMatchObject({ code: 'not_found' });
    await streamsClosed(backend);
  });

  it('a save closed at once leaves no file behind', async () => {
    const big = `${REPO}/big:1`;
    await importTiny(big, { 'big.bin': randomBytes(64 * 1024 * 1024) });
    const dest = dir.path('big.tar');
    const s = await openStream(backend, 'images.save', { refs: [big], path: dest });
    expect(s.ok).toBe(true);
    backend.streams.control('test', s.sid, { t: 'close' });
    expect(await s.ended).toEqual({ t: 'end' });
    await streamsClosed(backend);
    expect(s.last('done')).toBeUndefined();
    expect(existsSync(dest)).toBe(false);
    expect((await readdir(dir.root)).filter((f) => f.startsWith('big.tar'))).toEqual([]);
  });
});

describe('import', () => {
  it('imports a root filesystem tarball as a tagged image with changes (docker import -c)', async () => {
    const rootfs = dir.path('rootfs.tar');
    await pipeline(
      rootfsTar({ 'etc/motd': 'imported by berth\n', 'bin/.keep': '' }) as unknown as NodeJS.ReadableStream,
      createWriteStream(rootfs),
    );
    const ref = `${REPO}/imported:1`;
    const s = await openStream(backend, 'images.import', {
      path: rootfs,
      ref,
      changes: ['CMD ["/bin/sh"]', `LABEL berth.test=${RUN_ID}`, 'ENV FROM_BERTH=1'],
      message: 'from a test',
    });
    expect(s.ok).toBe(true);
    expect(await s.ended).toEqual({ t: 'end' });
    const done = s.last('done');
    expect(done).toMatchObject({ ref, imageId: expect.stringMatching(/^sha256:/) });
    const info = await docker().getImage(ref).inspect();
    expect(info.Id).toBe(done?.imageId);
    expect(info.Config.Cmd).toEqual(['/bin/sh']);
    expect(info.Config.Env).toContain('FROM_BERTH=1');
    expect(info.Comment).toBe('from a test');
    expect(s.last('bytes')).toMatchObject({ total: (await stat(rootfs)).size });
    await streamsClosed(backend);
  });

  it('refuses changes that docker import does not allow, and a missing file', async () => {
    const rootfs = dir.path('rootfs.tar');
    const bad = await openStream(backend, 'images.import', { path: rootfs, changes: ['RUN rm -rf /'] });
    expect(bad.error).toMatchObject({ code: 'invalid_input' });
    const none = await openStream(backend, 'images.import', { path: dir.path('nothing.tar') });
    expect(none.error).toMatchObject({ code: 'not_found' });
    expect(backend.streams.count()).toBe(0);
  });
});
