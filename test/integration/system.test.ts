import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { createBackend, type Backend } from '../../main/backend';
import { diskTotals, isAnonymousVolume, matchesLabel, toSystemInfo } from '../../main/services/system.service';
import type { Envelope } from '../../preload/contract/errors';
import type {
  AboutInfo,
  DiskUsage,
  SystemInfo,
  SystemPrunePreview,
  SystemPruneResult,
} from '../../preload/contract/system.contract';
import { LABELS, RUN_ID, TEST_IMAGE, createContainer, docker, dockerCli, exists, uniqueName } from '../support/engine';
import { backendCalls, startBackend, stopBackend } from '../support/backend';

let backend: Backend;
const d = docker();
const { call, ok } = backendCalls(() => backend);

/** Only what this file creates carries this value: prunes here never reach anything else. */
const SYS_LABEL = `${RUN_ID}-sys-${randomBytes(3).toString('hex')}`;
const MINE = { 'berth.test': SYS_LABEL };
const FILTER = `berth.test=${SYS_LABEL}`;
const images: string[] = [];

async function removeMine(): Promise<void> {
  const filters = (label: string) => JSON.stringify({ label: [label] });
  for (const label of [FILTER, `berth.test=${SYS_LABEL}-other`]) {
    for (const c of await d.listContainers({ all: true, filters: filters(label) }))
      await d
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {});
    for (const n of await d.listNetworks({ filters: filters(label) }))
      await d
        .getNetwork(n.Id)
        .remove()
        .catch(() => {});
    for (const v of (await d.listVolumes({ filters: filters(label) })).Volumes ?? [])
      await d
        .getVolume(v.Name)
        .remove()
        .catch(() => {});
  }
  for (const id of images.reverse())
    await d
      .getImage(id)
      .remove({ force: true })
      .catch(() => {});
}

beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
  await removeMine();
});

describe('system.info: docker version and docker info', () => {
  it('says what docker info and docker version say', async () => {
    const info = await ok<SystemInfo>('system.info', {});
    const cli = JSON.parse(await dockerCli(['info', '--format', '{{json .}}'])) as Record<string, unknown>;
    expect(info.id).toBe(cli.ID);
    expect(info.name).toBe(cli.Name);
    expect(info.storageDriver).toBe(cli.Driver);
    expect(info.loggingDriver).toBe(cli.LoggingDriver);
    expect(info.cgroupDriver).toBe(cli.CgroupDriver);
    expect(info.kernelVersion).toBe(cli.KernelVersion);
    expect(info.operatingSystem).toBe(cli.OperatingSystem);
    expect(info.osType).toBe(cli.OSType);
    expect(info.architecture).toBe(cli.Architecture);
    expect(info.cpus).toBe(cli.NCPU);
    expect(info.memoryBytes).toBe(cli.MemTotal);
    expect(info.dockerRootDir).toBe(cli.DockerRootDir);
    expect(info.defaultRuntime).toBe(cli.DefaultRuntime);
    expect(info.runtimes).toEqual(Object.keys(cli.Runtimes as object).sort());
    expect(info.securityOptions).toEqual(cli.SecurityOptions ?? []);
    expect(info.warnings).toEqual(cli.Warnings ?? []);
    expect(info.driverStatus).toEqual(cli.DriverStatus ?? []);
    expect(info.plugins.volume).toEqual((cli.Plugins as { Volume: string[] }).Volume);
    const registry = cli.RegistryConfig as { InsecureRegistryCIDRs: string[] };
    for (const cidr of registry.InsecureRegistryCIDRs) expect(info.insecureRegistries).toContain(cidr);

    const server = JSON.parse(await dockerCli(['version', '--format', '{{json .Server}}'])) as {
      Version: string;
      ApiVersion: string;
      MinAPIVersion: string;
      Os: string;
      Arch: string;
      Components?: { Name: string; Version: string }[];
    };
    expect(info.server.version).toBe(server.Version);
    expect(info.server.apiVersion).toBe(server.ApiVersion);
    expect(info.server.minApiVersion).toBe(server.MinAPIVersion);
    expect(info.server.os).toBe(server.Os);
    expect(info.server.arch).toBe(server.Arch);
    expect(info.server.components.map((c) => c.name)).toEqual((server.Components ?? []).map((c) => c.Name));
    expect(info.client.apiVersion).toBe(backend.engine.status.apiVersion);
    expect(info.client.berthVersion).toBe(pkgVersion());
  });
});

