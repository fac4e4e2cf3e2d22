import { z } from 'zod';
import { ContainerRef, HEX_ID } from './common';
import { isImageId, parseReference } from './images.contract';

export const PortBinding = z.object({
  privatePort: z.number(),
  publicPort: z.number().optional(),
  ip: z.string().optional(),
  type: z.string(),
});
export type PortBinding = z.infer<typeof PortBinding>;

export const ContainerState = z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
export type ContainerState = z.infer<typeof ContainerState>;

export const ContainerSummary = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  /** Seconds since the epoch. */
  created: z.number(),
  state: ContainerState,
  /** The engine's human status line ("Up 3 minutes", "Exited (0) 2 hours ago"). */
  status: z.string(),
  ports: z.array(PortBinding),
  labels: z.record(z.string(), z.string()),
});
export type ContainerSummary = z.infer<typeof ContainerSummary>;

// ---------------------------------------------------------------------------------------------
// The run spec: everything the run form (and a pasted `docker run …` line) can say, in one DTO.
// main turns it into the engine's create body exactly as the docker CLI does (main/services/run-spec.ts).
// ---------------------------------------------------------------------------------------------

/** A name the engine accepts for a new container (daemon/names: at least two characters). */
export const NEW_CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/**
 * An image to run or look up: an id, or a reference by the engine's own grammar
 * (it goes into `/images/{name}/json`). The message is the engine's words
 * ("repository name must be lowercase", "invalid reference format").
 */
