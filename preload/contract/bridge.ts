import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './index';
import type { Envelope } from './errors';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * What preload exposes as `window.berth`, and what the web mode's WebSocket
 * transport implements too: one invoker per contract call and one event feed.
 */
export interface BerthBridge {
  readonly calls: { readonly [K in CallName]: (input: CallInput<K>) => Promise<Envelope<CallOutput<K>>> };
  /** Returns its own unsubscribe: functions crossing contextBridge change identity. */
  subscribe(listener: EventListener): () => void;
}
