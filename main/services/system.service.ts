import { basename, dirname } from 'node:path';
import type Docker from 'dockerode';
import { version as berthVersion } from '../../package.json';
import type {
  AboutInfo,
  DiskUsage,
  PruneKind,
  SystemInfo,
  SystemPrunePreview,
  SystemPruneResult,
  UsageTotals,
  VersionComponent,
} from '../../preload/contract/system.contract';
import type { ParsedInput } from '../../preload/contract/index';
import type { EngineConnection } from '../engine/engine-connection';
import { diskUsage } from '../engine/disk-usage';
import { toBerthError } from '../engine/errors';
import { HELPER_LABEL } from './helper-label';

/** Label on Berth's own short-lived helpers (containers and image): never pruned from under it. */
/** The label newer engines put on anonymous volumes; older ones only name them with 64 hex digits. */
const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';
const ANONYMOUS_NAME = /^[a-f0-9]{64}$/;
/** Networks the engine creates itself and never prunes. */
const PREDEFINED_NETWORKS = new Set(['bridge', 'host', 'none']);
/** Containers that count as active (`docker system df` ACTIVE; never pruned). */
const ACTIVE_STATES = new Set(['running', 'paused', 'restarting']);
/** Containers `docker container prune` removes. */
const STOPPED_STATES = new Set(['created', 'exited', 'dead']);

type Labels = Record<string, string> | null | undefined;

// Shapes of /system/df and /info as the engine sends them (only what Berth reads).
interface DfImage {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: number;
  Size?: number;
  SharedSize?: number;
  VirtualSize?: number;
  Containers?: number;
  Labels?: Labels;
}
interface DfContainer {
  Id: string;
  Names?: string[];
  Image?: string;
  ImageID?: string;
  State?: string;
  SizeRw?: number;
  SizeRootFs?: number;
  Labels?: Labels;
  Mounts?: { Type?: string; Name?: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, { NetworkID?: string }> | null } | null;
}
interface DfVolume {
  Name: string;
  Driver?: string;
  Labels?: Labels;
  UsageData?: { Size?: number; RefCount?: number } | null;
}
interface DfBuildCache {
  ID: string;
  Type?: string;
  Description?: string;
  Size?: number;
  InUse?: boolean;
  Shared?: boolean;
  LastUsedAt?: string | null;
}
interface Df {
  LayersSize?: number;
  Images?: DfImage[] | null;
  Containers?: DfContainer[] | null;
  Volumes?: DfVolume[] | null;
  BuildCache?: DfBuildCache[] | null;
  BuilderSize?: number;
}

type Scope = ParsedInput<'system.prunePreview'>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export const isDangling = (img: { RepoTags?: string[] | null }): boolean =>
  strs(img.RepoTags).filter((t) => t !== '<none>:<none>').length === 0;
export const imageTags = (img: { RepoTags?: string[] | null }): string[] =>
  strs(img.RepoTags).filter((t) => t !== '<none>:<none>');
/** Newer engines label anonymous volumes (with an empty value); older ones only name them with 64 hex digits. */
export const isAnonymousVolume = (v: { Name: string; Labels?: Labels }): boolean =>
  (!!v.Labels && Object.prototype.hasOwnProperty.call(v.Labels, ANONYMOUS_LABEL)) || ANONYMOUS_NAME.test(v.Name);
const containerName = (c: DfContainer) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
/** What an image alone occupies (shared layers stay with the images that share them). */
const uniqueSize = (i: DfImage) => Math.max(0, num(i.Size) - Math.max(0, num(i.SharedSize)));

/** `label=KEY` or `label=KEY=VALUE`, as the engine's label filter matches. */
export function matchesLabel(labels: Labels, filter: string | undefined): boolean {
  if (!filter) return true;
  const eq = filter.indexOf('=');
  const key = eq < 0 ? filter : filter.slice(0, eq);
  if (!labels || !Object.prototype.hasOwnProperty.call(labels, key)) return false;
  return eq < 0 || labels[key] === filter.slice(eq + 1);
}

