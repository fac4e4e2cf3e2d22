import { z } from 'zod';

/** The engine's grammar for volume names (volume/local: [a-zA-Z0-9][a-zA-Z0-9_.-]+). */
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** An anonymous volume: the engine names it with 64 hex digits. */
export const ANONYMOUS_VOLUME_NAME = /^[a-f0-9]{64}$/;
/** The label newer engines (API >= 1.42) put on anonymous volumes. */
export const ANONYMOUS_VOLUME_LABEL = 'com.docker.volume.anonymous';
/** Volume and network drivers: "local", "vieux/sshfs:latest", … */
export const DRIVER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.\-/:]*$/;

/** Uploads and downloads through the volume helper are bounded: beyond this, use `docker cp`. */
export const VOLUME_TRANSFER_LIMIT = 64 * 1024 * 1024;
/** One upload chunk (the web mode's WebSocket takes at most 1 MiB per message, base64-encoded). */
export const VOLUME_UPLOAD_CHUNK = 512 * 1024;

export const VolumeName = z.string().min(2).max(255).regex(VOLUME_NAME, 'not a valid volume name');
export const VolumeDriverName = z.string().min(1).max(128).regex(DRIVER_NAME, 'not a valid driver name');

/** Labels and driver options: bounded string maps. */
export const VolumeStringMap = z
  .record(z.string().min(1).max(256), z.string().max(4096))
  .refine((m) => Object.keys(m).length <= 100, { message: 'at most 100 entries' });

/** A path inside a volume: absolute from the volume's root, no "..", no NUL. */
export const VolumePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), { message: 'must start with /' })
  .refine((p) => !p.includes('\0'), { message: 'must not contain NUL' })
  .refine((p) => !p.split('/').includes('..'), { message: 'must not contain ".."' });

/** One file name inside an upload (may name sub-folders with "/"; no "..", not absolute). */
export const VolumeUploadPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.includes('\0') && !p.includes('\\'), { message: 'not a relative path' })
  .refine((p) => p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), {
    message: 'must not contain empty, "." or ".." segments',
  });

export const VolumeBytes = z.instanceof(Uint8Array);

export const ContainerUse = z.object({
  id: z.string(),
  name: z.string(),
  /** created, running, exited, … */
  state: z.string(),
  image: z.string(),
  /** Where the container mounts it. */
  destination: z.string(),
  readOnly: z.boolean(),
});
export type ContainerUse = z.infer<typeof ContainerUse>;

export const VolumeSummary = z.object({
  name: z.string(),
  driver: z.string(),
  mountpoint: z.string(),
  scope: z.string(),
  /** Seconds since the epoch (undefined when the driver does not say). */
  created: z.number().optional(),
  anonymous: z.boolean(),
  labels: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.string()),
  /** Containers (running or not) that mount it; Berth's own helpers are left out. */
  usedBy: z.array(ContainerUse),
});
export type VolumeSummary = z.infer<typeof VolumeSummary>;

export const VolumeUsage = z.object({
  name: z.string(),
  /** VolumeBytes; undefined when the engine did not compute it (-1). */
  size: z.number().optional(),
  refCount: z.number().optional(),
});
export type VolumeUsage = z.infer<typeof VolumeUsage>;

export const VolumeEntry = z.object({
  name: z.string(),
  type: z.enum(['file', 'dir', 'symlink', 'other']),
  /** VolumeBytes: the file's size, or the total of a folder's files. */
  size: z.number(),
  mode: z.number(),
  /** Seconds since the epoch. */
  mtime: z.number(),
  linkTarget: z.string().optional(),
});
export type VolumeEntry = z.infer<typeof VolumeEntry>;

export const VolumeListing = z.object({
  path: z.string(),
  entries: z.array(VolumeEntry),
  /** The folder was too big to read to its end: what is shown is a prefix. */
  truncated: z.boolean(),
});
export type VolumeListing = z.infer<typeof VolumeListing>;

export const VolumeDownload = z.object({
  fileName: z.string(),
  /** A single file's bytes, or a tar archive of a folder. */
  kind: z.enum(['file', 'tar']),
  bytes: VolumeBytes,
});
export type VolumeDownload = z.infer<typeof VolumeDownload>;

export const PrunePreviewVolume = z.object({
  name: z.string(),
  anonymous: z.boolean(),
  driver: z.string(),
  size: z.number().optional(),
  created: z.number().optional(),
});
export type PrunePreviewVolume = z.infer<typeof PrunePreviewVolume>;

