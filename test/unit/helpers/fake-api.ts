import { vi } from 'vitest';
import type { ApiClient } from '../../../renderer/src/api/client';

/**
 * An ApiClient stand-in for store tests: `call` is a spy answered by `answer` with a value, a promise, or an
 * Error (returned or thrown), which the call then rejects with.
 */
export function fakeApi(answer: (name: string, input: unknown) => unknown) {
  const call = vi.fn(async (name: string, input?: unknown) => {
    const r = await answer(name, input ?? {});
    if (r instanceof Error) throw r;
    return r;
  });
  return { api: { call } as unknown as ApiClient, call };
}

/** A promise the test settles when it chooses (answers that arrive late, or out of order). */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
