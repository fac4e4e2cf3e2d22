import { useEffect, useRef } from 'react';
import { create } from 'zustand';

/**
 * Something a panel should bring into view when it opens (e.g. a container clicked in a diagram), or, as
 * `action`, one of its own actions to start (`pull` and `build` in images, `createVolume`, `createNetwork`).
 */
export interface NavigationFocus {
  kind: 'container' | 'image' | 'volume' | 'network' | 'action';
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
 * With `ids`, only those ids are taken (actions: each panel takes its own and leaves the others' in place,
 * since the panel being left may still be listening when the request for the next one arrives).
 */
export function useFocusRequest(
  kind: NavigationFocus['kind'],
  handle: (id: string) => void,
  ids?: readonly string[],
): void {
  const ref = useRef(handle);
  useEffect(() => {
    ref.current = handle;
  });
  const accepted = ids?.join('\u0000');
  useEffect(() => {
    const only = accepted === undefined ? undefined : new Set(accepted.split('\u0000'));
    const take = (f: NavigationFocus | undefined) => {
      if (f?.kind !== kind || (only && !only.has(f.id))) return;
      useNavigation.setState({ focus: undefined });
      ref.current(f.id);
    };
    take(useNavigation.getState().focus);
    return useNavigation.subscribe((s) => take(s.focus));
  }, [kind, accepted]);
}