const pkgVersion = () =>
  (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
    .version;

describe('system.about', () => {
  it('gives the versions and says where the log goes', async () => {
    const about = await ok<AboutInfo>('system.about', {});
    expect(about.berth).toBe(pkgVersion());
    expect(about.node).toBe(process.versions.node);
    expect(about.electron).toBeUndefined();
    expect(about.platform).toBe(process.platform);
    expect(about.engine?.version).toBe(backend.engine.status.engineVersion);
    expect(about.logs).toMatchObject({ kind: 'stdout', pid: process.pid });

    const withFile = createBackend({ logFile: '/tmp/berth-logs/berth.log' });
    try {
      expect((await withFile.dispatch('system.about', {})) as Envelope<AboutInfo>).toMatchObject({
        ok: true,
        value: { logs: { kind: 'directory', path: '/tmp/berth-logs', file: 'berth.log' } },
      });
    } finally {
      await withFile.dispose();
    }
  });
});

describe('system.df: docker system df -v', () => {
  it('lists a container with its writable layer and a volume with its size, and adds them up', async () => {
    const vol = uniqueName('dfvol');
    await d.createVolume({ Name: vol, Labels: MINE });
    const withVol = await d.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('df'),
      Cmd: ['sh', '-c', 'head -c 300000 /bin/busybox > /big && head -c 200000 /bin/busybox > /data/f && sleep 600'],
      Labels: { ...LABELS, ...MINE },
      HostConfig: { NetworkMode: 'none', Binds: [`${vol}:/data`] },
    });
    await withVol.start();
    const deadline = Date.now() + 15_000;
    let df: DiskUsage;
    for (;;) {
      df = await ok<DiskUsage>('system.df', {});
      const row = df.items.containers.find((x) => x.id === withVol.id);
      const v = df.items.volumes.find((x) => x.name === vol);
      if ((row && row.sizeRw >= 300_000 && v && v.size >= 200_000) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const row = df.items.containers.find((x) => x.id === withVol.id)!;
    expect(row.state).toBe('running');
    expect(row.sizeRw).toBeGreaterThanOrEqual(300_000);
    const v = df.items.volumes.find((x) => x.name === vol)!;
    expect(v.size).toBeGreaterThanOrEqual(200_000);
    expect(v.refCount).toBe(1);
    expect(v.anonymous).toBe(false);
    // Totals are what the items add up to, as the docker CLI computes them.
    expect(df.containers.total).toBe(df.items.containers.length);
    expect(df.containers.size).toBe(df.items.containers.reduce((n, x) => n + x.sizeRw, 0));
    expect(df.containers.active).toBe(
      df.items.containers.filter((x) => ['running', 'paused', 'restarting'].includes(x.state)).length,
    );
    expect(df.volumes.total).toBe(df.items.volumes.length);
    expect(df.volumes.reclaimable).toBeLessThanOrEqual(df.volumes.size);
    expect(df.images.reclaimable).toBeLessThanOrEqual(df.images.size);
    expect(df.images.total).toBe(df.items.images.length);
    const testImage = (await d.getImage(TEST_IMAGE).inspect()).Id;
    expect(df.items.images.find((i) => i.id === testImage)?.tags).toContain(TEST_IMAGE);
    await withVol.remove({ force: true });
    await d.getVolume(vol).remove();
  });
});

describe('system.df while another client runs one', () => {
  it('answers although the engine refuses a second df at the same time (engines before 23)', async () => {
    // Another client (the docker CLI, another window) keeps the engine's df busy.
    let stop = false;
    let refused = 0;
    const other = (async () => {
      while (!stop)
        await Promise.all(
          [1, 2, 3].map(() =>
            d.df().catch((e: Error) => {
              if (/already running/.test(e.message)) refused++;
            }),
          ),
        );
    })();
    try {
      // Rounds until the engine refused the other client while Berth's calls were in flight (on a quiet engine
      // a df can finish before the next one starts, so one round may see no contention at all).
      let contended = 0;
      for (let round = 0; round < 50 && contended === 0; round++) {
        const before = refused;
        const answers = await Promise.all([
          ...[1, 2, 3, 4].map(() => call<DiskUsage>('system.df', {})),
          ...[1, 2, 3, 4].map(() => call<unknown>('volumes.usage', {})),
        ]);
        for (const a of answers) expect(a.ok ? 'ok' : `${a.error.code}: ${a.error.message}`).toBe('ok');
        contended = refused - before;
      }
      // The engine did refuse concurrent ones meanwhile: the situation was real.
      expect(contended).toBeGreaterThan(0);
    } finally {
      stop = true;
      await other;
    }
  });
});

describe('system prune: preview, then exactly that, item by item', () => {
  interface Fixture {
    stopped: Docker.Container;
    created: Docker.Container;
    running: Docker.Container;
    dangling: string;
    tagged: string;
    usedImage: string;
    freeNet: string;
    usedNet: string;
    otherNet: string;
    namedVol: string;
    anonVol: string;
    usedVol: string;
  }
  let f: Fixture;

  beforeAll(async () => {
    const labels = { ...LABELS, ...MINE };
    const stopped = await createContainer({ labels: MINE, cmd: ['sh', '-c', 'echo hi > /hello'] });
    await stopped.start();
    await stopped.wait();
    // A dangling image (no repository, no tag) and a tagged one nobody uses, both labelled.
    const dangling = (await stopped.commit({ changes: `LABEL berth.test=${SYS_LABEL}` })) as { Id: string };
    images.push(dangling.Id);
    const repo = `berth-sys-${SYS_LABEL}`;
    await stopped.commit({ repo, tag: 'unused', changes: `LABEL berth.test=${SYS_LABEL}` });
    const tagged = (await d.getImage(`${repo}:unused`).inspect()).Id;
    images.push(tagged);
    await stopped.commit({ repo, tag: 'used', changes: `LABEL berth.test=${SYS_LABEL}` });
    const usedImage = (await d.getImage(`${repo}:used`).inspect()).Id;
    images.push(usedImage);

    const namedVol = uniqueName('named');
    await d.createVolume({ Name: namedVol, Labels: labels });
    const anonVol = randomBytes(32).toString('hex');
    await d.createVolume({ Name: anonVol, Labels: labels });
    const usedVol = uniqueName('usedvol');
    await d.createVolume({ Name: usedVol, Labels: labels });

    const freeNet = (await d.createNetwork({ Name: uniqueName('free'), Labels: labels })).id;
    const usedNet = (await d.createNetwork({ Name: uniqueName('used'), Labels: labels })).id;
    const otherNet = (
      await d.createNetwork({ Name: uniqueName('other'), Labels: { 'berth.test': `${SYS_LABEL}-other` } })
    ).id;

    // Created, never started: it keeps the named volume, until it goes itself.
    const created = await d.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('created'),
      Cmd: ['sleep', '600'],
      Labels: labels,
      HostConfig: { NetworkMode: 'none', Binds: [`${namedVol}:/data`] },
    });
    const running = await d.createContainer({
      Image: usedImage,
      name: uniqueName('running'),
      Cmd: ['sleep', '600'],
      Labels: labels,
      HostConfig: { NetworkMode: (await d.getNetwork(usedNet).inspect()).Name, Binds: [`${usedVol}:/data`] },
    });
    await running.start();
    f = {
      stopped,
      created,
      running,
      dangling: dangling.Id.startsWith('sha256:') ? dangling.Id : `sha256:${dangling.Id}`,
      tagged,
      usedImage,
      freeNet,
      usedNet,
      otherNet,
      namedVol,
      anonVol,
      usedVol,
    };
  });

  const ids = (p: SystemPrunePreview) => ({
    containers: p.containers.map((c) => c.id).sort(),
    images: p.images.map((i) => i.id).sort(),
    networks: p.networks.map((n) => n.id).sort(),
    volumes: p.volumes.map((v) => v.name).sort(),
  });

  it('previews stopped containers, dangling images and unused networks; volumes only when asked', async () => {
    const p = await ok<SystemPrunePreview>('system.prunePreview', { label: FILTER });
    expect(ids(p)).toEqual({
      containers: [f.stopped.id, f.created.id].sort(),
      images: [f.dangling],
      networks: [f.freeNet],
      volumes: [],
    });
    expect(p.buildCache).toEqual([]); // carries no labels: a label-filtered prune leaves it
    expect(p.namedVolumesIncluded).toBe(false);
    expect(p.images[0]?.tags).toEqual([]);
    expect(p.reclaimableBytes).toBe([...p.containers, ...p.images, ...p.volumes].reduce((n, x) => n + x.size, 0));
  });

  it('adds every unused image with -a, anonymous volumes with --volumes, named ones only when ticked', async () => {
    const all = await ok<SystemPrunePreview>('system.prunePreview', { label: FILTER, allImages: true });
    expect(ids(all).images).toEqual([f.dangling, f.tagged].sort());
    expect(all.images.find((i) => i.id === f.tagged)?.tags).toEqual([`berth-sys-${SYS_LABEL}:unused`]);

    const anon = await ok<SystemPrunePreview>('system.prunePreview', { label: FILTER, volumes: true });
    expect(ids(anon).volumes).toEqual([f.anonVol]);
    expect(anon.volumes[0]?.anonymous).toBe(true);
    expect(anon.namedVolumesIncluded).toBe(false);

    // The named volume is used only by a container this prune removes: it goes as well.
    const named = await ok<SystemPrunePreview>('system.prunePreview', {
      label: FILTER,
      volumes: true,
      namedVolumes: true,
    });
    expect(ids(named).volumes).toEqual([f.namedVol, f.anonVol].sort());
    expect(named.namedVolumesIncluded).toBe(true);
    expect(ids(named).volumes).not.toContain(f.usedVol);
  });

  it('refuses bad input and changes nothing', async () => {
    const before = await ok<SystemPrunePreview>('system.prunePreview', { label: FILTER, volumes: true });
    for (const bad of [
      { label: 'berth.test=\u0001x' },
      { label: '' },
      { allImages: 'yes' },
      { unknown: true },
      { label: FILTER, items: { volumes: [f.anonVol] } }, // volumes not asked for
      { label: FILTER, buildCache: false, items: { buildCache: ['abc'] } },
      { label: FILTER, items: { images: ['not-an-id'] } },
      { label: FILTER, items: { containers: ['../../etc'] } },
      { label: FILTER, items: { containers: Array.from({ length: 10_001 }, () => 'a'.repeat(64)) } },
    ]) {
      const name = 'items' in bad ? 'system.prune' : 'system.prunePreview';
      const r = await call(name, bad);
      expect(r.ok, JSON.stringify(bad).slice(0, 80)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    const after = await ok<SystemPrunePreview>('system.prunePreview', { label: FILTER, volumes: true });
    expect(ids(after)).toEqual(ids(before));
    expect(await exists(f.stopped.id)).toBe(true);
  });

  it('removes exactly the previewed items, skips what is in use again or gone, and the engine agrees', async () => {
    const scope = { label: FILTER, allImages: true, volumes: true, namedVolumes: true };
    const p = await ok<SystemPrunePreview>('system.prunePreview', scope);
    expect(ids(p).volumes).toEqual([f.namedVol, f.anonVol].sort());

    // Between preview and prune: the anonymous volume gets used again; an unknown id is slipped in.
    const latecomer = await d.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('late'),
      Cmd: ['sleep', '600'],
      Labels: { ...LABELS, 'berth.test': `${SYS_LABEL}-other` },
      HostConfig: { NetworkMode: 'none', Binds: [`${f.anonVol}:/data`] },
    });
    const ghost = 'f'.repeat(64);
    const r = await ok<SystemPruneResult>('system.prune', {
      ...scope,
      items: {
        containers: [...p.containers.map((c) => c.id), ghost, f.running.id],
        images: p.images.map((i) => i.id),
        networks: p.networks.map((n) => n.id),
        volumes: p.volumes.map((v) => v.name),
        buildCache: [],
      },
    });
    expect(r.failed).toEqual([]);
    const removed = r.removed.map((x) => x.id).sort();
    const expected = [
      ...p.containers.map((c) => c.id),
      ...p.images.map((i) => i.id),
      ...p.networks.map((n) => n.id),
      f.namedVol,
    ].sort();
    expect(removed).toEqual(expected);
    expect(r.skipped.map((x) => x.id).sort()).toEqual([f.anonVol, f.running.id, ghost].sort());
    expect(r.reclaimedBytes).toBe(r.removed.reduce((n, x) => n + x.size, 0));

    // The engine's own view: every removed item is gone, everything else is still there.
    for (const c of p.containers) expect(await exists(c.id)).toBe(false);
    const imageIds = (await dockerCli(['images', '-a', '--no-trunc', '--format', '{{.ID}}'])).split('\n');
    for (const i of p.images) expect(imageIds).not.toContain(i.id);
    expect(imageIds).toContain(f.usedImage);
    const nets = (await dockerCli(['network', 'ls', '--no-trunc', '--format', '{{.ID}}'])).split('\n');
    expect(nets).not.toContain(f.freeNet);
    expect(nets).toContain(f.usedNet);
    expect(nets).toContain(f.otherNet);
    const vols = (await dockerCli(['volume', 'ls', '--format', '{{.Name}}'])).split('\n');
    expect(vols).not.toContain(f.namedVol);
    expect(vols).toContain(f.anonVol);
    expect(vols).toContain(f.usedVol);
    expect(await exists(f.running.id)).toBe(true);
    expect((await f.running.inspect()).State.Running).toBe(true);
    expect(await exists(latecomer.id)).toBe(true);
    expect(imageIds).toContain((await d.getImage(TEST_IMAGE).inspect()).Id);

    // Nothing of ours is left to prune in that scope, apart from what is in use.
    const again = await ok<SystemPrunePreview>('system.prunePreview', scope);
    expect(ids(again)).toEqual({ containers: [], images: [], networks: [], volumes: [] });
    await latecomer.remove({ force: true });
  });
});

