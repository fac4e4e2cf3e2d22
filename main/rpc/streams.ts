import { randomUUID } from 'node:crypto';
import {
  BerthError,
  StreamControl,
  frameWeight,
  isStreamName,
  streams,
  type Envelope,
  type ParsedStreamInput,
  type StreamFrame,
  type StreamMessage,
  type StreamName,
} from '../../preload/contract/index';
import { toBerthError } from '../engine/errors';
import { issuesOf } from './dispatcher';

/** Where a stream handler pushes frames, and says it ended. */
export interface StreamSink<F> {
  push(frame: F): void;
  /** Ends the session (idempotent); an error is reported to the renderer. */
  end(error?: unknown): void;
  readonly signal: AbortSignal;
}

/** What a stream handler gives back: how to feed, pause and close the engine stream. */
export interface StreamSource {
  write?(data: Uint8Array): void;
  resize?(cols: number, rows: number): void | Promise<void>;
  pause?(): void;
  resume?(): void;
  /** Release the engine side. Called exactly once, however the session ends. */
  close(): void | Promise<void>;
}

export type StreamHandlers = {
  [K in StreamName]: (input: ParsedStreamInput<K>, sink: StreamSink<StreamFrame<K>>) => Promise<StreamSource>;
};
export type StreamHandlersFor<D> = Pick<StreamHandlers, keyof D & StreamName>;

export interface StreamHubOptions {
  /**
   * Pause the engine stream above this many unacknowledged bytes. VS Code
   * uses 100,000 for a pty next door; here the acks cross a WebSocket and
   * wait behind the page's own tasks (a parse slice, a frame), a round trip
   * of 20–40 ms, so 100 KB in flight capped output at about 4 MB/s with the
   * engine side idle most of the time. 1 MiB keeps the pipe full; the page's
   * own budget (RENDER_BUDGET) still bounds what piles up there.
   */
  highWater?: number;
  /** Resume below this many: a quarter of the window, so a pause does not drain the pipe to empty. */
  lowWater?: number;
  /** Batch frames for this long before sending. */
  flushMs?: number;
  /** …or until this many bytes are waiting. */
  maxBatchBytes?: number;
}

type Send = (sid: string, msg: StreamMessage) => void;

interface Session {
  sid: string;
  owner: string;
  send: Send;
  abort: AbortController;
  source: StreamSource | undefined;
  batch: unknown[];
  batchBytes: number;
  timer: NodeJS.Timeout | undefined;
  unacked: number;
  paused: boolean;
  ended: boolean;
  /** Why it ended, when it ended with an error (it may end while still opening). */
  endError?: unknown;
}

type ByteFrame = { channel?: string; data: Uint8Array };
const isByteFrame = (f: unknown): f is ByteFrame => (f as { data?: unknown } | null)?.data instanceof Uint8Array;

/**
 * Merge adjacent byte frames of the same channel, so a flush is a few large
 * frames, not thousands of tiny ones. Each run is copied once (merging pair by
 * pair copied a batch of n chunks n/2 times over).
 */
function coalesce(frames: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < frames.length;) {
    const first = frames[i];
    let j = i + 1;
    if (isByteFrame(first)) {
      let size = first.data.byteLength;
      while (j < frames.length) {
        const f = frames[j];
        if (!isByteFrame(f) || f.channel !== first.channel) break;
        size += f.data.byteLength;
        j++;
      }
      if (j - i > 1) {
        const merged = new Uint8Array(size);
        let at = 0;
        for (let k = i; k < j; k++) {
          const d = (frames[k] as ByteFrame).data;
          merged.set(d, at);
          at += d.byteLength;
        }
        out.push({ ...first, data: merged });
      } else out.push(first);
    } else out.push(first);
    i = j;
  }
  return out;
}

/**
 * Every open stream, each with one owner (a window or a web socket), a
 * batcher and flow control. Every way a session ends — the user closes it,
 * the engine stream ends or fails, the owner goes away, the app quits —
 * funnels into one idempotent dispose.
 */
export class StreamHub {
  private readonly sessions = new Map<string, Session>();
  private readonly highWater: number;
  private readonly lowWater: number;
  private readonly flushMs: number;
  private readonly maxBatchBytes: number;

  constructor(
    private readonly handlers: StreamHandlers,
    opts: StreamHubOptions = {},
  ) {
    this.highWater = opts.highWater ?? Number(process.env.BERTH_HW ?? 1024 * 1024);
    this.lowWater = opts.lowWater ?? 256 * 1024;
    this.flushMs = opts.flushMs ?? 16;
    this.maxBatchBytes = opts.maxBatchBytes ?? 256 * 1024;
  }

