import type { EngineEvent } from '../engine/engine-connection';

export type ChangeKind = 'containers' | 'volumes' | 'networks' | 'images';

/**
 * Turns the engine's event stream into coalesced change notices: the ids of
 * the objects that changed during a short window, at most one notice per
 * window per kind. A burst of 1,000 events becomes a handful of notices.
 */
export class ChangeNotifier {
  private pending = new Map<ChangeKind, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (kind: ChangeKind, ids: string[]) => void,
    private readonly windowMs = 16,
  ) {}

  onEngineEvent(ev: EngineEvent): void {
    const id = ev.Actor?.ID ?? ev.id;
    if (!id) return;
    if (ev.Type === 'container') this.add('containers', id);
    else if (ev.Type === 'volume') this.add('volumes', id);
    else if (ev.Type === 'network') this.add('networks', id);
    else if (ev.Type === 'image') this.add('images', id);
  }

  private add(kind: ChangeKind, id: string): void {
    let set = this.pending.get(kind);
    if (!set) this.pending.set(kind, (set = new Set()));
    set.add(id);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = new Map();
    for (const [kind, ids] of pending) this.emit(kind, [...ids]);
  }

  /** Drop what is pending (the engine changed: its ids mean nothing to the next one). */
  reset(): void {
    this.dispose();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
