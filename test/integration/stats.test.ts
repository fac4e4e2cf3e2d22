import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/backend';
import type { StatsSample, StreamMessage } from '../../preload/contract/index';
import { createContainer, waitFor } from '../support/engine';
import { startBackend, stopBackend } from '../support/backend';

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(async () => {
  await stopBackend(backend);
});

async function openStats(input: Record<string, unknown>) {
  const samples: StatsSample[] = [];
  const ends: StreamMessage[] = [];
  const r = await backend.streams.open('test', 'containers.stats', input, (_sid, msg) => {
    if (msg.t === 'frames') samples.push(...(msg.frames as StatsSample[]));
    else ends.push(msg);
  });
  return { r, samples, ends, sid: r.ok ? r.value.sid : '' };
}

describe('containers.stats stream', () => {
  it('streams live samples of a running container (CPU, memory, pids) until closed', async () => {
    const c = await createContainer({
      cmd: ['sh', '-c', 'yes > /dev/null & sleep 3600'],
      start: true,
    });
    const s = await openStats({ id: c.id });
    expect(s.r.ok).toBe(true);
    await waitFor(() => s.samples.length >= 3, { timeoutMs: 15_000 });
    const last = s.samples.at(-1)!;
    expect(last.running).toBe(true);
    expect(last.memUsage).toBeGreaterThan(0);
    expect(last.memLimit).toBeGreaterThan(last.memUsage);
    expect(last.pids).toBeGreaterThanOrEqual(2);
    // `yes` keeps about one CPU busy.
    expect(Math.max(...s.samples.slice(1).map((x) => x.cpuPercent))).toBeGreaterThan(20);
    expect(last.time).toBeGreaterThan(Date.now() - 60_000);
    expect(backend.streams.count()).toBe(1);
    backend.streams.control('test', s.sid, { t: 'close' });
    await waitFor(() => s.ends.length === 1);
    expect(backend.streams.count()).toBe(0);
    const n = s.samples.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.samples.length).toBe(n);
  });

  it('a stopped container gives zeroed samples marked not running', async () => {
    const c = await createContainer();
    const s = await openStats({ id: c.id });
    await waitFor(() => s.samples.length >= 1);
    expect(s.samples[0]).toMatchObject({ running: false, cpuPercent: 0, memUsage: 0 });
    backend.streams.control('test', s.sid, { t: 'close' });
    await waitFor(() => s.ends.length === 1);
  });

  it('says not_found for an unknown container and invalid_input for a bad id', async () => {
    const a = await openStats({ id: 'berth-no-such-container' });
    expect(a.r).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const b = await openStats({ id: '../x' });
    expect(b.r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(backend.streams.count()).toBe(0);
  });
});