  /** Open sessions (all owners, or one). */
  count(owner?: string): number {
    if (!owner) return this.sessions.size;
    let n = 0;
    for (const s of this.sessions.values()) if (s.owner === owner) n++;
    return n;
  }

  async open(owner: string, name: unknown, payload: unknown, send: Send): Promise<Envelope<{ sid: string }>> {
    if (!isStreamName(name)) {
      return {
        ok: false,
        error: new BerthError(
          'invalid_input',
          `unknown stream: ${typeof name === 'string' ? name.slice(0, 80) : typeof name}`,
        ).toShape(),
      };
    }
    const parsed = streams[name].input.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return {
        ok: false,
        error: new BerthError(
          'invalid_input',
          `invalid ${name} payload: ${issues[0]?.path ? issues[0].path + ': ' : ''}${issues[0]?.message ?? ''}`,
          issues,
        ).toShape(),
      };
    }
    const session: Session = {
      sid: randomUUID(),
      owner,
      send,
      abort: new AbortController(),
      source: undefined,
      batch: [],
      batchBytes: 0,
      timer: undefined,
      unacked: 0,
      paused: false,
      ended: false,
    };
    this.sessions.set(session.sid, session);
    const sink: StreamSink<unknown> = {
      push: (frame) => this.push(session, frame),
      end: (error) => void this.dispose(session, error),
      signal: session.abort.signal,
    };
    try {
      const handler = this.handlers[name] as (input: unknown, sink: StreamSink<unknown>) => Promise<StreamSource>;
      session.source = await handler(parsed.data, sink);
      // Ended (or its owner left) while the engine side was being set up: release it now.
      if (session.ended) await Promise.resolve(session.source.close()).catch(() => {});
      return { ok: true, value: { sid: session.sid } };
    } catch (err) {
      // Ended while opening (say, the engine went away): that reason, not the abort it caused.
      const why = session.ended && session.endError !== undefined ? session.endError : err;
      session.ended = true;
      this.sessions.delete(session.sid);
      clearTimeout(session.timer);
      return { ok: false, error: toBerthError(why).toShape() };
    }
  }

  /** A control message from the renderer; ignored unless it comes from the session's owner. */
  control(owner: string, sid: unknown, payload: unknown): void {
    const session = typeof sid === 'string' ? this.sessions.get(sid) : undefined;
    if (!session || session.owner !== owner) return;
    const parsed = StreamControl.safeParse(payload);
    if (!parsed.success) return;
    const msg = parsed.data;
    switch (msg.t) {
      case 'write':
        session.source?.write?.(typeof msg.data === 'string' ? new TextEncoder().encode(msg.data) : msg.data);
        break;
      case 'resize':
        void Promise.resolve(session.source?.resize?.(msg.cols, msg.rows)).catch(() => {});
        break;
      case 'ack':
        session.unacked = Math.max(0, session.unacked - msg.bytes);
        if (session.paused && session.unacked < this.lowWater) {
          session.paused = false;
          session.source?.resume?.();
        }
        break;
      case 'close':
        void this.dispose(session);
        break;
    }
  }

  /** The owner went away (window closed, socket dropped): end all its sessions. */
  async releaseOwner(owner: string): Promise<void> {
    await Promise.all([...this.sessions.values()].filter((s) => s.owner === owner).map((s) => this.dispose(s)));
  }

  async disposeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.dispose(s)));
  }

  private push(s: Session, frame: unknown): void {
    if (s.ended) return;
    const weight = frameWeight(frame);
    s.batch.push(frame);
    s.batchBytes += weight;
    s.unacked += weight;
    if (!s.paused && s.unacked > this.highWater && s.source?.pause) {
      s.paused = true;
      s.source.pause();
    }
    // Paused: nothing more comes until the renderer acks, so waiting for the timer would only stall the pipe.
    if (s.batchBytes >= this.maxBatchBytes || s.paused) this.flush(s);
    else s.timer ??= setTimeout(() => this.flush(s), this.flushMs);
  }

  private flush(s: Session): void {
    clearTimeout(s.timer);
    s.timer = undefined;
    if (s.batch.length === 0) return;
    const frames = coalesce(s.batch);
    s.batch = [];
    s.batchBytes = 0;
    try {
      s.send(s.sid, { t: 'frames', frames });
    } catch {
      void this.dispose(s);
    }
  }

  private async dispose(s: Session, error?: unknown): Promise<void> {
    if (s.ended) return;
    s.ended = true;
    s.endError = error;
    this.flush(s);
    this.sessions.delete(s.sid);
    s.abort.abort();
    const source = s.source;
    s.source = undefined;
    if (source) await Promise.resolve(source.close()).catch(() => {});
    try {
      s.send(s.sid, error === undefined ? { t: 'end' } : { t: 'end', error: toBerthError(error).toShape() });
    } catch {
      /* the owner is gone */
    }
  }
}
