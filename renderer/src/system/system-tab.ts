import { create } from 'zustand';

export type SystemTab = 'engine' | 'disk' | 'prune';

/** The System panel's tab: a store, so the palette can open "Clean up" or "Disk usage" directly. */
export const useSystemTab = create<{ tab: SystemTab; setTab(tab: SystemTab): void }>()((set) => ({
  tab: 'engine',
  setTab: (tab) => set({ tab }),
}));
