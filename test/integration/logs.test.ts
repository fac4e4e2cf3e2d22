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

/** Open a logs stream the way a window would, collecting what it receives. */
async function openLogs(input: Record<string, unknown>) {
  const frames: OutputFrame[] = [];
  const ends: StreamMessage[] = [];
  const r = await backend.streams.open('test', 'containers.logs', input, (_sid, msg) => {
    if (msg.t === 'frames') frames.push(...(msg.frames as OutputFrame[]));
    else ends.push(msg);
  });
  const text = (ch: 'stdout' | 'stderr') =>
    Buffer.concat(frames.filter((f) => f.channel === ch).map((f) => f.data)).toString('utf8');
  return { r, frames, ends, text, sid: r.ok ? r.value.sid : '' };
}

async function waitExited(id: string) {
  await waitFor(async () => (await docker().getContainer(id).inspect()).State.Status === 'exited');
}

describe('containers.logs stream', () => {
  it('tells stdout from stderr for a non-TTY container, UTF-8 intact, and ends by itself', async () => {
    const c = await createContainer({
      cmd: ['sh', '-c', 'echo "out 世界 🐳"; echo "err 磁盘" >&2; echo done'],
      start: true,
    });
    await waitExited(c.id);
    const s = await openLogs({ id: c.id, tail: 100 });
    expect(s.r.ok).toBe(true);
    await waitFor(() => s.ends.length === 1);
    expect(s.ends[0]).toEqual({ t: 'end' });
    expect(s.text('stdout')).toBe('out 世界 🐳\ndone\n');
    expect(s.text('stderr')).toBe('err 磁盘\n');
    expect(backend.streams.count()).toBe(0);
  });

  it('passes a TTY container raw, as stdout', async () => {
    const c = await createContainer({ cmd: ['sh', '-c', 'echo tty-out; echo tty-err >&2'], tty: true, start: true });
    await waitExited(c.id);
    const s = await openLogs({ id: c.id });
    await waitFor(() => s.ends.length === 1);
    expect(s.frames.every((f) => f.channel === 'stdout')).toBe(true);
    expect(s.text('stdout').replace(/\r/g, '')).toBe('tty-out\ntty-err\n');
  });

  it('honours --tail and --timestamps', async () => {
    const c = await createContainer({ cmd: ['sh', '-c', 'for i in 1 2 3 4 5; do echo n$i; done'], start: true });
    await waitExited(c.id);
    const s = await openLogs({ id: c.id, tail: 2, timestamps: true });
    await waitFor(() => s.ends.length === 1);
    const lines = s.text('stdout').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z n4$/);
    expect(lines[1]).toMatch(/ n5$/);
  });

  it('follows new lines until closed, and closing releases the session', async () => {
    const c = await createContainer({
      cmd: ['sh', '-c', 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.1; done'],
      start: true,
    });
    const s = await openLogs({ id: c.id, follow: true, tail: 0 });
    expect(s.r.ok).toBe(true);
    await waitFor(() => /line [3-9]/.test(s.text('stdout')));
    expect(backend.streams.count()).toBe(1);
    backend.streams.control('someone-else', s.sid, { t: 'close' });
    expect(backend.streams.count()).toBe(1);
    backend.streams.control('test', s.sid, { t: 'close' });
    await waitFor(() => s.ends.length === 1);
    expect(backend.streams.count()).toBe(0);
    const before = s.frames.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(s.frames.length).toBe(before);
  });

  it('ends a followed stream when the container stops', async () => {
    const c = await createContainer({ cmd: ['sh', '-c', 'echo hi; sleep 30'], start: true });
    const s = await openLogs({ id: c.id, follow: true });
    await waitFor(() => s.text('stdout').includes('hi'));
    await c.kill();
    await waitFor(() => s.ends.length === 1, { timeoutMs: 15_000 });
    expect(backend.streams.count()).toBe(0);
  });

  it('says not_found for an unknown container and invalid_input for a bad payload', async () => {
    const a = await openLogs({ id: 'berth-no-such-container' });
    expect(a.r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const b = await openLogs({ id: 'x y' });
    expect(b.r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(backend.streams.count()).toBe(0);
  });
});
