import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { BerthError, type ErrorCode } from '../../preload/contract/errors';
import {
  isImageId,
  normalizeReference,
  type ImageHistoryEntry,
  type ImageHistory,
  type ImageSummary,
  type ImagesFrame,
  type ImageLayerProgress,
  type ImagePrunePreview,
  type ImagePruneResult,
  type ImageRemoveResult,
  type ImageSearchResult,
} from '../../preload/contract/images.contract';
import type { ParsedStreamInput } from '../../preload/contract/index';
import type { EngineConnection } from '../engine/engine-connection';
import { toBerthError } from '../engine/errors';
import { NdjsonParser } from '../engine/ndjson';
import type { StreamSink, StreamSource } from '../rpc/streams';
import { packBuildContext, prepareBuildContext, validateBuildContext } from './build-context';
import { registryUnreachable, type RegistriesService } from './registries.service';
import { isHelper } from './helper-label';

// ---------------------------------------------------------------------------
// Progress: the engine's JSON lines, reduced to the latest state per layer
// ---------------------------------------------------------------------------

/** One line of a pull/push/build/load/import stream (docker's jsonmessage). */
export interface ProgressMessage {
  id?: string;
  status?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  aux?: { ID?: string; Tag?: string; Digest?: string; Size?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

/** A failure reported inside a 200 stream (dockerode#639), as one of our codes. */
export function classifyStreamError(message: string): ErrorCode {
  if (
    /unauthori[sz]ed|authentication required|no basic auth credentials|denied: requested access|incorrect username or password|access to the resource is denied/i.test(
      message,
    )
  ) {
    return 'auth_required';
  }
  if (
    /manifest unknown|not found|does not exist|repository .* not found|no such image|name unknown|manifest for .* not found/i.test(
      message,
    )
  ) {
    return 'not_found';
  }
  if (registryUnreachable('', message)) return 'unreachable';
  return 'internal';
}

/** The engine's error line, if this message is one. */
export function streamError(m: ProgressMessage): string | undefined {
  const msg = m.errorDetail?.message ?? m.error;
  return msg ? String(msg) : undefined;
}

const LAYER_ID = /^[a-f0-9]{12}$/;
const DONE_STATUS =
  /^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from|Download complete|Loading layer done)/;

interface LayerState extends ImageLayerProgress {
  order: number;
}

/** Fraction of a layer's whole journey, by the engine's status words. */
function layerFraction(status: string, current: number | undefined, total: number | undefined, prev: number): number {
  const part = current !== undefined && total ? Math.min(1, Math.max(0, current / total)) : 0;
  if (/^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from)/.test(status)) return 1;
  if (/^Downloading/.test(status)) return 0.75 * part;
  if (/^(Verifying Checksum|Download complete)/.test(status)) return 0.75;
  if (/^Extracting/.test(status)) return 0.75 + 0.25 * part;
  if (/^Pushing/.test(status)) return Math.min(0.99, part);
  if (/^(Waiting|Pulling fs layer|Preparing)/.test(status)) return 0;
  return prev;
}

/**
 * Keeps only the newest state of each layer and emits a snapshot at most
 * every `intervalMs` (and on flush), so a pull of many layers sends a handful
 * of small frames, never one per engine line.
 */
export class ProgressTracker {
  private readonly layers = new Map<string, LayerState>();
  private status: string | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly emit: (frame: ImagesFrame) => void,
    private readonly intervalMs = 100,
  ) {}

  /** True if the message was a progress message (layer or status line). */
  update(m: ProgressMessage): boolean {
    if (!m.status) return false;
    const id = m.id ?? '';
    if (LAYER_ID.test(id)) {
      const prev = this.layers.get(id);
      const detail = m.progressDetail ?? {};
      const downloading = /^(Downloading|Pushing|Extracting|Loading layer)/.test(m.status);
      const total = downloading && detail.total && detail.total > 0 ? detail.total : prev?.total;
      const current = downloading && detail.current !== undefined ? detail.current : prev?.current;
      const fraction = Math.max(
        prev?.done ? 1 : 0,
        layerFraction(m.status, detail.current, detail.total, prev?.fraction ?? 0),
      );
      const done = DONE_STATUS.test(m.status) && !/^Download complete/.test(m.status);
      this.layers.set(id, {
        id,
        status: m.status,
        ...(current !== undefined ? { current } : {}),
        ...(total !== undefined ? { total } : {}),
        fraction: done ? 1 : fraction,
        done,
        order: prev?.order ?? this.layers.size,
      });
    } else {
      this.status = id ? `${id}: ${m.status}` : m.status;
    }
    this.dirty = true;
    this.schedule();
    return true;
  }

  snapshot(): ImagesFrame & { t: 'progress' } {
    const layers = [...this.layers.values()].sort((a, b) => a.order - b.order);
    const known = layers.filter((l) => l.total);
    const avg = known.length ? known.reduce((n, l) => n + (l.total ?? 0), 0) / known.length : 1;
    let weighted = 0;
    let weights = 0;
    let current = 0;
    let total = 0;
    for (const l of layers) {
      const w = l.total ?? avg;
      weights += w;
      weighted += w * l.fraction;
      if (l.total) {
        total += l.total;
        current += l.done ? l.total : Math.min(l.total, l.current ?? 0);
      }
    }
    return {
      t: 'progress',
      layers: layers.map(({ order: _o, ...l }) => l),
      fraction: weights ? weighted / weights : 0,
      current,
      total,
      ...(this.status ? { status: this.status } : {}),
    };
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    this.emit(this.snapshot());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }
}

