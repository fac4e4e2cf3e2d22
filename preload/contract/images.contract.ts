import { z } from 'zod';
import { stream } from './streams';

// ---------------------------------------------------------------------------
// Image references, per the distribution/reference grammar (what `docker pull`
// accepts): [domain[:port]/]path[:tag][@digest]. Pure functions, shared by main
// (validation before anything reaches a URL path) and the renderer (showing the
// normalised reference while the user types).
// ---------------------------------------------------------------------------

export const DOCKER_DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
export const DOCKER_DEFAULT_TAG = 'latest';
/** The whole name (domain and path) is at most this long. */
export const REFERENCE_NAME_MAX = 255;

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN}/)?${REMOTE_NAME}`;

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_RE = new RegExp(`^(?:(${DOMAIN})/)?(${REMOTE_NAME})$`);
const ANCHORED_IDENTIFIER_RE = /^[a-f0-9]{64}$/;
export const REFERENCE_TAG_RE = new RegExp(`^${TAG}$`);
/** An image id as the engine prints it: `sha256:` and 64 hex digits (or a prefix of them, or bare hex). */
export const IMAGE_ID_RE = /^(?:sha256:)?[a-f0-9]{1,64}$/;

export interface ImageReference {
  /** Registry host[:port]; `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path inside the registry (`library/mysql`). */
  path: string;
  tag?: string;
  digest?: string;
  /** domain/path */
  name: string;
  /** The full reference: `docker.io/library/mysql:5.7`. */
  normalized: string;
  /** As the docker CLI prints it: `mysql:5.7`. */
  familiar: string;
}

export type ImageReferenceResult = { ok: true; ref: ImageReference } | { ok: false; error: string };

