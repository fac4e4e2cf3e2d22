import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../../main/rpc/dispatcher';
import { CALL_NAMES, calls, type CallName, type EngineStatus } from '../../../../preload/contract/index';
import { BerthError, type Envelope } from '../../../../preload/contract/errors';

const STATUS: EngineStatus = {
  state: 'connected',
  endpoint: 'unix:///var/run/docker.sock',
  source: 'default',
  generation: 1,
};

/** Handlers that record every call (name and parsed input) and answer something plausible. */
function recordingHandlers() {
  const seen: { name: CallName; input: unknown }[] = [];
  const record =
    <T>(name: CallName, value: T) =>
    (input: unknown) => {
      seen.push({ name, input });
      return value;
    };
  // Every call of the contract, whatever domains it grows: a plausible answer where one matters.
  const answers: Partial<Record<CallName, unknown>> = { 'system.status': STATUS, 'containers.list': [] };
  const handlers = Object.fromEntries(CALL_NAMES.map((n) => [n, record(n, answers[n])])) as unknown as Handlers;
  return { handlers, seen };
}

function expectInvalid(env: Envelope<unknown>) {
  expect(env.ok).toBe(false);
  if (env.ok) return;
  expect(env.error.code).toBe('invalid_input');
  expect(typeof env.error.message).toBe('string');
}

