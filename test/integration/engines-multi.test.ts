/**
 * Several engines connected at once (issue 8): two private dockerds found as
 * docker CLI contexts, plus engines that cannot be used (no socket, a key the
 * SSH server refuses, a certificate from the wrong CA). Switching back to an
 * engine used lately is instant (its connection is kept), no answer ever
 * mixes objects of two engines, a stream stays with the engine it was opened
 * on, and an engine that fails says why while the others keep working.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import type { EngineEntry } from '../../preload/contract/engines.contract';
import type { StreamMessage } from '../../preload/contract/index';
import type { NetworkSummary } from '../../preload/contract/networks.contract';
import type { EngineStatus } from '../../preload/contract/system.contract';
import { cliContainerIds, dockerCli, LABELS, TEST_IMAGE, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';
import { TestSshd } from '../support/sshd';
import { makeTls, type TlsMaterial } from '../support/tls';

const a = new PrivateDockerd();
const b = new PrivateDockerd();
const sshd = new TestSshd();
const dirs: string[] = [];
let backend: Backend;
let tls: TlsMaterial;
let other: TlsMaterial;
let tlsServer: TlsServer;
let tlsPort: number;
let ticker: string;

const call = async (name: string, input: unknown = {}) => backend.dispatch(name, input);
const ok = async <T>(name: string, input: unknown = {}): Promise<T> => {
  const r = await call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};

function context(configDir: string, name: string, host: string): void {
  const digest = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(configDir, 'contexts', 'meta', digest), { recursive: true });
  writeFileSync(
    join(configDir, 'contexts', 'meta', digest, 'meta.json'),
    JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }),
  );
}

beforeAll(async () => {
  await Promise.all([a.start(), b.start(), sshd.start()]);
  await Promise.all([a.seed('only-on-a'), b.seed('only-on-b')]);
  const da = new Docker({ socketPath: a.socket });
  const c = await da.createContainer({
    Image: TEST_IMAGE,
    name: 'ticker-on-a',
    Cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo a-$i; sleep 0.2; done'],
    Labels: LABELS,
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  ticker = c.id;

  // A TLS server whose certificate comes from a CA Berth is not told to trust.
  tls = makeTls('trusted');
  other = makeTls('untrusted');
  tlsServer = createTlsServer({
    cert: readFileSync(other.server.cert),
    key: readFileSync(other.server.key),
  }).on('tlsClientError', () => {});
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', () => r()));
  tlsPort = (tlsServer.address() as { port: number }).port;

  // The docker CLI's config: both engines as contexts, a current.
  const configDir = mkdtempSync(join(tmpdir(), 'berth-multi-cfg-'));
  const settingsDir = mkdtempSync(join(tmpdir(), 'berth-multi-settings-'));
  dirs.push(configDir, settingsDir, tls.dir, other.dir);
  context(configDir, 'a', a.host);
  context(configDir, 'b', b.host);
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'a' }));
  backend = createBackend({
    settingsFile: join(settingsDir, 'settings.json'),
    engines: { env: {}, configDir, probeTimeoutMs: 5000 },
    backoff: { initialMs: 100, maxMs: 500 },
  });
  backend.start();
  await backend.engine.whenConnected();
}, 180_000);

afterAll(async () => {
  await backend?.dispose();
  await new Promise<void>((r) => (tlsServer ? tlsServer.close(() => r()) : r()));
  await Promise.all([a.dispose(), b.dispose(), sshd.stop()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const cliIds = cliContainerIds;
const listIds = async () => (await ok<ContainerSummary[]>('containers.list')).map((c) => c.id).sort();
const activate = (id: string) => ok('engines.activate', { id });
const connectedTo = (id: string) =>
  waitFor(() => backend.engine.status.state === 'connected' && backend.engine.status.engineId === id, {
    timeoutMs: 20_000,
  });

describe('several engines at once', () => {
  let idsA: string[];
  let idsB: string[];

  it('keeps the engine switched away from connected: switching back is instant', async () => {
    expect(backend.engine.status).toMatchObject({ engineId: 'context:a', state: 'connected' });
    idsA = await cliIds(a.host);
    expect(await listIds()).toEqual(idsA);

    await activate('context:b');
    await connectedTo('context:b');
    idsB = await cliIds(b.host);
    expect(await listIds()).toEqual(idsB);
    const list = await ok<EngineEntry[]>('engines.list', { probe: false });
    expect(list.find((e) => e.id === 'context:a')).toMatchObject({ connected: true, active: false, reachable: true });
    expect(list.find((e) => e.id === 'context:b')).toMatchObject({ connected: true, active: true });

    // Back to a: connected the moment the switch returns, on the same connection.
    const kept = backend.engine.linkFor('context:a');
    const gen = backend.engine.status.generation;
    const told: EngineStatus[] = [];
    const off = backend.subscribe((name, payload) => name === 'engine.status' && told.push(payload as EngineStatus));
    await activate('context:a');
    off();
    expect(backend.engine.status).toMatchObject({ engineId: 'context:a', state: 'connected' });
    // What every window is told: the new engine, connected (not the one the switch was asked from).
    expect(told.at(-1)).toMatchObject({ engineId: 'context:a', state: 'connected', endpoint: a.host });
    expect(backend.engine.status.generation).toBeGreaterThan(gen);
    expect(backend.engine.linkFor('context:a')).toBe(kept);
    expect(await listIds()).toEqual(idsA);
  });

  it('never answers with objects of two engines, however calls and switches interleave', async () => {
    const networksOf = async (host: string) =>
      (await dockerCli(['network', 'ls', '--no-trunc', '--format', '{{.ID}}'], host)).trim().split('\n').sort();
    const [netsA, netsB] = await Promise.all([networksOf(a.host), networksOf(b.host)]);
    expect(netsA).not.toEqual(netsB);
    for (let i = 0; i < 20; i++) {
      const target = i % 2 === 0 ? 'context:b' : 'context:a';
      const [c1, n1, , c2, n2] = await Promise.all([
        call('containers.list', {}),
        call('networks.list', {}),
        call('engines.activate', { id: target }),
        call('containers.list', {}),
        call('networks.list', {}),
      ]);
      for (const r of [c1, c2]) {
        expect(r.ok).toBe(true);
        const ids = (r.ok ? (r.value as ContainerSummary[]) : []).map((c) => c.id).sort();
        expect([JSON.stringify(idsA), JSON.stringify(idsB)]).toContain(JSON.stringify(ids));
      }
      for (const r of [n1, n2]) {
        const ids = (r.ok ? (r.value as NetworkSummary[]) : []).map((n) => n.id).sort();
        expect([JSON.stringify(netsA), JSON.stringify(netsB)]).toContain(JSON.stringify(ids));
      }
      await connectedTo(target);
    }
    expect(backend.engine.connections).toHaveLength(2);
  });

  it('sends change notices of the active engine only', async () => {
    await activate('context:b');
    await connectedTo('context:b');
    const notices: string[] = [];
    const off = backend.subscribe((name, payload) => {
      if (name === 'containers.changed') notices.push(...(payload as { ids: string[] }).ids);
    });
    const onA = await new Docker({ socketPath: a.socket }).createContainer({
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: LABELS,
      HostConfig: { NetworkMode: 'none' },
    });
    const onB = await new Docker({ socketPath: b.socket }).createContainer({
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: LABELS,
      HostConfig: { NetworkMode: 'none' },
    });
    await waitFor(() => notices.includes(onB.id));
    off();
    expect(notices).not.toContain(onA.id);
    idsA = await cliIds(a.host);
    idsB = await cliIds(b.host);
  });

  it('a stream stays with the engine it was opened on; when that engine dies it ends naming it, the active one works on', async () => {
    await activate('context:a');
    await connectedTo('context:a');
    const msgs: StreamMessage[] = [];
    const opened = await backend.streams.open(
      'multi',
      'containers.logs',
      { id: ticker, follow: true, tail: 1 },
      (_s, m) => msgs.push(m),
    );
    expect(opened.ok).toBe(true);
    await activate('context:b');
    await connectedTo('context:b');
    // Still a's log, still flowing.
    const frames = () => msgs.filter((m) => m.t === 'frames').length;
    const seen = frames();
    await waitFor(() => frames() > seen + 2);

    await a.kill();
    const end = await waitFor(() => msgs.find((m) => m.t === 'end'), { timeoutMs: 20_000 });
    expect(end).toMatchObject({
      t: 'end',
      error: {
        code: 'engine_unreachable',
        message: expect.stringMatching(/^lost the connection to the Docker engine "a" \(unix:\/\/\//),
      },
    });
    expect(backend.streams.count()).toBe(0);
    expect(backend.engine.status).toMatchObject({ engineId: 'context:b', state: 'connected' });
    expect(await listIds()).toEqual(idsB);
    // The dead one is let go, and listed as unreachable with the cause.
    await waitFor(() => !backend.engine.linkFor('context:a'));
    const entry = (await ok<EngineEntry[]>('engines.list', { probe: true })).find((e) => e.id === 'context:a');
    expect(entry).toMatchObject({
      reachable: false,
      connected: false,
      error: expect.stringMatching(/ENOENT|ECONNREFUSED/),
    });

    await a.start();
    await activate('context:a');
    await connectedTo('context:a');
    await waitFor(async () => JSON.stringify(await listIds()) === JSON.stringify(await cliIds(a.host)));
  });

  it('an engine that cannot be used says why, one message each; the others keep working', async () => {
    const wrongCa = join(tls.dir, 'wrong-ca');
    mkdirSync(wrongCa);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) copyFileSync(join(tls.clientDir, f), join(wrongCa, f));
    const nowhere = await ok<EngineEntry>('engines.add', { name: 'nowhere', host: 'unix:///nonexistent/docker.sock' });
    const stranger = await ok<EngineEntry>('engines.add', {
      name: 'stranger',
      host: `ssh://root@127.0.0.1:${sshd.port}`,
      ssh: { identityFile: sshd.strangerKey },
    });
    const wrongCert = await ok<EngineEntry>('engines.add', {
      name: 'wrong-cert',
      host: `tcp://127.0.0.1:${tlsPort}`,
      tls: { certDir: wrongCa, verify: true },
    });
    const causes = {
      [nowhere.id]: /^cannot reach the Docker engine \(ENOENT\)$/,
      [stranger.id]: /^SSH: the server refused every key Berth offered/,
      [wrongCert.id]: /^TLS: the engine's certificate is not signed by the trusted CA/,
    };
    const list = await ok<EngineEntry[]>('engines.list', { probe: true });
    for (const [id, cause] of Object.entries(causes)) {
      expect(list.find((e) => e.id === id)).toMatchObject({ reachable: false, error: expect.stringMatching(cause) });
    }
    expect(list.find((e) => e.id === 'context:a')).toMatchObject({ reachable: true, active: true });
    expect(list.find((e) => e.id === 'context:b')).toMatchObject({ reachable: true, connected: true });

    // Made active, each says why in the status and in every call; switching away is instant.
    for (const [id, cause] of Object.entries(causes)) {
      await activate(id);
      const status = await waitFor(
        () =>
          backend.engine.status.engineId === id && backend.engine.status.state === 'disconnected'
            ? backend.engine.status
            : undefined,
        { timeoutMs: 20_000 },
      );
      expect(status.error).toMatch(cause);
      const r = await call('containers.list', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'engine_unreachable' } });
      expect(r.ok ? '' : r.error.message).toContain(status.error);
      await activate('context:b');
      expect(backend.engine.status).toMatchObject({ engineId: 'context:b', state: 'connected' });
      expect(await listIds()).toEqual(idsB);
    }
    for (const e of [nowhere, stranger, wrongCert]) await ok('engines.remove', { id: e.id });
  });
});