export const VolumesPrunePreview = z.object({
  includeNamed: z.boolean(),
  volumes: z.array(PrunePreviewVolume),
  /** Sum of the known sizes. */
  totalBytes: z.number(),
  /** The API version Berth speaks: `docker volume prune` itself removes named volumes on < 1.42 only. */
  apiVersion: z.string(),
  /** What a bare `docker volume prune` would do on this engine. */
  engineDefaultIncludesNamed: z.boolean(),
  /** Unused volumes that are not in the list because they are named (when includeNamed is false). */
  namedKept: z.number(),
});
export type VolumesPrunePreview = z.infer<typeof VolumesPrunePreview>;

export const VolumesPruneResult = z.object({
  removed: z.array(z.object({ name: z.string(), size: z.number().optional() })),
  /** Volumes of the preview that were not removed, and why (in use meanwhile, gone, named…). */
  skipped: z.array(z.object({ name: z.string(), reason: z.string(), code: z.string() })),
  spaceReclaimed: z.number(),
});
export type VolumesPruneResult = z.infer<typeof VolumesPruneResult>;

export const volumesCalls = {
  /** `docker volume ls` with the containers using each volume (or only the given names). */
  'volumes.list': {
    input: z.strictObject({ names: z.array(VolumeName).max(1000).optional() }),
    output: z.array(VolumeSummary),
  },
  /** Sizes from the engine's disk-usage data (`docker system df -v`): slower, loaded separately. */
  'volumes.usage': { input: z.strictObject({}), output: z.array(VolumeUsage) },
  /** `docker volume create`; refuses a name that exists (the engine would silently reuse it). */
  'volumes.create': {
    input: z.strictObject({
      name: VolumeName.optional(),
      driver: VolumeDriverName.default('local'),
      driverOpts: VolumeStringMap.default({}),
      labels: VolumeStringMap.default({}),
    }),
    output: VolumeSummary,
  },
  /** `docker volume inspect`: the engine's own JSON. */
  'volumes.inspect': {
    input: z.strictObject({ name: VolumeName }),
    output: z.record(z.string(), z.unknown()),
  },
  /** `docker volume rm`: refused while any container (even stopped) uses it, naming them. */
  'volumes.remove': { input: z.strictObject({ name: VolumeName }), output: z.void() },
  /** What a prune would delete: computed by Berth, not by the engine's version-dependent default. */
  'volumes.prunePreview': {
    input: z.strictObject({ includeNamed: z.boolean().default(false) }),
    output: VolumesPrunePreview,
  },
  /** Removes exactly the previewed volumes, one by one; reports any that became used meanwhile. */
  'volumes.prune': {
    input: z.strictObject({
      names: z.array(VolumeName).max(10_000),
      includeNamed: z.boolean().default(false),
    }),
    output: VolumesPruneResult,
  },
  /** The entries of one folder of a volume (no running container needed). */
  'volumes.browse': {
    input: z.strictObject({ name: VolumeName, path: VolumePath.default('/') }),
    output: VolumeListing,
  },
  /** A file's bytes, or a folder as a tar archive; at most VOLUME_TRANSFER_LIMIT bytes. */
  'volumes.download': {
    input: z.strictObject({ name: VolumeName, path: VolumePath }),
    output: VolumeDownload,
  },
  /** Stage one chunk of an upload (uploads travel in chunks; a commit writes them into the volume). */
  'volumes.uploadChunk': {
    input: z.strictObject({
      uploadId: z.string().regex(/^[a-zA-Z0-9-]{8,64}$/),
      index: z
        .number()
        .int()
        .min(0)
        .max(VOLUME_TRANSFER_LIMIT / VOLUME_UPLOAD_CHUNK + 1),
      bytes: VolumeBytes.refine((b) => b.byteLength <= VOLUME_UPLOAD_CHUNK, { message: 'chunk too large' }),
    }),
    output: z.object({ received: z.number() }),
  },
  /**
   * Write the staged bytes into folder `dir` of the volume: `files` cut the staged bytes, in order,
   * into files (paths relative to `dir`; sub-folders are created). Existing files are replaced.
   */
  'volumes.uploadCommit': {
    input: z.strictObject({
      uploadId: z.string().regex(/^[a-zA-Z0-9-]{8,64}$/),
      name: VolumeName,
      dir: VolumePath.default('/'),
      files: z
        .array(z.strictObject({ path: VolumeUploadPath, size: z.number().int().min(0).max(VOLUME_TRANSFER_LIMIT) }))
        .min(1)
        .max(1000),
    }),
    output: z.object({ files: z.number(), bytes: z.number() }),
  },
} as const;

export const volumesEvents = {
  /** Coalesced change notice: these volume names changed (or were removed). */
  'volumes.changed': z.object({ ids: z.array(z.string()) }),
} as const;

/** Anonymous: named by the engine with 64 hex digits, or labelled so by newer engines. */
export function isAnonymousVolume(name: string, labels: Record<string, string> | null | undefined): boolean {
  return ANONYMOUS_VOLUME_NAME.test(name) || (labels != null && ANONYMOUS_VOLUME_LABEL in labels);
}
