import { create } from 'zustand';
import type { EngineStatus } from '../../../preload/contract/system.contract';
import type { LinkState } from '../api';

interface EngineState {
  status: EngineStatus | undefined;
  link: LinkState;
  setStatus(status: EngineStatus): void;
  setLink(link: LinkState): void;
}

export const useEngine = create<EngineState>()((set) => ({
  status: undefined,
  link: 'connecting',
  setStatus: (status) => set({ status }),
  setLink: (link) => set({ link }),
}));

/** Which engine a status is about: its id in engines.list, else its address. */
export const engineKeyOf = (s: EngineStatus | undefined): string => (s ? (s.engineId ?? s.endpoint) : '');

/**
 * The engine generation the page shows (bumped by main on every switch and
 * every reconnect). A store notes it before asking main and drops the answer
 * if it changed meanwhile: an answer from the engine switched away from
 * never lands in the new engine's lists.
 */
export const engineEpoch = (): number => useEngine.getState().status?.generation ?? -1;
