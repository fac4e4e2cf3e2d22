import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import { ActivityService, Ring, toActivityEntry } from '../../main/services/activity.service';
import type { Envelope } from '../../preload/contract/errors';
import type { ActivityEntry, ActivityHistory } from '../../preload/contract/system.contract';
import { RUN_ID, TEST_IMAGE, cleanup, dockerCli, uniqueName, waitFor } from '../support/engine';

let backend: Backend;
const appended: ActivityEntry[] = [];
const call = async <T>(name: string, input: unknown) => (await backend.dispatch(name, input)) as Envelope<T>;
const history = async (afterSeq?: number) => {
  const r = await call<ActivityHistory>('activity.history', afterSeq === undefined ? {} : { afterSeq });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const created: { volumes: string[]; networks: string[]; images: string[] } = { volumes: [], networks: [], images: [] };

beforeAll(async () => {
  backend = createBackend();
  backend.subscribe((name, payload) => {
    if (name === 'activity.appended') appended.push(...(payload as { entries: ActivityEntry[] }).entries);
  });
  backend.start();
  expect((await backend.engine.whenConnected()).state).toBe('connected');
});
afterAll(async () => {
  await backend.dispose();
  for (const v of created.volumes) await dockerCli(['volume', 'rm', '-f', v]).catch(() => {});
  for (const n of created.networks) await dockerCli(['network', 'rm', n]).catch(() => {});
  for (const i of created.images) await dockerCli(['rmi', i]).catch(() => {});
  await cleanup();
});

const find = (entries: ActivityEntry[], type: string, action: string, match: (e: ActivityEntry) => boolean) =>
  entries.find((e) => e.type === type && e.action === action && match(e));

describe('activity: the engine events of the session', () => {
  it('records what the docker CLI does to containers, volumes, networks and images, in order', async () => {
    const name = uniqueName('act');
    const vol = uniqueName('actvol');
    const net = uniqueName('actnet');
    const tag = `berth-act-${RUN_ID}:one`;
    created.volumes.push(vol);
    created.networks.push(net);
    created.images.push(tag);
    await dockerCli(['volume', 'create', '--label', `berth.test=${RUN_ID}`, vol]);
    await dockerCli(['network', 'create', '--label', `berth.test=${RUN_ID}`, net]);
    const id = (
      await dockerCli([
        'create',
        '--label',
        `berth.test=${RUN_ID}`,
        '--name',
        name,
        '--network',
        net,
        '-v',
        `${vol}:/data`,
        TEST_IMAGE,
        'sleep',
        '600',
      ])
    ).trim();
    await dockerCli(['start', name]);
    await dockerCli(['stop', '-t', '0', name]);
    await dockerCli(['rm', name]);
    await dockerCli(['tag', TEST_IMAGE, tag]);
    await dockerCli(['rmi', tag]);

    const all = await waitFor(async () => {
      const h = await history();
      const tagged = find(h.entries, 'image', 'tag', (e) => e.attributes.name === tag);
      // The engine names the image by id when it untags it.
      return tagged && find(h.entries, 'image', 'untag', (e) => e.id === tagged.id && e.seq > tagged.seq)
        ? h.entries
        : undefined;
    });
    const createE = find(all, 'container', 'create', (e) => e.id === id)!;
    expect(createE).toMatchObject({ name, attributes: { image: TEST_IMAGE, 'berth.test': RUN_ID } });
    const start = find(all, 'container', 'start', (e) => e.id === id)!;
    const die = find(all, 'container', 'die', (e) => e.id === id)!;
    const destroy = find(all, 'container', 'destroy', (e) => e.id === id)!;
    expect(createE.seq).toBeLessThan(start.seq);
    expect(start.seq).toBeLessThan(die.seq);
    expect(die.seq).toBeLessThan(destroy.seq);
    expect(start.time).toBeLessThanOrEqual(destroy.time);
    expect(Math.abs(start.time - Date.now())).toBeLessThan(120_000); // milliseconds since the epoch
    expect(find(all, 'volume', 'create', (e) => e.id === vol)?.name).toBe(vol);
    expect(find(all, 'volume', 'mount', (e) => e.id === vol)?.attributes.container).toBe(id);
    expect(find(all, 'network', 'create', (e) => e.name === net)).toBeDefined();
    expect(find(all, 'network', 'connect', (e) => e.name === net)?.attributes.container).toBe(id);
    expect(find(all, 'image', 'tag', (e) => e.attributes.name === tag)).toBeDefined();

    // Each entry also went out as an 'activity.appended' event, with the same seq.
    await waitFor(() => appended.some((e) => e.seq === destroy.seq));
    expect(appended.find((e) => e.seq === start.seq)).toEqual(start);
    // Seqs increase without gaps.
    const seqs = all.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('gives only what came after a seq, and keeps the detail of exec and health actions', async () => {
    const before = await history();
    const last = before.entries.at(-1)?.seq ?? 0;
    const name = uniqueName('exec');
    await dockerCli([
      'run',
      '-d',
      '--label',
      `berth.test=${RUN_ID}`,
      '--network',
      'none',
      '--name',
      name,
      TEST_IMAGE,
      'sleep',
      '600',
    ]);
    await dockerCli(['exec', name, 'echo', 'hello']);
    const after = await waitFor(async () => {
      const h = await history(last);
      return find(h.entries, 'container', 'exec_start', (e) => e.name === name) ? h : undefined;
    });
    expect(after.entries.every((e) => e.seq > last)).toBe(true);
    expect(find(after.entries, 'container', 'exec_start', (e) => e.name === name)?.detail).toBe('echo hello');
    expect(after.capacity).toBeGreaterThanOrEqual(1000);
    expect(after.since).toBeLessThanOrEqual(Date.now());
    await dockerCli(['rm', '-f', name]);
  });

  it('refuses bad input', async () => {
    for (const bad of [{ afterSeq: -1 }, { afterSeq: 1.5 }, { afterSeq: '3' }, { extra: 1 }]) {
      const r = await call('activity.history', bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
  });
});

describe('activity: bounded, batched, engine connection recorded', () => {
  it('keeps the newest entries of a ring, counts what it dropped, sends them in batches', async () => {
    const engine = new EventEmitter();
    const batches: ActivityEntry[][] = [];
    const svc = new ActivityService(engine, (b) => batches.push(b), { capacity: 5, batchMs: 5 });
    for (let i = 0; i < 12; i++)
      engine.emit('event', { Type: 'container', Action: 'start', Actor: { ID: `c${i}`, Attributes: {} }, time: i });
    const h = svc.history();
    expect(h.entries.map((e) => e.id)).toEqual(['c7', 'c8', 'c9', 'c10', 'c11']);
    expect(h.dropped).toBe(7);
    await waitFor(() => batches.length > 0);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((e) => e.id)).toEqual(['c7', 'c8', 'c9', 'c10', 'c11']);
    svc.dispose();
  });

  it('records the engine going away and coming back, not the first connect', () => {
    const engine = new EventEmitter();
    const svc = new ActivityService(engine, () => {}, { batchMs: 1 });
    const base = { endpoint: 'unix:///var/run/docker.sock', source: 'default', generation: 1 };
    engine.emit('status', { ...base, state: 'connecting' });
    engine.emit('status', { ...base, state: 'connected', engineVersion: '20.10' });
    engine.emit('status', { ...base, state: 'disconnected', error: 'the engine closed the connection' });
    engine.emit('status', { ...base, state: 'disconnected', error: 'connect ECONNREFUSED' });
    engine.emit('status', { ...base, state: 'connected', engineVersion: '20.10' });
    const h = svc.history();
    expect(h.entries.map((e) => [e.type, e.action, e.detail])).toEqual([
      ['engine', 'disconnected', 'the engine closed the connection'],
      ['engine', 'connected', undefined],
    ]);
    svc.dispose();
  });

  it('maps raw events: action detail, names, nanosecond time, bounded attributes', () => {
    const e = toActivityEntry(
      {
        Type: 'container',
        Action: 'health_status: healthy',
        Actor: {
          ID: 'abc',
          Attributes: {
            name: 'web',
            big: 'x'.repeat(5000),
            ...Object.fromEntries(range(100).map((i) => [`k${i}`, 'v'])),
          },
        },
        time: 1700000000,
        timeNano: Number('1700000000123456789'),
      },
      0,
    );
    expect(e).toMatchObject({ type: 'container', action: 'health_status', detail: 'healthy', id: 'abc', name: 'web' });
    expect(e.time).toBe(1700000000123);
    expect(Object.keys(e.attributes).length).toBeLessThanOrEqual(64);
    expect(e.attributes.big!.length).toBeLessThanOrEqual(1024);
    expect(toActivityEntry({ Type: 'volume', Action: 'destroy', Actor: { ID: 'data' }, time: 5 }, 0)).toMatchObject({
      name: 'data',
      time: 5000,
    });
    const r = new Ring<number>(3);
    [1, 2, 3, 4].forEach((n) => r.push(n));
    expect(r.toArray()).toEqual([2, 3, 4]);
  });
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
