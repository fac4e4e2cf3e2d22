import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/backend';
import type { ContainerSummary } from '../../preload/contract/containers.contract';
import type { EngineStatus } from '../../preload/contract/system.contract';
import { cliContainerIds, dockerCli, LABELS, TEST_IMAGE, waitFor } from '../support/engine';
import { PrivateDockerd } from '../support/private-dockerd';

// A private engine of the test's own, killed and restarted: never the user's.
const daemon = new PrivateDockerd();
let backend: Backend;
const statuses: EngineStatus[] = [];

beforeAll(async () => {
  await daemon.start();
  await daemon.seed('survivor');
  backend = createBackend({
    endpoint: { host: daemon.host, source: 'DOCKER_HOST' },
    backoff: { initialMs: 100, maxMs: 1000 },
  });
  backend.subscribe((name, payload) => {
    if (name === 'engine.status') statuses.push(payload as EngineStatus);
  });
  backend.start();
  await backend.engine.whenConnected();
}, 120_000);

afterAll(async () => {
  await backend?.dispose();
  await daemon.dispose();
});

const cliIds = () => cliContainerIds(daemon.host);

describe('engine goes away and comes back', () => {
  it('reports disconnected, reconnects by itself, and the list resyncs with what changed meanwhile', async () => {
    const gen0 = backend.engine.status.generation;
    for (let round = 1; round <= 2; round++) {
      await daemon.kill();
      const down = await waitFor(
        () =>
          statuses.find(
            (s, i) => i > 0 && s.state === 'disconnected' && s.generation === backend.engine.status.generation,
          ),
        { timeoutMs: 5000 },
      );
      expect(down.error).toBeTruthy();
      const r = await backend.dispatch('containers.list', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'engine_unreachable' } });

      await daemon.start();
      // A change made while Berth was not looking: the engine will not replay it.
      await dockerCli(
        [
          'create',
          '--label',
          `berth.test=${LABELS['berth.test']}`,
          '--network',
          'none',
          '--name',
          `made-while-away-${round}`,
          TEST_IMAGE,
          'true',
        ],
        daemon.host,
      );
      const up = await waitFor(
        () =>
          backend.engine.status.state === 'connected' && backend.engine.status.generation > gen0 + round - 1
            ? backend.engine.status
            : undefined,
        { timeoutMs: 15_000 },
      );
      expect(up.generation).toBe(gen0 + round);
      const listed = await backend.dispatch('containers.list', {});
      expect(listed.ok).toBe(true);
      const ids = (listed.ok ? (listed.value as ContainerSummary[]) : []).map((c) => c.id).sort();
      expect(ids).toEqual(await cliIds());
      expect((listed.ok ? (listed.value as ContainerSummary[]) : []).map((c) => c.name)).toContain(
        `made-while-away-${round}`,
      );
      statuses.length = 0;
    }
  });
});
