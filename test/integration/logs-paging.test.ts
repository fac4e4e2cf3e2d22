import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type { OutputFrame, StreamMessage } from '../../preload/contract/index';
import { createContainer, docker, waitFor } from '../support/engine';
import { startBackend, stopBackend } from '../support/backend';

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
});

async function openLogs(input: Record<string, unknown>, autoAck = true) {
  const frames: OutputFrame[] = [];
  const ends: StreamMessage[] = [];
  const r = await backend.streams.open('test', 'containers.logs', input, (sid, msg) => {
    if (msg.t === 'frames') {
      frames.push(...(msg.frames as OutputFrame[]));
      if (autoAck) {
        const bytes = (msg.frames as OutputFrame[]).reduce((n, f) => n + f.data.byteLength, 0);
        backend.streams.control('test', sid, { t: 'ack', bytes });
      }
    } else ends.push(msg);
  });
  const text = () => Buffer.concat(frames.map((f) => f.data)).toString('utf8');
  const bytes = () => frames.reduce((n, f) => n + f.data.byteLength, 0);
  return { r, frames, ends, text, bytes, sid: r.ok ? r.value.sid : '' };
}

/** "2026-01-01T00:00:01.123456789Z" → "1767225601.123456789", exactly. */
function engineTime(ts: string): string {
  const [whole, frac = '0'] = ts.replace(/Z$/, '').split('.');
  return `${Math.floor(Date.parse(`${whole}Z`) / 1000)}.${frac}`;
}

describe('containers.logs: paging back with since/until windows', () => {
  it('reads a window up to an exact nanosecond timestamp (inclusive), older lines only', async () => {
    const c = await createContainer({
      cmd: ['sh', '-c', 'for i in 1 2 3 4 5; do echo a$i; done; sleep 1.2; for i in 1 2 3 4 5; do echo b$i; done'],
      start: true,
    });
    await waitFor(async () => (await docker().getContainer(c.id).inspect()).State.Status === 'exited');
    const all = await openLogs({ id: c.id, tail: 100, timestamps: true });
    await waitFor(() => all.ends.length === 1);
    const lines = all.text().trim().split('\n');
    expect(lines).toHaveLength(10);
    const b1 = lines[5]!.split(' ')[0]!;
    const page = await openLogs({ id: c.id, tail: 'all', since: 0, until: engineTime(b1), timestamps: true });
    await waitFor(() => page.ends.length === 1);
    expect(
      page
        .text()
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[1]),
    ).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'b1']);
    // Bounded by a window of time: since = just after the a-lines.
    const a5 = lines[4]!.split(' ')[0]!;
    const win = await openLogs({
      id: c.id,
      tail: 'all',
      since: engineTime(a5),
      until: engineTime(b1),
      timestamps: true,
    });
    await waitFor(() => win.ends.length === 1);
    expect(
      win
        .text()
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[1]),
    ).toEqual(['a5', 'b1']);
    expect(backend.streams.count()).toBe(0);
  });

  it('refuses an unbounded read: tail "all" without since', async () => {
    const c = await createContainer();
    const r = await openLogs({ id: c.id, tail: 'all' });
    expect(r.r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r2 = await openLogs({ id: c.id, until: '12.3.4' });
    expect(r2.r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('a large bounded read is streamed with flow control, not buffered whole', async () => {
    // About 6.9 MB of log, several times the hub's window.
    const c = await createContainer({ cmd: ['sh', '-c', 'seq 1 1000000'], start: true });
    await waitFor(async () => (await docker().getContainer(c.id).inspect()).State.Status === 'exited', {
      timeoutMs: 30_000,
    });
    const s = await openLogs({ id: c.id, tail: 1_000_000 }, false);
    // Nobody acked: the stream stops once the window (1 MiB, plus the chunk that crossed it) is out.
    let held = -1;
    await waitFor(
      async () => {
        const before = s.bytes();
        await new Promise((r) => setTimeout(r, 400));
        held = s.bytes();
        return held > 0 && held === before;
      },
      { timeoutMs: 30_000 },
    );
    expect(held).toBeLessThan(2 * 1024 * 1024);
    expect(s.ends).toHaveLength(0);
    // Acking drains it to the end.
    await waitFor(
      () => {
        backend.streams.control('test', s.sid, { t: 'ack', bytes: 1_000_000 });
        return s.ends.length === 1;
      },
      { timeoutMs: 30_000 },
    );
    const text = s.text();
    expect(text.startsWith('1\n2\n')).toBe(true);
    expect(text.endsWith('999999\n1000000\n')).toBe(true);
    expect(backend.streams.count()).toBe(0);
  });
});