describe('pure parts: totals as the docker CLI computes them, label filters, odd engine answers', () => {
  it('adds up docker system df like the CLI (shared layers, active containers, unused volumes, build cache)', () => {
    const t = diskTotals({
      LayersSize: 1000,
      Images: [
        { Id: 'a', Size: 600, SharedSize: 200, Containers: 1 },
        { Id: 'b', Size: 500, SharedSize: 200, Containers: 0 },
        { Id: 'c', Size: -1, SharedSize: -1, Containers: 2 },
      ],
      Containers: [
        { Id: '1', State: 'running', SizeRw: 10 },
        { Id: '2', State: 'exited', SizeRw: 30 },
        { Id: '3', State: 'paused' },
      ],
      Volumes: [
        { Name: 'v1', UsageData: { Size: 100, RefCount: 1 } },
        { Name: 'v2', UsageData: { Size: 50, RefCount: 0 } },
        { Name: 'v3', UsageData: { Size: -1, RefCount: 0 } },
      ],
      BuildCache: [
        { ID: 'x', Size: 40, InUse: true, Shared: false },
        { ID: 'y', Size: 60, InUse: false, Shared: false },
        { ID: 'z', Size: 99, InUse: false, Shared: true },
      ],
    });
    expect(t.images).toEqual({ total: 3, active: 2, size: 1000, reclaimable: 600 });
    expect(t.containers).toEqual({ total: 3, active: 2, size: 40, reclaimable: 30 });
    expect(t.volumes).toEqual({ total: 3, active: 1, size: 150, reclaimable: 50 });
    expect(t.buildCache).toEqual({ total: 3, active: 1, size: 100, reclaimable: 60 });
  });

  it('matches labels as --filter label= does', () => {
    expect(matchesLabel({ a: '1' }, undefined)).toBe(true);
    expect(matchesLabel({ a: '1' }, 'a')).toBe(true);
    expect(matchesLabel({ a: '' }, 'a')).toBe(true);
    expect(matchesLabel({ a: '1' }, 'a=1')).toBe(true);
    expect(matchesLabel({ a: '1' }, 'a=2')).toBe(false);
    expect(matchesLabel({ a: 'x=y' }, 'a=x=y')).toBe(true);
    expect(matchesLabel(null, 'a')).toBe(false);
    expect(matchesLabel({ toString: 'x' } as Record<string, string>, 'constructor')).toBe(false);
  });

  it('tells anonymous volumes by label (new engines) or by their 64-hex name (old ones)', () => {
    expect(isAnonymousVolume({ Name: 'a'.repeat(64) })).toBe(true);
    expect(isAnonymousVolume({ Name: 'data', Labels: { 'com.docker.volume.anonymous': '' } })).toBe(true);
    expect(isAnonymousVolume({ Name: 'data', Labels: { 'com.docker.volume.anonymous': 'true' } })).toBe(true);
    expect(isAnonymousVolume({ Name: 'data' })).toBe(false);
  });

  it('survives a sparse /version and /info (older or unusual engines)', () => {
    const engine = {
      status: { state: 'connected', endpoint: 'unix:///x', source: 'default', generation: 1, apiVersion: '1.41' },
      endpoint: { host: 'unix:///x', source: 'default' },
    } as unknown as Parameters<typeof toSystemInfo>[2];
    const info = toSystemInfo(
      { Version: '20.10.0', ApiVersion: '1.41' },
      { Warnings: ['No swap limit support'] },
      engine,
    );
    expect(info.server).toMatchObject({ version: '20.10.0', apiVersion: '1.41', components: [] });
    expect(info.warnings).toEqual(['No swap limit support']);
    expect(info.runtimes).toEqual([]);
    expect(info.containers).toEqual({ total: 0, running: 0, paused: 0, stopped: 0 });
  });
});