export const RunImage = z
  .string()
  .min(1)
  .max(512)
  .superRefine((s, ctx) => {
    if (isImageId(s)) return;
    const r = parseReference(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  });
/** A network (or `container:<name|id>`). */
export const NETWORK_REF = /^(container:)?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/**
 * Mode tokens accepted after a `-v` spec, kept in the order typed (the engine stores the mode
 * string as given). `ro` is in the list exactly when `readOnly` is true (see normalizeMount).
 */
export const MOUNT_OPTIONS = [
  'ro',
  'rw',
  'z',
  'Z',
  'nocopy',
  'rprivate',
  'private',
  'rshared',
  'shared',
  'rslave',
  'slave',
  'cached',
  'delegated',
  'consistent',
] as const;
export const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
export const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;
/** Signals offered by `kill` (a fixed list: nothing else reaches the engine). */
export const KILL_SIGNALS = [
  'SIGKILL',
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGSTOP',
  'SIGCONT',
  'SIGWINCH',
] as const;

const Text = (max = 4096) => z.string().max(max);
const List = <T extends z.ZodType>(item: T, max = 256) => z.array(item).max(max);
const noNul = (s: string) => !s.includes('\0');
const Bytes = z
  .number()
  .int()
  .min(0)
  .max(2 ** 53);

/** `-p [ip:]hostPort:containerPort[/proto]`; ports are strings so that ranges ("8000-8010") survive. */
export const PortSpec = z.strictObject({
  hostIp: Text(64).default(''),
  /** '' lets the engine pick a free port; "8080" or "8000-8010". */
  hostPort: Text(16).default(''),
  /** "80" or "8000-8010". */
  containerPort: Text(16),
  proto: z.enum(PORT_PROTOCOLS).default('tcp'),
});
export type PortSpec = z.infer<typeof PortSpec>;

/**
 * `-v name:/path`, `-v /path` (anonymous), `-v /host:/path[:ro]`, or the same with `--mount`
 * (`viaMount`): the CLI sends `-v` as HostConfig.Binds / Config.Volumes and `--mount` as HostConfig.Mounts.
 */
export const MountSpec = z.strictObject({
  type: z.enum(['volume', 'bind', 'anonymous']),
  /** Volume name or host path ('' for anonymous). */
  source: Text().refine(noNul, 'must not contain NUL').default(''),
  target: Text().refine(noNul, 'must not contain NUL'),
  readOnly: z.boolean().default(false),
  options: List(z.enum(MOUNT_OPTIONS), 8).default([]),
  viaMount: z.boolean().default(false),
});
export type MountSpec = z.infer<typeof MountSpec>;

/** Keep `options` and `readOnly` in step: `ro` listed exactly when read-only. */
export function normalizeMount(m: MountSpec): MountSpec {
  const has = m.options.includes('ro');
  if (m.readOnly === has) return m;
  return { ...m, options: m.readOnly ? ['ro', ...m.options] : m.options.filter((o) => o !== 'ro') };
}

export const RestartSpec = z.strictObject({
  name: z.enum(RESTART_POLICIES).default('no'),
  maxRetries: z.number().int().min(0).max(1_000_000).default(0),
});

export const RunSpec = z.strictObject({
  image: RunImage,
  /** '' lets the engine pick a name. */
  name: z
    .union([z.literal(''), z.string().max(128).regex(NEW_CONTAINER_NAME, 'not a valid container name')])
    .default(''),
  platform: Text(64).default(''),
  /** Arguments after the image ([] = the image's CMD). */
  cmd: List(Text(65536), 1024).default([]),
  /** `--entrypoint`: absent = the image's; [''] = reset. */
  entrypoint: List(Text(4096), 64).optional(),
  /** `-d`: false means "attached" (the terminal opens on start when -it). */
  detach: z.boolean().default(true),
  interactive: z.boolean().default(false),
  tty: z.boolean().default(false),
  autoRemove: z.boolean().default(false),
  ports: List(PortSpec, 512).default([]),
  publishAll: z.boolean().default(false),
  /** `--expose 80[/udp]` (ranges allowed). */
  expose: List(Text(32), 512).default([]),
  mounts: List(MountSpec, 256).default([]),
  /** `--tmpfs /path[:options]`. */
  tmpfs: List(Text(1024), 64).default([]),
  /** `--volumes-from name[:ro|rw]`. */
  volumesFrom: List(Text(300), 64).default([]),
  /** '' = the engine's default network. */
  network: z.union([z.literal(''), z.string().max(300).regex(NETWORK_REF, 'not a network name')]).default(''),
  networkAliases: List(Text(255), 64).default([]),
  /** `-e KEY=VALUE` (or `KEY` alone, passed on as the CLI does). */
  env: List(
    Text(65536).refine((s) => s.length > 0 && !s.startsWith('=') && noNul(s), 'not KEY=VALUE'),
    2000,
  ).default([]),
  /** `-l key=value`. */
  labels: List(
    Text(65536).refine((s) => s.length > 0 && !s.startsWith('=') && noNul(s), 'not key=value'),
    2000,
  ).default([]),
  restart: RestartSpec.prefault({}),
  workdir: Text().default(''),
  user: Text(256).default(''),
  hostname: Text(255).default(''),
  /** Bytes; 0 = unlimited. */
  memory: Bytes.default(0),
  memoryReservation: Bytes.default(0),
  /** Bytes; -1 = unlimited swap; 0 = engine default. */
  memorySwap: z
    .number()
    .int()
    .min(-1)
    .max(2 ** 53)
    .default(0),
  /** `--shm-size` in bytes; 0 = engine default. */
  shmSize: Bytes.default(0),
  /** `--cpus` as typed ("1.5"); '' = unlimited. */
  cpus: z
    .string()
    .max(24)
    .regex(/^(\d{1,6}(\.\d{1,9})?)?$/, 'not a number of CPUs')
    .default(''),
  cpuShares: z.number().int().min(0).max(262144).default(0),
  cpusetCpus: Text(128).default(''),
  privileged: z.boolean().default(false),
  /** `--pid`: '' | host | container:<name>. */
  pid: Text(300).default(''),
  /** `--ipc`: '' | host | private | shareable | none | container:<name>. */
  ipc: Text(300).default(''),
  /** `--uts`: '' | host. */
  uts: Text(16).default(''),
  capAdd: List(Text(64), 64).default([]),
  capDrop: List(Text(64), 64).default([]),
  /** `--device /dev/x[:/dev/y][:rwm]`. */
  devices: List(Text(1024), 64).default([]),
  init: z.boolean().default(false),
  readOnly: z.boolean().default(false),
  stopSignal: Text(32).default(''),
  stopTimeout: z.number().int().min(-1).max(86_400).optional(),
  /** `--add-host host:ip`. */
  extraHosts: List(Text(300), 256).default([]),
  dns: List(Text(64), 16).default([]),
  dnsSearch: List(Text(255), 16).default([]),
  dnsOptions: List(Text(255), 16).default([]),
  logDriver: Text(64).default(''),
  /** `--log-opt key=value`. */
  logOpts: List(Text(4096), 64).default([]),
  /** `--ulimit name=soft[:hard]`. */
  ulimits: List(Text(128), 64).default([]),
  /** `--sysctl key=value`. */
  sysctls: List(Text(1024), 64).default([]),
  groupAdd: List(Text(64), 64).default([]),
});
/** A full spec, every field present (what forms hold and builders take). */
export type RunSpec = z.output<typeof RunSpec>;
/** A spec as callers may write it (defaults filled in by the schema). */
export type RunSpecInput = z.input<typeof RunSpec>;

/** A spec with every field at its default: the empty run form. */
export function emptyRunSpec(image = ''): RunSpec {
  // Parse with a placeholder image (the schema requires one), then put the real value back.
  return { ...RunSpec.parse({ image: 'x' }), image };
}

/**
 * Host-power grants: what a spec hands over of the host. main refuses to create a
 * container whose grants are not all listed in `confirmHostPower`, so the UI must
 * show them and ask first. Ids: `privileged`, `pid=host`, `network=host`, `ipc=host`,
 * `uts=host`, `cap-add=CAP_X`, `device=/dev/x`, `bind=/path` (root, the engine socket
 * or another system path).
 */
export const HostGrant = z
  .string()
  .max(4200)
  .regex(/^(privileged|pid=host|network=host|ipc=host|uts=host|cap-add=[A-Z_0-9]+|device=.+|bind=\/.*)$/);

export const RunInput = z.strictObject({
  spec: RunSpec,
  /** false: `docker create` (made, not started). */
  start: z.boolean().default(true),
  /** The grants the user confirmed, exactly as main listed them. */
  confirmHostPower: List(HostGrant, 512).default([]),
});

export const RunOutcome = z.object({
  id: z.string(),
  name: z.string(),
  /**
   * started: running (or ran); created: made, not started (as asked);
   * start_failed: made but the engine refused to start it. It is kept, stopped, and startError says why.
   */
  outcome: z.enum(['started', 'created', 'start_failed']),
  startError: z
    .object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .optional(),
  /** The engine's create warnings. */
  warnings: z.array(z.string()),
});
export type RunOutcome = z.infer<typeof RunOutcome>;

/** A spec rebuilt from a container's inspect data (and its image, to leave out what the image brings). */
export const SpecFromContainer = z.object({
  spec: RunSpec,
  /** Settings of the container that the run form cannot express (named, so none is silently lost). */
  unsupported: z.array(z.string()),
});
export type SpecFromContainer = z.infer<typeof SpecFromContainer>;

export const ImageHints = z.object({
  /** The image is present locally. */
  found: z.boolean(),
  /** EXPOSE: "80/tcp". */
  exposedPorts: z.array(z.string()),
  /** VOLUME paths. */
  volumes: z.array(z.string()),
  cmd: z.array(z.string()),
  entrypoint: z.array(z.string()),
  workdir: z.string(),
  user: z.string(),
  env: z.array(z.string()),
});
export type ImageHints = z.infer<typeof ImageHints>;

export const RunOptions = z.object({
  /** Local images, repo:tag. */
  images: z.array(z.string()),
  networks: z.array(z.string()),
  volumes: z.array(z.string()),
  /** Container names (for --volumes-from). */
  containers: z.array(z.string()),
});
export type RunOptions = z.infer<typeof RunOptions>;

export const ProcessList = z.object({ titles: z.array(z.string()), processes: z.array(z.array(z.string())) });
export type ProcessList = z.infer<typeof ProcessList>;

export const FileChange = z.object({ path: z.string(), kind: z.enum(['changed', 'added', 'deleted']) });
export type FileChange = z.infer<typeof FileChange>;

/** A path inside a container: absolute, no NUL, no "..". */
export const ContainerPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), { message: 'must start with /' })
  .refine(noNul, { message: 'must not contain NUL' })
  .refine((p) => !p.split('/').includes('..'), { message: 'must not contain ".."' });

