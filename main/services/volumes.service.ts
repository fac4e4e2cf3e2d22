import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { BerthError } from '../../preload/contract/errors';
import {
  VOLUME_TRANSFER_LIMIT,
  isAnonymousVolume,
  type ContainerUse,
  type VolumeDownload,
  type VolumeEntry,
  type VolumeListing,
  type VolumeSummary,
  type VolumeUsage,
  type VolumesPrunePreview,
  type VolumesPruneResult,
} from '../../preload/contract/volumes.contract';
import type { EngineConnection } from '../engine/engine-connection';
import { diskUsage } from '../engine/disk-usage';
import { toBerthError } from '../engine/errors';
import { HELPER_LABEL } from './helper-label';

/** Label on Berth's short-lived helper containers (and its helper image). */
export { HELPER_LABEL };
/** An empty image (no files): the helper container is created from it and never started. */
export const HELPER_IMAGE = 'berth-helper/empty:1';
/** Where the helper mounts the volume. */
const MOUNT = '/volume';

/** Browsing reads a folder's archive: bounded in entries and bytes, then shown as truncated. */
const BROWSE_MAX_ENTRIES = 20_000;
const BROWSE_MAX_BYTES = 1024 * 1024 * 1024;
/** Staged uploads: how many at once, and how long an idle one is kept. */
const MAX_UPLOADS = 8;
const UPLOAD_IDLE_MS = 5 * 60_000;

// ---------------------------------------------------------------------------
// tar: the engine's archive endpoints speak it (Go's archive/tar: ustar, PAX, GNU long names)
// ---------------------------------------------------------------------------

export interface TarHeader {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  mode: number;
  mtime: number;
  linkTarget?: string;
}

const BLOCK = 512;

function cstr(b: Buffer, start: number, len: number): string {
  const slice = b.subarray(start, start + len);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString('utf8');
}

/** A numeric header field: octal text, or GNU base-256 when the high bit is set. */
function num(b: Buffer, start: number, len: number): number {
  const first = b[start] ?? 0;
  if (first & 0x80) {
    let v = first & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + (b[start + i] ?? 0);
    return v;
  }
  const s = cstr(b, start, len).trim();
  return s ? parseInt(s, 8) || 0 : 0;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.subarray(i, sp).toString('ascii'), 10);
    if (!len || len <= 0) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/**
 * A push parser for tar streams: feed chunks as they arrive (any split), get
 * each entry's header, and optionally its data. Stops at the end-of-archive blocks.
 */
export class TarReader {
  private buf: Buffer = Buffer.alloc(0);
  private state: 'header' | 'data' | 'meta' | 'done' = 'header';
  private remaining = 0;
  private padding = 0;
  private current: TarHeader | undefined;
  private meta: { kind: string; parts: Buffer[] } | undefined;
  private pax: Record<string, string> = {};
  private gnuName: string | undefined;
  private gnuLink: string | undefined;

  constructor(
    private readonly onEntry: (h: TarHeader) => void,
    private readonly onData?: (h: TarHeader, chunk: Buffer) => void,
  ) {}

  get done(): boolean {
    return this.state === 'done';
  }

