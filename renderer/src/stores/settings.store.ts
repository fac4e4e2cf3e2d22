import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Language } from '../i18n';

export type ThemeSetting = 'system' | 'light' | 'dark';

interface SettingsState {
  /** undefined: follow the system locale. */
  language: Language | undefined;
  theme: ThemeSetting;
  showAllContainers: boolean;
  setLanguage(language: Language | undefined): void;
  setTheme(theme: ThemeSetting): void;
  setShowAllContainers(v: boolean): void;
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      language: undefined,
      theme: 'system',
      showAllContainers: true,
      setLanguage: (language) => set({ language }),
      setTheme: (theme) => set({ theme }),
      setShowAllContainers: (showAllContainers) => set({ showAllContainers }),
    }),
    { name: 'berth.settings', version: 1 },
  ),
);
