import { z } from 'zod';
import { Empty } from './common';

export const EngineStatus = z.object({
  state: z.enum(['connecting', 'connected', 'disconnected']),
  /** Where Berth connects: unix:///var/run/docker.sock, tcp://…, and where that came from. */
  endpoint: z.string(),
  source: z.enum(['DOCKER_HOST', 'context', 'default', 'settings']),
  contextName: z.string().optional(),
  /** The engine's id in engines.list. */
  engineId: z.string().optional(),
  engineName: z.string().optional(),
  /** When disconnected: why, in English (the UI shows a translated message by code). */
  error: z.string().optional(),
  engineVersion: z.string().optional(),
  apiVersion: z.string().optional(),
  engineApiVersion: z.string().optional(),
  minApiVersion: z.string().optional(),
  os: z.string().optional(),
  arch: z.string().optional(),
  kernelVersion: z.string().optional(),
  operatingSystem: z.string().optional(),
  cpus: z.number().optional(),
  memoryBytes: z.number().optional(),
  name: z.string().optional(),
  containers: z.number().optional(),
  containersRunning: z.number().optional(),
  images: z.number().optional(),
  /** Bumped on every (re)connect: stores refetch when it changes. */
  generation: z.number(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

// ---------------------------------------------------------------------------
// docker version / docker info
// ---------------------------------------------------------------------------

/** One server component as `docker version` lists it (Engine, containerd, runc, docker-init). */
export const VersionComponent = z.object({
  name: z.string(),
  version: z.string(),
  details: z.record(z.string(), z.string()),
});
export type VersionComponent = z.infer<typeof VersionComponent>;

/** `docker version` and `docker info` in one object, named as the CLI shows them. */
export const SystemInfo = z.object({
  client: z.object({
    /** Berth's own version (package.json). */
    berthVersion: z.string(),
    /** The API version Berth negotiated with the engine. */
    apiVersion: z.string(),
    /** Where Berth connects, and how it found that endpoint. */
    endpoint: z.string(),
    /** DOCKER_HOST, context, default, … as in EngineStatus. */
    source: z.string(),
    contextName: z.string().optional(),
  }),
  server: z.object({
    version: z.string(),
    apiVersion: z.string(),
    minApiVersion: z.string().optional(),
    goVersion: z.string().optional(),
    gitCommit: z.string().optional(),
    built: z.string().optional(),
    os: z.string(),
    arch: z.string(),
    experimental: z.boolean(),
    components: z.array(VersionComponent),
  }),
  id: z.string(),
  name: z.string(),
  containers: z.object({ total: z.number(), running: z.number(), paused: z.number(), stopped: z.number() }),
  images: z.number(),
  storageDriver: z.string(),
  /** Pairs as `docker info` indents them under Storage Driver (Backing Filesystem, …). */
  driverStatus: z.array(z.tuple([z.string(), z.string()])),
  loggingDriver: z.string(),
  cgroupDriver: z.string(),
  cgroupVersion: z.string().optional(),
  plugins: z.object({
    volume: z.array(z.string()),
    network: z.array(z.string()),
    log: z.array(z.string()),
    authorization: z.array(z.string()),
  }),
  swarm: z.string(),
  runtimes: z.array(z.string()),
  defaultRuntime: z.string(),
  initBinary: z.string().optional(),
  containerdCommit: z.string().optional(),
  runcCommit: z.string().optional(),
  initCommit: z.string().optional(),
  securityOptions: z.array(z.string()),
  kernelVersion: z.string(),
  operatingSystem: z.string(),
  osVersion: z.string().optional(),
  osType: z.string(),
  architecture: z.string(),
  cpus: z.number(),
  memoryBytes: z.number(),
  dockerRootDir: z.string(),
  debug: z.boolean(),
  experimental: z.boolean(),
  httpProxy: z.string().optional(),
  httpsProxy: z.string().optional(),
  noProxy: z.string().optional(),
  labels: z.array(z.string()),
  indexServerAddress: z.string().optional(),
  insecureRegistries: z.array(z.string()),
  registryMirrors: z.array(z.string()),
  liveRestoreEnabled: z.boolean(),
  /** The engine's own warnings (e.g. "No swap limit support"), in its words. */
  warnings: z.array(z.string()),
  /** The engine's clock (ISO 8601), to spot skew. */
  systemTime: z.string().optional(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

// ---------------------------------------------------------------------------
// docker system df
// ---------------------------------------------------------------------------

/** One row of `docker system df`: TOTAL, ACTIVE, SIZE, RECLAIMABLE (bytes). */
export const UsageTotals = z.object({
  total: z.number(),
  active: z.number(),
  size: z.number(),
  reclaimable: z.number(),
});
export type UsageTotals = z.infer<typeof UsageTotals>;

export const DiskUsage = z.object({
  images: UsageTotals,
  containers: UsageTotals,
  volumes: UsageTotals,
  buildCache: UsageTotals,
  /** `docker system df -v`: the items behind the totals. */
  items: z.object({
    images: z.array(
      z.object({
        id: z.string(),
        tags: z.array(z.string()),
        created: z.number(),
        size: z.number(),
        sharedSize: z.number(),
        /** Containers using it (-1: not computed). */
        containers: z.number(),
      }),
    ),
    containers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        image: z.string(),
        state: z.string(),
        /** The writable layer. */
        sizeRw: z.number(),
        sizeRootFs: z.number(),
      }),
    ),
    volumes: z.array(
      z.object({
        name: z.string(),
        driver: z.string(),
        anonymous: z.boolean(),
        /** -1: the driver does not say. */
        size: z.number(),
        refCount: z.number(),
      }),
    ),
    buildCache: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        description: z.string(),
        size: z.number(),
        inUse: z.boolean(),
        shared: z.boolean(),
        lastUsed: z.string().optional(),
      }),
    ),
  }),
});
export type DiskUsage = z.infer<typeof DiskUsage>;

