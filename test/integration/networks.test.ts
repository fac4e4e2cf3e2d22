import { readFileSync } from 'node:fs';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type {
  ConnectivityResult,
  NetworkSummary,
  NetworksPrunePreview,
  NetworksPruneResult,
} from '../../preload/contract/networks.contract';
import { LABELS, RUN_ID, TEST_IMAGE, docker, dockerCli, uniqueName } from '../support/engine';
import { backendCalls, startBackend, stopBackend } from '../support/backend';

let backend: Backend;
const d = docker();
const { ok, fail } = backendCalls(() => backend);

/** Test subnets: private, 10.213.<n>.0/24, only ever inside networks this test creates. */
const octet = 100 + (parseInt(RUN_ID.slice(0, 4), 16) % 100);
let nextSubnet = 0;
const subnet = () => `10.213.${(octet + nextSubnet++) % 250}.0/24`;
const NOTOOLS_IMAGE = `berth-test/notools:${RUN_ID}`;

const networkExists = async (idOrName: string) =>
  d
    .getNetwork(idOrName)
    .inspect()
    .then(
      () => true,
      () => false,
    );

async function createNetwork(extra: Record<string, unknown> = {}) {
  return ok<NetworkSummary>('networks.create', { name: uniqueName('n'), labels: LABELS, ...extra });
}

/** A labelled, started container on a network, with aliases. */
async function runOn(network: string, opts: { aliases?: string[]; image?: string; cmd?: string[] } = {}) {
  const name = uniqueName('c');
  const c = await d.createContainer({
    Image: opts.image ?? TEST_IMAGE,
    name,
    Cmd: opts.cmd ?? ['sleep', '3600'],
    Labels: LABELS,
    HostConfig: { NetworkMode: network },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: opts.aliases ?? [] } } },
  });
  await c.start();
  return { c, name };
}

/** An image with busybox but none of its applet links: no ping, no wget, no nslookup. */
async function ensureNoToolsImage() {
  const tar = pack();
  tar.entry({ name: 'bin/', type: 'directory', mode: 0o755 });
  tar.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync('/bin/busybox'));
  tar.finalize();
  const [repo, tag] = NOTOOLS_IMAGE.split(':') as [string, string];
  const stream = await d.importImage(
    tar as unknown as NodeJS.ReadableStream,
    {
      repo,
      tag,
      changes: [`LABEL berth.test=${RUN_ID}`],
    } as object,
  );
  await new Promise<void>((resolve, reject) =>
    d.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
  const mine = await d.listNetworks({ filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) });
  for (const n of mine)
    await d
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  await d
    .getImage(NOTOOLS_IMAGE)
    .remove()
    .catch(() => {});
});

