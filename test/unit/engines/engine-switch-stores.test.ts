import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContainerSummary } from '../../../preload/contract/containers.contract';
import type { EngineStatus } from '../../../preload/contract/system.contract';
import type { ApiClient } from '../../../renderer/src/api/client';
import { createContainersStore } from '../../../renderer/src/stores/containers.store';
import { createImagesStore } from '../../../renderer/src/stores/images.store';
import { createNetworksStore } from '../../../renderer/src/stores/networks.store';
import { createVolumesStore } from '../../../renderer/src/stores/volumes.store';
import { engineEpoch, engineKeyOf, useEngine } from '../../../renderer/src/stores/engine.store';

const status = (engineId: string, generation: number): EngineStatus => ({
  state: 'connected',
  endpoint: `unix:///${engineId}.sock`,
  source: 'settings',
  engineId,
  generation,
});

const row = (id: string) => ({ id, name: id }) as unknown as ContainerSummary;

/** Answers held back until the test releases them, so they can arrive after a switch. */
function heldApi() {
  const held: { name: string; input: unknown; release(v: unknown): void }[] = [];
  const call = vi.fn(
    (name: string, input: unknown) => new Promise((resolve) => held.push({ name, input, release: (v) => resolve(v) })),
  );
  return { api: { call } as unknown as ApiClient, held };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => useEngine.setState({ status: undefined }));

describe('switching engines never mixes their objects in the stores', () => {
  it('engineEpoch follows the status generation; engineKeyOf names the engine', () => {
    expect(engineEpoch()).toBe(-1);
    useEngine.getState().setStatus(status('a', 3));
    expect(engineEpoch()).toBe(3);
    expect(engineKeyOf(status('a', 3))).toBe('a');
    expect(engineKeyOf({ ...status('a', 3), engineId: undefined })).toBe('unix:///a.sock');
  });

  it('containers: a list or a refresh asked of the previous engine is dropped when it lands', async () => {
    const { api, held } = heldApi();
    const store = createContainersStore(api);
    useEngine.getState().setStatus(status('a', 1));
    const load = store.getState().load();
    await flush();
    held.shift()!.release([row('a1')]);
    await load;
    expect([...store.getState().byId.keys()]).toEqual(['a1']);

    // A change notice from engine a is being answered when the switch to b happens.
    const refresh = store.getState().refresh(['a2']);
    await flush();
    const slowList = store.getState().load();
    await flush();
    useEngine.getState().setStatus(status('b', 2));
    store.getState().reset();
    expect(store.getState().byId.size).toBe(0);
    held.shift()!.release([row('a2')]);
    held.shift()!.release([row('a1'), row('a2')]);
    await Promise.all([refresh, slowList]);
    expect(store.getState().byId.size).toBe(0);

    const loadB = store.getState().load();
    await flush();
    held.shift()!.release([row('b1')]);
    await loadB;
    expect([...store.getState().byId.keys()]).toEqual(['b1']);
  });

  it('images, volumes and networks drop a stale list the same way, and reset at once', async () => {
    const { api, held } = heldApi();
    const images = createImagesStore(api);
    const volumes = createVolumesStore(api);
    const networks = createNetworksStore(api);
    useEngine.getState().setStatus(status('a', 1));
    const loads = [images.getState().load(), volumes.getState().load({ usage: false }), networks.getState().load()];
    await flush();
    useEngine.getState().setStatus(status('b', 2));
    images.getState().reset();
    volumes.getState().reset();
    networks.getState().reset();
    for (const h of held.splice(0)) {
      h.release(
        h.name === 'images.list'
          ? [{ id: 'sha256:a' }]
          : h.name === 'volumes.list'
            ? [{ name: 'vol-a' }]
            : [{ id: 'net-a', name: 'net-a' }],
      );
    }
    await Promise.all(loads);
    expect(images.getState().byId.size).toBe(0);
    expect(volumes.getState().byName.size).toBe(0);
    expect(networks.getState().byId.size).toBe(0);
  });
});
