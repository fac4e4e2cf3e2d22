import { useEffect, useRef } from 'react';
import { useImages } from '../stores';
import { findImage } from '../stores/images.store';
import { useFocusRequest } from '../stores/navigation.store';

/**
 * Selects the image another part of the app asked for (palette, activity, tray), by id or reference; while the
 * list is still loading it waits for it, and gives up once the list is there without that image.
 */
export function useImageFocus(): void {
  const waiting = useRef<() => void>(undefined);
  useEffect(() => () => waiting.current?.(), []);
  useFocusRequest('image', (name) => {
    waiting.current?.();
    waiting.current = undefined;
    const settle = () => {
      const s = useImages.getState();
      const img = findImage(s.byId, name);
      if (img) s.select(img.id);
      return !!img || s.status === 'ready' || s.status === 'error';
    };
    if (settle()) return;
    const off = useImages.subscribe(() => {
      if (!settle()) return;
      off();
      waiting.current = undefined;
    });
    waiting.current = off;
  });
}