describe('networks: create, list, inspect', () => {
  it('creates a network with subnet, gateway, IP range, flags and labels, as docker network inspect shows', async () => {
    const net = subnet();
    const base = net.replace(/0\/24$/, '');
    const n = await createNetwork({
      subnet: net,
      gateway: `${base}1`,
      ipRange: `${base}128/25`,
      attachable: true,
      labels: { ...LABELS, role: 'test' },
    });
    expect(n).toMatchObject({
      driver: 'bridge',
      scope: 'local',
      internal: false,
      attachable: true,
      ipv6: false,
      builtIn: false,
      subnets: [{ subnet: net, gateway: `${base}1`, ipRange: `${base}128/25` }],
      containers: [],
    });
    const [cli] = JSON.parse(await dockerCli(['network', 'inspect', n.id])) as {
      Name: string;
      Attachable: boolean;
      Labels: Record<string, string>;
      IPAM: { Config: { Subnet: string; Gateway: string; IPRange: string }[] };
    }[];
    expect(cli?.Name).toBe(n.name);
    expect(cli?.Attachable).toBe(true);
    expect(cli?.Labels).toMatchObject({ role: 'test', 'berth.test': RUN_ID });
    expect(cli?.IPAM.Config).toEqual([{ Subnet: net, Gateway: `${base}1`, IPRange: `${base}128/25` }]);

    const inspected = await ok<Record<string, unknown>>('networks.inspect', { id: n.id });
    expect(inspected.Name).toBe(n.name);
  });

  it('creates an internal network', async () => {
    const n = await createNetwork({ internal: true, subnet: subnet() });
    expect(n.internal).toBe(true);
    expect((await dockerCli(['network', 'inspect', '-f', '{{.Internal}}', n.id])).trim()).toBe('true');
  });

  it('checks CIDR input before it reaches the engine, field by field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ subnet: '10.213.1.0/33' }, 'subnet'],
      [{ subnet: '10.213.1.5/24' }, 'subnet'],
      [{ subnet: '10.213.300.0/24' }, 'subnet'],
      [{ subnet: 'fd00::/64' }, 'subnet'],
      [{ subnet: 'not a cidr' }, 'subnet'],
      [{ subnet: '10.213.1.0/24', gateway: '10.213.2.1' }, 'gateway'],
      [{ subnet: '10.213.1.0/24', gateway: '10.213.1.0' }, 'gateway'],
      [{ subnet: '10.213.1.0/24', gateway: '10.213.1.256' }, 'gateway'],
      [{ gateway: '10.213.1.1' }, 'gateway'],
      [{ subnet: '10.213.1.0/24', ipRange: '10.213.2.0/25' }, 'ipRange'],
      [{ subnet: '10.213.1.0/24', ipRange: '10.213.1.0/23' }, 'ipRange'],
      [{ ipv6: true, ipv6Subnet: '10.213.1.0/24' }, 'ipv6Subnet'],
      [{ ipv6Subnet: 'fd00:213::/64' }, 'ipv6Subnet'],
    ];
    const before = (await dockerCli(['network', 'ls', '-q'])).trim();
    for (const [extra, field] of cases) {
      const name = uniqueName('bad');
      const err = await fail('networks.create', { name, labels: LABELS, ...extra });
      expect(err.code, JSON.stringify(extra)).toBe('invalid_input');
      expect(
        err.issues?.map((i) => i.path),
        JSON.stringify(extra),
      ).toContain(field);
      expect(await networkExists(name)).toBe(false);
    }
    for (const name of ['-bad', 'has space', 'a/b', '']) {
      expect((await fail('networks.create', { name })).code).toBe('invalid_input');
    }
    expect((await dockerCli(['network', 'ls', '-q'])).trim()).toBe(before);
  });

  it('refuses a duplicate name', async () => {
    const n = await createNetwork();
    const err = await fail('networks.create', { name: n.name, labels: LABELS });
    expect(err.code).toBe('conflict');
    expect((await dockerCli(['network', 'ls', '-q', '--filter', `name=^${n.name}$`])).trim().split('\n')).toHaveLength(
      1,
    );
  });

  it('lists what docker network ls lists, built-ins marked, with containers, IPs and aliases', async () => {
    const n = await createNetwork({ subnet: subnet() });
    const a = await runOn(n.name, { aliases: ['db', 'primary'] });
    const stopped = await d.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('stopped'),
      Cmd: ['sleep', '3600'],
      Labels: LABELS,
      HostConfig: { NetworkMode: n.name },
    });
    const rows = await ok<NetworkSummary[]>('networks.list', {});
    const cli = (await dockerCli(['network', 'ls', '-q', '--no-trunc'])).trim().split('\n');
    for (const r of rows) expect(cli.includes(r.id) || !(await networkExists(r.id))).toBe(true);
    for (const name of ['bridge', 'host', 'none']) {
      expect(rows.find((r) => r.name === name)?.builtIn).toBe(true);
    }
    const mine = rows.find((r) => r.id === n.id);
    expect(mine?.builtIn).toBe(false);
    const ip = (
      await dockerCli(['inspect', '-f', `{{(index .NetworkSettings.Networks "${n.name}").IPAddress}}`, a.name])
    ).trim();
    expect(mine?.containers).toEqual([
      expect.objectContaining({
        id: a.c.id,
        name: a.name,
        state: 'running',
        active: true,
        ipv4: ip,
        aliases: ['db', 'primary'],
      }),
      expect.objectContaining({ id: stopped.id, state: 'created', active: false, aliases: [] }),
    ]);
    const byId = await ok<NetworkSummary[]>('networks.list', { ids: [n.id] });
    expect(byId.map((r) => r.id)).toEqual([n.id]);
  });
});

