import type { BerthBridge } from '../../../preload/contract/bridge';
import { ApiClient } from './client';
import { WsBridge, webSocketUrl, type LinkState } from './ws-bridge';

declare global {
  interface Window {
    berth?: BerthBridge;
  }
}

/** Desktop: the preload's window.berth. Browser (web mode): the WebSocket bridge. */
function pickBridge(): { bridge: BerthBridge; ws?: WsBridge } {
  if (window.berth) return { bridge: window.berth };
  const ws = new WsBridge(webSocketUrl());
  return { bridge: ws, ws };
}

const picked = pickBridge();
export const api = new ApiClient(picked.bridge);
export const mode: 'desktop' | 'web' = picked.ws ? 'web' : 'desktop';

/** The link to main (always open on desktop). */
export function onLinkState(listener: (s: LinkState) => void): () => void {
  if (!picked.ws) {
    listener('open');
    return () => {};
  }
  listener(picked.ws.state);
  return picked.ws.onLink(listener);
}
export type { LinkState };