// ---------------------------------------------------------------------------
// docker system prune, previewed and then done item by item
// ---------------------------------------------------------------------------

/** `--filter label=KEY` or `label=KEY=VALUE`: a label key, then an optional value without control characters. */
export const LABEL_FILTER = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}(=\P{Cc}{0,255})?$/u;
export const LabelFilter = z.string().min(1).max(512).regex(LABEL_FILTER, 'not a label filter (key or key=value)');

/** What a system prune covers (as `docker system prune` flags). */
const pruneScopeShape = {
  /** `-a`: every image no container uses, not only dangling ones. */
  allImages: z.boolean().default(false),
  /** `--volumes`: unused volumes too (anonymous ones only unless `namedVolumes`). */
  volumes: z.boolean().default(false),
  /** With `volumes`: named volumes too (what `docker volume prune -a` adds on newer engines). */
  namedVolumes: z.boolean().default(false),
  /** Unused build cache. */
  buildCache: z.boolean().default(true),
  /** `--filter label=…`: only items carrying this label (build cache has none: left out then). */
  label: LabelFilter.optional(),
} as const;
export const PruneScope = z.strictObject(pruneScopeShape);
export type PruneScope = z.input<typeof PruneScope>;

export const BUILD_CACHE_ID = /^[A-Za-z0-9]{1,128}$/;
export const FULL_IMAGE_ID = /^sha256:[a-f0-9]{64}$/;
const FULL_HEX_ID = /^[a-f0-9]{64}$/;
const PRUNE_MAX = 10_000;

export const SystemPrunePreview = z.object({
  /** Stopped containers (exited, created, dead). */
  containers: z.array(
    z.object({ id: z.string(), name: z.string(), image: z.string(), state: z.string(), size: z.number() }),
  ),
  /** Dangling images, or every image no remaining container uses (allImages). */
  images: z.array(z.object({ id: z.string(), tags: z.array(z.string()), size: z.number() })),
  /** Networks no running container is connected to (never bridge, host, none). */
  networks: z.array(z.object({ id: z.string(), name: z.string(), driver: z.string() })),
  /** Unused volumes, each marked named or anonymous. */
  volumes: z.array(z.object({ name: z.string(), anonymous: z.boolean(), size: z.number() })),
  buildCache: z.array(z.object({ id: z.string(), type: z.string(), description: z.string(), size: z.number() })),
  /** Whether named volumes are part of this prune (only when volumes and namedVolumes were asked). */
  namedVolumesIncluded: z.boolean(),
  /** Sum of the sizes above (images: their unique size). */
  reclaimableBytes: z.number(),
});
export type SystemPrunePreview = z.infer<typeof SystemPrunePreview>;

export const PruneKind = z.enum(['container', 'image', 'network', 'volume', 'buildCache']);
export type PruneKind = z.infer<typeof PruneKind>;

export const SystemPruneResult = z.object({
  removed: z.array(z.object({ kind: PruneKind, id: z.string(), name: z.string(), size: z.number() })),
  failed: z.array(
    z.object({ kind: PruneKind, id: z.string(), name: z.string(), code: z.string(), message: z.string() }),
  ),
  /** Previewed but no longer prunable when the prune ran (gone, or in use again): left alone. */
  skipped: z.array(z.object({ kind: PruneKind, id: z.string(), name: z.string() })),
  reclaimedBytes: z.number(),
});
export type SystemPruneResult = z.infer<typeof SystemPruneResult>;