/** The totals `docker system df` prints, computed as the docker CLI computes them. */
export function diskTotals(df: Df): Pick<DiskUsage, 'images' | 'containers' | 'volumes' | 'buildCache'> {
  const images = df.Images ?? [];
  const imagesSize = num(df.LayersSize);
  let imagesUsed = 0;
  for (const i of images) {
    if (num(i.Containers) === 0 || i.Size === -1 || i.SharedSize === -1) continue;
    imagesUsed += num(i.Size) - num(i.SharedSize);
  }
  const containers = df.Containers ?? [];
  const cActive = (c: DfContainer) => ACTIVE_STATES.has(c.State ?? '');
  const volumes = (df.Volumes ?? []).filter((v) => num(v.UsageData?.Size) >= 0);
  const cache = df.BuildCache ?? [];
  const cacheSize = df.BuilderSize ?? cache.filter((b) => !b.Shared).reduce((n, b) => n + num(b.Size), 0);
  const cacheInUse = cache.filter((b) => b.InUse && !b.Shared).reduce((n, b) => n + num(b.Size), 0);
  return {
    images: {
      total: images.length,
      active: images.filter((i) => num(i.Containers) > 0).length,
      size: imagesSize,
      reclaimable: Math.max(0, imagesSize - imagesUsed),
    },
    containers: {
      total: containers.length,
      active: containers.filter(cActive).length,
      size: containers.reduce((n, c) => n + num(c.SizeRw), 0),
      reclaimable: containers.filter((c) => !cActive(c)).reduce((n, c) => n + num(c.SizeRw), 0),
    },
    volumes: {
      total: (df.Volumes ?? []).length,
      active: (df.Volumes ?? []).filter((v) => num(v.UsageData?.RefCount) > 0).length,
      size: volumes.reduce((n, v) => n + num(v.UsageData?.Size), 0),
      reclaimable: volumes
        .filter((v) => num(v.UsageData?.RefCount) === 0)
        .reduce((n, v) => n + num(v.UsageData?.Size), 0),
    },
    buildCache: {
      total: cache.length,
      active: cache.filter((b) => b.InUse).length,
      size: cacheSize,
      reclaimable: Math.max(0, cacheSize - cacheInUse),
    } satisfies UsageTotals,
  };
}

/** What a prune with this scope would remove, from the engine's current state. */
interface Candidates {
  containers: Map<string, DfContainer>;
  images: Map<string, DfImage>;
  networks: Map<string, Docker.NetworkInspectInfo>;
  volumes: Map<string, DfVolume>;
  buildCache: Map<string, DfBuildCache>;
}

export interface SystemServiceOptions {
  /** Berth's own log file, when one is being written (else its messages go to the standard output only). */
  logFile?: string | undefined;
}

/**
 * `docker version`, `docker info`, `docker system df` and `docker system
 * prune`, the last one previewed and then done item by item: the engine's
 * prune endpoints decide their scope by themselves (and it differs between
 * engine versions), so Berth removes exactly what it showed, never forced.
 */
export class SystemService {
  constructor(
    private readonly engine: EngineConnection,
    private readonly opts: SystemServiceOptions = {},
  ) {}

  async info(): Promise<SystemInfo> {
    const docker = this.engine.api();
    const [version, info] = (await Promise.all([docker.version(), docker.info()])) as unknown as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    return toSystemInfo(version, info, this.engine);
  }

