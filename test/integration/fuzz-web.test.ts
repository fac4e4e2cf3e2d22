import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../../main/backend';
import { startWebServer, type WebServer } from '../../main/web/web-server';
import { CALL_NAMES, STREAM_NAMES, calls, type CallName } from '../../preload/contract/index';
import { decodeWire, encodeWire } from '../../preload/contract/wire';
import {
  FUZZ_RUNS,
  TARGETS,
  engineMeter,
  expectFuzzAftermath,
  expectRefused,
  fieldPayload,
  rejected,
  shapeless,
} from './fuzz-support';

// Contract fuzzing over the web mode's WebSocket, with the real backend and
// the real engine behind it: every malformed payload gets invalid_input, the
// server stays up, and not one request reaches the engine for one (counted
// where requests leave main). Every call and stream of the contract is
// covered: the list comes from the contract itself.
let backend: Backend;
let web: WebServer;
let ws: WebSocket;
let rendererDir: string;
let meter: ReturnType<typeof engineMeter>;
let nextId = 1;
const pending = new Map<number, (m: unknown) => void>();
let sent = 0;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  rendererDir = mkdtempSync(join(tmpdir(), 'berth-fuzz-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  backend = createBackend();
  backend.start();
  await backend.engine.whenConnected();
  meter = engineMeter(backend);
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
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  console.log(`fuzz-web: ${sent} payloads sent over the WebSocket`);
});

type Result = { envelope: { ok: boolean; error?: { code: string; message: string } } };
function send(t: 'call' | 'stream.open', name: string, input: unknown): Promise<Result> {
  const id = nextId++;
  sent++;
  return new Promise((resolve) => {
    pending.set(id, resolve as (m: unknown) => void);
    ws.send(encodeWire({ t, id, name, input }));
  });
}

describe('fuzzing every contract call and stream over the web socket', () => {
  it('enumerates the contract: every call and every stream is a target', () => {
    expect(TARGETS.map((t) => t.name).sort()).toEqual([...CALL_NAMES, ...STREAM_NAMES].sort());
    const domains = new Set(TARGETS.map((t) => t.name.split('.')[0]));
    for (const d of ['system', 'activity', 'settings', 'engines', 'containers', 'images', 'registries', 'volumes'])
      expect(domains).toContain(d);
    for (const d of ['networks', 'terminal']) expect(domains).toContain(d);
  });

  it('answers invalid_input for every malformed payload, and nothing reaches the engine', async () => {
    const refusedBy = new Map<string, number>();
    for (const { kind, name, schema } of TARGETS) {
      for (const gen of [shapeless, fieldPayload(schema)]) {
        await fc.assert(
          fc.asyncProperty(gen, async (payload) => {
            // Only payloads the schema rejects after the wire's own JSON round trip are the point here.
            const wire = payload === undefined ? undefined : decodeWire(encodeWire(payload));
            if (!rejected(schema, wire)) return;
            const untouched = meter.mark();
            const r = await send(kind === 'call' ? 'call' : 'stream.open', name, payload);
            expectRefused(r.envelope, name, untouched);
            refusedBy.set(name, (refusedBy.get(name) ?? 0) + 1);
          }),
          { numRuns: FUZZ_RUNS },
        );
      }
    }
    expectFuzzAftermath(refusedBy, backend, uncaught);
  });

  // Identifiers the schemas accept still go into URL paths: whatever they are, the call settles
  // with an envelope (no hang, no crash). Read-only calls only: this is the shared engine.
  const READ_ONLY: { name: CallName; field: string; extra?: object }[] = [
    { name: 'containers.inspect', field: 'id' },
    { name: 'containers.changes', field: 'id' },
    { name: 'containers.runSpec', field: 'id' },
    { name: 'containers.listFiles', field: 'id' },
    { name: 'containers.imageHints', field: 'image' },
    { name: 'images.inspect', field: 'ref' },
    { name: 'images.history', field: 'ref' },
    { name: 'volumes.inspect', field: 'name' },
    { name: 'networks.inspect', field: 'id' },
  ];
  const idLike = fc.oneof(
    fc.stringMatching(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.:@/-]{0,40}$/),
    fc.string({ unit: fc.constantFrom(...'aZ09/.:@-_'.split(''), '..', '//', 'sha256:'), maxLength: 30 }),
  );

  it('settles every schema-valid identifier with an envelope, and main stays up', async () => {
    let tried = 0;
    for (const { name, field, extra } of READ_ONLY) {
      expect(CALL_NAMES).toContain(name);
      await fc.assert(
        fc.asyncProperty(idLike, async (id) => {
          const input = { ...extra, [field]: id };
          if (!calls[name].input.safeParse(input).success) return;
          tried++;
          // A bound for a hang (the failure this catches), not a timing assertion.
          const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000).unref());
          const r = await Promise.race([send('call', name, input), hung]);
          if (r === 'hung') throw new Error(`${name} ${JSON.stringify(input)} never settled`);
          expect(typeof r.envelope.ok).toBe('boolean');
          if (!r.envelope.ok) expect(['not_found', 'invalid_input', 'conflict']).toContain(r.envelope.error?.code);
        }),
        { numRuns: FUZZ_RUNS },
      );
    }
    expect(tried).toBeGreaterThan(READ_ONLY.length);
    expect(uncaught).toEqual([]);
    expect((await send('call', 'system.status', {})).envelope.ok).toBe(true);
  });

  it('survives garbage frames and still answers a good call', async () => {
    const untouched = meter.mark();
    for (const junk of [
      '',
      '{',
      'null',
      '[]',
      '{"t":"call"}',
      '{"t":"call","id":"x"}',
      '{"t":"call","id":1e400,"name":"containers.list"}',
      '{"t":"stream.control","sid":1,"msg":{"t":"write","data":"rm -rf /"}}',
      '{"t":"stream.control","sid":"00000000-0000-0000-0000-000000000000","msg":{"t":"close"}}',
      '{"t":"__proto__","id":1}',
      Buffer.alloc(1000, 0xff).toString('latin1'),
    ]) {
      ws.send(junk);
      sent++;
    }
    ws.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    sent++;
    const r = await send('call', 'system.status', {});
    expect(r.envelope.ok).toBe(true);
    untouched();
  });

  it('closes a connection that sends more than the size limit, and keeps serving others', async () => {
    const big = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`, {
      headers: { origin: `http://127.0.0.1:${web.port}` },
    });
    await new Promise((r) => big.once('open', r));
    const closed = new Promise<number>((r) => big.once('close', (code) => r(code)));
    big.send('x'.repeat(2 * 1024 * 1024));
    sent++;
    expect(await closed).toBe(1009);
    const r = await send('call', 'system.status', {});
    expect(r.envelope.ok).toBe(true);
  });
});