describe('createDispatcher', () => {
  it('covers every call of the contract in CALL_NAMES', () => {
    expect([...CALL_NAMES].sort()).toEqual(Object.keys(calls).sort());
    expect(CALL_NAMES.length).toBeGreaterThan(0);
  });

  it.each([['nope'], ['containers.list '], ['__proto__'], ['constructor'], ['toString'], [42], [null], [undefined]])(
    'answers invalid_input for an unknown call name %j',
    async (name) => {
      const { handlers, seen } = recordingHandlers();
      const env = await createDispatcher(handlers)(name, {});
      expectInvalid(env);
      if (!env.ok) expect(env.error.message).toContain('unknown call');
      expect(seen).toEqual([]);
    },
  );

  it('truncates a huge unknown name in the message', async () => {
    const env = await createDispatcher(recordingHandlers().handlers)('x'.repeat(100_000), {});
    expectInvalid(env);
    if (!env.ok) expect(env.error.message.length).toBeLessThan(200);
  });

  it.each([
    ['containers.start', {}, 'id'],
    ['containers.start', { id: '../../etc/passwd' }, 'id'],
    ['containers.start', { id: 'abc', extra: true }, ''],
    ['containers.start', 'abc', ''],
    ['containers.stop', { id: 'abc', timeoutSeconds: -1 }, 'timeoutSeconds'],
    ['containers.stop', { id: 'abc', timeoutSeconds: 1.5 }, 'timeoutSeconds'],
    ['containers.list', { ids: ['NOT-HEX'] }, 'ids.0'],
    ['containers.list', { ids: 'abc' }, 'ids'],
    ['containers.remove', { id: 'abc', force: 'yes' }, 'force'],
    ['system.status', { anything: 1 }, ''],
    ['system.status', null, ''],
  ] as const)('%s with %j -> invalid_input with issues (path %j), handler not called', async (name, payload, path) => {
    const { handlers, seen } = recordingHandlers();
    const env = await createDispatcher(handlers)(name, payload);
    expectInvalid(env);
    if (env.ok) return;
    expect(env.error.issues?.length).toBeGreaterThan(0);
    expect(env.error.issues?.map((i) => i.path)).toContain(path);
    expect(env.error.message).toContain(name);
    expect(seen).toEqual([]);
  });

  it('passes the parsed input (with defaults applied) to the handler', async () => {
    const { handlers, seen } = recordingHandlers();
    const env = await createDispatcher(handlers)('containers.remove', { id: 'web-1' });
    expect(env).toEqual({ ok: true, value: null });
    expect(seen).toEqual([{ name: 'containers.remove', input: { id: 'web-1', force: false, removeVolumes: false } }]);
  });

  it('treats an undefined payload as {} (calls without required input)', async () => {
    const { handlers, seen } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    expect(await dispatch('system.status', undefined)).toEqual({ ok: true, value: STATUS });
    expect(await dispatch('containers.list', undefined)).toEqual({ ok: true, value: [] });
    expectInvalid(await dispatch('containers.start', undefined));
    expect(seen.map((s) => s.name)).toEqual(['system.status', 'containers.list']);
  });

  it('returns the handler value in an ok envelope, null for a void handler', async () => {
    const { handlers } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    expect(await dispatch('system.status', {})).toEqual({ ok: true, value: STATUS });
    expect(await dispatch('containers.start', { id: 'abc123' })).toEqual({ ok: true, value: null });
    expect(await dispatch('containers.stop', { id: 'web', timeoutSeconds: 5 })).toEqual({ ok: true, value: null });
  });

  it('awaits async handlers', async () => {
    const { handlers } = recordingHandlers();
    handlers['containers.list'] = async () => {
      await Promise.resolve();
      return [];
    };
    expect(await createDispatcher(handlers)('containers.list', { ids: ['abc'] })).toEqual({ ok: true, value: [] });
  });

  it('maps a thrown BerthError into the envelope unchanged', async () => {
    const { handlers } = recordingHandlers();
    handlers['containers.start'] = () => {
      throw new BerthError('not_found', 'No such container: abc', [{ path: 'id', message: 'gone' }]);
    };
    expect(await createDispatcher(handlers)('containers.start', { id: 'abc' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such container: abc', issues: [{ path: 'id', message: 'gone' }] },
    });
  });

  it('maps a rejected dockerode-like error into the envelope', async () => {
    const { handlers } = recordingHandlers();
    handlers['containers.remove'] = () =>
      Promise.reject(
        Object.assign(new Error('(HTTP code 409) unexpected - x'), {
          statusCode: 409,
          json: { message: 'You cannot remove a running container abc' },
        }),
      );
    const env = await createDispatcher(handlers)('containers.remove', { id: 'abc' });
    expect(env).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'You cannot remove a running container abc' },
    });
    // Plain data: it must survive Electron's structured clone.
    expect(structuredClone(env)).toEqual(env);
  });

  it('maps an unexpected throw to internal', async () => {
    const { handlers } = recordingHandlers();
    handlers['containers.restart'] = () => {
      throw new TypeError('cannot read properties of undefined');
    };
    const env = await createDispatcher(handlers)('containers.restart', { id: 'abc' });
    expect(env).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('caps the number of issues reported', async () => {
    const env = await createDispatcher(recordingHandlers().handlers)('containers.list', {
      ids: Array.from({ length: 50 }, () => 'ZZ'),
    });
    expectInvalid(env);
    if (!env.ok) expect(env.error.issues?.length).toBeLessThanOrEqual(20);
  });

  describe('property: arbitrary payloads at every call', () => {
    const nastyKey = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'id', 'ids'),
    );
    const anything = fc.anything({
      key: nastyKey,
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 64 });
    const payload = fc.oneof(
      anything,
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 10_000, max: 100_000 }))
        .map(([s, n]) => s.repeat(n)),
      fc.constant('x'.repeat(2_000_000)),
      fc.record({ id: fc.oneof(fc.string(), anything) }, { requiredKeys: [] }),
      fc.record(
        { id: fc.string(), force: anything, removeVolumes: anything, timeoutSeconds: anything, ids: anything },
        { requiredKeys: [] },
      ),
      fc.record({ id: fc.oneof(hex, fc.constantFrom('web', '/web', 'my_app.1', 'a b', '-x', '')) }),
      fc.record({ ids: fc.array(fc.oneof(hex, fc.string(), anything), { maxLength: 10 }) }),
      fc.constantFrom<unknown>(
        JSON.parse('{"__proto__":{"polluted":true}}'),
        JSON.parse('{"id":"abc","__proto__":{"force":true}}'),
        JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
        { id: 'abc', constructor: { prototype: { polluted: true } } },
        Object.create(null),
        [],
        [{ id: 'abc' }],
        { id: 'a'.repeat(256) },
        { id: 'abc', timeoutSeconds: Number.NaN },
        { id: 'abc', timeoutSeconds: Number.POSITIVE_INFINITY },
        { ids: Array.from({ length: 1001 }, () => 'abc') },
        { ids: [] },
      ),
    );

    it('either the payload is valid by its own schema, or invalid_input and no handler ran', async () => {
      const outcomes = { valid: 0, invalid: 0 };
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CALL_NAMES), payload, async (name, p) => {
          const { handlers, seen } = recordingHandlers();
          const env = await createDispatcher(handlers)(name, p);
          const valid = calls[name].input.safeParse(p === undefined ? {} : p).success;
          outcomes[valid ? 'valid' : 'invalid']++;
          if (valid) {
            expect(env.ok).toBe(true);
            expect(seen).toHaveLength(1);
            expect(seen[0]?.name).toBe(name);
          } else {
            expectInvalid(env);
            expect(seen).toEqual([]);
          }
          // Nothing leaked into Object.prototype, and the envelope is plain data.
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(() => structuredClone(env)).not.toThrow();
        }),
        { numRuns: 400 },
      );
      // Both branches really ran.
      expect(outcomes.valid).toBeGreaterThan(10);
      expect(outcomes.invalid).toBeGreaterThan(10);
    });

    it('an arbitrary (unknown) call name never reaches a handler', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'containers')),
          payload,
          async (name, p) => {
            fc.pre(!(CALL_NAMES as string[]).includes(name));
            const { handlers, seen } = recordingHandlers();
            expectInvalid(await createDispatcher(handlers)(name, p));
            expect(seen).toEqual([]);
          },
        ),
        { numRuns: 200 },
      );
    });

    // KNOWN BUG (reported): the unknown-call message does String(name), which throws for a
    // name whose toString/valueOf do not give a primitive (a null-prototype object, or
    // {"toString":1} straight out of JSON.parse in web mode). The dispatcher then rejects
    // instead of answering invalid_input, and web-server.ts's `void dispatch(...).then(...)`
    // turns that into an unhandled rejection. Remove `.fails` once dispatcher.ts is fixed.
    it('answers invalid_input for a call name whose String() throws', async () => {
      const dispatch = createDispatcher(recordingHandlers().handlers);
      expectInvalid(await dispatch(JSON.parse('{"toString":1}'), {}));
      expectInvalid(await dispatch(Object.create(null), {}));
    });
  });
});
