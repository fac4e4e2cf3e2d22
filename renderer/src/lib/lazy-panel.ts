import { createElement, lazy, useState, type ComponentType } from 'react';

export type Loader = () => Promise<ComponentType>;

/**
 * A chunk's import, tried again after a failure: a request can be cut off by a network blip (Chromium aborts
 * requests in flight when the host's interfaces change, as they do when Docker creates a network).
 */
async function retried(load: Loader, tries = 3): Promise<ComponentType> {
  for (let i = 1; ; i++) {
    try {
      return await load();
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 250 * i));
    }
  }
}
/**
 * A panel in a chunk of its own, fetched the first time it is shown or when the page is idle. Once fetched it
 * renders directly, not through React.lazy: a lazy component suspends on its first render even when its chunk is
 * in, and React holds a revealed Suspense boundary back for up to 300 ms, which was most of the time it took to
 * open the volumes or networks panel for the first time (bench: scale).
 */
export const lazyPanel = (load: Loader) => {
  let loaded: ComponentType | undefined;
  const fetch = async () => (loaded ??= await retried(load));
  const Lazy = lazy(async () => ({ default: await fetch() }));
  // Chosen once per mount: a mounted panel never changes element type (and so never risks a remount).
  const Component = () => createElement(useState(() => loaded ?? Lazy)[0]);
  return { load: fetch, Component };
};
