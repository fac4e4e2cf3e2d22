import { BerthError, type ErrorCode } from '../../preload/contract/errors';

interface EngineErrorLike {
  statusCode?: number;
  code?: string;
  name?: string;
  reason?: string;
  message?: string;
  json?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ENETUNREACH',
]);

/** The engine's own message, without docker-modem's "(HTTP code 409) unexpected - " prefix. */
function engineMessage(e: EngineErrorLike): string {
  const json = e.json as { message?: unknown } | string | undefined | null;
  if (json && typeof json === 'object' && typeof json.message === 'string') return json.message;
  if (typeof json === 'string' && json.trim()) return json.trim();
  if (Buffer.isBuffer(json)) {
    try {
      const parsed = JSON.parse(json.toString('utf8')) as { message?: string };
      if (parsed.message) return parsed.message;
    } catch {
      /* not JSON */
    }
  }
  return (e.message ?? String(e)).replace(/^\(HTTP code \d+\)\s*[a-z ]*-\s*/i, '').trim();
}

/** One place that turns whatever dockerode, the socket or a service threw into a BerthError. */
export function toBerthError(err: unknown): BerthError {
  if (err instanceof BerthError) return err;
  const e = (err ?? {}) as EngineErrorLike;
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return new BerthError('cancelled', 'cancelled');
  if (e.code === 'EACCES') {
    return new BerthError('permission_denied', `permission denied on the engine socket: ${e.message ?? ''}`.trim());
  }
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new BerthError('engine_unreachable', `cannot reach the Docker engine (${e.code})`);
  }
  if (typeof e.statusCode === 'number') {
    const msg = engineMessage(e);
    const byStatus: Record<number, ErrorCode> = {
      400: 'invalid_input',
      401: 'auth_required',
      403: 'permission_denied',
      404: 'not_found',
      409: 'conflict',
    };
    return new BerthError(byStatus[e.statusCode] ?? 'internal', msg);
  }
  return new BerthError('internal', e.message ?? String(err));
}

/** dockerode treats 304 (already started/stopped) as an error; for us it is success. */
export async function tolerateNotModified(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if ((err as EngineErrorLike)?.statusCode === 304) return;
    throw err;
  }
}
