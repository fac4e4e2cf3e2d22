import { vi } from 'vitest';
import type { Backend, BackendListener } from '../../../main/backend';
import type { Envelope } from '../../../preload/contract/errors';

/** A Backend stand-in: dispatch is a spy, subscribe keeps listeners that `emit` reaches. */
export function fakeBackend(answer: (name: unknown, input: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>) {
  const listeners = new Set<BackendListener>();
  const dispatch = vi.fn(async (name: unknown, input: unknown) => answer(name, input));
  const backend = {
    engine: {},
    services: {},
    dispatch,
    streams: {
      open: vi.fn(async () => ({ ok: true, value: { sid: 'fake-sid' } })),
      control: vi.fn(),
      releaseOwner: vi.fn(async () => {}),
      count: vi.fn(() => 0),
    },
    subscribe: vi.fn((l: BackendListener) => {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    }),
    start: vi.fn(),
    dispose: vi.fn(),
  };
  const emit: BackendListener = (name, payload) => {
    for (const l of listeners) l(name, payload);
  };
  return { backend: backend as unknown as Backend, dispatch, listeners, emit };
}
