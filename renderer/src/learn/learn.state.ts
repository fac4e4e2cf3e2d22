import { create } from 'zustand';
import type { Concept } from './concepts';

/** Which concept the Learn panel should bring into view (set by "?" popovers and the palette). */
export const useLearnFocus = create<{ concept: Concept | undefined; show(c: Concept | undefined): void }>()((set) => ({
  concept: undefined,
  show: (concept) => set({ concept }),
}));
