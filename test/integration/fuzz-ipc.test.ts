import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import type { IpcMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import { registerIpc } from '../../main/shell/ipc';
import {
  STREAM_CONTROL_CHANNEL,
  STREAM_OPEN_CHANNEL,
  callChannel,
  type CallName,
  type Envelope,
} from '../../preload/contract/index';
import {
  FUZZ_RUNS,
  TARGETS,
  engineMeter,
  expectFuzzAftermath,
  expectRefused,
  fieldPayload,
  nastyValue,
  rejected,
} from './fuzz-support';

vi.mock('electron', () => ({}));

// Contract fuzzing over the desktop app's IPC, with the real backend and the
// real engine behind registerIpc: the same handlers Electron's ipcMain gets.
// IPC carries structured clones, not JSON, so the payloads include what JSON
// cannot say (Map, Set, Date, BigInt, typed arrays, sparse arrays, -0, NaN).
type Handler = (event: unknown, ...args: unknown[]) => unknown;
const handlers = new Map<string, Handler>();
const listeners = new Map<string, Handler>();
const fakeIpcMain = {
  handle: (channel: string, h: Handler) => void handlers.set(channel, h),
  removeHandler: (channel: string) => void handlers.delete(channel),
  on: (channel: string, h: Handler) => void listeners.set(channel, h),
  removeAllListeners: (channel: string) => void listeners.delete(channel),
};
class FakeContents extends EventEmitter {
  readonly id = 4242;
  sent = 0;
  isDestroyed = () => false;
  send = () => void this.sent++;
}
const contents = new FakeContents();
const trusted = { senderFrame: { url: 'app://berth/index.html', parent: null }, sender: contents };
const untrusted = [
  { senderFrame: { url: 'https://evil.example/', parent: null }, sender: contents },
  { senderFrame: { url: 'app://berth/index.html', parent: {} }, sender: contents },
  { senderFrame: { url: 'file:///etc/passwd', parent: null }, sender: contents },
  { senderFrame: null, sender: contents },
];

let backend: Backend;
let meter: ReturnType<typeof engineMeter>;
let unregister: () => void;
let sent = 0;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  backend = createBackend();
  backend.start();
  await backend.engine.whenConnected();
  meter = engineMeter(backend);
  unregister = registerIpc(fakeIpcMain as unknown as IpcMain, backend);
});
afterAll(async () => {
  unregister?.();
  await backend?.dispose();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  console.log(`fuzz-ipc: ${sent} payloads sent over IPC`);
});

/** What ipcRenderer.invoke does to a payload on the way: a structured clone. */
async function invoke(channel: string, event: unknown, ...args: unknown[]): Promise<Envelope<unknown>> {
  const h = handlers.get(channel);
  if (!h) throw new Error(`no handler on ${channel}`);
  sent++;
  return (await h(event, ...structuredClone(args))) as Envelope<unknown>;
}

/** Values only a structured clone carries, on top of the JSON-ish hostile ones. */
const cloneOnly = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withObjectString: true,
});

describe('fuzzing every contract call and stream over IPC', () => {
  it('registers a handler for every call of the contract, and nothing else answers', () => {
    for (const t of TARGETS) if (t.kind === 'call') expect(handlers.has(callChannel(t.name as CallName))).toBe(true);
    expect(handlers.has(STREAM_OPEN_CHANNEL)).toBe(true);
    expect(listeners.has(STREAM_CONTROL_CHANNEL)).toBe(true);
  });

  it('answers invalid_input for every malformed payload, and nothing reaches the engine', async () => {
    const refusedBy = new Map<string, number>();
    for (const { kind, name, schema } of TARGETS) {
      for (const gen of [cloneOnly, nastyValue, fieldPayload(schema)]) {
        await fc.assert(
          fc.asyncProperty(gen, async (payload) => {
            let clone: unknown;
            try {
              clone = structuredClone(payload);
            } catch {
              return; // Electron refuses to send it at all: it never reaches main.
            }
            if (!rejected(schema, clone)) return;
            const untouched = meter.mark();
            const env =
              kind === 'call'
                ? await invoke(callChannel(name as CallName), trusted, payload)
                : await invoke(STREAM_OPEN_CHANNEL, trusted, name, payload);
            // The envelope itself crosses back by structured clone.
            expect(() => structuredClone(env)).not.toThrow();
            expectRefused(env, name, untouched);
            refusedBy.set(name, (refusedBy.get(name) ?? 0) + 1);
          }),
          { numRuns: FUZZ_RUNS },
        );
      }
    }
    expectFuzzAftermath(refusedBy, backend, uncaught);
  });

  it('refuses every call and stream from an untrusted frame, whatever the payload, before parsing', async () => {
    const untouched = meter.mark();
    for (const { kind, name } of TARGETS) {
      for (const event of untrusted) {
        const env =
          kind === 'call'
            ? await invoke(callChannel(name as CallName), event, {})
            : await invoke(STREAM_OPEN_CHANNEL, event, name, {});
        expect(env).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
      }
    }
    untouched();
  });

  it('answers invalid_input for unknown stream names, and ignores junk control messages', async () => {
    const untouched = meter.mark();
    await fc.assert(
      fc.asyncProperty(cloneOnly, cloneOnly, async (name, payload) => {
        if (typeof name === 'string' && TARGETS.some((t) => t.name === name)) return;
        let env: Envelope<unknown>;
        try {
          env = await invoke(STREAM_OPEN_CHANNEL, trusted, name, payload);
        } catch {
          return; // not cloneable: Electron would not send it
        }
        expect(env).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      }),
      { numRuns: FUZZ_RUNS },
    );
    const control = listeners.get(STREAM_CONTROL_CHANNEL)!;
    await fc.assert(
      fc.property(cloneOnly, cloneOnly, (sid, msg) => {
        sent++;
        expect(() => control(trusted, sid, msg)).not.toThrow();
        for (const e of untrusted) expect(() => control(e, sid, msg)).not.toThrow();
      }),
      { numRuns: FUZZ_RUNS },
    );
    untouched();
    expect(contents.sent).toBe(0);
    // Still serving.
    expect(await invoke(callChannel('system.status'), trusted, {})).toMatchObject({ ok: true });
    expect(uncaught).toEqual([]);
  });
});
