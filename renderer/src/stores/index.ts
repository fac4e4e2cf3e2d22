import { api, onLinkState } from '../api';
import { createContainersStore } from './containers.store';
import { useEngine } from './engine.store';
import type { EngineStatus } from '../../../preload/contract/system.contract';

export const useContainers = createContainersStore(api);

/**
 * Live state: one subscription to main's events. A new engine generation
 * (first connect, reconnect) re-lists; change notices refresh rows by id.
 * No polling.
 */
export function startLiveUpdates(): () => void {
  let generation = -1;
  const onStatus = (status: EngineStatus) => {
    useEngine.getState().setStatus(status);
    if (status.state === 'connected' && status.generation !== generation) {
      generation = status.generation;
      void useContainers.getState().load();
    }
  };
  const unsubscribe = api.subscribe((name, payload) => {
    if (name === 'engine.status') onStatus(payload as never);
    else if (name === 'containers.changed') void useContainers.getState().refresh((payload as { ids: string[] }).ids);
  });
  const fetchStatus = () =>
    api.call('system.status').then(onStatus, () => {
      /* link down: onLinkState will retry */
    });
  const unlink = onLinkState((link) => {
    useEngine.getState().setLink(link);
    if (link === 'open') {
      generation = -1; // the link came back: re-list, changes may have been missed
      void fetchStatus();
    }
  });
  return () => {
    unsubscribe();
    unlink();
  };
}
