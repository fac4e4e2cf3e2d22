import type { ActivityEntry, ActivityHistory, EngineStatus } from '../../preload/contract/system.contract';
import type { EventEmitter } from 'node:events';
import type { EngineEvent } from '../engine/engine-connection';

export interface ActivityOptions {
  /** How many entries are kept; the oldest go first. */
  capacity?: number;
  /** New entries are sent in batches at most this often (ms). */
  batchMs?: number;
  now?: () => number;
}

/** Attributes are the event's own (container labels included): bounded in count and length. */
const MAX_ATTRIBUTES = 64;
const MAX_KEY = 128;
const MAX_VALUE = 1024;

/** A fixed-size ring: push is O(1), the oldest entry is overwritten when full. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  /** Returns true when an old entry was dropped to make room. */
  push(item: T): boolean {
    this.items[(this.head + this.size) % this.capacity] = item;
    if (this.size < this.capacity) {
      this.size++;
      return false;
    }
    this.head = (this.head + 1) % this.capacity;
    return true;
  }

  get length(): number {
    return this.size;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.items[(this.head + i) % this.capacity] as T);
    return out;
  }
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The one place a raw engine event becomes an ActivityEntry (without its seq). */
export function toActivityEntry(
  ev: EngineEvent & { status?: string; from?: string },
  now: number,
): Omit<ActivityEntry, 'seq'> {
  const type = ev.Type ?? (ev.status ? 'container' : 'unknown');
  const raw = ev.Action ?? ev.status ?? '';
  const colon = raw.indexOf(': ');
  const action = colon < 0 ? raw : raw.slice(0, colon);
  const detail = colon < 0 ? undefined : raw.slice(colon + 2);
  const id = ev.Actor?.ID ?? ev.id ?? '';
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(ev.Actor?.Attributes ?? {}).slice(0, MAX_ATTRIBUTES)) {
    attributes[clip(k, MAX_KEY)] = clip(String(v), MAX_VALUE);
  }
  const name = attributes.name ?? (type === 'volume' ? id : undefined);
  const time = ev.timeNano ? Math.floor(ev.timeNano / 1e6) : ev.time ? ev.time * 1000 : now;
  return {
    time,
    type,
    action,
    ...(detail ? { detail: clip(detail, MAX_VALUE) } : {}),
    id,
    ...(name ? { name } : {}),
    attributes,
  };
}

/**
 * The session's history of engine events (`docker events`), kept in main so
 * that every window and web client sees the same list from the moment Berth
 * started, whichever panel was open. Bounded: a ring of `capacity` entries.
 * Berth's own connection changes are recorded too (type "engine"), so gaps
 * while the engine was away are visible.
 */
export class ActivityService {
  private readonly ring: Ring<ActivityEntry>;
  private seq = 0;
  private dropped = 0;
  private readonly since: number;
  private pending: ActivityEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastState: EngineStatus['state'] | undefined;
  private readonly batchMs: number;
  private readonly now: () => number;

  constructor(
    /** The EngineConnection (its 'event' and 'status' emissions). */
    private readonly engine: Pick<EventEmitter, 'on' | 'off'>,
    private readonly onAppended: (entries: ActivityEntry[]) => void,
    opts: ActivityOptions = {},
  ) {
    this.ring = new Ring(opts.capacity ?? 5000);
    this.batchMs = opts.batchMs ?? 50;
    this.now = opts.now ?? Date.now;
    this.since = this.now();
    engine.on('event', this.onEvent);
    engine.on('status', this.onStatusChange);
  }

  private readonly onEvent = (ev: EngineEvent) => this.record(ev);
  private readonly onStatusChange = (s: EngineStatus) => this.onStatus(s);

  record(ev: EngineEvent): void {
    this.add(toActivityEntry(ev, this.now()));
  }

  history(afterSeq?: number): ActivityHistory {
    const all = this.ring.toArray();
    return {
      entries: afterSeq === undefined ? all : all.filter((e) => e.seq > afterSeq),
      capacity: this.ring.capacity,
      dropped: this.dropped,
      since: this.since,
    };
  }

  dispose(): void {
    this.engine.off('event', this.onEvent);
    this.engine.off('status', this.onStatusChange);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private onStatus(s: EngineStatus): void {
    if (s.state === this.lastState || s.state === 'connecting') return;
    const first = this.lastState === undefined;
    this.lastState = s.state;
    if (first && s.state === 'connected') return; // the session starts connected: nothing to tell
    this.add({
      time: this.now(),
      type: 'engine',
      action: s.state,
      ...(s.error ? { detail: clip(s.error, MAX_VALUE) } : {}),
      id: s.endpoint,
      attributes: s.engineVersion ? { version: s.engineVersion } : {},
    });
  }

  private add(entry: Omit<ActivityEntry, 'seq'>): void {
    const e: ActivityEntry = { seq: ++this.seq, ...entry };
    if (this.ring.push(e)) this.dropped++;
    this.pending.push(e);
    if (this.pending.length > this.ring.capacity) this.pending.shift();
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.batchMs);
      this.timer.unref?.();
    }
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.onAppended(batch);
  }
}