  push(chunk: Uint8Array): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    for (;;) {
      if (this.state === 'done') return;
      if (this.state === 'header') {
        if (this.buf.length < BLOCK) return;
        const h = this.buf.subarray(0, BLOCK);
        this.buf = this.buf.subarray(BLOCK);
        if (h.every((x) => x === 0)) {
          this.state = 'done';
          return;
        }
        this.header(h);
        continue;
      }
      // data or meta: pass through what is there, then skip the padding
      if (this.remaining > 0) {
        if (this.buf.length === 0) return;
        const take = Math.min(this.remaining, this.buf.length);
        const part = this.buf.subarray(0, take);
        this.buf = this.buf.subarray(take);
        this.remaining -= take;
        if (this.state === 'meta') this.meta?.parts.push(Buffer.from(part));
        else if (this.current && this.onData) this.onData(this.current, part);
        if (this.remaining > 0) return;
      }
      if (this.buf.length < this.padding) {
        this.padding -= this.buf.length;
        this.buf = Buffer.alloc(0);
        return;
      }
      this.buf = this.buf.subarray(this.padding);
      this.padding = 0;
      if (this.state === 'meta') this.finishMeta();
      this.state = 'header';
    }
  }

  private header(h: Buffer): void {
    const typeflag = String.fromCharCode(h[156] ?? 0);
    const size = num(h, 124, 12);
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      this.state = 'meta';
      this.meta = { kind: typeflag, parts: [] };
      return;
    }
    const magic = cstr(h, 257, 6);
    let path = cstr(h, 0, 100);
    if (magic.startsWith('ustar')) {
      const prefix = cstr(h, 345, 155);
      if (prefix) path = `${prefix}/${path}`;
    }
    path = this.pax.path ?? this.gnuName ?? path;
    const link = this.pax.linkpath ?? this.gnuLink ?? cstr(h, 157, 100);
    const type: TarHeader['type'] =
      typeflag === '0' || typeflag === '\0' || typeflag === '7'
        ? path.endsWith('/')
          ? 'dir'
          : 'file'
        : typeflag === '5'
          ? 'dir'
          : typeflag === '2'
            ? 'symlink'
            : 'other';
    const realSize = this.pax.size !== undefined ? Number(this.pax.size) : size;
    if (this.pax.size !== undefined) {
      this.remaining = realSize;
      this.padding = (BLOCK - (realSize % BLOCK)) % BLOCK;
    }
    const mtime = this.pax.mtime !== undefined ? Math.floor(Number(this.pax.mtime)) : num(h, 136, 12);
    this.current = {
      path,
      type,
      size: type === 'file' ? realSize : 0,
      mode: num(h, 100, 8),
      mtime,
      ...(type === 'symlink' ? { linkTarget: link } : {}),
    };
    this.pax = {};
    this.gnuName = undefined;
    this.gnuLink = undefined;
    this.onEntry(this.current);
    this.state = 'data';
  }

  private finishMeta(): void {
    const m = this.meta;
    this.meta = undefined;
    if (!m) return;
    const data = Buffer.concat(m.parts);
    if (m.kind === 'x') this.pax = parsePax(data);
    else if (m.kind === 'L') this.gnuName = cstr(data, 0, data.length);
    else if (m.kind === 'K') this.gnuLink = cstr(data, 0, data.length);
    // 'g' (global PAX) carries nothing we use.
  }
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function tarHeader(
  path: string,
  type: '0' | '5' | 'x',
  size: number,
  mode: number,
  mtime: number,
  fallbackName?: string,
): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(fallbackName ?? path, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + 1;
  while (String(len).length + bodyLen !== len) len = String(len).length + bodyLen;
  return Buffer.from(`${len}${body}`, 'utf8');
}

const pad = (n: number) => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

/** A tar archive of folders and files (PAX headers for long or non-ASCII names). */
export function packTar(
  entries: { path: string; type: 'file' | 'dir'; bytes?: Uint8Array; mode?: number }[],
  mtime = Math.floor(Date.now() / 1000),
): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const name = e.type === 'dir' && !e.path.endsWith('/') ? `${e.path}/` : e.path;
    const size = e.type === 'file' ? (e.bytes?.byteLength ?? 0) : 0;
    const plain = /^[\x20-\x7e]*$/.test(name) && name.length < 100;
    if (!plain) {
      const rec = paxRecord('path', name);
      parts.push(tarHeader('PaxHeader', 'x', rec.length, 0o644, mtime), rec, pad(rec.length));
    }
    const fallback = plain ? undefined : `berth-${parts.length}${e.type === 'dir' ? '/' : ''}`;
    parts.push(
      tarHeader(
        name,
        e.type === 'dir' ? '5' : '0',
        size,
        e.mode ?? (e.type === 'dir' ? 0o755 : 0o644),
        mtime,
        fallback,
      ),
    );
    if (e.type === 'file' && e.bytes) parts.push(Buffer.from(e.bytes), pad(size));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/**
 * A folder's direct children from an archive of it: the engine names entries
 * "<folder>/<child>/…"; folders get the total size of the files below them.
 */
