import type {
  CallInput,
  CallName,
  CallOutput,
  StreamFrame,
  StreamInput,
  StreamMessage,
  StreamName,
} from '../../../preload/contract/index';
import { frameWeight } from '../../../preload/contract/streams';
import type { BerthBridge, EventListener } from '../../../preload/contract/bridge';
import { BerthError, type Envelope } from '../../../preload/contract/errors';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "no required field" test
type ArgsOf<K extends CallName> = {} extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

export interface StreamCallbacks<F> {
  /** Batched frames, in order. */
  onFrames(frames: F[]): void;
  /** Exactly once: no error when the stream simply ended. */
  onEnd?(error?: BerthError): void;
  /**
   * Acknowledge frames as soon as onFrames returns (default). Terminals turn
   * this off and call ack() from xterm's write callback instead, so main
   * pauses the engine stream when the screen falls behind.
   */
  autoAck?: boolean;
}

export interface StreamHandle {
  readonly sid: string;
  write(data: Uint8Array | string): void;
  resize(cols: number, rows: number): void;
  ack(bytes: number): void;
  /** Closing is cancelling; idempotent. */
  close(): void;
}

interface Entry {
  deliver(msg: StreamMessage): void;
}

/** The typed client every store and panel uses. It unwraps envelopes and throws BerthError. */
export class ApiClient {
  private readonly streams = new Map<string, Entry>();
  /** Messages for a session whose open() has not returned yet (they may overtake the reply). */
  private readonly early = new Map<string, StreamMessage[]>();
  private unsubscribeStreams: (() => void) | undefined;

  constructor(private readonly bridge: BerthBridge) {}

  /** Told of every call that succeeded and every stream that opened (the command journal listens here). */
  onCallSucceeded?: (name: CallName | StreamName, input: unknown, output: unknown) => void;

  async call<K extends CallName>(name: K, ...args: ArgsOf<K>): Promise<CallOutput<K>> {
    const invoke = this.bridge.calls[name] as (input: unknown) => Promise<Envelope<CallOutput<K>>>;
    const envelope = await invoke(args[0] ?? {});
    if (envelope.ok) {
      this.onCallSucceeded?.(name, args[0] ?? {}, envelope.value);
      return envelope.value;
    }
    throw BerthError.fromShape(envelope.error);
  }

  subscribe(listener: EventListener): () => void {
    return this.bridge.subscribe(listener);
  }

  /** Open a stream session in main. Rejects with a BerthError when it cannot be opened. */
  async stream<K extends StreamName>(
    name: K,
    input: StreamInput<K>,
    cb: StreamCallbacks<StreamFrame<K>>,
  ): Promise<StreamHandle> {
    this.unsubscribeStreams ??= this.bridge.subscribeStreams((sid, msg) => this.route(sid, msg));
    const envelope = await this.bridge.openStream(name, input);
    if (!envelope.ok) throw BerthError.fromShape(envelope.error);
    const { sid } = envelope.value;
    this.onCallSucceeded?.(name, input, envelope.value);
    let ended = false;
    const handle: StreamHandle = {
      sid,
      write: (data) =>
        !ended && this.bridge.controlStream(sid, { t: 'write', data: data as Uint8Array<ArrayBuffer> | string }),
      resize: (cols, rows) =>
        !ended && cols > 0 && rows > 0 && this.bridge.controlStream(sid, { t: 'resize', cols, rows }),
      ack: (bytes) => !ended && bytes > 0 && this.bridge.controlStream(sid, { t: 'ack', bytes }),
      close: () => {
        if (ended) return;
        this.bridge.controlStream(sid, { t: 'close' });
        finish(undefined);
      },
    };
    const finish = (error: BerthError | undefined) => {
      if (ended) return;
      ended = true;
      this.streams.delete(sid);
      cb.onEnd?.(error);
    };
    const entry: Entry = {
      deliver: (msg) => {
        if (ended) return;
        if (msg.t === 'frames') {
          const frames = msg.frames as StreamFrame<K>[];
          cb.onFrames(frames);
          if (cb.autoAck !== false) handle.ack(frames.reduce((n, f) => n + frameWeight(f), 0));
        } else {
          finish(msg.error ? BerthError.fromShape(msg.error) : undefined);
        }
      },
    };
    this.streams.set(sid, entry);
    const queued = this.early.get(sid);
    this.early.delete(sid);
    for (const m of queued ?? []) entry.deliver(m);
    return handle;
  }

  /** Open stream sessions in this page. */
  get openStreams(): number {
    return this.streams.size;
  }

  private route(sid: string, msg: StreamMessage): void {
    if (sid === '*') {
      for (const e of [...this.streams.values()]) e.deliver(msg);
      return;
    }
    const entry = this.streams.get(sid);
    if (entry) entry.deliver(msg);
    else {
      const q = this.early.get(sid) ?? [];
      if (q.length < 1000) q.push(msg);
      this.early.set(sid, q);
      // Never kept for long: a session nobody claims is dropped.
      setTimeout(() => this.early.delete(sid), 10_000);
    }
  }
}
