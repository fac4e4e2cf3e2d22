import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type { StreamMessage } from '../../preload/contract/index';
import { createContainer, waitFor } from '../support/engine';
import { startBackend, stopBackend } from '../support/backend';

// Open and close a followed logs stream 200 times: sessions, sockets and
// listeners return to their baseline, within the bounds stated here.
const ROUNDS = 200;
const FD_SLACK = 10;

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
});

const openFds = () => readdirSync('/proc/self/fd').length;

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
    await new Promise((r) => setTimeout(r, 200));
    const fds0 = openFds();
    const listeners0 = backend.engine.listenerCount('event') + backend.engine.listenerCount('status');

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
    expect(backend.streams.count()).toBe(0);
    // Sockets close asynchronously: wait (bounded) for the descriptors to come back.
    await waitFor(() => openFds() <= fds0 + FD_SLACK, { timeoutMs: 10_000 });
    expect(backend.engine.listenerCount('event') + backend.engine.listenerCount('status')).toBe(listeners0);
  });

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