describe('networks: remove, prune', () => {
  it('protects bridge, host and none', async () => {
    for (const name of ['bridge', 'host', 'none']) {
      const err = await fail('networks.remove', { id: name });
      expect(err.code).toBe('conflict');
      expect(err.message).toContain('built-in');
      expect(await networkExists(name)).toBe(true);
    }
  });

  it('refuses to remove a network in use, naming the containers; not_found and invalid_input', async () => {
    const n = await createNetwork({ subnet: subnet() });
    const a = await runOn(n.name);
    const err = await fail('networks.remove', { id: n.id });
    expect(err.code).toBe('conflict');
    expect(err.message).toContain(a.name);
    expect(await networkExists(n.id)).toBe(true);
    await a.c.remove({ force: true });
    await ok('networks.remove', { id: n.id });
    expect(await networkExists(n.id)).toBe(false);
    expect((await fail('networks.remove', { id: `berth-none-${RUN_ID}` })).code).toBe('not_found');
    expect((await fail('networks.remove', { id: '../x' })).code).toBe('invalid_input');
  });

  it('previews a prune and removes exactly the previewed networks, skipping one used meanwhile', async () => {
    const idle = await createNetwork();
    const late = await createNetwork();
    const busy = await createNetwork();
    const b = await runOn(busy.name);
    const preview = await ok<NetworksPrunePreview>('networks.prunePreview', {});
    const ids = preview.networks.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([idle.id, late.id]));
    expect(ids).not.toContain(busy.id);
    expect(preview.networks.some((n) => ['bridge', 'host', 'none'].includes(n.name))).toBe(false);

    const l = await runOn(late.name); // became used after the preview
    // Our own networks only: the engine may hold the user's.
    const res = await ok<NetworksPruneResult>('networks.prune', { ids: [idle.id, late.id] });
    expect(res.removed).toEqual([{ id: idle.id, name: idle.name }]);
    expect(res.skipped).toEqual([expect.objectContaining({ id: late.id, code: 'conflict' })]);
    expect(res.skipped[0]?.reason).toContain(l.name);
    expect(await networkExists(idle.id)).toBe(false);
    expect(await networkExists(late.id)).toBe(true);
    expect(await networkExists(busy.id)).toBe(true);
    await b.c.remove({ force: true });
    await l.c.remove({ force: true });
  });
});

