import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import type { StreamMessage } from '../../preload/contract/index';
import { cliContainerIds, ensureTestImage, LABELS, TEST_IMAGE, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';

// dockerd killed under an open logs follow, three times: Berth stays up, the
// stream ends with a clear error, nothing is left open, and the lists come
// back equal to docker ps -a each time.
const daemon = new PrivateDockerd();
let backend: Backend;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  await daemon.start();
  await ensureTestImage(new Docker({ socketPath: daemon.socket }));
  backend = createBackend({
    endpoint: { host: daemon.host, source: 'DOCKER_HOST' },
    backoff: { initialMs: 100, maxMs: 800 },
  });
  backend.start();
  await backend.engine.whenConnected();
}, 120_000);
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await backend?.dispose();
  await daemon.dispose();
});

describe('the engine dies under open streams', () => {
  it('ends the logs follow with an error, recovers, and re-lists — three times', async () => {
    for (let round = 1; round <= 3; round++) {
      const d = new Docker({ socketPath: daemon.socket });
      const c = await d.createContainer({
        Image: TEST_IMAGE,
        Cmd: ['sh', '-c', 'while true; do echo alive; sleep 0.1; done'],
        Labels: LABELS,
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
      const msgs: StreamMessage[] = [];
      const r = await backend.streams.open('chaos', 'containers.logs', { id: c.id, follow: true, tail: 5 }, (_s, m) =>
        msgs.push(m),
      );
      expect(r.ok).toBe(true);
      await waitFor(() => msgs.some((m) => m.t === 'frames'));

      await daemon.kill();
      const end = await waitFor(() => msgs.find((m) => m.t === 'end'), { timeoutMs: 10_000 });
      expect(end).toMatchObject({ t: 'end' });
      await waitFor(() => backend.engine.status.state === 'disconnected', { timeoutMs: 5000 });
      expect(backend.streams.count()).toBe(0);
      const down = await backend.dispatch('containers.list', {});
      expect(down).toMatchObject({ ok: false, error: { code: 'engine_unreachable' } });

      await daemon.start();
      await waitFor(() => backend.engine.status.state === 'connected', { timeoutMs: 20_000 });
      const listed = await backend.dispatch('containers.list', {});
      const ids = (listed.ok ? (listed.value as ContainerSummary[]) : []).map((x) => x.id).sort();
      const cli = await cliContainerIds(daemon.host);
      expect(ids).toEqual(cli);
    }
    expect(unhandled).toEqual([]);
  });
});
