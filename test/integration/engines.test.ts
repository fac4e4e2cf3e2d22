import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import type { EngineEntry, EngineProbe } from '../../preload/contract/engines.contract';
import type { Envelope } from '../../preload/contract/errors';
import { SOCKET, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';

const daemon = new PrivateDockerd();
const dirs: string[] = [];
let backend: Backend;
let configDir: string;

const call = async <T>(name: string, input: unknown = {}) => (await backend.dispatch(name, input)) as Envelope<T>;
const ok = async <T>(name: string, input: unknown = {}): Promise<T> => {
  const r = await call<T>(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
};

beforeAll(async () => {
  await daemon.start();
  await daemon.seed('on-the-private-engine');
  // A docker CLI config of the test's own, with one context: the private engine.
  configDir = mkdtempSync(join(tmpdir(), 'berth-engines-cfg-'));
  dirs.push(configDir);
  const digest = createHash('sha256').update('private').digest('hex');
  mkdirSync(join(configDir, 'contexts', 'meta', digest), { recursive: true });
  writeFileSync(
    join(configDir, 'contexts', 'meta', digest, 'meta.json'),
    JSON.stringify({ Name: 'private', Endpoints: { docker: { Host: daemon.host } } }),
  );
  const settingsDir = mkdtempSync(join(tmpdir(), 'berth-engines-settings-'));
  dirs.push(settingsDir);
  backend = createBackend({
    settingsFile: join(settingsDir, 'settings.json'),
    engines: { env: {}, configDir, probeTimeoutMs: 3000 },
    backoff: { initialMs: 100, maxMs: 500 },
  });
  backend.start();
  await backend.engine.whenConnected();
}, 120_000);

afterAll(async () => {
  await backend?.dispose();
  await daemon.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const names = async () => (await ok<ContainerSummary[]>('containers.list', {})).map((c) => c.name);

describe('engines', () => {
  it('lists the default socket and the CLI contexts, probed, with the active one marked', async () => {
    const list = await ok<EngineEntry[]>('engines.list', {});
    const byId = Object.fromEntries(list.map((e) => [e.id, e]));
    expect(byId.default).toMatchObject({ source: 'default', host: `unix://${SOCKET}`, active: true, reachable: true });
    expect(byId['context:private']).toMatchObject({
      source: 'context',
      host: daemon.host,
      active: false,
      reachable: true,
    });
    expect(backend.engine.status.engineId).toBe('default');
  });

  it('switches the active engine: the lists come from the new one, then back', async () => {
    const gen = backend.engine.status.generation;
    await ok('engines.activate', { id: 'context:private' });
    await waitFor(() => backend.engine.status.state === 'connected' && backend.engine.status.generation > gen);
    expect(backend.engine.status).toMatchObject({
      endpoint: daemon.host,
      engineId: 'context:private',
      engineName: 'private',
    });
    expect(await names()).toEqual(['on-the-private-engine']);
    expect(backend.services.settings.get().activeEngine).toBe('context:private');

    await ok('engines.activate', { id: 'default' });
    await waitFor(() => backend.engine.status.state === 'connected' && backend.engine.status.engineId === 'default');
    expect(await names()).not.toContain('on-the-private-engine');
  });

  it('adds, tests, updates and removes an engine; refuses to remove the active one or a found one', async () => {
    const probe = await ok<EngineProbe>('engines.test', { name: 'p', host: daemon.host });
    expect(probe).toMatchObject({ ok: true, engineVersion: expect.any(String) });
    const added = await ok<EngineEntry>('engines.add', { name: 'Private (added)', host: daemon.host });
    expect(added).toMatchObject({ source: 'settings', name: 'Private (added)', active: false });
    expect(await call('engines.add', { name: 'Private (added)', host: daemon.host })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    await ok('engines.activate', { id: added.id });
    await waitFor(() => backend.engine.status.state === 'connected' && backend.engine.status.engineId === added.id);
    expect(await call('engines.remove', { id: added.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call('engines.remove', { id: 'context:private' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });

    await ok('engines.activate', { id: 'default' });
    await waitFor(() => backend.engine.status.engineId === 'default' && backend.engine.status.state === 'connected');
    await ok('engines.remove', { id: added.id });
    expect((await ok<EngineEntry[]>('engines.list', { probe: false })).some((e) => e.id === added.id)).toBe(false);
  });

  it('an unreachable engine says why, and the active one keeps working', async () => {
    const bad = await ok<EngineEntry>('engines.add', { name: 'nowhere', host: 'unix:///nonexistent/docker.sock' });
    const list = await ok<EngineEntry[]>('engines.list', {});
    expect(list.find((e) => e.id === bad.id)).toMatchObject({
      reachable: false,
      error: expect.stringMatching(/cannot reach the Docker engine \(ENOENT\)/),
    });
    expect((await ok<EngineProbe>('engines.test', { name: 'x', host: 'tcp://127.0.0.1:1' })).error).toMatch(
      /ECONNREFUSED/,
    );
    expect(backend.engine.status.state).toBe('connected');
    expect((await call('containers.list', {})).ok).toBe(true);
    await ok('engines.remove', { id: bad.id });
  });

  it('rejects addresses that are not engine addresses', async () => {
    for (const host of ['http://evil.example', 'file:///etc/passwd', 'tcp://a b', 'unix://relative', '']) {
      expect(await call('engines.add', { name: 'x', host })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
  });
});
