/**
 * Registries and credentials against a real registry with htpasswd auth on
 * 127.0.0.1: login (and a wrong password), push, remove locally, pull back,
 * cancel a pull half-way, browse /v2/, logout; credential helpers through a
 * fake `docker-credential-*` program. The user's ~/.docker is never touched:
 * every test uses a config folder of its own.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import { RegistriesService } from '../../main/services/registries.service';
import type { RegistriesInfo, RegistryCatalogPage } from '../../preload/contract/index';
import { RUN_ID, docker } from '../support/engine';
import { startTestRegistry, startThrottledProxy, type TestRegistry, type ThrottledProxy } from '../support/registry';
import {
  REPO,
  cleanupImages,
  engineImages,
  imageExists,
  importTiny,
  openStream,
  streamsClosed,
} from './images-helpers';

let reg: TestRegistry;
let backend: Backend;
let configDir: string;
const refs: string[] = [];

const call = async <T = unknown>(name: string, input: unknown) =>
  (await backend.dispatch(name, input)) as
    { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

beforeAll(async () => {
  reg = await startTestRegistry();
  configDir = await mkdtemp(join(tmpdir(), 'berth-docker-config-'));
  backend = createBackend({ dockerConfigDir: configDir });
  backend.start();
  await backend.engine.whenConnected();
});
afterAll(async () => {
  await backend?.dispose();
  await cleanupImages(refs);
  await reg?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

const readConfig = async () =>
  JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as {
    auths?: Record<string, { auth?: string }>;
  };

describe('login and logout', () => {
  it('refuses a wrong password with a clear message, stores nothing, and never echoes it', async () => {
    const password = `wrong-${randomBytes(6).toString('hex')}`;
    const r = await call('registries.login', { server: reg.host, username: reg.user, password });
    expect(r).toMatchObject({ ok: false, error: { code: 'auth_required' } });
    const msg = r.ok ? '' : r.error.message;
    expect(msg).toMatch(/wrong user name or password/);
    expect(msg).not.toContain(password);
    await expect(stat(join(configDir, 'config.json'))).rejects.toThrow();
  });

  it('logs in, storing base64 auth in config.json like the CLI; answers no secret', async () => {
    const r = await call('registries.login', { server: reg.host, username: reg.user, password: reg.password });
    expect(r).toEqual({ ok: true, value: { server: reg.host, username: reg.user } });
    const cfg = await readConfig();
    expect(Buffer.from(cfg.auths?.[reg.host]?.auth ?? '', 'base64').toString()).toBe(`${reg.user}:${reg.password}`);
    expect((await stat(join(configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    const list = await call<RegistriesInfo>('registries.list', {});
    expect(list.ok && list.value.accounts).toEqual([
      { server: reg.host, host: reg.host, username: reg.user, store: 'config.json' },
    ]);
    expect(JSON.stringify(list)).not.toContain(reg.password);
  });
});

describe('push, remove, pull back', () => {
  let ref: string;
  let id: string;

  it('pushes with per-layer progress and the digest', async () => {
    ref = `${reg.host}/${REPO}/tiny:${RUN_ID}`;
    refs.push(ref);
    id = await importTiny(ref, { 'data.bin': randomBytes(300_000) });
    const s = await openStream(backend, 'images.push', { ref });
    expect(s.ok).toBe(true);
    const end = await s.ended;
    expect(end).toEqual({ t: 'end' });
    const progress = s.last('progress');
    expect(progress?.layers.length).toBe(1);
    expect(progress?.layers[0]).toMatchObject({ done: true, fraction: 1 });
    expect(s.last('done')).toMatchObject({ ref, imageId: id, digest: expect.stringMatching(/^sha256:/) });
    await streamsClosed(backend);
  });

  it('lists the pushed repository and tag through the registry /v2/ API', async () => {
    const cat = await call<RegistryCatalogPage>('registries.catalog', { registry: reg.host });
    expect(cat.ok && cat.value.repositories).toContain(`${REPO}/tiny`);
    const tags = await call<{ tags: string[] }>('registries.tags', { registry: reg.host, repository: `${REPO}/tiny` });
    expect(tags.ok && tags.value.tags).toEqual([RUN_ID]);
    const missing = await call('registries.tags', { registry: reg.host, repository: `${REPO}/nothing-here` });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('removes it locally, then pulls it back with progress per layer; the engine has it again', async () => {
    const rm1 = await call('images.remove', { refs: [ref] });
    expect(rm1.ok).toBe(true);
    expect(await imageExists(id)).toBe(false);
    const s = await openStream(backend, 'images.pull', { ref });
    expect(s.ok).toBe(true);
    expect(await s.ended).toEqual({ t: 'end' });
    const layers = s.frames.flatMap((f) => (f.t === 'progress' ? f.layers : []));
    expect(layers.some((l) => /Pull complete/.test(l.status))).toBe(true);
    expect(s.last('progress')?.fraction).toBe(1);
    expect(s.last('done')).toMatchObject({ ref, imageId: id });
    expect((await docker().getImage(ref).inspect()).Id).toBe(id);
    await streamsClosed(backend);
  });

  it('fails a pull of an unknown tag inside the stream, saying why, and leaves the list as it was', async () => {
    const before = await engineImages();
    const s = await openStream(backend, 'images.pull', { ref: `${reg.host}/${REPO}/tiny:no-such-tag` });
    const end = s.ok ? await s.ended : { t: 'end', error: s.error };
    expect(end).toMatchObject({ error: { code: 'not_found' } });
    expect(await engineImages()).toBe(before);
    await streamsClosed(backend);
  });

  it('refuses a malformed reference before anything starts', async () => {
    const s = await openStream(backend, 'images.pull', { ref: `${reg.host}/${REPO}/Tiny:1` });
    expect(s.ok).toBe(false);
    expect(s.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/lowercase/) });
    expect(backend.streams.count()).toBe(0);
  });
});

describe('cancel', () => {
  let proxy: ThrottledProxy;
  afterAll(async () => proxy?.close());

  it('a pull closed half-way stops, releases the session and leaves the image list unchanged', async () => {
    const ref = `${reg.host}/${REPO}/big:${RUN_ID}`;
    refs.push(ref);
    await importTiny(ref, { 'big.bin': randomBytes(2_000_000) });
    const pushed = await openStream(backend, 'images.push', { ref });
    expect(await pushed.ended).toEqual({ t: 'end' });
    expect((await call('images.remove', { refs: [ref] })).ok).toBe(true);

    // Through a proxy that passes ~150 KB/s, the 2 MB layer takes long enough to cancel half-way.
    proxy = await startThrottledProxy(reg.host, 150_000);
    const login = await call('registries.login', { server: proxy.host, username: reg.user, password: reg.password });
    expect(login.ok).toBe(true);
    const slowRef = `${proxy.host}/${REPO}/big:${RUN_ID}`;
    const before = await engineImages();
    const s = await openStream(backend, 'images.pull', { ref: slowRef });
    expect(s.ok).toBe(true);
    const deadline = Date.now() + 30_000;
    while (!s.frames.some((f) => f.t === 'progress' && f.layers.some((l) => /Downloading/.test(l.status)))) {
      if (Date.now() > deadline || s.ends.length) throw new Error('no download progress seen');
      await new Promise((r) => setTimeout(r, 20));
    }
    const downloading = s.last('progress');
    expect(downloading?.fraction).toBeLessThan(1);
    backend.streams.control('test', s.sid, { t: 'close' });
    expect(await s.ended).toEqual({ t: 'end' });
    await streamsClosed(backend);
    expect(await imageExists(slowRef)).toBe(false);
    expect(await engineImages()).toBe(before);
  });
});

describe('without credentials', () => {
  it('logout removes the entry; then a push or a catalog says authentication is required', async () => {
    expect((await call('registries.logout', { server: reg.host })).ok).toBe(true);
    const cfg = await readConfig();
    expect(cfg.auths?.[reg.host]).toBeUndefined();
    expect(await call('registries.logout', { server: reg.host })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const ref = `${reg.host}/${REPO}/anon:1`;
    refs.push(ref);
    await importTiny(ref);
    const s = await openStream(backend, 'images.push', { ref });
    const end = s.ok ? await s.ended : { t: 'end', error: s.error };
    expect(end).toMatchObject({ error: { code: 'auth_required' } });
    expect(await call('registries.catalog', { registry: reg.host })).toMatchObject({
      ok: false,
      error: { code: 'auth_required' },
    });
    await streamsClosed(backend);
  });

  it('refuses bad registry names and empty passwords at the boundary', async () => {
    for (const server of ['', 'a b', 'http://x/../y', 'user:pw@host', 'host/path']) {
      expect(await call('registries.login', { server, username: 'u', password: 'p' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
    expect(await call('registries.login', { server: reg.host, username: 'u', password: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});

describe('credential helpers', () => {
  it('stores, reads, lists and erases through docker-credential-<name> as the CLI does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-cred-helper-'));
    const store = join(dir, 'store.json');
    // A fake helper: the protocol (get/store/erase/list on stdin/stdout), a JSON file as the keychain.
    const helper = join(dir, 'docker-credential-berthtest');
    await writeFile(
      helper,
      `#!${process.execPath}
const fs = require('fs');
const file = process.env.BERTH_FAKE_STORE;
const db = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const verb = process.argv[2];
  if (verb === 'store') { const c = JSON.parse(input); db[c.ServerURL] = c; fs.writeFileSync(file, JSON.stringify(db)); }
  else if (verb === 'get') {
    const c = db[input.trim()];
    if (!c) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
    process.stdout.write(JSON.stringify(c));
  } else if (verb === 'erase') { delete db[input.trim()]; fs.writeFileSync(file, JSON.stringify(db)); }
  else if (verb === 'list') { const o = {}; for (const k in db) o[k] = db[k].Username; process.stdout.write(JSON.stringify(o)); }
  else process.exit(2);
});
`,
    );
    await chmod(helper, 0o755);
    const cfgDir = join(dir, 'docker');
    await import('node:fs/promises').then((fs) => fs.mkdir(cfgDir));
    await writeFile(join(cfgDir, 'config.json'), JSON.stringify({ credsStore: 'berthtest', keep: { me: 1 } }));
    const svc = new RegistriesService(backend.engine, {
      configDir: cfgDir,
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, BERTH_FAKE_STORE: store },
    });
    try {
      await svc.login({ server: reg.host, username: reg.user, password: reg.password });
      const cfg = JSON.parse(await readFile(join(cfgDir, 'config.json'), 'utf8')) as Record<string, unknown>;
      expect(cfg).toEqual({ credsStore: 'berthtest', keep: { me: 1 }, auths: { [reg.host]: {} } });
      expect(JSON.stringify(cfg)).not.toContain(reg.password);
      const kept = JSON.parse(await readFile(store, 'utf8')) as Record<string, { Secret: string }>;
      expect(kept[reg.host]?.Secret).toBe(reg.password);
      expect(await svc.authFor(reg.host)).toEqual({
        username: reg.user,
        password: reg.password,
        serveraddress: reg.host,
      });
      const info = await svc.list();
      expect(info.credsStore).toBe('berthtest');
      expect(info.accounts).toEqual([{ server: reg.host, host: reg.host, username: reg.user, store: 'berthtest' }]);
      expect(await svc.catalog({ registry: reg.host, n: 100 })).toMatchObject({ registry: reg.host });
      await svc.logout({ server: reg.host });
      expect(JSON.parse(await readFile(store, 'utf8'))).toEqual({});
      expect(await svc.authFor(reg.host)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says plainly when the configured helper is not installed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-cred-missing-'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'berth-no-such-helper' }));
    const svc = new RegistriesService(backend.engine, { configDir: dir });
    try {
      await expect(svc.login({ server: reg.host, username: reg.user, password: reg.password })).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(/docker-credential-berth-no-such-helper is not installed/),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