  async df(): Promise<DiskUsage> {
    const df = await diskUsage<Df>(this.engine.api());
    return {
      ...diskTotals(df),
      items: {
        images: (df.Images ?? []).map((i) => ({
          id: i.Id,
          tags: imageTags(i),
          created: num(i.Created),
          size: num(i.Size),
          sharedSize: i.SharedSize ?? -1,
          containers: i.Containers ?? -1,
        })),
        containers: (df.Containers ?? []).map((c) => ({
          id: c.Id,
          name: containerName(c),
          image: c.Image ?? '',
          state: c.State ?? '',
          sizeRw: num(c.SizeRw),
          sizeRootFs: num(c.SizeRootFs),
        })),
        volumes: (df.Volumes ?? []).map((v) => ({
          name: v.Name,
          driver: v.Driver ?? 'local',
          anonymous: isAnonymousVolume(v),
          size: v.UsageData?.Size ?? -1,
          refCount: v.UsageData?.RefCount ?? -1,
        })),
        buildCache: (df.BuildCache ?? []).map((b) => ({
          id: b.ID,
          type: b.Type ?? '',
          description: b.Description ?? '',
          size: num(b.Size),
          inUse: !!b.InUse,
          shared: !!b.Shared,
          ...(str(b.LastUsedAt) ? { lastUsed: b.LastUsedAt as string } : {}),
        })),
      },
    };
  }