/** Collects text (build output) and sends it in chunks, at most every `intervalMs`. */
class LogBatcher {
  private text = '';
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly emit: (frame: ImagesFrame) => void,
    private readonly intervalMs = 50,
  ) {}
  add(s: string): void {
    if (!s) return;
    this.text += s;
    if (this.text.length > 64 * 1024) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.text) return;
    const text = this.text;
    this.text = '';
    this.emit({ t: 'log', text });
  }
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Byte counts for file transfers, throttled. */
class BytesReporter {
  private current = 0;
  private timer: NodeJS.Timeout | undefined;
  private last = -1;
  constructor(
    private readonly emit: (frame: ImagesFrame) => void,
    public total: number | undefined,
    private readonly estimated = false,
    private readonly intervalMs = 100,
  ) {}
  add(n: number): void {
    this.current += n;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }
  get bytes(): number {
    return this.current;
  }
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current === this.last) return;
    this.last = this.current;
    this.emit({
      t: 'bytes',
      current: this.current,
      ...(this.total !== undefined ? { total: this.total } : {}),
      ...(this.estimated ? { estimated: true } : {}),
    } as ImagesFrame);
  }
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

// ---------------------------------------------------------------------------
// Layers: history entries ↔ RootFS diff ids, chain ids, sharing
// ---------------------------------------------------------------------------

/** The chain id of each layer: what identifies a layer on disk (same content on the same parent). */
export function chainIds(diffIds: string[]): string[] {
  const out: string[] = [];
  let prev = '';
  for (const d of diffIds) {
    prev = prev ? `sha256:${createHash('sha256').update(`${prev} ${d}`).digest('hex')}` : d;
    out.push(prev);
  }
  return out;
}

const METADATA_STEP =
  /(?:^|#\(nop\)\s+)(?:ENV|LABEL|CMD|ENTRYPOINT|EXPOSE|VOLUME|USER|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b/;

export interface RawHistory {
  Id?: string;
  Created?: number;
  CreatedBy?: string;
  Tags?: string[] | null;
  Size?: number;
  Comment?: string;
}

/**
 * Which history entries (oldest first) added a filesystem layer, as layer
 * indexes (-1 for metadata-only steps). The API does not say which steps are
 * empty, so: every step with a size is a layer; if the count falls short of
 * the image's layers, zero-size steps that are not metadata instructions are
 * layers too (earliest first), then any zero-size step.
 */
export function assignHistoryLayers(oldestFirst: RawHistory[], layerCount: number): number[] {
  const n = oldestFirst.length;
  const isLayer = new Array<boolean>(n).fill(false);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if ((oldestFirst[i]?.Size ?? 0) > 0) {
      isLayer[i] = true;
      count++;
    }
  }
  if (count > layerCount) {
    // More sized steps than layers (should not happen): keep the first ones.
    let seen = 0;
    for (let i = 0; i < n; i++) if (isLayer[i] && ++seen > layerCount) isLayer[i] = false;
    count = layerCount;
  }
  for (const pass of [0, 1]) {
    for (let i = 0; i < n && count < layerCount; i++) {
      if (isLayer[i]) continue;
      if (pass === 0 && METADATA_STEP.test(oldestFirst[i]?.CreatedBy ?? '')) continue;
      isLayer[i] = true;
      count++;
    }
  }
  const out: number[] = [];
  let layer = 0;
  for (let i = 0; i < n; i++) out.push(isLayer[i] && layer < layerCount ? layer++ : -1);
  return out;
}

interface LayerInfo {
  id: string;
  diffIds: string[];
  chainIds: string[];
  /** Bytes of each layer (by layer index). */
  sizes: number[];
  /** Oldest first. */
  history: RawHistory[];
  /** Layer index per history entry (oldest first), -1 for metadata steps. */
  historyLayers: number[];
}

const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
const realTags = (tags: string[] | null | undefined) => (tags ?? []).filter((t) => t && t !== '<none>:<none>');
const realDigests = (ds: string[] | null | undefined) => (ds ?? []).filter((d) => d && !d.startsWith('<none>@'));

/** Run `fn` over `items` with at most `limit` at a time. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface ImagesServiceOptions {
  /** How long `docker search` may take before it is reported as unreachable. */
  searchTimeoutMs?: number;
  /** Snapshot interval of progress frames. */
  progressIntervalMs?: number;
}

type Sink = StreamSink<ImagesFrame>;

export class ImagesService {
  /** Layer facts by image id: images are immutable, so an id's layers never change. */
  private layerCache = new Map<string, LayerInfo>();
  private readonly searchTimeoutMs: number;
  private readonly progressIntervalMs: number;

