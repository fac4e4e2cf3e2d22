import { useEffect, useRef } from 'react';
import { create } from 'zustand';

/** Something a panel should bring into view when it opens (e.g. a container clicked in a diagram). */
export interface NavigationFocus {
  kind: 'container' | 'image' | 'volume' | 'network';
  /** An id or a name; for images also a reference (`busybox:latest`), as events and the palette name them. */
  id: string;
}

interface NavigationState {
  /** The panel shown (an id of App.tsx's PANELS). */
  panel: string;
  /** Set when another panel asked to show one object; the target panel may read it and clear it. */
  focus: NavigationFocus | undefined;
  setPanel(panel: string): void;
  /** Switch panel and say what to show there. */
  open(panel: string, focus?: NavigationFocus): void;
  clearFocus(): void;
}

/** Which panel is shown: a store, so that any panel can send the user to another one. */
export const useNavigation = create<NavigationState>()((set) => ({
  panel: 'containers',
  focus: undefined,
  setPanel: (panel) => set({ panel }),
  open: (panel, focus) => set({ panel, focus }),
  clearFocus: () => set({ focus: undefined }),
}));

/**
 * Run `handle(id)` whenever another panel asks to show an object of `kind`
 * (also when that request came before this panel mounted), and mark it handled.
 */
export function useFocusRequest(kind: NavigationFocus['kind'], handle: (id: string) => void): void {
  const ref = useRef(handle);
  useEffect(() => {
    ref.current = handle;
  });
  useEffect(() => {
    const take = (f: NavigationFocus | undefined) => {
      if (f?.kind !== kind) return;
      useNavigation.setState({ focus: undefined });
      ref.current(f.id);
    };
    take(useNavigation.getState().focus);
    return useNavigation.subscribe((s) => take(s.focus));
  }, [kind]);
}