  async prunePreview(scope: Scope): Promise<SystemPrunePreview> {
    const c = await this.candidates(scope, 'preview');
    const containers = [...c.containers.values()].map((x) => ({
      id: x.Id,
      name: containerName(x),
      image: x.Image ?? '',
      state: x.State ?? '',
      size: num(x.SizeRw),
    }));
    const images = [...c.images.values()].map((i) => ({ id: i.Id, tags: imageTags(i), size: uniqueSize(i) }));
    const volumes = [...c.volumes.values()].map((v) => ({
      name: v.Name,
      anonymous: isAnonymousVolume(v),
      size: Math.max(0, num(v.UsageData?.Size)),
    }));
    const buildCache = [...c.buildCache.values()].map((b) => ({
      id: b.ID,
      type: b.Type ?? '',
      description: b.Description ?? '',
      size: num(b.Size),
    }));
    const sum = (xs: { size: number }[]) => xs.reduce((n, x) => n + x.size, 0);
    return {
      containers,
      images,
      networks: [...c.networks.values()].map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver ?? '' })),
      volumes,
      buildCache,
      namedVolumesIncluded: scope.volumes && scope.namedVolumes,
      reclaimableBytes: sum(containers) + sum(images) + sum(volumes) + sum(buildCache),
    };
  }

  async prune(input: ParsedInput<'system.prune'>): Promise<SystemPruneResult> {
    const { items, ...scope } = input;
    const docker = this.engine.api();
    const out: SystemPruneResult = { removed: [], failed: [], skipped: [], reclaimedBytes: 0 };
    const attempt = async (kind: PruneKind, id: string, name: string, size: number, remove: () => Promise<void>) => {
      try {
        await remove();
        out.removed.push({ kind, id, name, size });
        out.reclaimedBytes += size;
      } catch (err) {
        const e = toBerthError(err);
        if (e.code === 'not_found') out.skipped.push({ kind, id, name });
        else out.failed.push({ kind, id, name, code: e.code, message: e.message });
      }
    };

    // Containers first: what they used becomes free for the stages after them.
    if (items.containers.length > 0) {
      const now = await this.candidates(scope, 'preview');
      for (const id of items.containers) {
        const c = now.containers.get(id);
        if (!c) out.skipped.push({ kind: 'container', id, name: id.slice(0, 12) });
        else
          await attempt('container', id, containerName(c), num(c.SizeRw), () =>
            docker.getContainer(id).remove({ v: false, force: false }),
          );
      }
    }
    const rest = items.networks.length + items.volumes.length + items.images.length + items.buildCache.length;
    if (rest === 0) return out;

    // Then, against what exists now, everything else.
    const now = await this.candidates(scope, 'now');
    for (const id of items.networks) {
      const n = now.networks.get(id);
      if (!n) out.skipped.push({ kind: 'network', id, name: id.slice(0, 12) });
      else await attempt('network', id, n.Name, 0, () => docker.getNetwork(id).remove());
    }
    for (const name of items.volumes) {
      const v = now.volumes.get(name);
      if (!v) out.skipped.push({ kind: 'volume', id: name, name });
      else
        await attempt('volume', name, name, Math.max(0, num(v.UsageData?.Size)), () => docker.getVolume(name).remove());
    }
    for (const id of items.images) {
      const i = now.images.get(id);
      if (!i) out.skipped.push({ kind: 'image', id, name: id.slice(7, 19) });
      else await attempt('image', id, imageTags(i)[0] ?? id.slice(7, 19), uniqueSize(i), () => this.removeImage(i));
    }
    for (const id of items.buildCache) {
      const b = now.buildCache.get(id);
      if (!b) out.skipped.push({ kind: 'buildCache', id, name: id });
      else await attempt('buildCache', id, b.Description || id, num(b.Size), () => this.removeBuildCache(id));
    }
    return out;
  }

  about(): AboutInfo {
    const v = process.versions as Record<string, string | undefined>;
    const s = this.engine.status;
    return {
      berth: berthVersion,
      ...(v.node ? { node: v.node } : {}),
      ...(v.electron ? { electron: v.electron } : {}),
      ...(v.chrome ? { chrome: v.chrome } : {}),
      ...(v.v8 ? { v8: v.v8 } : {}),
      platform: process.platform,
      arch: process.arch,
      ...(s.state === 'connected' && s.engineVersion
        ? { engine: { version: s.engineVersion, apiVersion: s.apiVersion ?? '', endpoint: s.endpoint } }
        : {}),
      logs: this.opts.logFile
        ? { kind: 'directory', path: dirname(this.opts.logFile), file: basename(this.opts.logFile) }
        : {
            kind: 'stdout',
            pid: process.pid,
            command: [basename(process.argv0 || 'node'), ...process.argv.slice(1, 2)].join(' '),
          },
    };
  }

  /**
   * The prune scope applied to the engine's state. 'preview': the stopped
   * containers count as gone (they go first), so what only they use is
   * listed too, as `docker system prune` would remove it. 'now': only what
   * exists counts (the containers were removed already).
   */
  private async candidates(scope: Scope, mode: 'preview' | 'now'): Promise<Candidates> {
    const docker = this.engine.api();
    const [df, networks, allImages] = await Promise.all([
      diskUsage<Df>(docker),
      docker.listNetworks(),
      docker.listImages({ all: true }),
    ]);
    const ok = (labels: Labels) => matchesLabel(labels, scope.label) && !labels?.[HELPER_LABEL];
    const all = df.Containers ?? [];
    const containers = new Map(
      all.filter((c) => STOPPED_STATES.has(c.State ?? '') && ok(c.Labels)).map((c) => [c.Id, c]),
    );
    const remaining = mode === 'preview' ? all.filter((c) => !containers.has(c.Id)) : all;

    const usedImages = new Set(remaining.map((c) => c.ImageID ?? ''));
    // Images other images build on are not prunable by themselves (as the engine's prune skips them).
    const parents = new Set(allImages.map((i) => i.ParentId).filter(Boolean));
    const images = new Map(
      (df.Images ?? [])
        .filter((i) => !usedImages.has(i.Id) && !parents.has(i.Id) && ok(i.Labels))
        .filter((i) => scope.allImages || isDangling(i))
        .map((i) => [i.Id, i]),
    );

    const usedNetworks = new Set(
      remaining.flatMap((c) => Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.NetworkID ?? '')),
    );
    const usedNetworkNames = new Set(remaining.flatMap((c) => Object.keys(c.NetworkSettings?.Networks ?? {})));
    const nets = new Map(
      networks
        .filter(
          (n) =>
            !PREDEFINED_NETWORKS.has(n.Name) &&
            (n.Scope ?? 'local') === 'local' &&
            !(n as { Ingress?: boolean }).Ingress &&
            !usedNetworks.has(n.Id) &&
            !usedNetworkNames.has(n.Name) &&
            Object.keys(n.Containers ?? {}).length === 0 &&
            ok(n.Labels),
        )
        .map((n) => [n.Id, n]),
    );

    const usedVolumes = new Set(
      remaining.flatMap((c) => (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!)),
    );
    const volumes = new Map(
      scope.volumes
        ? (df.Volumes ?? [])
            .filter((v) => !usedVolumes.has(v.Name) && ok(v.Labels))
            .filter((v) => scope.namedVolumes || isAnonymousVolume(v))
            .map((v) => [v.Name, v])
        : [],
    );

    // Build cache carries no labels: a label-filtered prune leaves it alone.
    const cache = new Map(
      scope.buildCache && !scope.label
        ? (df.BuildCache ?? [])
            .filter((b) => !b.InUse)
            .filter((b) => scope.allImages || (b.Type !== 'internal' && b.Type !== 'frontend'))
            .map((b) => [b.ID, b])
        : [],
    );
    return { containers, images, networks: nets, volumes, buildCache: cache };
  }

  /** As the engine's own image prune does: each tag is removed (never forced); the last one takes the image. */
  private async removeImage(img: DfImage): Promise<void> {
    const docker = this.engine.api();
    const tags = imageTags(img);
    if (tags.length <= 1) {
      await docker.getImage(img.Id).remove({});
      return;
    }
    for (const tag of tags) {
      // The tag may have moved to another image since: only remove it while it still names this one.
      const current = (await docker.getImage(tag).inspect()) as { Id?: string };
      if (current.Id !== img.Id) continue;
      await docker.getImage(tag).remove({});
    }
  }

  /** One build cache record, by exact id (the engine's prune endpoint matches ids as a pattern). */
  private async removeBuildCache(id: string): Promise<void> {
    const res = await new Promise<{ CachesDeleted?: string[] | null }>((resolve, reject) =>
      this.engine.api().modem.dial(
        {
          path: '/build/prune?',
          method: 'POST',
          options: { all: true, filters: JSON.stringify({ id: [`^${id}$`] }) },
          statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        },
        (err: unknown, data: unknown) => (err ? reject(err) : resolve((data ?? {}) as { CachesDeleted?: string[] })),
      ),
    );
    if (!(res.CachesDeleted ?? []).includes(id)) {
      throw Object.assign(new Error(`build cache ${id} was not removed`), { statusCode: 404 });
    }
  }
}

