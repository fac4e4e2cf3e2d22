import { api, onLinkState } from '../api';
import { createContainersStore } from './containers.store';
import { createVolumesStore } from './volumes.store';
import { createImagesStore } from './images.store';
import { createNetworksStore } from './networks.store';
import { engineKeyOf, useEngine } from './engine.store';
import { createActivityStore } from './activity.store';
import { createSystemStore } from './system.store';
import { createJournalStore, installJournal } from './journal.store';
import { useSettings } from './settings.store';
import { handleNavigate } from './app-navigate';
import type { EngineStatus } from '../../../preload/contract/system.contract';
import type { EventPayload } from '../../../preload/contract/index';

export const useContainers = createContainersStore(api);
export const useVolumes = createVolumesStore(api);
export const useImages = createImagesStore(api);
export const useNetworks = createNetworksStore(api);
export const useActivity = createActivityStore(api);
export const useSystem = createSystemStore(api);
export const useJournal = createJournalStore();

/**
 * Live state: one subscription to main's events. A new engine generation
 * (first connect, reconnect) re-lists; change notices refresh rows by id.
 * No polling.
 */
export function startLiveUpdates(): () => void {
  let generation = -1;
  const uninstallJournal = installJournal(api, useJournal);
  useSettings.getState().bind(api);
  const onStatus = (status: EngineStatus) => {
    const before = useEngine.getState().status;
    useEngine.getState().setStatus(status);
    if (before && engineKeyOf(before) !== engineKeyOf(status)) {
      // Another engine: nothing of the previous one may stay on screen, not even for the moment the new lists take.
      useContainers.getState().reset();
      useImages.getState().reset();
      useVolumes.getState().reset();
      useNetworks.getState().reset();
      useSystem.getState().invalidate();
    }
    if (status.state === 'connected' && status.generation !== generation) {
      generation = status.generation;
      useSystem.getState().invalidate();
      void useContainers.getState().load();
      void useVolumes.getState().load();
      void useImages.getState().load();
      void useNetworks.getState().load();
    }
  };
  const unsubscribe = api.subscribe((name, payload) => {
    if (name === 'engine.status') onStatus(payload as never);
    else if (name === 'containers.changed') void useContainers.getState().refresh((payload as { ids: string[] }).ids);
    else if (name === 'images.changed') useImages.getState().refresh((payload as { ids: string[] }).ids);
    else if (name === 'volumes.changed') void useVolumes.getState().refresh((payload as { ids: string[] }).ids);
    else if (name === 'networks.changed') void useNetworks.getState().refresh((payload as { ids: string[] }).ids);
    else if (name === 'activity.appended')
      useActivity.getState().append((payload as EventPayload<'activity.appended'>).entries);
    else if (name === 'app.navigate') handleNavigate(payload as EventPayload<'app.navigate'>);
    else if (name === 'settings.changed') useSettings.getState().apply(payload as EventPayload<'settings.changed'>);
    // Containers come and go: which volumes and networks they use changes with them.
    if (name === 'containers.changed') [useVolumes, useNetworks].forEach((s) => s.getState().containersChanged());
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
      void useSettings.getState().load();
      void useActivity.getState().load();
    }
  });
  return () => {
    unsubscribe();
    unlink();
    uninstallJournal();
  };
}
