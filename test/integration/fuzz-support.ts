/**
 * Shared by the contract fuzzers (web socket and IPC): hostile payload
 * generators built from the contract's own schemas, and a meter on the one
 * place a request leaves main for the engine.
 */
import fc from 'fast-check';
import { expect, vi } from 'vitest';
import type { z } from 'zod';
import type { Backend } from '../../main/backend';
import { CALL_NAMES, STREAM_NAMES, calls, streams, type CallName, type StreamName } from '../../preload/contract/index';

/** Payloads generated per call or stream, per generator. */
export const FUZZ_RUNS = Number(process.env.BERTH_FUZZ_RUNS ?? 100);

/** Every call and every stream of the contract (never a hand list: a new call is fuzzed the day it is added). */
export const TARGETS: { kind: 'call' | 'stream'; name: CallName | StreamName; schema: z.ZodType }[] = [
  ...CALL_NAMES.map((name) => ({ kind: 'call' as const, name, schema: calls[name].input as z.ZodType })),
  ...STREAM_NAMES.map((name) => ({ kind: 'stream' as const, name, schema: streams[name].input as z.ZodType })),
];

type Def = { type?: string; shape?: Record<string, z.ZodType>; in?: z.ZodType; innerType?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The object shape behind a schema (through defaults, optionals, refinements and pipes), if any. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s && i < 10; i++) {
    const d = defOf(s);
    if (d.type === 'object') return d.shape;
    s = d.in ?? d.innerType;
  }
  return undefined;
}

/** Strings that have broken parsers, URL paths, shells and terminals elsewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '/',
  '//',
  '/web',
  '//web',
  '.',
  '..',
  '../../v1.41/containers/json',
  'a/../../info',
  '%2e%2e%2f',
  'a b',
  '-rf',
  '--privileged',
  'a;id',
  '$(id)',
  '`id`',
  'a\nb',
  'a\u0000b',
  '\u001b]52;c;?\u0007',
  '\u202egnp.exe',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  'http://127.0.0.1:1/',
  'unix:///var/run/docker.sock',
  '__proto__',
  'constructor',
  'Upper/Case',
  'x'.repeat(300),
  'x'.repeat(70_000),
  '中文',
  '\uD800',
];

const nastyString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 64 }));
const nastyScalar = fc.oneof(
  nastyString,
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 53,
    -(2 ** 63),
    Number.NaN,
    Number.POSITIVE_INFINITY,
    [],
    {},
  ),
  fc.integer(),
  fc.double(),
);
/** Any value, including the ones that once polluted prototypes. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyScalar },
  { weight: 1, arbitrary: fc.array(nastyScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyScalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withBigInt: false, withTypedArray: false }) },
);

/**
 * Payloads shaped like the call's own input: its field names, one level of
 * nesting, each field either absent or hostile. These get past the "is it
 * an object" check and into the field validators.
 */
export function fieldPayload(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const shape = shapeOf(schema);
  if (!shape || Object.keys(shape).length === 0) {
    return fc.oneof(nastyValue, fc.dictionary(nastyString, nastyValue, { minKeys: 1, maxKeys: 3 }));
  }
  const fields = Object.fromEntries(
    Object.entries(shape).map(([k, sub]) => [
      k,
      depth < 1 && shapeOf(sub) ? fc.oneof(nastyValue, fieldPayload(sub, depth + 1)) : nastyValue,
    ]),
  );
  return fc.oneof(
    fc.record(fields, { requiredKeys: [] }),
    // An extra, unknown key next to otherwise plausible fields.
    fc
      .tuple(fc.record(fields, { requiredKeys: [] }), fc.string({ minLength: 1, maxLength: 12 }), nastyValue)
      .map(([o, k, v]) => (k in shape ? o : { ...o, [k]: v })),
  );
}

/** Arbitrary JSON-ish values, without regard to the schema. */
export const shapeless: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: false, withTypedArray: false, maxDepth: 3 }),
  fc.string({ maxLength: 3000 }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}') as unknown),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 20 }),
  fc.constant('x'.repeat(200_000)),
);

export interface EngineMeter {
  api: () => number;
  requests: () => number;
  /** Remembers the counts now; the returned check asserts nothing reached the engine since. */
  mark: () => () => void;
}

/**
 * Counts what reaches the engine: calls to engine.api() (a service started
 * working) and HTTP requests the modem actually sent (buildRequest is where
 * every engine request, stream and hijack included, leaves main).
 */
export function engineMeter(backend: Backend): EngineMeter {
  let api = 0;
  let requests = 0;
  const docker = backend.engine.api();
  const realApi = backend.engine.api.bind(backend.engine);
  vi.spyOn(backend.engine, 'api').mockImplementation(() => {
    api++;
    return realApi();
  });
  const modem = docker.modem as unknown as { buildRequest: (...a: unknown[]) => unknown };
  const build = modem.buildRequest.bind(modem);
  modem.buildRequest = (...a: unknown[]) => {
    // The connection's own heartbeat pings (GET /_ping) on a timer, whatever the payloads do.
    const context = a[1] as { path?: string } | undefined;
    if (!/^(\/v[\d.]+)?\/_ping\b/.test(context?.path ?? '')) requests++;
    return build(...a);
  };
  return {
    api: () => api,
    requests: () => requests,
    mark: () => {
      const [a0, r0] = [api, requests];
      return () => {
        expect(api, 'engine.api() calls').toBe(a0);
        expect(requests, 'requests to the engine').toBe(r0);
      };
    },
  };
}

/** Whether a payload is one the target's schema rejects (after the transport's own round trip). */
export function rejected(schema: z.ZodType, payload: unknown): boolean {
  return !schema.safeParse(payload === undefined ? {} : payload).success;
}

/** A payload was refused at the boundary as `invalid_input`, naming the call or stream, and the engine was not asked. */
export function expectRefused(
  env: { ok: boolean; error?: { code: string; message: string } },
  name: string,
  untouched: () => void,
): void {
  expect(env.ok).toBe(false);
  expect(env.error?.code).toBe('invalid_input');
  expect(env.error?.message).toContain(name);
  untouched();
}

/**
 * After a fuzz run: every target was really exercised (at least half its payloads refused, not filtered out
 * as valid), no stream was left open, nothing polluted Object.prototype, and nothing escaped as uncaught.
 */
export function expectFuzzAftermath(refusedBy: Map<string, number>, backend: Backend, uncaught: unknown[]): void {
  for (const { name } of TARGETS) expect(refusedBy.get(name) ?? 0, name).toBeGreaterThanOrEqual(FUZZ_RUNS / 2);
  expect(backend.streams.count()).toBe(0);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(uncaught).toEqual([]);
}