export class FolderListing {
  private readonly byName = new Map<string, VolumeEntry>();

  add(h: TarHeader): void {
    const rel = h.path.replace(/^\.?\/?[^/]*\/?/, '').replace(/\/$/, '');
    if (!rel) return;
    const segments = rel.split('/');
    const top = segments[0] as string;
    if (segments.length === 1) {
      const prev = this.byName.get(top);
      this.byName.set(top, {
        name: top,
        type: h.type,
        size: h.type === 'dir' ? (prev?.size ?? 0) : h.size,
        mode: h.mode,
        mtime: h.mtime,
        ...(h.linkTarget !== undefined ? { linkTarget: h.linkTarget } : {}),
      });
      return;
    }
    let dir = this.byName.get(top);
    if (!dir) {
      dir = { name: top, type: 'dir', size: 0, mode: 0o755, mtime: h.mtime };
      this.byName.set(top, dir);
    }
    if (h.type === 'file') dir.size += h.size;
  }

  entries(): VolumeEntry[] {
    return [...this.byName.values()].sort(
      (a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name),
    );
  }
}

// ---------------------------------------------------------------------------

const epochSeconds = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? Math.floor(t / 1000) : undefined;
};

const joinVolumePath = (path: string) => {
  const clean = path.replace(/\/+/g, '/').replace(/\/$/, '');
  return `${MOUNT}${clean === '/' ? '' : clean}`;
};

/** Which containers mount which volume, from `docker ps -a`'s Mounts (Berth's helpers left out). */
export function usesByVolume(
  containers: Docker.ContainerInfo[],
  opts: { includeHelpers?: boolean } = {},
): Map<string, ContainerUse[]> {
  const out = new Map<string, ContainerUse[]>();
  for (const c of containers) {
    if (!opts.includeHelpers && c.Labels?.[HELPER_LABEL]) continue;
    for (const m of c.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      const list = out.get(m.Name) ?? [];
      list.push({
        id: c.Id,
        name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        state: c.State,
        image: c.Image,
        destination: m.Destination,
        readOnly: !m.RW,
      });
      out.set(m.Name, list);
    }
  }
  return out;
}

interface EngineVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Scope?: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number } | null;
}

/** The one place engine volumes turn into VolumeSummary. */
export function toVolumeSummary(v: EngineVolume, uses: Map<string, ContainerUse[]>): VolumeSummary {
  const created = epochSeconds(v.CreatedAt);
  return {
    name: v.Name,
    driver: v.Driver,
    mountpoint: v.Mountpoint,
    scope: v.Scope ?? 'local',
    ...(created !== undefined ? { created } : {}),
    anonymous: isAnonymousVolume(v.Name, v.Labels),
    labels: v.Labels ?? {},
    options: v.Options ?? {},
    usedBy: uses.get(v.Name) ?? [],
  };
}

const isStatus = (e: unknown, code: number) => (e as { statusCode?: number })?.statusCode === code;

