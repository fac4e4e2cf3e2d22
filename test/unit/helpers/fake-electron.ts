import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** Just enough of an EventEmitter for Electron's `on`/`once`, with `emit` for the tests. */
export class FakeEmitter {
  private readonly listeners = new Map<string, { fn: Listener; once: boolean }[]>();

  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }

  once(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }

  off(event: string, fn: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l.fn !== fn),
    );
    return this;
  }

  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      list.filter((l) => !l.once),
    );
    for (const l of list) l.fn(...args);
    return list.length > 0;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** A WebContents stand-in: records hardening, sends, and answers isDestroyed/isLoading. */
export class FakeWebContents extends FakeEmitter {
  destroyed = false;
  loading = false;
  readonly send = vi.fn();
  readonly setWindowOpenHandler = vi.fn();
  isDestroyed = () => this.destroyed;
  isLoading = () => this.loading;
}

/** An event object as Electron passes to will-navigate and friends. */
export const preventableEvent = () => ({ preventDefault: vi.fn() });

/** A Session stand-in capturing the permission handlers. */
export function fakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
}