  constructor(
    private readonly engine: EngineConnection,
    private readonly registries: RegistriesService,
    opts: ImagesServiceOptions = {},
  ) {
    this.searchTimeoutMs = opts.searchTimeoutMs ?? 5_000;
    this.progressIntervalMs = opts.progressIntervalMs ?? 100;
  }

  private get docker(): Docker {
    return this.engine.api();
  }

  private async layerInfo(id: string): Promise<LayerInfo | undefined> {
    const cached = this.layerCache.get(id);
    if (cached) return cached;
    const img = this.docker.getImage(id);
    let info: Docker.ImageInspectInfo;
    let hist: RawHistory[];
    try {
      [info, hist] = await Promise.all([img.inspect(), img.history() as Promise<RawHistory[]>]);
    } catch (err) {
      if (toBerthError(err).code === 'not_found') return undefined; // removed meanwhile
      throw err;
    }
    const diffIds = info.RootFS?.Layers ?? [];
    const oldestFirst = [...(hist ?? [])].reverse();
    const historyLayers = assignHistoryLayers(oldestFirst, diffIds.length);
    const sizes = new Array<number>(diffIds.length).fill(0);
    historyLayers.forEach((l, i) => {
      if (l >= 0) sizes[l] = oldestFirst[i]?.Size ?? 0;
    });
    const li: LayerInfo = {
      id: info.Id,
      diffIds,
      chainIds: chainIds(diffIds),
      sizes,
      history: oldestFirst,
      historyLayers,
    };
    this.layerCache.set(info.Id, li);
    return li;
  }

  /** Layer facts of many images, a few engine calls at a time; the cache keeps only these. */
  private async layerInfos(ids: string[]): Promise<Map<string, LayerInfo>> {
    const infos = await mapLimit(ids, 6, (id) => this.layerInfo(id));
    const map = new Map<string, LayerInfo>();
    infos.forEach((li, i) => li && map.set(ids[i] as string, li));
    if (this.layerCache.size > map.size + 200) this.layerCache = new Map(map);
    return map;
  }

  /** Which images hold each chain id. */
  private static chainOwners(infos: Iterable<LayerInfo>): Map<string, Set<string>> {
    const owners = new Map<string, Set<string>>();
    for (const li of infos) {
      for (const c of li.chainIds) {
        let s = owners.get(c);
        if (!s) owners.set(c, (s = new Set()));
        s.add(li.id);
      }
    }
    return owners;
  }

  private static sharedSize(li: LayerInfo, owners: Map<string, Set<string>>): number {
    let n = 0;
    li.chainIds.forEach((c, i) => {
      if ((owners.get(c)?.size ?? 0) > 1) n += li.sizes[i] ?? 0;
    });
    return n;
  }

  private async containersByImage(): Promise<Map<string, Docker.ContainerInfo[]>> {
    const rows = await this.docker.listContainers({ all: true });
    const by = new Map<string, Docker.ContainerInfo[]>();
    for (const c of rows) {
      const list = by.get(c.ImageID) ?? [];
      list.push(c);
      by.set(c.ImageID, list);
    }
    return by;
  }

  // -------------------------------------------------------------------------
  // calls
  // -------------------------------------------------------------------------

  /**
   * The images `docker images` lists, less Berth's own helper images. With `refs` (ids or references, as change
   * notices name them), only the images those name now: one that no longer exists is simply not there.
   */
  async list(input: { all: boolean; refs?: string[] | undefined }): Promise<ImageSummary[]> {
    const only = input.refs ? await this.resolveIds(input.refs) : undefined;
    if (only?.size === 0) return [];
    const [rows, used] = await Promise.all([this.docker.listImages({ all: input.all }), this.containersByImage()]);
    // Sharing is counted over every image (cached per image), even when only a few rows are asked for.
    const infos = await this.layerInfos(rows.map((r) => r.Id));
    const owners = ImagesService.chainOwners(infos.values());
    return rows.flatMap((r) => {
      if (isHelper(r.Labels) || (only && !only.has(r.Id))) return [];
      const li = infos.get(r.Id);
      const shared = li ? ImagesService.sharedSize(li, owners) : 0;
      const summary: ImageSummary = {
        id: r.Id,
        parentId: r.ParentId ?? '',
        tags: realTags(r.RepoTags),
        digests: realDigests(r.RepoDigests),
        created: r.Created,
        size: r.Size,
        sharedSize: shared,
        uniqueSize: Math.max(0, r.Size - shared),
        containers: used.get(r.Id)?.length ?? 0,
        layers: li?.diffIds.length ?? 0,
        labels: r.Labels ?? {},
      };
      return [summary];
    });
  }

  /** The image ids these ids or references name now (those that name nothing are left out). */
  private async resolveIds(refs: string[]): Promise<Set<string>> {
    const ids = await mapLimit(refs, 6, (ref) =>
      this.docker
        .getImage(ref)
        .inspect()
        .then(
          (i) => i.Id,
          (err: unknown) => {
            if (toBerthError(err).code === 'not_found') return undefined;
            throw err;
          },
        ),
    );
    return new Set(ids.filter((id): id is string => !!id));
  }