export const PruneItems = z.strictObject({
  containers: z.array(z.string().regex(FULL_HEX_ID)).max(PRUNE_MAX).default([]),
  images: z.array(z.string().regex(FULL_IMAGE_ID)).max(PRUNE_MAX).default([]),
  networks: z.array(z.string().regex(FULL_HEX_ID)).max(PRUNE_MAX).default([]),
  volumes: z
    .array(
      z
        .string()
        .min(1)
        .max(255)
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/),
    )
    .max(PRUNE_MAX)
    .default([]),
  buildCache: z.array(z.string().regex(BUILD_CACHE_ID)).max(PRUNE_MAX).default([]),
});

export const SystemPruneInput = z
  .strictObject({
    ...pruneScopeShape,
    /** Exactly the previewed items; each is checked again against the scope and removed one by one. */
    items: PruneItems,
  })
  .superRefine((v, ctx) => {
    if (!v.volumes && v.items.volumes.length > 0)
      ctx.addIssue({ code: 'custom', path: ['items', 'volumes'], message: 'volumes were not asked for' });
    if (!v.buildCache && v.items.buildCache.length > 0)
      ctx.addIssue({ code: 'custom', path: ['items', 'buildCache'], message: 'build cache was not asked for' });
  });
export type SystemPruneInput = z.input<typeof SystemPruneInput>;

// ---------------------------------------------------------------------------
// Help > About
// ---------------------------------------------------------------------------

export const AboutInfo = z.object({
  berth: z.string(),
  node: z.string().optional(),
  electron: z.string().optional(),
  chrome: z.string().optional(),
  v8: z.string().optional(),
  platform: z.string(),
  arch: z.string(),
  engine: z.object({ version: z.string(), apiVersion: z.string(), endpoint: z.string() }).optional(),
  /**
   * Where Berth's own log goes: a file in a folder (the current file, then older ones as berth.1.log…), or, when
   * no file could be written, the standard output of the process.
   */
  logs: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('directory'), path: z.string(), file: z.string().optional() }),
    z.object({ kind: z.literal('stdout'), pid: z.number(), command: z.string() }),
  ]),
});
export type AboutInfo = z.infer<typeof AboutInfo>;

// ---------------------------------------------------------------------------
// Activity: the engine's events, kept in main for the session
// ---------------------------------------------------------------------------

export const ActivityEntry = z.object({
  /** Increasing from 1 for the session: stable key, and where a client resumes. */
  seq: z.number().int(),
  /** Milliseconds since the epoch. */
  time: z.number(),
  /** container, image, volume, network, daemon, plugin, builder, … and "engine" for Berth's own connection. */
  type: z.string(),
  /** create, start, die, pull, connect, … (the part before ": " of the engine's action). */
  action: z.string(),
  /** What follows ": " in the engine's action (the command of exec_start, the state of health_status). */
  detail: z.string().optional(),
  /** The object: container/network id, image id or reference, volume name. */
  id: z.string(),
  /** Its name when the event says (container name, image reference, network name). */
  name: z.string().optional(),
  attributes: z.record(z.string(), z.string()),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const ActivityHistory = z.object({
  entries: z.array(ActivityEntry),
  /** How many entries main keeps; older ones are dropped first. */
  capacity: z.number(),
  /** How many were dropped so far this session. */
  dropped: z.number(),
  /** When the session started (ms). */
  since: z.number(),
});
export type ActivityHistory = z.infer<typeof ActivityHistory>;

export const systemCalls = {
  'system.status': { input: Empty, output: EngineStatus },
  /** `docker version` + `docker info`. */
  'system.info': { input: Empty, output: SystemInfo },
  /** `docker system df -v`. */
  'system.df': { input: Empty, output: DiskUsage },
  /** What `system.prune` would remove with this scope now; nothing is removed. */
  'system.prunePreview': { input: PruneScope, output: SystemPrunePreview },
  /**
   * Removes the previewed items one by one (containers, then networks,
   * volumes, images, build cache), never forced: each is checked against the
   * scope again first, and what no longer qualifies is skipped.
   */
  'system.prune': { input: SystemPruneInput, output: SystemPruneResult },
  /** Help > About: versions, and where Berth's own log goes. */
  'system.about': { input: Empty, output: AboutInfo },
  /** The engine events seen this session (oldest first), after `afterSeq` when given. */
  'activity.history': {
    input: z.strictObject({ afterSeq: z.number().int().min(0).optional() }),
    output: ActivityHistory,
  },
} as const;

/** Main asks the page to show something (from the tray, a notification, the command line). */
export const NavigateRequest = z.object({
  to: z.enum(['containers', 'images', 'volumes', 'networks', 'terminal', 'logs', 'run', 'pull', 'system']),
  id: z.string().optional(),
});
export type NavigateRequest = z.infer<typeof NavigateRequest>;

export const systemEvents = {
  /** The engine connection changed state (connected, lost, reconnected). */
  'engine.status': EngineStatus,
  'app.navigate': NavigateRequest,
  /** New engine events in the session history (batched). */
  'activity.appended': z.object({ entries: z.array(ActivityEntry) }),
} as const;
