/**
 * The real backend as integration tests use it: on the shared engine, started once per file, driven through
 * `dispatch` exactly as a window's calls are, and disposed afterwards.
 */
import { createBackend, type Backend, type BackendOptions } from '../../main/backend';
import type { Envelope } from '../../preload/contract/errors';
import { cleanup } from './engine';

/** A started backend, once it is connected (throws when the engine does not answer). */
export async function startBackend(options?: BackendOptions): Promise<Backend> {
  const backend = createBackend(options);
  backend.start();
  const status = await backend.engine.whenConnected();
  if (status.state !== 'connected') throw new Error(`the test engine is not connected: ${status.state}`);
  return backend;
}

/** Dispose the backend (if it got that far) and remove the containers this run labelled. */
export async function stopBackend(backend: Backend | undefined): Promise<void> {
  await backend?.dispose();
  await cleanup();
}

/** Calls by name as a window makes them: the envelope, the value (or a thrown error), or the error (or a throw). */
export function backendCalls(backend: () => Backend) {
  const call = async <T>(name: string, input: unknown) => (await backend().dispatch(name, input)) as Envelope<T>;
  const ok = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await call<T>(name, input);
    if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const fail = async (name: string, input: unknown) => {
    const r = await call(name, input);
    if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
    return r.error;
  };
  return { call, ok, fail };
}
