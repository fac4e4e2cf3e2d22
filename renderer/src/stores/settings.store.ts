import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import type { Settings, SettingsPatch } from '../../../preload/contract/settings.contract';
import type { ApiClient } from '../api/client';
import type { Language } from '../i18n';

export type ThemeSetting = 'system' | 'light' | 'dark';
import type { LoadStatus } from './keyed-list';
export type { LoadStatus };

/** What the renderer changes in main's settings (the window bounds are the shell's business). */
export type SettingsChange = Omit<SettingsPatch, 'window' | 'engines' | 'activeEngine'>;

interface SettingsState {
  /**
   * Main's settings are the truth (settings.get / settings.update / settings.changed): every
   * window and web client shares them. language and theme are also cached in localStorage,
   * only so that the first paint, before main answers, is already right.
   */
  language: Language | undefined;
  theme: ThemeSetting;
  commandHints: boolean;
  /** Main's settings as last seen; undefined until they arrived. */
  main: Settings | undefined;
  status: LoadStatus;
  error: BerthError | undefined;
  /** Updates in flight. */
  saving: number;

  /** Pure UI state, kept in this browser only. */
  showAllContainers: boolean;
  /** Container names pinned to the top of the containers panel. */
  pinnedContainers: string[];

  setLanguage(language: Language | undefined): void;
  setTheme(theme: ThemeSetting): void;
  setCommandHints(on: boolean): void;
  /** Change any of main's settings: shown at once, then confirmed (or undone) by main. */
  update(change: SettingsChange): Promise<void>;
  setShowAllContainers(v: boolean): void;
  togglePinnedContainer(name: string): void;

  /** Talk to main through this client (once, at start-up). */
  bind(api: ApiClient): void;
  /** Fetch main's settings (at start and after the link to main came back). */
  load(): Promise<void>;
  /** Main said its settings changed (settings.changed). */
  apply(settings: Settings): void;
}

const fromMain = (s: Settings) => ({
  main: s,
  language: s.language,
  theme: s.theme,
  commandHints: s.commandHints,
});

/** The renderer's view of settings: main's (language, theme, command hints, …) plus local UI state. */
export function createSettingsStore(storage?: () => Storage) {
  let api: ApiClient | undefined;
  /** Updates sent but not answered: a settings.changed from before them must not undo them on screen. */
  let pending = 0;
  return create<SettingsState>()(
    persist(
      (set, get) => ({
        language: undefined,
        theme: 'system',
        commandHints: true,
        main: undefined,
        status: 'idle',
        error: undefined,
        saving: 0,
        showAllContainers: true,
        pinnedContainers: [],

        setLanguage: (language) => void get().update({ language: language ?? null }),
        setTheme: (theme) => void get().update({ theme }),
        setCommandHints: (commandHints) => void get().update({ commandHints }),
        setShowAllContainers: (showAllContainers) => set({ showAllContainers }),
        togglePinnedContainer: (n) =>
          set((s) => ({
            pinnedContainers: s.pinnedContainers.includes(n)
              ? s.pinnedContainers.filter((x) => x !== n)
              : [...s.pinnedContainers, n],
          })),

        async update(change) {
          const optimistic: Partial<SettingsState> = {};
          if ('language' in change) optimistic.language = change.language ?? undefined;
          if (change.theme) optimistic.theme = change.theme;
          if (change.commandHints !== undefined) optimistic.commandHints = change.commandHints;
          const main = get().main;
          if (main) {
            const next: Settings = { ...main, ...(change as Partial<Settings>) };
            if ('language' in change && !change.language) delete next.language;
            optimistic.main = next;
          }
          set(optimistic);
          if (!api) return; // not bound (tests, or before start-up): local only
          pending++;
          set({ saving: get().saving + 1 });
          try {
            const saved = await api.call('settings.update', change as SettingsPatch);
            pending--;
            set({ ...(pending === 0 ? fromMain(saved) : { main: saved }), error: undefined });
          } catch (e) {
            pending--;
            // Main refused: show what main has.
            const prev = main;
            set({ ...(prev ? fromMain(prev) : {}), error: asBerthError(e) });
          } finally {
            set({ saving: get().saving - 1 });
          }
        },

        bind(client) {
          api = client;
        },

        async load() {
          if (!api) return;
          set({ status: get().status === 'ready' ? 'ready' : 'loading' });
          try {
            const s = await api.call('settings.get');
            if (pending === 0) set({ ...fromMain(s), status: 'ready', error: undefined });
            else set({ main: s, status: 'ready' });
          } catch (e) {
            set({ status: 'error', error: asBerthError(e) });
          }
        },

        apply(s) {
          if (pending > 0) set({ main: s });
          else set({ ...fromMain(s), status: 'ready' });
        },
      }),
      {
        name: 'berth.settings',
        version: 2,
        ...(storage ? { storage: createJSONStorage(storage) } : {}),
        partialize: (s) => ({
          showAllContainers: s.showAllContainers,
          pinnedContainers: s.pinnedContainers,
          language: s.language,
          theme: s.theme,
        }),
        // Version 1 kept language and theme here as the truth; now they are only a first-paint cache.
        migrate: (persisted) => persisted as Partial<SettingsState>,
      },
    ),
  );
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export const useSettings = createSettingsStore();
