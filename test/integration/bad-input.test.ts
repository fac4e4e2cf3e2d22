/**
 * The bad-input catalogue (issue 10): what a person really types or clicks
 * wrong, each refused with a message that names the cause, and the engine's
 * state checked unchanged afterwards. The test speaks only the contract (call
 * names and JSON inputs, as the renderer sends them) and judges the messages
 * by what a user needs to read in them, never by the implementation's strings.
 *
 * "Unchanged" on a shared engine: every object this run labels (containers
 * with their state, volumes, networks), the images of this run's repository,
 * and the engine's own event stream, which must carry no event about any of
 * them (or about a name the attempt tried to create) while the attempt runs.
 *
 * Items proven by a test elsewhere are listed in ELSEWHERE below and checked
 * to still exist there, so that this file is the index of the whole catalogue.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import type { EngineEvent } from '../../main/engine/engine-connection';
import { LABELS, RUN_ID, TEST_IMAGE, cleanup, docker, uniqueName, waitFor } from '../support/engine';
import { freePort } from '../support/registry';

type Failure = { code: string; message: string; issues?: { path: string; message: string }[] };
type Outcome = { ok: true; value: unknown } | { ok: false; error: Failure };

const d = docker();
const REPO = `berth-bad-${RUN_ID}`;
let backend: Backend;
let configDir: string;
const events: EngineEvent[] = [];
/** Names an attempt might have created: an event about one of them counts as a change. */
const watched = new Set<string>();

beforeAll(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'berth-bad-input-config-'));
  backend = createBackend({ dockerConfigDir: configDir });
  backend.start();
  await backend.engine.whenConnected();
  backend.engine.on('event', (ev: EngineEvent) => events.push(ev));
});
afterAll(async () => {
  await backend?.dispose();
  await cleanup();
  for (const i of await d.listImages({
    filters: JSON.stringify({ reference: [`${REPO}*`, `*/${REPO}*`, `*/${REPO}/*`] }),
  }))
    for (const tag of i.RepoTags ?? [])
      await d
        .getImage(tag)
        .remove()
        .catch(() => {});
  for (const v of (await d.listVolumes({ filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) })).Volumes ?? [])
    await d
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
  for (const n of await d.listNetworks({ filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) }))
    await d
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

const call = async (name: string, input: unknown): Promise<Outcome> => (await backend.dispatch(name, input)) as Outcome;

/** A stream as the renderer opens it: refused at once, or ended with an error (or not). */
async function stream(name: string, input: unknown): Promise<Outcome> {
  let resolveEnd: (e: Outcome) => void = () => {};
  const ended = new Promise<Outcome>((r) => (resolveEnd = r));
  const r = await backend.streams.open('bad-input', name, input, (_sid, m) => {
    if (m.t === 'end') resolveEnd(m.error ? { ok: false, error: m.error as Failure } : { ok: true, value: null });
  });
  if (!r.ok) return { ok: false, error: r.error as Failure };
  return ended;
}

const label = JSON.stringify({ label: [`berth.test=${RUN_ID}`] });
/** What this run owns on the engine, as the engine itself lists it. */
async function engineState(): Promise<string> {
  const containers = (await d.listContainers({ all: true, filters: label }))
    .map((c) => `${c.Id} ${c.Names.join(',')} ${c.State} ${JSON.stringify(c.Ports)}`)
    .sort();
  const volumes = ((await d.listVolumes({ filters: label })).Volumes ?? []).map((v) => v.Name).sort();
  const networks = (await d.listNetworks({ filters: label })).map((n) => `${n.Id} ${n.Name}`).sort();
  const images = (
    await d.listImages({ filters: JSON.stringify({ reference: [`${REPO}*`, `*/${REPO}*`, `*/${REPO}/*`] }) })
  )
    .map((i) => `${i.Id} ${(i.RepoTags ?? []).sort().join(',')}`)
    .sort();
  const base = (await d.getImage(TEST_IMAGE).inspect()).Id;
  return JSON.stringify({ containers, volumes, networks, images, base }, null, 1);
}

