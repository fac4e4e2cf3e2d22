import { create } from 'zustand';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import type { AboutInfo, DiskUsage, SystemInfo } from '../../../preload/contract/system.contract';
import type { ApiClient } from '../api/client';

import type { LoadStatus } from './keyed-list';
export type { LoadStatus };

interface Slot<T> {
  value: T | undefined;
  status: LoadStatus;
  error: BerthError | undefined;
}

interface SystemState {
  info: Slot<SystemInfo>;
  df: Slot<DiskUsage>;
  about: Slot<AboutInfo>;
  loadInfo(): Promise<void>;
  /** `docker system df` walks every layer and volume: loaded when asked, never polled. */
  loadDf(): Promise<void>;
  loadAbout(): Promise<void>;
  /** A new engine generation (reconnect, another engine): what was loaded is stale. */
  invalidate(): void;
}

const empty = <T>(): Slot<T> => ({ value: undefined, status: 'idle', error: undefined });

/** docker version/info, docker system df and Help > About, each loaded on demand. */
export function createSystemStore(api: ApiClient) {
  const seq = { info: 0, df: 0, about: 0 };
  return create<SystemState>()((set, get) => {
    const load = async <K extends 'info' | 'df' | 'about'>(key: K, fetch: () => Promise<SystemState[K]['value']>) => {
      const mine = ++seq[key];
      const cur = get()[key];
      set({ [key]: { ...cur, status: cur.value ? 'ready' : 'loading' } } as Partial<SystemState>);
      try {
        const value = await fetch();
        if (mine !== seq[key]) return;
        set({ [key]: { value, status: 'ready', error: undefined } } as Partial<SystemState>);
      } catch (e) {
        if (mine !== seq[key]) return;
        set({ [key]: { ...get()[key], status: 'error', error: asBerthError(e) } } as Partial<SystemState>);
      }
    };
    return {
      info: empty(),
      df: empty(),
      about: empty(),
      loadInfo: () => load('info', () => api.call('system.info')),
      loadDf: () => load('df', () => api.call('system.df')),
      loadAbout: () => load('about', () => api.call('system.about')),
      invalidate() {
        seq.info++;
        seq.df++;
        set({ info: empty(), df: empty() });
      },
    };
  });
}

export type SystemStore = ReturnType<typeof createSystemStore>;
