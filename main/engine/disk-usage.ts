import type Docker from 'dockerode';

/**
 * Engines before Docker 23 (Debian's 20.10 among them) refuse a second
 * `system df` while one runs, with this message, rather than waiting for it.
 */
const BUSY = /disk usage operation is already running/i;

const inFlight = new WeakMap<Docker, Promise<unknown>>();

/**
 * `docker system df` for every caller: callers asking the same engine at the
 * same time share one request, and when another client's df is running (the
 * engine says so) the request is retried with a short backoff instead of
 * failing the panel that asked.
 */
export function diskUsage<T>(docker: Docker, opts: { attempts?: number; delayMs?: number } = {}): Promise<T> {
  const running = inFlight.get(docker);
  if (running) return running as Promise<T>;
  const attempts = opts.attempts ?? 30;
  const delayMs = opts.delayMs ?? 100;
  const once = async (): Promise<T> => {
    for (let i = 0; ; i++) {
      try {
        return (await docker.df()) as T;
      } catch (err) {
        if (i + 1 >= attempts || !BUSY.test(String((err as Error)?.message ?? err))) throw err;
        await new Promise((r) => setTimeout(r, Math.min(1000, delayMs * 2 ** i)));
      }
    }
  };
  const p = once().finally(() => inFlight.delete(docker));
  inFlight.set(docker, p);
  return p;
}