/**
 * Every engine event up to now has arrived: make one of our own (a labelled
 * volume, created and removed) and wait for it. Events come in order.
 */
async function eventsSettled(): Promise<void> {
  const marker = uniqueName('marker');
  await d.createVolume({ Name: marker, Labels: LABELS });
  await d.getVolume(marker).remove();
  await waitFor(() => events.some((e) => e.Type === 'volume' && e.Action === 'destroy' && e.Actor?.ID === marker));
}

const ourIds = new Set<string>();
const aboutUs = (e: EngineEvent) => {
  const a = e.Actor?.Attributes ?? {};
  if (e.Type === 'volume' && (e.Actor?.ID ?? '').startsWith('berth-marker-')) return false;
  return (
    a['berth.test'] === RUN_ID ||
    ourIds.has(e.Actor?.ID ?? '') ||
    watched.has(a.name ?? '') ||
    watched.has(e.Actor?.ID ?? '') ||
    (a.name ?? '').includes(REPO)
  );
};

/** Run the attempt; the engine's state and its event stream say nothing changed. */
async function unchanged<T>(attempt: () => Promise<T>): Promise<T> {
  const before = await engineState();
  for (const c of await d.listContainers({ all: true, filters: label })) ourIds.add(c.Id);
  await eventsSettled();
  const from = events.length;
  const out = await attempt();
  await eventsSettled();
  const during = events.slice(from).filter(aboutUs);
  expect(during.map((e) => `${e.Type} ${e.Action} ${e.Actor?.Attributes?.name ?? e.Actor?.ID}`)).toEqual([]);
  expect(await engineState()).toBe(before);
  expect(backend.streams.count()).toBe(0);
  return out;
}

/** The refusal: its code, and a message in which each pattern (the cause) can be read. */
function refused(r: Outcome, code: string, ...cause: RegExp[]): Failure {
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (r.ok) throw new Error('accepted');
  expect(r.error.code, r.error.message).toBe(code);
  for (const c of cause) expect(r.error.message).toMatch(c);
  return r.error;
}

const spec = (extra: Record<string, unknown>) => ({
  image: TEST_IMAGE,
  cmd: ['sleep', '300'],
  labels: [`berth.test=${RUN_ID}`],
  ...extra,
});

/** Catalogue items proven by tests in other files: [item, file, test title]. */
const ELSEWHERE: [string, string, string][] = [
  [
    'uppercase repository (tag)',
    'images.test.ts',
    'refuses an uppercase or malformed target with the engine grammar, and changes nothing',
  ],
  ['uppercase repository (pull)', 'registry.test.ts', 'refuses a malformed reference before anything starts'],
  [
    'removing an image in use',
    'images.test.ts',
    'refuses (naming the container) while a container uses it; force removes it when asked',
  ],
  [
    'removing a volume in use',
    'volumes.test.ts',
    'refuses to remove a volume in use, naming the containers, and keeps it',
  ],
  [
    'removing a network in use',
    'networks.test.ts',
    'refuses to remove a network in use, naming the containers; not_found and invalid_input',
  ],
  [
    'exec into a stopped container',
    'terminal.test.ts',
    'refuses a stopped container (conflict: start it first), an unknown one and bad input; the engine is unchanged',
  ],
  [
    'build without a Dockerfile',
    'images-build.test.ts',
    'refuses a build without a Dockerfile, or with one outside the context, before anything starts',
  ],
  [
    'wrong registry password',
    'registry.test.ts',
    'refuses a wrong password with a clear message, stores nothing, and never echoes it',
  ],
  [
    'host port already published by a container',
    'containers-run.test.ts',
    'host port already published by a container -> spec.ports.N.hostPort, nothing created',
  ],
  [
    'a pasted docker run line with an unknown flag',
    '../e2e/bad-input.e2e.test.ts',
    'an unknown flag: named, and nothing runs',
  ],
  [
    'a pasted docker run line with unbalanced quotes',
    '../e2e/bad-input.e2e.test.ts',
    'unbalanced quotes: named, the form is not filled from it, and Run makes nothing',
  ],
];

