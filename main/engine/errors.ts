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

/** TLS failures, by cause, in words a user can act on. */
function tlsProblem(e: EngineErrorLike): string | undefined {
  const code = e.code ?? '';
  const msg = e.message ?? '';
  if (
    /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|unknown ca/i.test(code + ' ' + msg) &&
    !/alert/i.test(msg)
  ) {
    return `TLS: the engine's certificate is not signed by the trusted CA (${code || msg})`;
  }
  if (/ERR_TLS_CERT_ALTNAME_INVALID/.test(code)) return `TLS: the engine's certificate is not for this host (${msg})`;
  if (/CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/.test(code))
    return `TLS: the engine's certificate is expired or not yet valid (${code})`;
  if (/alert (bad|unknown|certificate)|certificate required|handshake failure/i.test(msg)) {
    return `TLS: the engine refused Berth's client certificate (${msg.trim()})`;
  }
  if (/wrong version number|ERR_SSL_WRONG_VERSION/i.test(code + ' ' + msg)) {
    return 'TLS: the engine does not speak TLS on this port (try tcp:// without TLS, or port 2376)';
  }
  if (/^ERR_SSL|^ERR_TLS|EPROTO/.test(code)) return `TLS: ${msg || code}`;
  return undefined;
}

/** SSH failures, by cause. */
function sshProblem(e: EngineErrorLike): string | undefined {
  const msg = e.message ?? '';
  if (
    (e as { level?: string }).level === 'client-authentication' ||
    /All configured authentication methods failed/i.test(msg)
  ) {
    return 'SSH: the server refused every key Berth offered (agent and identity files)';
  }
  if ((e as { level?: string }).level === 'client-timeout') return 'SSH: the server did not answer in time';
  if (/docker.*(not found|command not found)|dial-stdio/i.test(msg))
    return `SSH: the docker CLI on the remote host could not reach its engine (${msg.trim()})`;
  return undefined;
}

/** One place that turns whatever dockerode, the socket or a service threw into a BerthError. */
export function toBerthError(err: unknown): BerthError {
  if (err instanceof BerthError) return err;
  const e = (err ?? {}) as EngineErrorLike;
  const tls = tlsProblem(e);
  if (tls) return new BerthError('engine_unreachable', tls);
  const ssh = sshProblem(e);
  if (ssh) return new BerthError('engine_unreachable', ssh);
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