export const FileEntry = z.object({
  name: z.string(),
  type: z.enum(['file', 'dir', 'symlink', 'other']),
  size: z.number(),
  /** Permission bits (0o755). */
  mode: z.number(),
  /** ms since the epoch. */
  mtime: z.number(),
  linkTarget: z.string().optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;

/** Listing is read from the directory's archive headers: bounded, so huge folders come back truncated. */
export const FILES_LIST_MAX_ENTRIES = 5000;
export const FILES_LIST_MAX_BYTES = 512 * 1024 * 1024;
/** Downloads and uploads through Berth are bounded: beyond this, use `docker cp`. */
export const FILES_TRANSFER_LIMIT = 64 * 1024 * 1024;
/** One upload chunk (the web mode's WebSocket takes at most 1 MiB per message, base64-encoded). */
export const FILES_UPLOAD_CHUNK = 512 * 1024;

export const DirListing = z.object({
  /** The folder listed (symlinks followed). */
  path: z.string(),
  entries: z.array(FileEntry),
  /** Stopped early (too many entries or bytes): the listing shows what was read. */
  truncated: z.boolean(),
});
export type DirListing = z.infer<typeof DirListing>;

export const FileDownload = z.object({
  /** file: the file's own bytes; tar: a folder as a tar archive (what `docker cp c:/dir -` gives). */
  kind: z.enum(['file', 'tar']),
  name: z.string(),
  bytes: z.instanceof(Uint8Array),
});
export type FileDownload = z.infer<typeof FileDownload>;

/** One file name inside an upload (may name sub-folders with "/"; no "..", not absolute). */
export const UploadPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && noNul(p) && !p.includes('\\'), { message: 'not a relative path' })
  .refine((p) => p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), {
    message: 'must not contain empty, "." or ".." segments',
  });

