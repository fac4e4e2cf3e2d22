import type { CallInput, CallName, CallOutput, EventName, EventPayload, StreamInput, StreamName } from './index';
import type { Envelope } from './errors';
import type { StreamControl, StreamMessage } from './streams';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * What preload exposes as `window.berth`, and what the web mode's WebSocket
 * transport implements too: one invoker per contract call and one event feed.
 */
export interface BerthBridge {
  readonly calls: { readonly [K in CallName]: (input: CallInput<K>) => Promise<Envelope<CallOutput<K>>> };
  /** Returns its own unsubscribe: functions crossing contextBridge change identity. */
  subscribe(listener: EventListener): () => void;
  /** Open a stream session in main; its messages arrive through subscribeStreams. */
  openStream<K extends StreamName>(name: K, input: StreamInput<K>): Promise<Envelope<{ sid: string }>>;
  /** Write, resize, acknowledge or close an open stream. */
  controlStream(sid: string, msg: StreamControl): void;
  subscribeStreams(listener: (sid: string, msg: StreamMessage) => void): () => void;
}
