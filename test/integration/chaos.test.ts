/**
 * Chaos (issue 8 "Resilience", issue 10 "Faults"): a private dockerd of the
 * test's own is killed under every kind of open stream — a logs follow, a
 * shell (exec), an attach, a build, a pull and a push through a slow proxy
 * to a local registry — three times. Each time every stream must end with
 * one clear error naming the engine and the cause, none may stay open,
 * Berth's backend stays up (no unhandled rejection), and once dockerd is back
 * the connection, the event subscription and the lists recover: the
 * containers list equals `docker ps -a` of that engine. Then the same daemon
 * is frozen (SIGSTOP): the heartbeat notices, the streams end, and it
 * recovers when thawed. The user's engine is never touched.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import type { EngineEvent } from '../../main/engine/engine-link';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import type { BerthErrorShape } from '../../preload/contract/errors';
import type { StreamMessage } from '../../preload/contract/index';
import { cliContainerIds, ensureTestImage, LABELS, RUN_ID, TEST_IMAGE, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';
import { startTestRegistry, startThrottledProxy, type TestRegistry, type ThrottledProxy } from '../support/registry';
import { importTiny } from './images-helpers';

const daemon = new PrivateDockerd({ hostNetwork: { bridge: 'berthchaos0', cidr: '10.213.251.1/24' } });
const REPO = `berth-chaos-${RUN_ID}`;
let backend: Backend;
let reg: TestRegistry;
let proxy: ThrottledProxy;
let configDir: string;
let contextDir: string;
let d: Docker;
let pullRef: string;
let ticker: string;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

const call = async <T>(name: string, input: unknown = {}): Promise<T> => {
  const r = await backend.dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  reg = await startTestRegistry();
  await daemon.start();
  d = new Docker({ socketPath: daemon.socket });
  await ensureTestImage(d);
  configDir = await mkdtemp(join(tmpdir(), 'berth-chaos-config-'));
  contextDir = await mkdtemp(join(tmpdir(), 'berth-chaos-build-'));
  // A build that runs long enough to be killed half-way (cache off: it runs every round).
  await writeFile(
    join(contextDir, 'Dockerfile'),
    `FROM ${TEST_IMAGE}\nRUN for i in $(seq 1 600); do echo step $i; sleep 0.1; done\n`,
  );
  backend = createBackend({
    endpoint: { host: daemon.host, source: 'DOCKER_HOST' },
    backoff: { initialMs: 100, maxMs: 800 },
    heartbeat: { intervalMs: 500, timeoutMs: 3000 },
    connectTimeoutMs: 4000,
    dockerConfigDir: configDir,
  });
  backend.start();
  await backend.engine.whenConnected();

  // Through a proxy passing ~100 KB/s each way, a 3 MB layer takes long enough to be killed under.
  proxy = await startThrottledProxy(reg.host, 100_000, { uploads: true });
  for (const server of [reg.host, proxy.host]) {
    await call('registries.login', { server, username: reg.user, password: reg.password });
  }
  // The image the pulls fetch: pushed once, straight to the registry.
  const pushRef = `${reg.host}/${REPO}/pulled:1`;
  await importTiny(pushRef, { 'big.bin': randomBytes(3_000_000) }, d);
  const pushed = await openStream('images.push', { ref: pushRef });
  expect(await pushed.ended).toEqual({ t: 'end' });
  await d.getImage(pushRef).remove(); // its layer must be downloaded, not found locally
  pullRef = `${proxy.host}/${REPO}/pulled:1`;

  // A container that writes a line every 0.2 s, and comes back with the engine.
  ticker = (
    await d.createContainer({
      Image: TEST_IMAGE,
      name: `chaos-ticker-${RUN_ID}`,
      Cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo line $i; sleep 0.2; done'],
      Labels: LABELS,
      OpenStdin: true,
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'always' } },
    })
  ).id;
  await d.getContainer(ticker).start();
}, 180_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  daemon.thaw();
  await backend?.dispose();
  await proxy?.close();
  await daemon.dispose();
  await reg?.stop();
  for (const dir of [configDir, contextDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened {
  sid: string;
  messages: StreamMessage[];
  ended: Promise<{ t: 'end'; error?: BerthErrorShape }>;
  text(): string;
}

async function openStream(name: string, input: unknown): Promise<Opened> {
  const messages: StreamMessage[] = [];
  let resolveEnd!: (m: { t: 'end'; error?: BerthErrorShape }) => void;
  const ended = new Promise<{ t: 'end'; error?: BerthErrorShape }>((r) => (resolveEnd = r));
  const r = await backend.streams.open('chaos', name, input, (_sid, m) => {
    messages.push(m);
    if (m.t === 'end') resolveEnd(m);
  });
  if (!r.ok) throw new Error(`${name} did not open: ${r.error.code} ${r.error.message}`);
  const text = () =>
    JSON.stringify(messages, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
  return { sid: r.value.sid, messages, ended, text };
}

const bounded = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`${what}: no end`)), ms))]);

const cliIds = () => cliContainerIds(daemon.host);
const berthIds = async () => (await call<ContainerSummary[]>('containers.list', {})).map((c) => c.id).sort();

const LOST = /^lost the connection to the Docker engine unix:\/\/\/.*docker\.sock: .+/;

describe('dockerd killed under every kind of stream, three times', () => {
  it('ends each stream clearly, keeps Berth up, and recovers with the lists equal to docker ps -a', async () => {
    for (let round = 1; round <= 3; round++) {
      // A fresh layer to push each round (an existing one would be skipped), and no local copy of the pulled one.
      const pushRef = `${proxy.host}/${REPO}/pushed-${round}:1`;
      await importTiny(pushRef, { 'big.bin': randomBytes(3_000_000) }, d);
      await d
        .getImage(pullRef)
        .remove()
        .catch(() => {});
      const gen = backend.engine.status.generation;

      const s = {
        logs: await openStream('containers.logs', { id: ticker, follow: true, tail: 5, timestamps: true }),
        exec: await openStream('terminal.exec', { id: ticker }),
        attach: await openStream('terminal.attach', { id: ticker }),
        build: await openStream('images.build', {
          contextPath: contextDir,
          tags: [`${REPO}/built:${round}`],
          labels: LABELS,
          noCache: true,
        }),
        pull: await openStream('images.pull', { ref: pullRef }),
        push: await openStream('images.push', { ref: pushRef }),
      };
      // Every one of them under way.
      await waitFor(() => /line \d+/.test(s.logs.text()), { timeoutMs: 20_000 });
      await waitFor(() => /"status":"started"/.test(s.exec.text()), { timeoutMs: 20_000 });
      await waitFor(() => /"status":"started"/.test(s.attach.text()), { timeoutMs: 20_000 });
      await waitFor(() => /step 3\b/.test(s.build.text()), { timeoutMs: 60_000 });
      await waitFor(() => /Downloading/.test(s.pull.text()), { timeoutMs: 60_000 });
      await waitFor(() => /Pushing/.test(s.push.text()), { timeoutMs: 60_000 });
      for (const [k, x] of Object.entries(s))
        expect(
          x.messages.some((m) => m.t === 'end'),
          k,
        ).toBe(false);

      await daemon.kill();
      for (const [k, x] of Object.entries(s)) {
        const end = await bounded(x.ended, 20_000, k);
        expect(end.error?.code, `${k}: ${end.error?.message}`).toBe('engine_unreachable');
        expect(end.error?.message, k).toMatch(LOST);
      }
      expect(backend.streams.count()).toBe(0);
      // Berth is still there, and says plainly that the engine is not.
      await waitFor(() => backend.engine.status.state === 'disconnected', { timeoutMs: 10_000 });
      expect(await backend.dispatch('containers.list', {})).toMatchObject({
        ok: false,
        error: { code: 'engine_unreachable' },
      });

      await daemon.start();
      await waitFor(() => backend.engine.status.state === 'connected' && backend.engine.status.generation > gen, {
        timeoutMs: 30_000,
      });
      await waitFor(async () => JSON.stringify(await berthIds()) === JSON.stringify(await cliIds()), {
        timeoutMs: 15_000,
      });
      expect(await berthIds()).toContain(ticker);

      // The event subscription is back: a container made behind Berth's back is announced.
      const notices: string[][] = [];
      const off = backend.subscribe((name, payload) => {
        if (name === 'containers.changed') notices.push((payload as { ids: string[] }).ids);
      });
      const made = await d.createContainer({
        Image: TEST_IMAGE,
        Cmd: ['true'],
        Labels: LABELS,
        HostConfig: { NetworkMode: 'none' },
      });
      await waitFor(() => notices.some((ids) => ids.includes(made.id)), { timeoutMs: 10_000 });
      off();

      // The ticker's log reads on from where the stream was cut (what the Reconnect button does).
      const lastLine = [...s.logs.text().matchAll(/(\d{4}-\d\d-\d\dT[\d:.]+Z) line (\d+)/g)].at(-1);
      expect(lastLine).toBeDefined();
      const seconds = Math.floor(Date.parse(lastLine![1]!) / 1000);
      const resumed = await openStream('containers.logs', {
        id: ticker,
        follow: false,
        tail: 'all',
        since: seconds,
        timestamps: true,
      });
      await bounded(resumed.ended, 20_000, 'resumed logs');
      expect(resumed.text()).toContain(`line ${lastLine![2]}`);
    }
    expect(unhandled).toEqual([]);
  }, 600_000);
});

describe('the event subscription dropped while the engine stays up', () => {
  it('resumes with since = the last event seen: what happened in the gap arrives, once', async () => {
    const link = backend.engine.current();
    const created: string[] = [];
    const onEvent = (e: EngineEvent) => {
      if (e.Type === 'container' && e.Action === 'create') created.push(e.Actor?.ID ?? e.id ?? '');
    };
    backend.engine.on('event', onEvent);
    const gen = backend.engine.status.generation;
    try {
      link.stop('the test dropped the connection');
      expect(backend.engine.status.state).toBe('disconnected');
      const inTheGap = await d.createContainer({
        Image: TEST_IMAGE,
        Cmd: ['true'],
        Labels: LABELS,
        HostConfig: { NetworkMode: 'none' },
      });
      link.start();
      await waitFor(() => created.includes(inTheGap.id), { timeoutMs: 15_000 });
      // A new generation too: lists resync whatever the engine could replay.
      expect(backend.engine.status.generation).toBeGreaterThan(gen);
      const after = await d.createContainer({
        Image: TEST_IMAGE,
        Cmd: ['true'],
        Labels: LABELS,
        HostConfig: { NetworkMode: 'none' },
      });
      await waitFor(() => created.includes(after.id));
      expect(created.filter((id) => id === inTheGap.id)).toHaveLength(1);
    } finally {
      backend.engine.off('event', onEvent);
    }
  });
});

describe('a frozen dockerd (SIGSTOP)', () => {
  it('the heartbeat notices within bounds, the streams end naming the cause, and it recovers when thawed', async () => {
    await waitFor(async () => (await d.getContainer(ticker).inspect()).State.Running, { timeoutMs: 20_000 });
    const gen = backend.engine.status.generation;
    const logs = await openStream('containers.logs', { id: ticker, follow: true, tail: 1 });
    const exec = await openStream('terminal.exec', { id: ticker });
    await waitFor(() => /"status":"started"/.test(exec.text()), { timeoutMs: 20_000 });

    daemon.freeze();
    try {
      for (const [k, x] of Object.entries({ logs, exec })) {
        const end = await bounded(x.ended, 30_000, k);
        expect(end.error?.code, k).toBe('engine_unreachable');
        expect(end.error?.message, k).toMatch(/did not answer a ping within 3 s/);
      }
      expect(backend.streams.count()).toBe(0);
      expect(backend.engine.status.state).toBe('disconnected');
    } finally {
      daemon.thaw();
    }
    await waitFor(() => backend.engine.status.state === 'connected' && backend.engine.status.generation > gen, {
      timeoutMs: 30_000,
    });
    await waitFor(async () => JSON.stringify(await berthIds()) === JSON.stringify(await cliIds()), {
      timeoutMs: 15_000,
    });
    expect(unhandled).toEqual([]);
  }, 120_000);
});
