import {
  CALL_NAMES,
  isEventName,
  type CallName,
  type StreamControl,
  type StreamMessage,
  type StreamName,
} from '../../../preload/contract/index';
import type { BerthBridge, EventListener } from '../../../preload/contract/bridge';
import type { Envelope } from '../../../preload/contract/errors';
import { decodeWire, encodeWireFrame } from '../../../preload/contract/wire';

export type LinkState = 'connecting' | 'open' | 'closed';

interface Pending {
  resolve: (e: Envelope<unknown>) => void;
}

/**
 * Web mode's bridge: the same contract as window.berth, over one WebSocket to
 * the web server. Reconnects with backoff; calls made while the socket is down
 * fail at once with engine_unreachable-like transport errors, never hang.
 */
export class WsBridge implements BerthBridge {
  readonly calls: BerthBridge['calls'];
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private readonly linkListeners = new Set<(s: LinkState) => void>();
  private readonly streamListeners = new Set<(sid: string, msg: StreamMessage) => void>();
  private attempt = 0;
  private queue: (string | Uint8Array)[] = [];
  state: LinkState = 'connecting';

  constructor(private readonly url: string) {
    this.calls = Object.fromEntries(
      CALL_NAMES.map((name) => [name, (input: unknown) => this.request(name, input)]),
    ) as unknown as BerthBridge['calls'];
    this.open();
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  openStream(name: StreamName, input: unknown): Promise<Envelope<{ sid: string }>> {
    return this.request(name, input, 'stream.open') as Promise<Envelope<{ sid: string }>>;
  }

  controlStream(sid: string, msg: StreamControl): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeWireFrame({ t: 'stream.control', sid, msg }));
  }

  subscribeStreams(listener: (sid: string, msg: StreamMessage) => void): () => void {
    this.streamListeners.add(listener);
    return () => this.streamListeners.delete(listener);
  }

  onLink(listener: (s: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  private setState(s: LinkState) {
    this.state = s;
    for (const l of this.linkListeners) l(s);
  }

  private open() {
    const ws = new WebSocket(this.url);
    // Stream output comes as binary frames: read them as ArrayBuffers (views, no copy), not Blobs.
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      for (const m of this.queue) ws.send(m);
      this.queue = [];
    };
    ws.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => this.onMessage(ev.data);
    ws.onclose = () => {
      for (const [, p] of this.pending) {
        p.resolve({ ok: false, error: { code: 'engine_unreachable', message: 'the connection to Berth was lost' } });
      }
      this.pending.clear();
      // Every open stream ended with the socket (main released them too).
      for (const l of this.streamListeners)
        l('*', { t: 'end', error: { code: 'stream_error', message: 'the connection to Berth was lost' } });
      this.setState('closed');
      const delay = Math.min(5000, 250 * 2 ** this.attempt++);
      setTimeout(() => this.open(), delay);
    };
  }

  private onMessage(raw: string | ArrayBuffer) {
    let msg: {
      t?: string;
      id?: number;
      envelope?: Envelope<unknown>;
      name?: unknown;
      payload?: unknown;
      sid?: unknown;
      msg?: StreamMessage;
    };
    try {
      msg = decodeWire(raw) as typeof msg;
    } catch {
      return;
    }
    if (msg.t === 'result' && typeof msg.id === 'number' && msg.envelope) {
      this.pending.get(msg.id)?.resolve(msg.envelope);
      this.pending.delete(msg.id);
    } else if (msg.t === 'event' && isEventName(msg.name)) {
      for (const l of this.listeners) l(msg.name, msg.payload as never);
    } else if (msg.t === 'stream' && typeof msg.sid === 'string' && msg.msg) {
      for (const l of this.streamListeners) l(msg.sid, msg.msg);
    }
  }

  private request(
    name: CallName | StreamName,
    input: unknown,
    t: 'call' | 'stream.open' = 'call',
  ): Promise<Envelope<unknown>> {
    const id = this.nextId++;
    const data = encodeWireFrame({ t, id, name, input });
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(data);
      else if (this.state === 'connecting') this.queue.push(data);
      else {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'engine_unreachable', message: 'the connection to Berth is down' } });
      }
    });
  }
}

/** Web mode: the token comes in the URL once, then lives in sessionStorage, out of the address bar. */
export function webSocketUrl(loc: Location = window.location): string {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('berth.token', fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', loc.pathname + (rest ? `?${rest}` : '') + loc.hash);
  }
  const token = fromUrl ?? sessionStorage.getItem('berth.token') ?? '';
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws?token=${encodeURIComponent(token)}`;
}