  async inspect(input: { ref: string }): Promise<Record<string, unknown>> {
    return (await this.docker.getImage(input.ref).inspect()) as unknown as Record<string, unknown>;
  }

  async history(input: { ref: string }): Promise<ImageHistory> {
    const info = await this.docker.getImage(input.ref).inspect();
    const heads = await this.docker.listImages({ all: false });
    const ids = [...new Set([info.Id, ...heads.map((h) => h.Id)])];
    const infos = await this.layerInfos(ids);
    const li = infos.get(info.Id);
    if (!li) throw new BerthError('not_found', `no such image: ${input.ref}`);
    const owners = ImagesService.chainOwners(infos.values());
    const tagsOf = new Map(heads.map((h) => [h.Id, realTags(h.RepoTags)]));
    const entries: ImageHistoryEntry[] = li.history.map((h, i) => {
      const l = li.historyLayers[i] ?? -1;
      const chainId = l >= 0 ? li.chainIds[l] : undefined;
      const others = chainId ? [...(owners.get(chainId) ?? [])].filter((o) => o !== li.id) : [];
      return {
        id: h.Id && h.Id !== '<missing>' ? h.Id : null,
        created: h.Created ?? 0,
        createdBy: h.CreatedBy ?? '',
        size: h.Size ?? 0,
        comment: h.Comment ?? '',
        tags: realTags(h.Tags),
        emptyLayer: l < 0,
        layer:
          l >= 0 && chainId
            ? {
                diffId: li.diffIds[l] ?? '',
                chainId,
                sharedWith: others.map((o) => {
                  const tags = tagsOf.get(o) ?? [];
                  return { id: o, name: tags[0] ?? shortId(o), tags };
                }),
              }
            : null,
      };
    });
    const shared = ImagesService.sharedSize(li, owners);
    return {
      id: li.id,
      entries: entries.reverse(),
      sharedSize: shared,
      uniqueSize: Math.max(0, (info.Size ?? 0) - shared),
    };
  }

  async tag(input: { source: string; target: string }): Promise<{ target: string }> {
    const target = normalizeReference(input.target, { defaultTag: true });
    const repo = target.familiar.replace(/:[^:/]+$/, '');
    await this.docker.getImage(input.source).tag({ repo, tag: target.tag ?? 'latest' });
    return { target: target.familiar };
  }

  /** The image a reference names, and whether removing that reference deletes the image. */
  private async resolveForRemoval(ref: string): Promise<{ info: Docker.ImageInspectInfo; byId: boolean }> {
    const info = await this.docker.getImage(ref).inspect();
    const bare = ref.replace(/^sha256:/, '');
    const byId = isImageId(ref) && info.Id.replace(/^sha256:/, '').startsWith(bare);
    return { info, byId };
  }

  async remove(input: { refs: string[]; force: boolean; noPrune: boolean }): Promise<ImageRemoveResult> {
    // Check everything first: nothing is removed when one of them would be refused.
    const plans = await Promise.all(input.refs.map((r) => this.resolveForRemoval(r)));
    if (!input.force) {
      const byImage = new Map<string, { info: Docker.ImageInspectInfo; removing: Set<string>; byId: boolean }>();
      plans.forEach((p, i) => {
        const e = byImage.get(p.info.Id) ?? { info: p.info, removing: new Set<string>(), byId: false };
        e.byId ||= p.byId;
        const ref = input.refs[i] as string;
        if (!p.byId) e.removing.add(normalizeReference(ref).familiar);
        byImage.set(p.info.Id, e);
      });
      const used = await this.containersByImage();
      for (const [id, e] of byImage) {
        const tags = realTags(e.info.RepoTags);
        const remaining = tags.filter((t) => !e.removing.has(normalizeReference(t).familiar));
        const deletes = e.byId || remaining.length === 0;
        if (!deletes) continue; // only untagging: containers keep the image by id
        const users = used.get(id) ?? [];
        if (users.length) {
          const names = users
            .slice(0, 5)
            .map((c) => `${(c.Names?.[0] ?? shortId(c.Id)).replace(/^\//, '')} (${c.State})`)
            .join(', ');
          const more = users.length > 5 ? ` and ${users.length - 5} more` : '';
          throw new BerthError(
            'conflict',
            `image ${tags[0] ?? shortId(id)} is used by ${users.length} container${users.length > 1 ? 's' : ''}: ${names}${more}. Remove ${users.length > 1 ? 'them' : 'it'} first, or force the removal.`,
          );
        }
        if (e.byId && tags.length > 1) {
          throw new BerthError(
            'conflict',
            `image ${shortId(id)} is tagged ${tags.join(', ')}: remove the tags one by one, or force the removal.`,
          );
        }
      }
    }
    const result: ImageRemoveResult = { untagged: [], deleted: [] };
    for (const ref of input.refs) {
      const out = (await this.docker.getImage(ref).remove({ force: input.force, noprune: input.noPrune })) as {
        Untagged?: string;
        Deleted?: string;
      }[];
      for (const o of out ?? []) {
        if (o.Untagged) result.untagged.push(o.Untagged);
        if (o.Deleted) result.deleted.push(o.Deleted);
      }
    }
    return result;
  }

