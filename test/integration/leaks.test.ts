import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type { StreamMessage, TerminalFrame } from '../../preload/contract/index';
import { createContainer, docker, waitFor } from '../support/engine';
import { startBackend, stopBackend } from '../support/backend';

// Open and close a followed logs view, and a terminal session, 200 times
// each: main's sockets, the engine's exec sessions, listeners, timers and
// memory return to their baseline, within the bounds stated here.
const ROUNDS = 200;
/** Descriptors that may still be closing (sockets close asynchronously; the bound is waited for, then asserted). */
const FD_SLACK = 10;
/** Heap growth allowed after a full GC: a leak of 50 KB a session would be 10 MB over the rounds. */
const HEAP_SLACK_BYTES = 8 * 1024 * 1024;
/** Active handles (sockets, timers, pipes) of any one kind that may outlive the rounds. */
const HANDLE_SLACK = 3;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
});

const openFds = () => readdirSync('/proc/self/fd').length;
const listeners = () =>
  ['event', 'status'].reduce((n, e) => n + backend.engine.listenerCount(e), 0) +
  ['uncaughtException', 'unhandledRejection', 'exit', 'SIGINT'].reduce((n, e) => n + process.listenerCount(e), 0);
/** Active handles by kind (TCPWrap, PipeWrap, Timeout…), as Node counts them. */
function handles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of process.getActiveResourcesInfo()) out[k] = (out[k] ?? 0) + 1;
  return out;
}
function heap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

interface Baseline {
  fds: number;
  listeners: number;
  handles: Record<string, number>;
  heap: number;
}
async function baseline(): Promise<Baseline> {
  await new Promise((r) => setTimeout(r, 300));
  return { fds: openFds(), listeners: listeners(), handles: handles(), heap: heap() };
}
/** Back to the baseline, within the stated bounds (waited for: closing is asynchronous). */
async function expectBack(b: Baseline, what: string): Promise<void> {
  expect(backend.streams.count()).toBe(0);
  await waitFor(() => openFds() <= b.fds + FD_SLACK, { timeoutMs: 15_000 });
  await waitFor(() => Object.entries(handles()).every(([k, n]) => n <= (b.handles[k] ?? 0) + HANDLE_SLACK), {
    timeoutMs: 15_000,
  }).catch(() => undefined);
  const now = handles();
  for (const [k, n] of Object.entries(now))
    expect(n, `${what}: active ${k}`).toBeLessThanOrEqual((b.handles[k] ?? 0) + HANDLE_SLACK);
  expect(listeners(), `${what}: listeners`).toBe(b.listeners);
  const grown = heap() - b.heap;
  console.log(`leaks: ${what}: heap ${(grown / 1024 / 1024).toFixed(2)} MB, fds ${openFds() - b.fds}, handles`, now);
  expect(grown, `${what}: heap growth in bytes`).toBeLessThan(HEAP_SLACK_BYTES);
}

describe('no leaks', () => {
  it(`opening and closing a followed logs view ${ROUNDS} times leaves nothing behind`, async () => {
    const c = await createContainer({ cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.05; done'], start: true });
    // Warm up once (connection pools, lazy modules), then take the baseline.
    const warm = await backend.streams.open(
      'leak-test',
      'containers.logs',
      { id: c.id, follow: true, tail: 1 },
      () => {},
    );
    if (warm.ok) backend.streams.control('leak-test', warm.value.sid, { t: 'close' });
    await waitFor(() => backend.streams.count() === 0);
    const b = await baseline();

    let framesSeen = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const ended: StreamMessage[] = [];
      let frames = 0;
      const r = await backend.streams.open(
        'leak-test',
        'containers.logs',
        { id: c.id, follow: true, tail: 1 },
        (_sid, m) => {
          if (m.t === 'end') ended.push(m);
          else frames++;
        },
      );
      expect(r.ok).toBe(true);
      // As a user would: the view shows a line, then is closed.
      await waitFor(() => frames > 0, { timeoutMs: 5000, intervalMs: 5 });
      framesSeen += frames;
      if (r.ok) backend.streams.control('leak-test', r.value.sid, { t: 'close' });
      await waitFor(() => ended.length === 1, { timeoutMs: 5000, intervalMs: 5 });
    }
    expect(framesSeen).toBeGreaterThan(0);
    await expectBack(b, 'logs view');
  });

  it(`opening and closing a terminal session ${ROUNDS} times leaves no exec, socket or timer behind`, async () => {
    const c = await createContainer({ start: true });
    const d = docker();
    const execIds = async () => (await d.getContainer(c.id).inspect()).ExecIDs ?? [];
    const processes = async () => ((await d.getContainer(c.id).top()).Processes ?? []).length;
    const session = async () => {
      const ended: StreamMessage[] = [];
      let started = false;
      let bytes = 0;
      const r = await backend.streams.open('leak-test', 'terminal.exec', { id: c.id }, (sid, m) => {
        if (m.t === 'end') return void ended.push(m);
        if (m.t !== 'frames') return;
        for (const f of m.frames as TerminalFrame[]) {
          if (f.channel === 'status' && f.status === 'started') started = true;
          if ('data' in f) bytes += f.data.byteLength;
        }
        backend.streams.control('leak-test', sid, { t: 'ack', bytes });
      });
      expect(r.ok).toBe(true);
      // The shell is up and has drawn its prompt: then the tab is closed.
      await waitFor(() => started && bytes > 0, { timeoutMs: 10_000, intervalMs: 5 });
      if (r.ok) backend.streams.control('leak-test', r.value.sid, { t: 'close' });
      await waitFor(() => ended.length === 1, { timeoutMs: 10_000, intervalMs: 5 });
    };
    await session(); // warm-up
    await waitFor(async () => (await execIds()).length === 0);
    const procs0 = await processes();
    const b = await baseline();

    for (let i = 0; i < ROUNDS; i++) await session();

    // The engine: no exec session left registered, no process left in the container.
    await waitFor(async () => (await execIds()).length === 0, { timeoutMs: 15_000 });
    expect(await execIds()).toEqual([]);
    expect(await processes()).toBe(procs0);
    await expectBack(b, 'terminal session');
  }, 900_000);

  it('a window or socket that goes away takes its streams with it', async () => {
    const c = await createContainer({ cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'], start: true });
    for (let i = 0; i < 10; i++) {
      const r = await backend.streams.open('window-1', 'containers.logs', { id: c.id, follow: true }, () => {});
      expect(r.ok).toBe(true);
    }
    expect(backend.streams.count('window-1')).toBe(10);
    await backend.streams.releaseOwner('window-1');
    expect(backend.streams.count()).toBe(0);
  });
});
