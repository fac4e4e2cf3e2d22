import type { CallInput, CallName, CallOutput } from '../../../preload/contract/index';
import type { BerthBridge, EventListener } from '../../../preload/contract/bridge';
import { BerthError, type Envelope } from '../../../preload/contract/errors';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "no required field" test
type ArgsOf<K extends CallName> = {} extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

/** The typed client every store and panel uses. It unwraps envelopes and throws BerthError. */
export class ApiClient {
  constructor(private readonly bridge: BerthBridge) {}

  async call<K extends CallName>(name: K, ...args: ArgsOf<K>): Promise<CallOutput<K>> {
    const invoke = this.bridge.calls[name] as (input: unknown) => Promise<Envelope<CallOutput<K>>>;
    const envelope = await invoke(args[0] ?? {});
    if (envelope.ok) return envelope.value;
    throw BerthError.fromShape(envelope.error);
  }

  subscribe(listener: EventListener): () => void {
    return this.bridge.subscribe(listener);
  }
}
