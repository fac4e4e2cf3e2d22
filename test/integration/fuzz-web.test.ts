import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../../main/backend';
import { startWebServer, type WebServer } from '../../main/web/web-server';
import { CALL_NAMES, STREAM_NAMES, calls, streams } from '../../preload/contract/index';
import { decodeWire, encodeWire } from '../../preload/contract/wire';

// Contract fuzzing over the web mode's WebSocket, with the real backend and
// the real engine behind it: every malformed payload gets invalid_input, the
// server stays up, and the engine API is never touched for one.
let backend: Backend;
let web: WebServer;
let ws: WebSocket;
let rendererDir: string;
let engineCalls = 0;
let nextId = 1;
const pending = new Map<number, (m: unknown) => void>();
export const FUZZ_RUNS = 40;
let sent = 0;

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'berth-fuzz-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  backend = createBackend();
  backend.start();
  await backend.engine.whenConnected();
  const realApi = backend.engine.api.bind(backend.engine);
  vi.spyOn(backend.engine, 'api').mockImplementation(() => {
    engineCalls++;
    return realApi();
  });
  web = await startWebServer({ backend, rendererDir, port: 0 });
  ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, {
    headers: { origin: `http://127.0.0.1:${web.port}` },
  });
  ws.on('message', (data: Buffer, isBinary) => {
    // Stream output comes as binary frames, the rest as JSON text.
    const m = decodeWire(isBinary ? data : data.toString()) as { t: string; id?: number };
    if (m.t === 'result' && m.id !== undefined) {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  });
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws?.close();
  await web?.close();
  await backend?.dispose();
  rmSync(rendererDir, { recursive: true, force: true });
  console.log(`fuzz-web: ${sent} payloads sent over the WebSocket`);
});

function send(
  t: 'call' | 'stream.open',
  name: string,
  input: unknown,
): Promise<{ envelope: { ok: boolean; error?: { code: string } } }> {
  const id = nextId++;
  sent++;
  return new Promise((resolve) => {
    pending.set(id, resolve as (m: unknown) => void);
    ws.send(encodeWire({ t, id, name, input }));
  });
}

const hostile = fc.oneof(
  fc.anything({ withBigInt: false, withTypedArray: false, maxDepth: 3 }),
  fc.string({ maxLength: 3000 }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}')),
  fc.record({
    id: fc.oneof(
      fc.constant('../../v1.41/containers/json'),
      fc.constant('a b'),
      fc.constant('/'),
      fc.string({ maxLength: 300 }),
    ),
  }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 20 }),
  fc.constant('x'.repeat(200_000)),
);

describe('fuzzing every contract call over the web socket', () => {
  it('answers invalid_input for every malformed payload, and the engine is never called for one', async () => {
    for (const name of CALL_NAMES) {
      await fc.assert(
        fc.asyncProperty(hostile, async (payload) => {
          const schema = calls[name].input;
          // Only payloads the call's own schema rejects (after the wire round trip) are the point here.
          const wire = payload === undefined ? undefined : decodeWire(encodeWire(payload));
          if (schema.safeParse(wire === undefined ? {} : wire).success) return;
          const before = engineCalls;
          const r = await send('call', name, payload);
          expect(r.envelope.ok).toBe(false);
          expect(r.envelope.error?.code).toBe('invalid_input');
          expect(engineCalls).toBe(before);
        }),
        { numRuns: FUZZ_RUNS },
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does the same for every stream', async () => {
    for (const name of STREAM_NAMES) {
      await fc.assert(
        fc.asyncProperty(hostile, async (payload) => {
          const wire = payload === undefined ? undefined : decodeWire(encodeWire(payload));
          if (streams[name].input.safeParse(wire === undefined ? {} : wire).success) return;
          const before = engineCalls;
          const r = await send('stream.open', name, payload);
          expect(r.envelope.error?.code).toBe('invalid_input');
          expect(engineCalls).toBe(before);
        }),
        { numRuns: FUZZ_RUNS },
      );
    }
    expect(backend.streams.count()).toBe(0);
  });

  it('survives garbage frames and still answers a good call', async () => {
    for (const junk of [
      '',
      '{',
      'null',
      '[]',
      '{"t":"call"}',
      '{"t":"call","id":"x"}',
      '{"t":"stream.control","sid":1,"msg":{"t":"write","data":"rm -rf /"}}',
      Buffer.alloc(1000, 0xff).toString('latin1'),
    ]) {
      ws.send(junk);
    }
    ws.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    const r = await send('call', 'system.status', {});
    expect(r.envelope.ok).toBe(true);
  });

  it('closes a connection that sends more than the size limit, and keeps serving others', async () => {
    const big = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, {
      headers: { origin: `http://127.0.0.1:${web.port}` },
    });
    await new Promise((r) => big.once('open', r));
    const closed = new Promise<number>((r) => big.once('close', (code) => r(code)));
    big.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const r = await send('call', 'system.status', {});
    expect(r.envelope.ok).toBe(true);
  });
});