describe('networks: connect, disconnect, connectivity', () => {
  let net: NetworkSummary;
  let base: string;
  let a: { name: string };
  let b: { name: string };

  beforeAll(async () => {
    const s = subnet();
    base = s.replace(/0\/24$/, '');
    net = await createNetwork({ subnet: s });
    a = await runOn(net.name);
    b = await runOn(net.name, { aliases: ['backend'] });
  });

  it('connects a container with aliases and a fixed IP, then disconnects it', async () => {
    const c = await d.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('x'),
      Cmd: ['sleep', '3600'],
      Labels: LABELS,
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    await d.getNetwork('none').disconnect({ Container: c.id });
    await ok('networks.connect', { id: net.id, container: c.id, aliases: ['cache', 'redis'], ipv4: `${base}77` });
    const info = await c.inspect();
    const ep = info.NetworkSettings.Networks[net.name] as { IPAddress: string; Aliases: string[] };
    expect(ep.IPAddress).toBe(`${base}77`);
    expect(ep.Aliases).toEqual(expect.arrayContaining(['cache', 'redis']));
    const [row] = await ok<NetworkSummary[]>('networks.list', { ids: [net.id] });
    expect(row?.containers.find((m) => m.id === c.id)).toMatchObject({
      ipv4: `${base}77`,
      aliases: ['cache', 'redis'],
    });

    await ok('networks.disconnect', { id: net.id, container: c.id });
    expect(Object.keys((await c.inspect()).NetworkSettings.Networks)).not.toContain(net.name);
  });

  it('says what the engine says for a bad connect, and checks input', async () => {
    const c = await d.createContainer({ Image: TEST_IMAGE, name: uniqueName('x'), Labels: LABELS });
    expect((await fail('networks.connect', { id: net.id, container: `nope-${RUN_ID}` })).code).toBe('not_found');
    expect((await fail('networks.connect', { id: net.id, container: c.id, ipv4: '10.0.0.300' })).code).toBe(
      'invalid_input',
    );
    expect((await fail('networks.connect', { id: net.id, container: c.id, aliases: ['bad alias'] })).code).toBe(
      'invalid_input',
    );
    // Outside the subnet: the engine refuses, and nothing changes.
    const err = await fail('networks.connect', { id: net.id, container: c.id, ipv4: '10.99.0.5' });
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain('outside the subnet');
    expect(Object.keys((await c.inspect()).NetworkSettings.Networks)).not.toContain(net.name);
    // Disconnecting what is not connected is refused by the engine (no silent success).
    await fail('networks.disconnect', { id: net.id, container: c.id });
  });

  it('resolves and reaches the other container by name and by alias (user-defined bridge DNS)', async () => {
    const r = await ok<ConnectivityResult>('networks.checkConnectivity', {
      id: net.id,
      source: a.name,
      target: b.name,
    });
    const ip = (
      await dockerCli(['inspect', '-f', `{{(index .NetworkSettings.Networks "${net.name}").IPAddress}}`, b.name])
    ).trim();
    expect(r).toMatchObject({
      source: a.name,
      target: b.name,
      host: b.name,
      network: net.name,
      resolved: 'yes',
      reached: 'yes',
      resolvedAddress: ip,
      expectedAddress: ip,
      noTool: false,
    });
    expect(r.attempts[0]).toMatchObject({ tool: 'ping', exitCode: 0, missing: false });
    expect(r.attempts[0]?.output).toContain(`PING ${b.name} (${ip})`);

    const alias = await ok<ConnectivityResult>('networks.checkConnectivity', {
      id: net.id,
      source: a.name,
      target: b.name,
      host: 'backend',
    });
    expect(alias).toMatchObject({ resolved: 'yes', reached: 'yes', resolvedAddress: ip });

    const none = await ok<ConnectivityResult>('networks.checkConnectivity', {
      id: net.id,
      source: a.name,
      target: b.name,
      host: 'no-such-alias',
    });
    expect(none).toMatchObject({ resolved: 'no', reached: 'no' });
  });

  it('reports clearly when the image has no tool for it', async () => {
    await ensureNoToolsImage();
    const bare = await runOn(net.name, { image: NOTOOLS_IMAGE, cmd: ['/bin/busybox', 'sleep', '3600'] });
    const r = await ok<ConnectivityResult>('networks.checkConnectivity', {
      id: net.id,
      source: bare.name,
      target: a.name,
    });
    expect(r.noTool).toBe(true);
    expect(r.resolved).toBe('unknown');
    expect(r.reached).toBe('unknown');
    expect(r.attempts.map((x) => x.tool)).toEqual(['ping', 'getent', 'nslookup', 'wget']);
    expect(r.attempts.every((x) => x.missing)).toBe(true);
  });

  it('refuses containers that are not running or not on the network', async () => {
    const other = await createNetwork();
    const c = await runOn(other.name);
    const err = await fail('networks.checkConnectivity', { id: net.id, source: a.name, target: c.name });
    expect(err.code).toBe('conflict');
    expect(err.message).toContain(c.name);
    await c.c.stop({ t: 0 });
    const err2 = await fail('networks.checkConnectivity', { id: other.id, source: c.name, target: c.name });
    expect(err2.message).toContain('not running');
    expect((await fail('networks.checkConnectivity', { id: net.id, source: 'nope-x', target: a.name })).code).toBe(
      'not_found',
    );
  });
});