/** Versions compared as numbers: "1.9" < "1.41" < "1.42". */
export function apiAtLeast(version: string | undefined, min: string): boolean {
  if (!version) return false;
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

interface Upload {
  chunks: Buffer[];
  received: number;
  next: number;
  timer: NodeJS.Timeout;
}

export class VolumesService {
  private helperImage: Promise<void> | undefined;
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly engine: EngineConnection) {}

  private get docker(): Docker {
    return this.engine.api();
  }

  private async allContainers(filters?: Record<string, string[]>): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, ...(filters ? { filters: JSON.stringify(filters) } : {}) });
  }

  private async engineVolumes(names?: string[]): Promise<EngineVolume[]> {
    const res = (await this.docker.listVolumes(
      names ? { filters: JSON.stringify({ name: names }) } : {},
    )) as unknown as { Volumes: EngineVolume[] | null };
    const all = res.Volumes ?? [];
    // The engine's name filter matches substrings: keep exact names only.
    return names ? all.filter((v) => names.includes(v.Name)) : all;
  }

  async list(input: { names?: string[] | undefined }): Promise<VolumeSummary[]> {
    if (input.names && input.names.length === 0) return [];
    const [volumes, containers] = await Promise.all([this.engineVolumes(input.names), this.allContainers()]);
    const uses = usesByVolume(containers);
    return volumes.map((v) => toVolumeSummary(v, uses));
  }

  async usage(): Promise<VolumeUsage[]> {
    const df = await diskUsage<{ Volumes?: EngineVolume[] | null }>(this.docker);
    return (df.Volumes ?? []).map((v) => ({
      name: v.Name,
      ...(v.UsageData && v.UsageData.Size >= 0 ? { size: v.UsageData.Size } : {}),
      ...(v.UsageData && v.UsageData.RefCount >= 0 ? { refCount: v.UsageData.RefCount } : {}),
    }));
  }

  private async sizes(): Promise<Map<string, number>> {
    try {
      const rows = await this.usage();
      return new Map(rows.filter((r) => r.size !== undefined).map((r) => [r.name, r.size as number]));
    } catch {
      return new Map(); // sizes are a nicety: never fail a preview for them
    }
  }

  async create(input: {
    name?: string | undefined;
    driver: string;
    driverOpts: Record<string, string>;
    labels: Record<string, string>;
  }): Promise<VolumeSummary> {
    if (input.name) {
      // The engine answers 201 for an existing name and silently reuses it: say so instead.
      const existing = await this.docker
        .getVolume(input.name)
        .inspect()
        .catch((e: unknown) => {
          if (isStatus(e, 404)) return undefined;
          throw e;
        });
      if (existing) throw new BerthError('conflict', `a volume named "${input.name}" already exists`);
    }
    const created = await this.docker.createVolume({
      ...(input.name ? { Name: input.name } : {}),
      Driver: input.driver,
      DriverOpts: input.driverOpts,
      Labels: input.labels,
    });
    const info = (await this.docker.getVolume(created.name).inspect()) as unknown as EngineVolume;
    return toVolumeSummary(info, new Map());
  }

  async inspect(input: { name: string }): Promise<Record<string, unknown>> {
    return (await this.docker.getVolume(input.name).inspect()) as unknown as Record<string, unknown>;
  }

  /** The containers (Berth's helpers included: they hold it too) that mount a volume. */
  private async users(name: string, includeHelpers = false): Promise<ContainerUse[]> {
    const containers = await this.allContainers({ volume: [name] });
    return usesByVolume(containers, { includeHelpers }).get(name) ?? [];
  }

  async remove(input: { name: string }): Promise<void> {
    await this.docker.getVolume(input.name).inspect(); // not_found first
    const users = await this.users(input.name, true);
    if (users.length) {
      throw new BerthError(
        'conflict',
        `volume "${input.name}" is in use by ${users.length === 1 ? 'container' : 'containers'} ${users.map((u) => u.name).join(', ')}`,
      );
    }
    await this.docker.getVolume(input.name).remove();
  }

  async prunePreview(input: { includeNamed: boolean }): Promise<VolumesPrunePreview> {
    const [volumes, containers, sizes] = await Promise.all([this.engineVolumes(), this.allContainers(), this.sizes()]);
    const used = new Set<string>();
    for (const c of containers) for (const m of c.Mounts ?? []) if (m.Type === 'volume' && m.Name) used.add(m.Name);
    const unused = volumes.filter((v) => !used.has(v.Name));
    const picked = unused.filter((v) => input.includeNamed || isAnonymousVolume(v.Name, v.Labels));
    const rows = picked
      .map((v) => {
        const created = epochSeconds(v.CreatedAt);
        const size = sizes.get(v.Name);
        return {
          name: v.Name,
          anonymous: isAnonymousVolume(v.Name, v.Labels),
          driver: v.Driver,
          ...(size !== undefined ? { size } : {}),
          ...(created !== undefined ? { created } : {}),
        };
      })
      .sort((a, b) => Number(b.anonymous) - Number(a.anonymous) || a.name.localeCompare(b.name));
    const apiVersion = this.engine.status.apiVersion ?? '';
    return {
      includeNamed: input.includeNamed,
      volumes: rows,
      totalBytes: rows.reduce((s, r) => s + (r.size ?? 0), 0),
      apiVersion,
      engineDefaultIncludesNamed: !apiAtLeast(apiVersion, '1.42'),
      namedKept: unused.length - picked.length,
    };
  }

  /**
   * Remove exactly the given volumes, one by one, never forced: the engine
   * refuses any that a container started using meanwhile, and we report it.
   */
  async prune(input: { names: string[]; includeNamed: boolean }): Promise<VolumesPruneResult> {
    const sizes = await this.sizes();
    const result: VolumesPruneResult = { removed: [], skipped: [], spaceReclaimed: 0 };
    const existing = new Map((await this.engineVolumes()).map((v) => [v.Name, v]));
    for (const name of [...new Set(input.names)]) {
      const v = existing.get(name);
      if (!v) {
        result.skipped.push({ name, reason: 'it no longer exists', code: 'not_found' });
        continue;
      }
      if (!input.includeNamed && !isAnonymousVolume(name, v.Labels)) {
        result.skipped.push({
          name,
          reason: 'it is a named volume and named volumes were not included',
          code: 'conflict',
        });
        continue;
      }
      try {
        const users = await this.users(name, true);
        if (users.length) {
          throw new BerthError('conflict', `in use by ${users.map((u) => u.name).join(', ')}`);
        }
        await this.docker.getVolume(name).remove();
        const size = sizes.get(name);
        result.removed.push({ name, ...(size !== undefined ? { size } : {}) });
        result.spaceReclaimed += size ?? 0;
      } catch (e) {
        const err = toBerthError(e);
        result.skipped.push({ name, reason: err.message, code: err.code });
      }
    }
    return result;
  }

  // -------------------------------------------------------------------------
  // Files: through a helper container that mounts the volume, is never started, and is always removed.
  // -------------------------------------------------------------------------

  private ensureHelperImage(): Promise<void> {
    this.helperImage ??= (async () => {
      const docker = this.docker;
      try {
        await docker.getImage(HELPER_IMAGE).inspect();
        return;
      } catch (e) {
        if (!isStatus(e, 404)) throw e;
      }
      // An empty root file system: 1 KiB of zeros is an empty tar archive.
      const [repo, tag] = HELPER_IMAGE.split(':') as [string, string];
      const stream = await docker.importImage(Readable.from([Buffer.alloc(1024)]), {
        repo,
        tag,
        changes: [`LABEL ${HELPER_LABEL}=true`],
      } as object);
      await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
          const failed = out?.find((o) => o.error);
          if (err || failed) reject(err ?? new BerthError('internal', failed?.error ?? 'import failed'));
          else resolve();
        }),
      );
    })().catch((e: unknown) => {
      this.helperImage = undefined;
      throw e;
    });
    return this.helperImage;
  }

  /** Run `fn` with a created (never started) container mounting the volume; remove it afterwards, always. */
  async withHelper<T>(volume: string, readOnly: boolean, fn: (c: Docker.Container) => Promise<T>): Promise<T> {
    // Inspect first: mounting an unknown name would create the volume.
    await this.docker.getVolume(volume).inspect();
    await this.ensureHelperImage();
    const container = await this.docker.createContainer({
      name: `berth-helper-${volume.slice(0, 24)}-${randomBytes(4).toString('hex')}`,
      Image: HELPER_IMAGE,
      Cmd: ['/berth-helper-is-never-started'],
      Labels: { [HELPER_LABEL]: 'true' },
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        Mounts: [{ Type: 'volume', Source: volume, Target: MOUNT, ReadOnly: readOnly }],
      },
    });
    try {
      return await fn(container);
    } finally {
      // Never started, so no force needed; keep the volume (v: false), retry once.
      await container
        .remove({ v: false })
        .catch(() => container.remove({ v: false, force: true }))
        .catch((e: unknown) => console.error('[berth] could not remove volume helper', container.id, e));
    }
  }

  private async stat(
    c: Docker.Container,
    volume: string,
    path: string,
  ): Promise<{ name: string; size: number; mode: number; linkTarget?: string }> {
    try {
      const res = (await c.infoArchive({ path: joinVolumePath(path) })) as {
        headers: Record<string, string | undefined>;
        resume?: () => void;
      };
      res.resume?.();
      const raw = res.headers['x-docker-container-path-stat'];
      if (!raw) throw new BerthError('internal', 'the engine gave no file information');
      return JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as {
        name: string;
        size: number;
        mode: number;
        linkTarget?: string;
      };
    } catch (e) {
      if (isStatus(e, 404)) throw new BerthError('not_found', `no such file or folder in volume "${volume}": ${path}`);
      throw e;
    }
  }

  /** Stream a path's archive into `sink`; `sink` returns false to stop early. Resolves when done or stopped. */
  private async readArchive(c: Docker.Container, volume: string, path: string, sink: (chunk: Buffer) => boolean) {
    let stream: NodeJS.ReadableStream & { destroy(): void };
    try {
      stream = (await c.getArchive({ path: joinVolumePath(path) })) as typeof stream;
    } catch (e) {
      if (isStatus(e, 404)) throw new BerthError('not_found', `no such file or folder in volume "${volume}": ${path}`);
      throw e;
    }
    await new Promise<void>((resolve, reject) => {
      let stopped = false;
      stream.on('data', (chunk: Buffer) => {
        if (stopped) return;
        if (!sink(chunk)) {
          stopped = true;
          stream.destroy(); // stop reading: the engine ends its side when the socket closes
          resolve();
        }
      });
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', (err) => (stopped ? resolve() : reject(err)));
    });
  }

  async browse(input: { name: string; path: string }): Promise<VolumeListing> {
    return this.withHelper(input.name, true, async (c) => {
      const st = await this.stat(c, input.name, input.path);
      if (!((st.mode >>> 0) & 0x80000000) && input.path !== '/') {
        throw new BerthError('invalid_input', `not a folder: ${input.path}`);
      }
      const listing = new FolderListing();
      let headers = 0;
      let bytes = 0;
      let truncated = false;
      const reader = new TarReader((h) => {
        headers++;
        listing.add(h);
      });
      await this.readArchive(c, input.name, input.path, (chunk) => {
        bytes += chunk.length;
        reader.push(chunk);
        if (reader.done) return false;
        if (headers >= BROWSE_MAX_ENTRIES || bytes >= BROWSE_MAX_BYTES) {
          truncated = true;
          return false;
        }
        return true;
      });
      return { path: input.path, entries: listing.entries(), truncated };
    });
  }

  async download(input: { name: string; path: string }): Promise<VolumeDownload> {
    return this.withHelper(input.name, true, async (c) => {
      const st = await this.stat(c, input.name, input.path);
      const isDir = ((st.mode >>> 0) & 0x80000000) !== 0 || input.path === '/';
      const base = input.path === '/' ? input.name : (input.path.split('/').filter(Boolean).pop() ?? input.name);
      const tooBig = () =>
        new BerthError(
          'invalid_input',
          `"${input.path}" is larger than ${VOLUME_TRANSFER_LIMIT / 1024 / 1024} MiB: copy it with docker cp instead`,
        );
      if (isDir) {
        const parts: Buffer[] = [];
        let total = 0;
        let over = false;
        await this.readArchive(c, input.name, input.path, (chunk) => {
          total += chunk.length;
          if (total > VOLUME_TRANSFER_LIMIT + 4 * BLOCK) {
            over = true;
            return false;
          }
          parts.push(chunk);
          return true;
        });
        if (over) throw tooBig();
        return { fileName: `${base}.tar`, kind: 'tar', bytes: new Uint8Array(Buffer.concat(parts)) };
      }
      if (st.linkTarget)
        throw new BerthError('invalid_input', `"${input.path}" is a symbolic link to ${st.linkTarget}`);
      if (st.size > VOLUME_TRANSFER_LIMIT) throw tooBig();
      const parts: Buffer[] = [];
      let found = false;
      let over = false;
      const reader = new TarReader(
        (h) => {
          if (h.type === 'file' && !found) found = true;
        },
        (h, chunk) => {
          if (h.type !== 'file') return;
          parts.push(Buffer.from(chunk));
        },
      );
      let total = 0;
      await this.readArchive(c, input.name, input.path, (chunk) => {
        total += chunk.length;
        if (total > VOLUME_TRANSFER_LIMIT + 8 * BLOCK) {
          over = true;
          return false;
        }
        reader.push(chunk);
        return !reader.done;
      });
      if (over) throw tooBig();
      if (!found) throw new BerthError('invalid_input', `not a regular file: ${input.path}`);
      return { fileName: base, kind: 'file', bytes: new Uint8Array(Buffer.concat(parts)) };
    });
  }

  uploadChunk(input: { uploadId: string; index: number; bytes: Uint8Array }): { received: number } {
    let up = this.uploads.get(input.uploadId);
    if (!up) {
      if (input.index !== 0) throw new BerthError('invalid_input', 'unknown upload (it may have expired)');
      if (this.uploads.size >= MAX_UPLOADS) throw new BerthError('conflict', 'too many uploads at once');
      up = { chunks: [], received: 0, next: 0, timer: this.expiry(input.uploadId) };
      this.uploads.set(input.uploadId, up);
    }
    if (input.index !== up.next) {
      throw new BerthError('invalid_input', `upload chunk ${input.index} out of order (expected ${up.next})`);
    }
    if (up.received + input.bytes.byteLength > VOLUME_TRANSFER_LIMIT) {
      this.dropUpload(input.uploadId);
      throw new BerthError(
        'invalid_input',
        `uploads are limited to ${VOLUME_TRANSFER_LIMIT / 1024 / 1024} MiB: copy larger files with docker cp`,
      );
    }
    up.chunks.push(Buffer.from(input.bytes));
    up.received += input.bytes.byteLength;
    up.next++;
    clearTimeout(up.timer);
    up.timer = this.expiry(input.uploadId);
    return { received: up.received };
  }

  private expiry(id: string): NodeJS.Timeout {
    const t = setTimeout(() => this.dropUpload(id), UPLOAD_IDLE_MS);
    t.unref?.();
    return t;
  }

  private dropUpload(id: string): void {
    const up = this.uploads.get(id);
    if (up) clearTimeout(up.timer);
    this.uploads.delete(id);
  }

  async uploadCommit(input: {
    uploadId: string;
    name: string;
    dir: string;
    files: { path: string; size: number }[];
  }): Promise<{ files: number; bytes: number }> {
    const up = this.uploads.get(input.uploadId);
    // An upload of empty files only sends no chunks.
    const data = up ? Buffer.concat(up.chunks) : Buffer.alloc(0);
    this.dropUpload(input.uploadId);
    const declared = input.files.reduce((s, f) => s + f.size, 0);
    if (declared !== data.length) {
      throw new BerthError('invalid_input', `the upload sent ${data.length} bytes, the file list says ${declared}`);
    }
    const entries: { path: string; type: 'file' | 'dir'; bytes?: Uint8Array }[] = [];
    const dirs = new Set<string>();
    let offset = 0;
    for (const f of input.files) {
      const segments = f.path.split('/');
      for (let i = 1; i < segments.length; i++) {
        const d = segments.slice(0, i).join('/');
        if (!dirs.has(d)) {
          dirs.add(d);
          entries.push({ path: d, type: 'dir' });
        }
      }
      entries.push({ path: f.path, type: 'file', bytes: data.subarray(offset, offset + f.size) });
      offset += f.size;
    }
    const tar = packTar(entries);
    await this.withHelper(input.name, false, async (c) => {
      const st = await this.stat(c, input.name, input.dir);
      if (!((st.mode >>> 0) & 0x80000000) && input.dir !== '/') {
        throw new BerthError('invalid_input', `not a folder: ${input.dir}`);
      }
      await c.putArchive(tar, { path: joinVolumePath(input.dir) });
    });
    return { files: input.files.length, bytes: data.length };
  }

  dispose(): void {
    for (const id of [...this.uploads.keys()]) this.dropUpload(id);
  }
}
