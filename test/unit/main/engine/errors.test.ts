import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../../preload/contract/errors';
import { toBerthError, tolerateNotModified } from '../../../../main/engine/errors';

/** Shaped like what docker-modem rejects with. */
function modemError(statusCode: number, reason: string, json: unknown, message?: string) {
  return Object.assign(new Error(message ?? `(HTTP code ${statusCode}) ${reason} - ${String(json)}`), {
    statusCode,
    reason,
    json,
  });
}

const sysError = (code: string, message = `connect ${code} /var/run/docker.sock`) =>
  Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' });

describe('toBerthError', () => {
  it.each([
    [404, 'not_found', 'No such container: abc'],
    [409, 'conflict', 'Conflict. The container name "/web" is already in use'],
    [400, 'invalid_input', 'invalid reference format'],
    [401, 'auth_required', 'unauthorized: authentication required'],
    [403, 'permission_denied', 'forbidden'],
    [500, 'internal', 'driver failed programming external connectivity'],
    [502, 'internal', 'bad gateway'],
  ] as const)('maps HTTP %i to %s with the engine message from json.message', (status, code, msg) => {
    const err = toBerthError(modemError(status, 'unexpected', { message: msg }));
    expect(err).toBeInstanceOf(BerthError);
    expect(err.code).toBe(code);
    expect(err.message).toBe(msg);
  });

  it('uses a plain-string json body, trimmed', () => {
    const err = toBerthError(modemError(404, 'no such container', '  page not found \n'));
    expect(err.code).toBe('not_found');
    expect(err.message).toBe('page not found');
  });

  it('parses a Buffer json body', () => {
    const err = toBerthError(modemError(409, 'conflict', Buffer.from('{"message":"name in use"}')));
    expect(err).toMatchObject({ code: 'conflict', message: 'name in use' });
  });

  it('strips docker-modem\'s "(HTTP code 409) unexpected - " prefix when there is no json message', () => {
    const err = toBerthError(
      modemError(409, 'unexpected', null, '(HTTP code 409) unexpected - You cannot remove a running container'),
    );
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('You cannot remove a running container');
  });

  it('strips a multi-word status reason prefix too', () => {
    const err = toBerthError(modemError(404, 'no such container', null, '(HTTP code 404) no such container - gone'));
    expect(err.message).toBe('gone');
  });

  it('keeps a message that has no modem prefix', () => {
    const err = toBerthError(modemError(500, 'server error', undefined, 'plain failure'));
    expect(err).toMatchObject({ code: 'internal', message: 'plain failure' });
  });

  it.each(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'])(
    '%s -> engine_unreachable',
    (code) => {
      const err = toBerthError(sysError(code));
      expect(err.code).toBe('engine_unreachable');
      expect(err.message).toContain(code);
    },
  );

  it('EACCES -> permission_denied, mentioning the socket', () => {
    const err = toBerthError(sysError('EACCES', 'connect EACCES /var/run/docker.sock'));
    expect(err.code).toBe('permission_denied');
    expect(err.message).toContain('/var/run/docker.sock');
  });

  it('AbortError (by name or by ABORT_ERR code) -> cancelled', () => {
    const byName = new Error('The operation was aborted');
    byName.name = 'AbortError';
    expect(toBerthError(byName).code).toBe('cancelled');
    expect(toBerthError(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })).code).toBe('cancelled');
    const controller = new AbortController();
    controller.abort();
    let domAbort: unknown;
    try {
      controller.signal.throwIfAborted();
    } catch (e) {
      domAbort = e;
    }
    expect(toBerthError(domAbort).code).toBe('cancelled');
  });

  it('returns a BerthError unchanged', () => {
    const original = new BerthError('not_found', 'x', [{ path: 'id', message: 'bad' }]);
    expect(toBerthError(original)).toBe(original);
  });

  it('maps anything else to internal without throwing', () => {
    expect(toBerthError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toBerthError('just a string')).toMatchObject({ code: 'internal', message: 'just a string' });
    expect(toBerthError(undefined).code).toBe('internal');
    expect(toBerthError(null).code).toBe('internal');
    expect(toBerthError(42).message).toBe('42');
  });

  it('produces a shape that survives structured cloning', () => {
    const shape = toBerthError(modemError(404, 'unexpected', { message: 'nope' })).toShape();
    expect(structuredClone(shape)).toEqual({ code: 'not_found', message: 'nope' });
  });
});

describe('tolerateNotModified', () => {
  it('resolves on success', async () => {
    await expect(tolerateNotModified(Promise.resolve('x'))).resolves.toBeUndefined();
  });

  it('swallows a 304 (already started / stopped)', async () => {
    await expect(tolerateNotModified(Promise.reject(modemError(304, 'container already started', null)))).resolves.toBe(
      undefined,
    );
  });

  it.each([200, 404, 409, 500])('rethrows a statusCode %i error unchanged', async (status) => {
    const err = modemError(status, 'unexpected', { message: 'no' });
    await expect(tolerateNotModified(Promise.reject(err))).rejects.toBe(err);
  });

  it('rethrows errors without a status code, and non-objects', async () => {
    const err = sysError('ECONNREFUSED');
    await expect(tolerateNotModified(Promise.reject(err))).rejects.toBe(err);
    await expect(tolerateNotModified(Promise.reject(undefined))).rejects.toBeUndefined();
    await expect(tolerateNotModified(Promise.reject('304'))).rejects.toBe('304');
  });
});