const UploadId = z.string().regex(/^[a-zA-Z0-9-]{8,64}$/);

/** An image reference to commit to: repository[:tag], lower-case repository (the engine's grammar). */
export const COMMIT_REPO = /^[a-z0-9]+([._-]+[a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export const PrunePreview = z.object({ containers: z.array(ContainerSummary) });
export const PruneResult = z.object({
  removed: z.array(z.string()),
  failed: z.array(z.object({ id: z.string(), name: z.string(), code: z.string(), message: z.string() })),
});
export type PruneResult = z.infer<typeof PruneResult>;

const Id = z.strictObject({ id: ContainerRef });

export const containersCalls = {
  /** `docker ps -a` (or only the given ids: used to refresh rows named by change notices). */
  'containers.list': {
    input: z.strictObject({
      ids: z.array(z.string().regex(HEX_ID)).max(1000).optional(),
    }),
    output: z.array(ContainerSummary),
  },
  'containers.start': { input: Id, output: z.void() },
  'containers.stop': {
    input: z.strictObject({ id: ContainerRef, timeoutSeconds: z.number().int().min(0).max(3600).optional() }),
    output: z.void(),
  },
  'containers.restart': {
    input: z.strictObject({ id: ContainerRef, timeoutSeconds: z.number().int().min(0).max(3600).optional() }),
    output: z.void(),
  },
  /** `docker rm`: never forced unless the user asked for it. */
  'containers.remove': {
    input: z.strictObject({
      id: ContainerRef,
      force: z.boolean().default(false),
      removeVolumes: z.boolean().default(false),
    }),
    output: z.void(),
  },
  /** `docker kill -s SIGNAL` (from a fixed list). */
  'containers.kill': {
    input: z.strictObject({ id: ContainerRef, signal: z.enum(KILL_SIGNALS).default('SIGKILL') }),
    output: z.void(),
  },
  'containers.pause': { input: Id, output: z.void() },
  'containers.unpause': { input: Id, output: z.void() },
  /** `docker rename`. */
  'containers.rename': {
    input: z.strictObject({
      id: ContainerRef,
      name: z.string().max(128).regex(NEW_CONTAINER_NAME, 'not a valid container name'),
    }),
    output: z.void(),
  },
  /** What `docker container prune` would remove now: containers not running (exited, created, dead). */
  'containers.prunePreview': { input: z.strictObject({}), output: PrunePreview },
  /** Removes exactly the previewed containers, one by one (never forced: one that started meanwhile stays). */
  'containers.prune': {
    input: z.strictObject({ ids: z.array(z.string().regex(HEX_ID)).max(10_000) }),
    output: PruneResult,
  },
  /**
   * `docker run` / `docker create`: host-power grants must be confirmed (permission_denied with
   * issues naming them otherwise); engine errors come back with `issues` pointing at the field.
   */
  'containers.run': { input: RunInput, output: RunOutcome },
  /**
   * Edit and recreate: the container is replaced by one made from `spec`, under the same name.
   * Its named volumes and bind mounts are kept (anonymous volumes are re-attached at the same
   * paths); its writable layer is lost. On any failure the old container is put back as it was.
   */
  'containers.recreate': {
    input: z.strictObject({
      id: ContainerRef,
      spec: RunSpec,
      /** Start the new container (default: if the old one was running). */
      start: z.boolean().optional(),
      confirmHostPower: List(HostGrant, 512).default([]),
    }),
    output: RunOutcome,
  },
  /** The run spec of an existing container (for "copy as docker run" and "edit and recreate"). */
  'containers.runSpec': { input: Id, output: SpecFromContainer },
  /** The host-power grants a spec needs (shown in the form before running). */
  'containers.hostPower': { input: z.strictObject({ spec: RunSpec }), output: z.array(z.string()) },
  /** What the form suggests: local images, networks, volumes, container names. */
  'containers.runOptions': { input: z.strictObject({}), output: RunOptions },
  /** An image's EXPOSE, VOLUME and defaults, to pre-fill the form. */
  'containers.imageHints': {
    input: z.strictObject({ image: RunImage }),
    output: ImageHints,
  },
  /** `docker inspect`: the engine's own JSON. */
  'containers.inspect': { input: Id, output: z.record(z.string(), z.unknown()) },
  /** `docker top` (running containers only). */
  'containers.top': { input: Id, output: ProcessList },
  /** `docker diff`. */
  'containers.changes': { input: Id, output: z.array(FileChange) },
  /** The entries of one folder (running or stopped container). */
  'containers.listFiles': {
    input: z.strictObject({ id: ContainerRef, path: ContainerPath.default('/') }),
    output: DirListing,
  },
  /** `docker cp c:path -`: a file's bytes, or a folder as tar; at most FILES_TRANSFER_LIMIT bytes. */
  'containers.download': {
    input: z.strictObject({ id: ContainerRef, path: ContainerPath }),
    output: FileDownload,
  },
  /** Stage one chunk of an upload (uploads travel in chunks; a commit copies them in). */
  'containers.uploadChunk': {
    input: z.strictObject({
      uploadId: UploadId,
      index: z
        .number()
        .int()
        .min(0)
        .max(FILES_TRANSFER_LIMIT / FILES_UPLOAD_CHUNK + 1),
      bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= FILES_UPLOAD_CHUNK, 'chunk too large'),
    }),
    output: z.object({ received: z.number() }),
  },
  /**
   * `docker cp - c:dir`: the staged bytes, cut in order into `files` (paths relative to `dir`,
   * sub-folders created), are copied into folder `dir`. Existing files are replaced.
   */
  'containers.uploadCommit': {
    input: z.strictObject({
      uploadId: UploadId,
      id: ContainerRef,
      dir: ContainerPath,
      files: z
        .array(z.strictObject({ path: UploadPath, size: z.number().int().min(0).max(FILES_TRANSFER_LIMIT) }))
        .min(1)
        .max(1000),
    }),
    output: z.object({ files: z.number(), bytes: z.number() }),
  },
  /** `docker commit -m -a c repo:tag`. */
  'containers.commit': {
    input: z.strictObject({
      id: ContainerRef,
      repo: z.string().min(1).max(255).regex(COMMIT_REPO, 'not a valid repository name'),
      tag: z.string().max(128).regex(IMAGE_TAG, 'not a valid tag').default('latest'),
      message: z.string().max(4096).default(''),
      author: z.string().max(256).default(''),
      /** Pause the container while committing (the CLI's default). */
      pause: z.boolean().default(true),
    }),
    output: z.object({ imageId: z.string() }),
  },
} as const;

export const containersEvents = {
  /** Coalesced change notice: these container ids changed (or were removed). */
  'containers.changed': z.object({ ids: z.array(z.string()) }),
} as const;