describe('the catalogue index', () => {
  it.each(ELSEWHERE)('%s: proven in %s', (_item, file, title) => {
    expect(readFileSync(join(import.meta.dirname, file), 'utf8')).toContain(title);
  });
});

describe('bad input, refused with its cause named; the engine unchanged', () => {
  it('an invalid image reference (run, pull, tag, look-up)', async () => {
    const name = uniqueName('badref');
    watched.add(name);
    await unchanged(async () => {
      for (const image of ['busybox::latest', 'a//b', 'x:', '-x', 'a b', 'busybox@sha256:12']) {
        const e = refused(await call('containers.run', { spec: spec({ image, name }) }), 'invalid_input', /reference/);
        expect(e.issues?.[0]?.path).toBe('spec.image');
      }
      refused(await stream('images.pull', { ref: 'a//b' }), 'invalid_input', /invalid reference format/);
      refused(
        await call('images.tag', { source: TEST_IMAGE, target: `${REPO}:a:b` }),
        'invalid_input',
        /invalid reference format/,
      );
      refused(await call('containers.imageHints', { image: 'a/../../info' }), 'invalid_input', /reference/);
    });
  });

  it('an uppercase repository where a container is run', async () => {
    const name = uniqueName('upper');
    watched.add(name);
    await unchanged(async () => {
      const e = refused(
        await call('containers.run', { spec: spec({ image: 'Berth-Test/BusyBox', name }) }),
        'invalid_input',
        /lowercase/,
        /BusyBox/,
      );
      expect(e.issues?.[0]?.path).toBe('spec.image');
    });
  });

  it('a port out of range', async () => {
    const name = uniqueName('port');
    watched.add(name);
    await unchanged(async () => {
      for (const [ports, path, port] of [
        [[{ hostPort: '70000', containerPort: '80' }], 'spec.ports.0.hostPort', '70000'],
        [[{ hostPort: '8080', containerPort: '0' }], 'spec.ports.0.containerPort', '0'],
        [[{ hostPort: '8080', containerPort: '65536' }], 'spec.ports.0.containerPort', '65536'],
        [[{ hostPort: '9000-8000', containerPort: '80' }], 'spec.ports.0.hostPort', '9000-8000'],
      ] as const) {
        const e = refused(
          await call('containers.run', { spec: spec({ name, ports }) }),
          'invalid_input',
          /port/,
          new RegExp(`"${port}"`),
        );
        expect(e.issues?.map((i) => i.path)).toContain(path);
      }
    });
  });

  let holder: Server | undefined;
  afterAll(() => holder?.close());

  it('a host port in use by another program: said so, naming the port; the program keeps it', async () => {
    holder = createServer((s) => s.end('mine\n'));
    const port = await new Promise<number>((resolve) =>
      holder!.listen(0, '127.0.0.1', () => resolve((holder!.address() as { port: number }).port)),
    );
    const name = uniqueName('held');
    const r = await call('containers.run', {
      spec: spec({ name, ports: [{ hostIp: '127.0.0.1', hostPort: String(port), containerPort: '80' }] }),
    });
    // The engine creates, then cannot start: like `docker run`, the container stays (stopped) and Berth says why.
    expect(r.ok).toBe(true);
    const out = (r as { value: { outcome: string; startError?: Failure; id: string } }).value;
    expect(out.outcome).toBe('start_failed');
    expect(out.startError?.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}`));
    expect(out.startError?.message).toMatch(/address already in use/);
    expect(out.startError?.issues?.[0]?.path).toBe('spec.ports.0.hostPort');
    expect((await d.getContainer(out.id).inspect()).State.Running).toBe(false);
    // The port is still the program's.
    const answer = await new Promise<string>((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      let text = '';
      s.on('data', (b) => (text += b.toString()));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    expect(answer).toBe('mine\n');
    await d.getContainer(out.id).remove({ force: true });
  });

  it('a duplicate container name', async () => {
    const name = uniqueName('dup');
    const first = await call('containers.run', { spec: spec({ name }), start: false });
    expect(first.ok).toBe(true);
    await unchanged(async () => {
      const e = refused(
        await call('containers.run', { spec: spec({ name }) }),
        'conflict',
        new RegExp(name),
        /already in use/,
      );
      expect(e.issues?.[0]?.path).toBe('spec.name');
    });
  });

  it('an unknown container, whatever is asked of it', async () => {
    const name = `berth-no-such-${RUN_ID}`;
    watched.add(name);
    await unchanged(async () => {
      for (const [verb, input] of [
        ['containers.start', { id: name }],
        ['containers.stop', { id: name }],
        ['containers.restart', { id: name }],
        ['containers.remove', { id: name, force: true }],
        ['containers.kill', { id: name }],
        ['containers.inspect', { id: name }],
        ['containers.rename', { id: name, name: `${name}-2` }],
      ] as const) {
        const e = refused(await call(verb, input), 'not_found', new RegExp(name));
        expect(e.message, verb).toMatch(/no such container/i);
      }
      for (const s of ['containers.logs', 'containers.stats', 'terminal.exec', 'terminal.attach'])
        refused(await stream(s, { id: name }), 'not_found', new RegExp(name));
    });
  });

  it('an unreachable registry: login, pull, push and browsing say which registry and why', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const ref = `${host}/${REPO}/tiny:1`;
    // Setup, outside the check: a local tag to push.
    expect((await call('images.tag', { source: TEST_IMAGE, target: ref })).ok).toBe(true);
    await unchanged(async () => {
      const cause = [new RegExp(host.replace(/\./g, '\\.')), /reach/, /connection refused/];
      refused(
        await call('registries.login', { server: host, username: 'someone', password: 'a-long-password' }),
        'unreachable',
        ...cause,
      );
      refused(await stream('images.pull', { ref }), 'unreachable', ...cause);
      refused(await stream('images.push', { ref }), 'unreachable', ...cause);
      refused(await call('registries.catalog', { registry: host }), 'unreachable', ...cause.slice(0, 2));
      refused(
        await call('registries.tags', { registry: host, repository: `${REPO}/tiny` }),
        'unreachable',
        ...cause.slice(0, 2),
      );
    });
    // Nothing was stored for it.
    await expect(stat(join(configDir, 'config.json'))).rejects.toThrow();
  });

  it('an invalid CIDR: the field and what is wrong with it', async () => {
    const name = uniqueName('cidr');
    watched.add(name);
    await unchanged(async () => {
      for (const [input, field, cause] of [
        [{ subnet: '10.213.7.9/24' }, 'subnet', /host bits.*10\.213\.7\.0\/24/],
        [{ subnet: '10.213.300.0/24' }, 'subnet', /not a CIDR/],
        [{ subnet: '10.213.7.0/33' }, 'subnet', /not a CIDR/],
        [{ subnet: 'fd00::/64' }, 'subnet', /IPv4/],
        [{ subnet: '10.213.7.0/24', gateway: '10.213.8.1' }, 'gateway', /outside the subnet/],
        [{ subnet: '10.213.7.0/24', ipRange: '10.213.6.0/23' }, 'ipRange', /outside the subnet/],
        [{ ipv6: true, ipv6Subnet: 'fd00::1/64' }, 'ipv6Subnet', /host bits/],
      ] as const) {
        const e = refused(await call('networks.create', { name, labels: LABELS, ...input }), 'invalid_input', cause);
        expect(e.message).toContain(field);
        expect(e.issues?.map((i) => i.path)).toContain(field);
      }
    });
  });
});