/** The one place /version and /info turn into SystemInfo. */
export function toSystemInfo(
  version: Record<string, unknown>,
  info: Record<string, unknown>,
  engine: Pick<EngineConnection, 'status' | 'endpoint'>,
): SystemInfo {
  const components: VersionComponent[] = (Array.isArray(version.Components) ? version.Components : []).map(
    (c: Record<string, unknown>) => ({
      name: String(c.Name ?? ''),
      version: String(c.Version ?? ''),
      details: Object.fromEntries(
        Object.entries((c.Details as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [k, String(v)]),
      ),
    }),
  );
  const plugins = (info.Plugins ?? {}) as Record<string, unknown>;
  const registry = (info.RegistryConfig ?? {}) as Record<string, unknown>;
  const commit = (k: string) => str((info[k] as { ID?: string } | undefined)?.ID);
  const status = engine.status;
  return {
    client: {
      berthVersion,
      apiVersion: status.apiVersion ?? '',
      endpoint: engine.endpoint.host,
      source: engine.endpoint.source,
      ...(engine.endpoint.contextName ? { contextName: engine.endpoint.contextName } : {}),
    },
    server: {
      version: String(version.Version ?? ''),
      apiVersion: String(version.ApiVersion ?? ''),
      ...(str(version.MinAPIVersion) ? { minApiVersion: version.MinAPIVersion as string } : {}),
      ...(str(version.GoVersion) ? { goVersion: version.GoVersion as string } : {}),
      ...(str(version.GitCommit) ? { gitCommit: version.GitCommit as string } : {}),
      ...(str(version.BuildTime) ? { built: version.BuildTime as string } : {}),
      os: String(version.Os ?? ''),
      arch: String(version.Arch ?? ''),
      experimental: version.Experimental === true || version.Experimental === 'true',
      components,
    },
    id: String(info.ID ?? ''),
    name: String(info.Name ?? ''),
    containers: {
      total: num(info.Containers),
      running: num(info.ContainersRunning),
      paused: num(info.ContainersPaused),
      stopped: num(info.ContainersStopped),
    },
    images: num(info.Images),
    storageDriver: String(info.Driver ?? ''),
    driverStatus: (Array.isArray(info.DriverStatus) ? info.DriverStatus : [])
      .filter((p: unknown): p is unknown[] => Array.isArray(p))
      .map((p: unknown[]) => [String(p[0] ?? ''), String(p[1] ?? '')] as [string, string]),
    loggingDriver: String(info.LoggingDriver ?? ''),
    cgroupDriver: String(info.CgroupDriver ?? ''),
    ...(str(info.CgroupVersion) ? { cgroupVersion: info.CgroupVersion as string } : {}),
    plugins: {
      volume: strs(plugins.Volume),
      network: strs(plugins.Network),
      log: strs(plugins.Log),
      authorization: strs(plugins.Authorization),
    },
    swarm: String((info.Swarm as { LocalNodeState?: string } | undefined)?.LocalNodeState ?? 'inactive'),
    runtimes: Object.keys((info.Runtimes as Record<string, unknown> | undefined) ?? {}).sort(),
    defaultRuntime: String(info.DefaultRuntime ?? ''),
    ...(str(info.InitBinary) ? { initBinary: info.InitBinary as string } : {}),
    ...(commit('ContainerdCommit') ? { containerdCommit: commit('ContainerdCommit') } : {}),
    ...(commit('RuncCommit') ? { runcCommit: commit('RuncCommit') } : {}),
    ...(commit('InitCommit') ? { initCommit: commit('InitCommit') } : {}),
    securityOptions: strs(info.SecurityOptions),
    kernelVersion: String(info.KernelVersion ?? ''),
    operatingSystem: String(info.OperatingSystem ?? ''),
    ...(str(info.OSVersion) ? { osVersion: info.OSVersion as string } : {}),
    osType: String(info.OSType ?? ''),
    architecture: String(info.Architecture ?? ''),
    cpus: num(info.NCPU),
    memoryBytes: num(info.MemTotal),
    dockerRootDir: String(info.DockerRootDir ?? ''),
    debug: info.Debug === true,
    experimental: info.ExperimentalBuild === true,
    ...(str(info.HttpProxy) ? { httpProxy: info.HttpProxy as string } : {}),
    ...(str(info.HttpsProxy) ? { httpsProxy: info.HttpsProxy as string } : {}),
    ...(str(info.NoProxy) ? { noProxy: info.NoProxy as string } : {}),
    labels: strs(info.Labels),
    ...(str(info.IndexServerAddress) ? { indexServerAddress: info.IndexServerAddress as string } : {}),
    insecureRegistries: strs(registry.InsecureRegistryCIDRs).concat(
      Object.values((registry.IndexConfigs as Record<string, { Name?: string; Secure?: boolean }> | undefined) ?? {})
        .filter((c) => c.Secure === false && c.Name)
        .map((c) => c.Name as string),
    ),
    registryMirrors: strs(registry.Mirrors),
    liveRestoreEnabled: info.LiveRestoreEnabled === true,
    warnings: strs(info.Warnings),
    ...(str(info.SystemTime) ? { systemTime: info.SystemTime as string } : {}),
  };
}