  /** Prune candidates: top-level images no container uses; with `all` false only those without any reference. */
  private async pruneCandidates(all: boolean) {
    const [heads, used] = await Promise.all([this.docker.listImages({ all: false }), this.containersByImage()]);
    const candidates = heads.filter((h) => {
      if (used.has(h.Id) || isHelper(h.Labels)) return false;
      if (all) return true;
      return realTags(h.RepoTags).length === 0 && realDigests(h.RepoDigests).length === 0;
    });
    return { heads, candidates };
  }

  /** Bytes freed when `going` are removed: their layers that no other image holds. */
  private async reclaimable(going: Set<string>, heads: Docker.ImageInfo[]): Promise<number> {
    const infos = await this.layerInfos(heads.map((h) => h.Id));
    const kept = new Set<string>();
    for (const li of infos.values()) if (!going.has(li.id)) for (const c of li.chainIds) kept.add(c);
    const counted = new Set<string>();
    let bytes = 0;
    for (const id of going) {
      const li = infos.get(id);
      li?.chainIds.forEach((c, i) => {
        if (kept.has(c) || counted.has(c)) return;
        counted.add(c);
        bytes += li.sizes[i] ?? 0;
      });
    }
    return bytes;
  }

  async prunePreview(input: { all: boolean }): Promise<ImagePrunePreview> {
    const { heads, candidates } = await this.pruneCandidates(input.all);
    const reclaimable = await this.reclaimable(new Set(candidates.map((c) => c.Id)), heads);
    return {
      all: input.all,
      images: candidates
        .map((c) => ({ id: c.Id, tags: realTags(c.RepoTags), created: c.Created, size: c.Size }))
        .sort((a, b) => b.size - a.size),
      reclaimable,
    };
  }

  /** Removes exactly the previewed images, each re-checked against the engine's current state. */
  async prune(input: { all: boolean; ids: string[] }): Promise<ImagePruneResult> {
    const { heads, candidates } = await this.pruneCandidates(input.all);
    const current = new Map(candidates.map((c) => [c.Id, c]));
    const headIds = new Set(heads.map((h) => h.Id));
    const infosBefore = await this.layerInfos(heads.map((h) => h.Id));
    const result: ImagePruneResult = { deleted: [], untagged: [], skipped: [], spaceReclaimed: 0 };
    const gone = new Set<string>();
    for (const id of input.ids) {
      const c = current.get(id);
      if (!c) {
        result.skipped.push({
          id,
          reason: headIds.has(id) ? 'now used by a container or tagged' : 'no longer a top-level image',
        });
        continue;
      }
      try {
        const refs = [...realTags(c.RepoTags), ...realDigests(c.RepoDigests)];
        for (const ref of refs) {
          const out = (await this.docker.getImage(ref).remove({ force: false })) as {
            Untagged?: string;
            Deleted?: string;
          }[];
          for (const o of out ?? []) {
            if (o.Untagged) result.untagged.push(o.Untagged);
            if (o.Deleted) result.deleted.push(o.Deleted);
          }
        }
        const still = await this.docker
          .getImage(id)
          .inspect()
          .then(
            () => true,
            () => false,
          );
        if (still) {
          const out = (await this.docker.getImage(id).remove({ force: false })) as {
            Untagged?: string;
            Deleted?: string;
          }[];
          for (const o of out ?? []) {
            if (o.Untagged) result.untagged.push(o.Untagged);
            if (o.Deleted) result.deleted.push(o.Deleted);
          }
        }
        gone.add(id);
      } catch (err) {
        result.skipped.push({ id, reason: toBerthError(err).message });
      }
    }
    // Space reclaimed: the layers of removed images that no remaining image holds.
    const kept = new Set<string>();
    for (const li of infosBefore.values()) if (!gone.has(li.id)) for (const c of li.chainIds) kept.add(c);
    const counted = new Set<string>();
    for (const id of gone) {
      const li = infosBefore.get(id);
      li?.chainIds.forEach((c, i) => {
        if (kept.has(c) || counted.has(c)) return;
        counted.add(c);
        result.spaceReclaimed += li.sizes[i] ?? 0;
      });
    }
    return result;
  }

  /** `docker search`: the engine asks Docker Hub; bounded so an offline machine answers at once. */
  async search(input: { term: string; limit: number }): Promise<ImageSearchResult[]> {
    const signal = AbortSignal.timeout(this.searchTimeoutMs);
    let rows: {
      name?: string;
      description?: string;
      star_count?: number;
      is_official?: boolean;
      is_automated?: boolean;
    }[];
    try {
      const auth = await this.registries.authFor('docker.io').catch(() => undefined);
      rows = (await this.docker.searchImages({
        term: input.term,
        limit: input.limit,
        abortSignal: signal,
        ...(auth ? { authconfig: auth } : {}),
      })) as typeof rows;
    } catch (err) {
      const e = toBerthError(err);
      if (signal.aborted) {
        throw new BerthError(
          'internal',
          `search could not reach Docker Hub within ${this.searchTimeoutMs / 1000} s (the engine searches index.docker.io; is this machine offline?)`,
        );
      }
      if (e.code === 'engine_unreachable') throw e;
      throw new BerthError(
        e.code === 'internal' ? 'internal' : e.code,
        `search could not reach Docker Hub: ${e.message}`,
      );
    }
    return (rows ?? []).map((r) => ({
      name: r.name ?? '',
      description: r.description ?? '',
      stars: r.star_count ?? 0,
      official: !!r.is_official,
      automated: !!r.is_automated,
    }));
  }