function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DOCKER_DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DOCKER_DEFAULT_DOMAIN;
  if (domain === DOCKER_DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

/** The short form the CLI prints: docker.io/ and library/ dropped. */
export function familiarImageName(domain: string, path: string): string {
  if (domain !== DOCKER_DEFAULT_DOMAIN) return `${domain}/${path}`;
  if (path.startsWith(OFFICIAL_REPO_PREFIX) && !path.slice(OFFICIAL_REPO_PREFIX.length).includes('/')) {
    return path.slice(OFFICIAL_REPO_PREFIX.length);
  }
  return path;
}

function build(domain: string, path: string, tag: string | undefined, digest: string | undefined): ImageReference {
  const suffix = `${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return {
    domain,
    path,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    name: `${domain}/${path}`,
    normalized: `${domain}/${path}${suffix}`,
    familiar: `${familiarImageName(domain, path)}${suffix}`,
  };
}

/**
 * ParseNormalizedNamed: `mysql:5.7` → `docker.io/library/mysql:5.7`. Errors
 * are the engine's own words (uppercase, 64-hex ids, too long, bad format).
 * With `defaultTag`, a reference with neither tag nor digest gets `:latest`
 * (what `docker pull` does).
 */
export function parseReference(input: string, opts: { defaultTag?: boolean } = {}): ImageReferenceResult {
  const s = input;
  if (s === '') return { ok: false, error: 'repository name must have at least one component' };
  if (s.length > 512) return { ok: false, error: 'invalid reference format: too long' };
  if (ANCHORED_IDENTIFIER_RE.test(s)) {
    return { ok: false, error: `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings` };
  }
  const [domain0, remainder0] = splitDockerDomain(s);
  const tagSep = remainder0.indexOf(':');
  const remoteName = tagSep > -1 ? remainder0.slice(0, tagSep) : remainder0;
  if (remoteName.toLowerCase() !== remoteName) {
    return {
      ok: false,
      error: `invalid reference format: repository name (${remoteName.split('@')[0]}) must be lowercase`,
    };
  }
  const full = `${domain0}/${remainder0}`;
  const m = REFERENCE_RE.exec(full);
  if (!m) {
    if (REFERENCE_RE.test(full.toLowerCase())) {
      return { ok: false, error: 'invalid reference format: repository name must be lowercase' };
    }
    return { ok: false, error: 'invalid reference format' };
  }
  const name = m[1] ?? '';
  if (name.length > REFERENCE_NAME_MAX) {
    return { ok: false, error: `repository name must not be more than ${REFERENCE_NAME_MAX} characters` };
  }
  const nm = ANCHORED_NAME_RE.exec(name);
  if (!nm) return { ok: false, error: 'invalid reference format' };
  let tag = m[2];
  const digest = m[3];
  if (opts.defaultTag && !tag && !digest) tag = DOCKER_DEFAULT_TAG;
  return { ok: true, ref: build(nm[1] ?? DOCKER_DEFAULT_DOMAIN, nm[2] ?? '', tag, digest) };
}

/** Throwing variant for code paths that already validated. */
export function normalizeReference(input: string, opts: { defaultTag?: boolean } = {}): ImageReference {
  const r = parseReference(input, opts);
  if (!r.ok) throw new Error(r.error);
  return r.ref;
}

/** An image id (hex, `sha256:hex`, or a unique prefix of one). */
export const isImageId = (s: string): boolean => IMAGE_ID_RE.test(s);

/** Something that names a local image: an id or a reference (checked before it reaches a URL path). */
export function isImageRef(s: string): boolean {
  return isImageId(s) || parseReference(s).ok;
}

/** The registry a reference lives in, as credentials are keyed (`docker.io` for Hub). */
export const registryOfReference = (ref: ImageReference): string => ref.domain;

// ---------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------

export const ImageRef = z
  .string()
  .min(1)
  .max(512)
  .refine(isImageRef, { message: 'not an image id or a valid image reference' });

/** A reference to pull, push or tag to: must parse (uppercase and bad formats refused with the engine's words). */
export const ImageReferenceInput = z
  .string()
  .min(1)
  .max(512)
  .superRefine((s, ctx) => {
    const r = parseReference(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  });

/** A tag target: a reference without digest. */
export const ImageTagTarget = ImageReferenceInput.refine((s) => !parseReference(s).ok || !s.includes('@'), {
  message: 'a tag cannot contain a digest',
});

/** An absolute path on the machine where Berth's main process runs. */
export const ImageFilePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { message: 'path contains NUL' })
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), {
    message: 'must be an absolute path',
  });

export const IMAGE_PLATFORM_RE = /^[a-z0-9_-]+\/[a-z0-9_-]+(?:\/[a-z0-9_.-]+)?$/;
const Platform = z.string().max(64).regex(IMAGE_PLATFORM_RE, { message: 'platform is os/arch[/variant]' });

const LabelKey = z.string().min(1).max(255);
const Labels = z
  .record(LabelKey, z.string().max(4096))
  .refine((r) => Object.keys(r).length <= 100, { message: 'at most 100 labels' });

export const ImageSummary = z.object({
  /** `sha256:…` */
  id: z.string(),
  parentId: z.string(),
  /** Familiar `repo:tag` references (`<none>` rows have none). */
  tags: z.array(z.string()),
  /** Familiar `repo@sha256:…` references. */
  digests: z.array(z.string()),
  /** Seconds since the epoch. */
  created: z.number(),
  size: z.number(),
  /** Bytes in layers that other local images use too. */
  sharedSize: z.number(),
  /** Bytes only this image holds (what removing it frees). */
  uniqueSize: z.number(),
  /** Containers (any state) created from this image. */
  containers: z.number(),
  layers: z.number(),
  labels: z.record(z.string(), z.string()),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

/** A local image that holds the same layer: `name` is its first tag (or short id), `tags` all of them. */
export const ImageSharedWith = z.object({ id: z.string(), name: z.string(), tags: z.array(z.string()) });
export const ImageHistoryEntry = z.object({
  /** The local image this step produced, when it exists (`<missing>` otherwise). */
  id: z.string().nullable(),
  created: z.number(),
  createdBy: z.string(),
  size: z.number(),
  comment: z.string(),
  tags: z.array(z.string()),
  /** False for metadata-only steps (ENV, CMD, LABEL…): they add no filesystem layer. */
  emptyLayer: z.boolean(),
  /** The filesystem layer this step added. */
  layer: z
    .object({
      diffId: z.string(),
      chainId: z.string(),
      /** Other local images that hold this very layer (same chain: same content on the same parent). */
      sharedWith: z.array(ImageSharedWith),
    })
    .nullable(),
});
export type ImageHistoryEntry = z.infer<typeof ImageHistoryEntry>;

export const ImageHistory = z.object({
  id: z.string(),
  /** Newest first, as `docker history` prints it. */
  entries: z.array(ImageHistoryEntry),
  sharedSize: z.number(),
  uniqueSize: z.number(),
});
export type ImageHistory = z.infer<typeof ImageHistory>;

export const ImageRemoveResult = z.object({ untagged: z.array(z.string()), deleted: z.array(z.string()) });
export type ImageRemoveResult = z.infer<typeof ImageRemoveResult>;

export const ImagePruneCandidate = z.object({
  id: z.string(),
  tags: z.array(z.string()),
  created: z.number(),
  size: z.number(),
});
export type ImagePruneCandidate = z.infer<typeof ImagePruneCandidate>;

export const ImagePrunePreview = z.object({
  all: z.boolean(),
  images: z.array(ImagePruneCandidate),
  /** Bytes freed if all of them go (layers nothing else holds). */
  reclaimable: z.number(),
});
export type ImagePrunePreview = z.infer<typeof ImagePrunePreview>;

export const ImagePruneResult = z.object({
  deleted: z.array(z.string()),
  untagged: z.array(z.string()),
  /** Previewed images that were kept because the engine's state changed meanwhile (used, tagged, gone). */
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  spaceReclaimed: z.number(),
});
export type ImagePruneResult = z.infer<typeof ImagePruneResult>;

export const ImageSearchResult = z.object({
  name: z.string(),
  description: z.string(),
  stars: z.number(),
  official: z.boolean(),
  automated: z.boolean(),
});
export type ImageSearchResult = z.infer<typeof ImageSearchResult>;

const FullImageId = z.string().regex(/^sha256:[a-f0-9]{64}$/);

export const imagesCalls = {
  /** `docker images` (`-a`: intermediate images too). */
  'images.list': {
    input: z.strictObject({
      all: z.boolean().default(false),
      /** Only the images these name now (ids or references, as `images.changed` gives them). */
      refs: z.array(ImageRef).max(1000).optional(),
    }),
    output: z.array(ImageSummary),
  },
  /** `docker image inspect`: the engine's JSON as it is. */
  'images.inspect': {
    input: z.strictObject({ ref: ImageRef }),
    output: z.record(z.string(), z.unknown()),
  },
  /** `docker history` with each layer's diff id and which other local images share it. */
  'images.history': { input: z.strictObject({ ref: ImageRef }), output: ImageHistory },
  /** `docker tag SOURCE TARGET` */
  'images.tag': {
    input: z.strictObject({ source: ImageRef, target: ImageTagTarget }),
    output: z.object({ target: z.string() }),
  },
  /**
   * `docker rmi REF…`: a tag of a multi-tag image is only untagged. Refused
   * (conflict, naming them) while containers use an image that would be
   * deleted, unless forced.
   */
  'images.remove': {
    input: z.strictObject({
      refs: z.array(ImageRef).min(1).max(100),
      force: z.boolean().default(false),
      noPrune: z.boolean().default(false),
    }),
    output: ImageRemoveResult,
  },
  /** What `docker image prune [-a]` would remove, nothing removed. */
  'images.prunePreview': { input: z.strictObject({ all: z.boolean().default(false) }), output: ImagePrunePreview },
  /** Remove exactly the previewed images (each re-checked first). */
  'images.prune': {
    input: z.strictObject({ all: z.boolean().default(false), ids: z.array(FullImageId).max(5000) }),
    output: ImagePruneResult,
  },
  /** `docker search TERM`, through the engine (Docker Hub). Fails fast when it cannot be reached. */
  'images.search': {
    input: z.strictObject({
      term: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .refine((s) => !/[\s\0]/.test(s), { message: 'no spaces' }),
      limit: z.number().int().min(1).max(100).default(25),
    }),
    output: z.array(ImageSearchResult),
  },
} as const;

// ---------------------------------------------------------------------------
// Streams: pull, push, build, save, load, import
// ---------------------------------------------------------------------------

export interface ImageLayerProgress {
  id: string;
  /** The engine's words: Waiting, Downloading, Extracting, Pull complete, Pushed… */
  status: string;
  current?: number;
  total?: number;
  /** 0..1, across all of the layer's phases. */
  fraction: number;
  done: boolean;
}

export type ImagesFrame =
  /** The latest state of every layer (a snapshot: only the newest matters), plus the total. */
  | {
      t: 'progress';
      layers: ImageLayerProgress[];
      /** 0..1 */
      fraction: number;
      current: number;
      total: number;
      /** The last line without a layer id ("Digest: …", "Status: …"). */
      status?: string;
    }
  /** Bytes read from or written to a file (save, load, import). */
  | { t: 'bytes'; current: number; total?: number; estimated?: boolean }
  /** Build output and status lines, as text. */
  | { t: 'log'; text: string }
  /** The last frame of a successful run. */
  | { t: 'done'; imageId?: string; ref?: string; digest?: string; loaded?: string[]; path?: string };

export const ImagePullInput = z.strictObject({
  /** `mysql:5.7` → docker.io/library/mysql:5.7; no tag means `latest`. */
  ref: ImageReferenceInput,
  platform: Platform.optional(),
});
export const ImagePushInput = z.strictObject({ ref: ImageReferenceInput });

const BuildArgName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const RelPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { message: 'path contains NUL' });

export const ImageBuildInput = z.strictObject({
  /** The build context: a folder on the machine where Berth runs. */
  contextPath: ImageFilePath,
  /** `-f`: the Dockerfile, relative to the context. */
  dockerfile: RelPath.default('Dockerfile'),
  /** `-t`, any number. */
  tags: z.array(ImageTagTarget).max(20).default([]),
  /** `--build-arg NAME=value` */
  buildArgs: z
    .record(BuildArgName, z.string().max(65536))
    .refine((r) => Object.keys(r).length <= 200, { message: 'at most 200 build args' })
    .default({}),
  /** `--target` */
  target: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
    .optional(),
  noCache: z.boolean().default(false),
  /** `--pull`: always try to pull a newer base image. */
  pull: z.boolean().default(false),
  /** `--label` */
  labels: Labels.default({}),
  platform: Platform.optional(),
});

export const ImageSaveInput = z.strictObject({
  refs: z.array(ImageRef).min(1).max(100),
  /** Where the tar goes, on the machine where Berth runs. */
  path: ImageFilePath,
  overwrite: z.boolean().default(false),
});
export const ImageLoadInput = z.strictObject({ path: ImageFilePath });
export const ImageImportInput = z.strictObject({
  /** A root filesystem tarball (plain or gzip/bzip2/xz, as the engine accepts). */
  path: ImageFilePath,
  /** `docker import FILE REPOSITORY[:TAG]` */
  ref: ImageTagTarget.optional(),
  /** `-c`: Dockerfile instructions applied to the image (CMD, ENV, …). */
  changes: z
    .array(
      z
        .string()
        .max(4096)
        .regex(/^\s*(CMD|ENTRYPOINT|ENV|EXPOSE|ONBUILD|USER|VOLUME|WORKDIR|LABEL|STOPSIGNAL)\s/i, {
          message: 'only CMD, ENTRYPOINT, ENV, EXPOSE, ONBUILD, USER, VOLUME, WORKDIR, LABEL, STOPSIGNAL',
        }),
    )
    .max(50)
    .default([]),
  /** `-m` */
  message: z.string().max(4096).optional(),
  platform: Platform.optional(),
});

export const imagesStreams = {
  /** `docker pull REF`: per-layer progress and a total; closing cancels. */
  'images.pull': stream<typeof ImagePullInput, ImagesFrame>(ImagePullInput),
  /** `docker push REF` */
  'images.push': stream<typeof ImagePushInput, ImagesFrame>(ImagePushInput),
  /** `docker build`: the log, live; ends with the new image id. */
  'images.build': stream<typeof ImageBuildInput, ImagesFrame>(ImageBuildInput),
  /** `docker save -o PATH REF…` */
  'images.save': stream<typeof ImageSaveInput, ImagesFrame>(ImageSaveInput),
  /** `docker load -i PATH` */
  'images.load': stream<typeof ImageLoadInput, ImagesFrame>(ImageLoadInput),
  /** `docker import PATH [REF]` */
  'images.import': stream<typeof ImageImportInput, ImagesFrame>(ImageImportInput),
} as const;

export const imagesEvents = {
  /** Coalesced change notice: images changed (ids or references, as the engine names them). */
  'images.changed': z.object({ ids: z.array(z.string()) }),
} as const;
