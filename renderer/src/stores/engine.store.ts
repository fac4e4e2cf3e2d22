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