  // -------------------------------------------------------------------------
  // streams
  // -------------------------------------------------------------------------

  /**
   * Reads an engine progress stream to its end: every line checked for an
   * error (a 200 answer can still fail), progress reduced by the tracker.
   */
  private consume(
    res: Readable,
    sink: Sink,
    onMessage: (m: ProgressMessage) => void,
    onEnd: () => Promise<void> | void,
    stopTimers: () => void,
    /** The registry a pull or push talks to, to name it when it cannot be reached. */
    registry?: string,
  ): StreamSource {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      stopTimers();
      sink.end(err);
    };
    const parser = new NdjsonParser<ProgressMessage>((m) => {
      if (settled) return;
      const error = streamError(m);
      if (error)
        return fail(
          (registry && registryUnreachable(registry, error)) || new BerthError(classifyStreamError(error), error),
        );
      onMessage(m);
    });
    res.on('data', (chunk: Buffer) => parser.push(chunk));
    res.once('end', () => {
      parser.end();
      if (settled) return;
      settled = true;
      Promise.resolve()
        .then(onEnd)
        .then(
          () => sink.end(),
          (err: unknown) => sink.end(err),
        )
        .finally(stopTimers);
    });
    res.once('error', (err) => fail(sink.signal.aborted ? undefined : err));
    res.once('close', () => {
      if (!settled && !sink.signal.aborted) fail(new BerthError('stream_error', 'the engine closed the stream early'));
    });
    return {
      pause: () => res.pause(),
      resume: () => res.resume(),
      close: () => {
        settled = true;
        stopTimers();
        res.removeAllListeners('data');
        res.destroy();
      },
    };
  }

  /** `docker pull`: per-layer progress and a total; closing the stream aborts the engine's pull. */
  async pull(input: ParsedStreamInput<'images.pull'>, sink: Sink): Promise<StreamSource> {
    const ref = normalizeReference(input.ref, { defaultTag: true });
    const auth = await this.registries.authFor(ref.domain);
    const tracker = new ProgressTracker((f) => sink.push(f), this.progressIntervalMs);
    const res = (await this.docker
      .createImage(auth ?? undefined, {
        fromImage: ref.name,
        tag: ref.digest ?? ref.tag ?? 'latest',
        ...(input.platform ? { platform: input.platform } : {}),
        abortSignal: sink.signal,
      })
      .catch((err: unknown) => {
        const e = toBerthError(err);
        throw registryUnreachable(ref.domain, e.message) ?? e;
      })) as Readable;
    let digest: string | undefined;
    return this.consume(
      res,
      sink,
      (m) => {
        const d = /^Digest: (sha256:[a-f0-9]{64})/.exec(m.status ?? '');
        if (d) digest = d[1];
        tracker.update(m);
      },
      async () => {
        tracker.flush();
        const info = await this.docker.getImage(ref.digest ? `${ref.name}@${ref.digest}` : ref.familiar).inspect();
        sink.push({ t: 'done', imageId: info.Id, ref: ref.familiar, ...(digest ? { digest } : {}) });
      },
      () => tracker.stop(),
      ref.domain,
    );
  }

  /** `docker push`: per-layer progress; closing the stream aborts it. */
  async push(input: ParsedStreamInput<'images.push'>, sink: Sink): Promise<StreamSource> {
    const ref = normalizeReference(input.ref, { defaultTag: true });
    if (ref.digest) throw new BerthError('invalid_input', 'push a tag, not a digest reference');
    const local = await this.docker.getImage(ref.familiar).inspect(); // not_found before anything starts
    const auth = await this.registries.authFor(ref.domain);
    const tracker = new ProgressTracker((f) => sink.push(f), this.progressIntervalMs);
    const name = ref.familiar.replace(/:[^:/]+$/, '');
    const res = (await this.docker
      .getImage(name)
      .push({
        tag: ref.tag ?? 'latest',
        ...(auth ? { authconfig: auth } : {}),
        abortSignal: sink.signal,
      })
      .catch((err: unknown) => {
        const e = toBerthError(err);
        throw registryUnreachable(ref.domain, e.message) ?? e;
      })) as Readable;
    let digest: string | undefined;
    return this.consume(
      res,
      sink,
      (m) => {
        if (m.aux?.Digest) digest = m.aux.Digest;
        tracker.update(m);
      },
      () => {
        tracker.flush();
        sink.push({ t: 'done', imageId: local.Id, ref: ref.familiar, ...(digest ? { digest } : {}) });
      },
      () => tracker.stop(),
      ref.domain,
    );
  }

  /**
   * `docker build`: the context folder is checked (a Dockerfile inside it),
   * filtered by .dockerignore and sent as a tar; the log streams live; the
   * last frame names the new image. Closing aborts the build.
   */
  async build(input: ParsedStreamInput<'images.build'>, sink: Sink): Promise<StreamSource> {
    await validateBuildContext(input.contextPath, input.dockerfile);
    const tags = input.tags.map((t) => normalizeReference(t, { defaultTag: true }).familiar);
    const log = new LogBatcher((f) => sink.push(f));
    const tracker = new ProgressTracker((f) => sink.push(f), this.progressIntervalMs);
    const upload = new BytesReporter((f) => sink.push(f), undefined, false, this.progressIntervalMs);
    const stopTimers = () => {
      log.stop();
      tracker.stop();
      upload.stop();
    };
    let source: StreamSource | undefined;
    let closed = false;
    const run = async () => {
      const ctx = await prepareBuildContext(input.contextPath, input.dockerfile, { signal: sink.signal });
      log.add(
        `Sending build context to Docker daemon  ${formatSize(ctx.totalBytes)} (${ctx.entries.length} entries)\n`,
      );
      const registryconfig = await this.registries.allAuths().catch(() => ({}));
      let sent = 0;
      const tar = packBuildContext(input.contextPath, ctx, {
        signal: sink.signal,
        onBytes: (n) => {
          upload.add(n - sent);
          sent = n;
        },
      });
      const res = (await this.docker.buildImage(
        tar as unknown as NodeJS.ReadableStream,
        {
          dockerfile: ctx.dockerfile,
          t: tags,
          buildargs: input.buildArgs,
          labels: input.labels,
          nocache: input.noCache,
          pull: input.pull,
          rm: true,
          forcerm: true,
          ...(input.target ? { target: input.target } : {}),
          ...(input.platform ? { platform: input.platform } : {}),
          ...(Object.keys(registryconfig).length ? { registryconfig } : {}),
          abortSignal: sink.signal,
        } as unknown as Docker.ImageBuildOptions,
      )) as Readable;
      upload.flush();
      let imageId: string | undefined;
      let lastLine = '';
      source = this.consume(
        res,
        sink,
        (m) => {
          if (m.aux?.ID) imageId = m.aux.ID;
          if (m.stream !== undefined) {
            log.add(m.stream);
            lastLine = m.stream.trim() || lastLine;
            const built = /^Successfully built ([a-f0-9]{6,64})/.exec(m.stream.trim());
            if (built) imageId ??= built[1];
          } else if (m.status) {
            if (!tracker.update(m) || !LAYER_ID.test(m.id ?? '')) {
              log.add(`${m.id ? `${m.id}: ` : ''}${m.status}\n`);
            }
          }
        },
        async () => {
          log.flush();
          tracker.flush();
          if (!imageId) throw new BerthError('internal', `the build ended without an image (${lastLine})`);
          const info = await this.docker.getImage(imageId).inspect();
          sink.push({ t: 'done', imageId: info.Id, ...(tags[0] ? { ref: tags[0] } : {}) });
        },
        stopTimers,
      );
      if (closed) await source.close();
    };
    run().catch((err: unknown) => {
      stopTimers();
      log.flush();
      sink.end(sink.signal.aborted ? undefined : err);
    });
    return {
      pause: () => source?.pause?.(),
      resume: () => source?.resume?.(),
      close: async () => {
        closed = true;
        stopTimers();
        await source?.close();
      },
    };
  }

  /** `docker save -o PATH REF…`: streamed to a partial file, renamed into place when complete. */
  async save(input: ParsedStreamInput<'images.save'>, sink: Sink): Promise<StreamSource> {
    const dest = resolve(input.path);
    const infos = await Promise.all(input.refs.map((r) => this.docker.getImage(r).inspect()));
    const dir = await stat(dirname(dest)).catch(() => undefined);
    if (!dir?.isDirectory()) throw new BerthError('not_found', `folder ${dirname(dest)} does not exist`);
    const existing = await stat(dest).catch(() => undefined);
    if (existing?.isDirectory()) throw new BerthError('invalid_input', `${dest} is a folder`);
    if (existing && !input.overwrite) throw new BerthError('conflict', `${dest} already exists`);
    const estimate = [...new Map(infos.map((i) => [i.Id, i.Size ?? 0])).values()].reduce((a, b) => a + b, 0);
    const partial = `${dest}.${randomBytes(4).toString('hex')}.partial`;
    const names = input.refs.map((r) => (isImageId(r) ? r : normalizeReference(r).familiar));
    // dockerode has getImages (GET /images/get?names=…) but its typings do not.
    const docker = this.docker as unknown as {
      getImages(o: { names: string[]; abortSignal: AbortSignal }): Promise<Readable>;
    };
    const res = await docker.getImages({ names, abortSignal: sink.signal });
    const bytes = new BytesReporter((f) => sink.push(f), estimate, true, this.progressIntervalMs);
    const out = createWriteStream(partial, { flags: 'wx', mode: 0o644 });
    let finished = false;
    const cleanup = () => rm(partial, { force: true }).catch(() => {});
    res.on('data', (c: Buffer) => bytes.add(c.length));
    res.pipe(out);
    const fail = (err: unknown) => {
      if (finished) return;
      finished = true;
      bytes.stop();
      res.unpipe(out);
      out.destroy();
      void cleanup().then(() => sink.end(sink.signal.aborted ? undefined : err));
    };
    res.once('error', fail);
    out.once('error', fail);
    res.once('close', () => {
      if (!res.readableEnded) fail(new BerthError('stream_error', 'the engine closed the stream early'));
    });
    out.once('finish', () => {
      if (finished) return;
      finished = true;
      bytes.flush();
      rename(partial, dest).then(
        () => {
          sink.push({ t: 'done', path: dest, loaded: names });
          sink.end();
        },
        (err: unknown) => void cleanup().then(() => sink.end(err)),
      );
    });
    return {
      close: async () => {
        if (!finished) {
          finished = true;
          bytes.stop();
          res.unpipe(out);
          res.destroy();
          out.destroy();
          await cleanup();
        }
      },
    };
  }

  /**
   * Opens a file for load and import. What goes to the engine is a counting
   * pass-through: no 'data' listener on the file itself, so nothing flows
   * before dockerode pipes it into the request.
   */
  private async openFile(
    path: string,
    onBytes: (n: number) => void,
  ): Promise<{ file: Readable; body: Readable; size: number }> {
    const st = await stat(path).catch(() => undefined);
    if (!st) throw new BerthError('not_found', `${path} does not exist`);
    if (!st.isFile()) throw new BerthError('invalid_input', `${path} is not a file`);
    const file = createReadStream(path);
    const body = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        onBytes(chunk.length);
        cb(null, chunk);
      },
    });
    file.once('error', (err) => body.destroy(err));
    file.pipe(body);
    return { file, body, size: st.size };
  }

  /** `docker load -i PATH`: the tar is streamed to the engine, with the bytes read as progress. */
  async load(input: ParsedStreamInput<'images.load'>, sink: Sink): Promise<StreamSource> {
    const bytes = new BytesReporter((f) => sink.push(f), undefined, false, this.progressIntervalMs);
    const { file, body, size } = await this.openFile(resolve(input.path), (n) => bytes.add(n));
    bytes.total = size;
    const log = new LogBatcher((f) => sink.push(f));
    const stopTimers = () => {
      bytes.stop();
      log.stop();
    };
    let res: Readable;
    try {
      res = (await this.docker.loadImage(body as unknown as NodeJS.ReadableStream, {
        quiet: true,
        abortSignal: sink.signal,
      })) as Readable;
    } catch (err) {
      file.destroy();
      stopTimers();
      throw err;
    }
    const loaded: string[] = [];
    const source = this.consume(
      res,
      sink,
      (m) => {
        if (m.stream) {
          log.add(m.stream);
          const l = /^Loaded image(?: ID)?: (\S+)/.exec(m.stream.trim());
          if (l?.[1]) loaded.push(l[1]);
        } else if (m.status) log.add(`${m.id ? `${m.id}: ` : ''}${m.status}\n`);
      },
      () => {
        bytes.flush();
        log.flush();
        if (loaded.length === 0) throw new BerthError('internal', 'the engine loaded no image from this file');
        sink.push({ t: 'done', loaded });
      },
      stopTimers,
    );
    return {
      ...source,
      close: async () => {
        file.destroy();
        await source.close();
      },
    };
  }

  /** `docker import PATH [REF]`: a root filesystem tarball becomes a one-layer image. */
  async import(input: ParsedStreamInput<'images.import'>, sink: Sink): Promise<StreamSource> {
    const target = input.ref ? normalizeReference(input.ref, { defaultTag: true }) : undefined;
    const bytes = new BytesReporter((f) => sink.push(f), undefined, false, this.progressIntervalMs);
    const { file, body, size } = await this.openFile(resolve(input.path), (n) => bytes.add(n));
    bytes.total = size;
    let res: Readable;
    try {
      res = (await this.docker.importImage(
        body as unknown as NodeJS.ReadableStream,
        {
          ...(target ? { repo: target.familiar.replace(/:[^:/]+$/, ''), tag: target.tag ?? 'latest' } : {}),
          ...(input.changes.length ? { changes: input.changes } : {}),
          ...(input.message ? { message: input.message } : {}),
          ...(input.platform ? { platform: input.platform } : {}),
          abortSignal: sink.signal,
        } as Record<string, unknown>,
      )) as Readable;
    } catch (err) {
      file.destroy();
      bytes.stop();
      throw err;
    }
    let imageId: string | undefined;
    const source = this.consume(
      res,
      sink,
      (m) => {
        const id = /^(sha256:[a-f0-9]{64})$/.exec(m.status?.trim() ?? '');
        if (id) imageId = id[1];
      },
      () => {
        bytes.flush();
        if (!imageId) throw new BerthError('internal', 'the engine did not report the imported image');
        sink.push({ t: 'done', imageId, ...(target ? { ref: target.familiar } : {}) });
      },
      () => bytes.stop(),
    );
    return {
      ...source,
      close: async () => {
        file.destroy();
        await source.close();
      },
    };
  }
}

function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(2)}${units[i]}`;
}
