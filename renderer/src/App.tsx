import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ContainersPanel } from './containers/ContainersPanel';
import { ImagesPanel } from './images/ImagesPanel';
import { EnginesPanel } from './engines/EnginesPanel';
import { VolumesPanel } from './volumes/VolumesPanel';
import { NetworksPanel } from './networks/NetworksPanel';
import { TerminalPanel } from './terminal/TerminalPanel';
import { SystemPanel } from './system/SystemPanel';
import { ActivityPanel } from './activity/ActivityPanel';
import { JournalPanel } from './journal/JournalPanel';
import { LearnPanel } from './learn/LearnPanel';
import { SettingsPanel } from './settings/SettingsPanel';
import { AppAids } from './help/AppAids';
import { HelpMenu } from './help/HelpMenu';
import { useNavigation } from './stores/navigation.store';
import { engineKeyOf, useEngine } from './stores/engine.store';
import { EngineBanner } from './components/EngineBanner';
import { StatusBar } from './components/StatusBar';
import { LANGUAGES, setLanguage, systemLanguage, type Language } from './i18n';
import { useSettings, type ThemeSetting } from './stores/settings.store';

/**
 * The panels, in sidebar order: add one line per panel (its label is `nav.<id>`).
 * `scoped`: it shows one engine's objects, so it starts afresh (details,
 * dialogs, forms closed) when another engine becomes active.
 */
const PANELS = [
  { id: 'containers', Component: ContainersPanel, scoped: true },
  { id: 'images', Component: ImagesPanel, scoped: true },
  { id: 'volumes', Component: VolumesPanel, scoped: true },
  { id: 'networks', Component: NetworksPanel, scoped: true },
  { id: 'terminal', Component: TerminalPanel, scoped: false },
  { id: 'engines', Component: EnginesPanel, scoped: false },
  { id: 'system', Component: SystemPanel, scoped: true },
  { id: 'activity', Component: ActivityPanel, scoped: false },
  { id: 'journal', Component: JournalPanel, scoped: false },
  { id: 'learn', Component: LearnPanel, scoped: false },
  { id: 'settings', Component: SettingsPanel, scoped: false },
] as const;
const PANEL_IDS = PANELS.map((p) => p.id);
type Panel = (typeof PANELS)[number]['id'];

/** Light or dark, following the system unless the user chose one. */
function useTheme() {
  const theme = useSettings((s) => s.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

function useLanguage() {
  const language = useSettings((s) => s.language);
  useEffect(() => setLanguage(language ?? systemLanguage()), [language]);
}

export function App() {
  const { t } = useTranslation();
  const panel = useNavigation((s) => s.panel) as Panel;
  const setPanel = useNavigation((s) => s.setPanel);
  const engineKey = useEngine((s) => engineKeyOf(s.status));
  useTheme();
  useLanguage();
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Berth">
        <div className="brand">
          <img src="./icon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </div>
        {PANELS.map(({ id }) => (
          <button
            key={id}
            type="button"
            className={`nav-item ${panel === id ? 'active' : ''}`}
            data-panel={id}
            aria-current={panel === id ? 'page' : undefined}
            onClick={() => setPanel(id)}
          >
            {t(`nav.${id}`)}
          </button>
        ))}
        <span className="spacer" />
        <HelpMenu />
        <SettingsControls />
      </nav>
      <main className="content">
        <EngineBanner />
        {PANELS.map(({ id, Component, scoped }) =>
          id === panel ? <Component key={scoped ? `${id}@${engineKey}` : id} /> : null,
        )}
      </main>
      <StatusBar />
      <AppAids panels={PANEL_IDS} />
    </div>
  );
}

function SettingsControls() {
  const { t } = useTranslation();
  const language = useSettings((s) => s.language);
  const theme = useSettings((s) => s.theme);
  const setLang = useSettings((s) => s.setLanguage);
  const setTheme = useSettings((s) => s.setTheme);
  return (
    <div className="settings">
      <label>
        <span>{t('settings.language')}</span>
        <select
          value={language ?? 'system'}
          onChange={(e) => setLang(e.target.value === 'system' ? undefined : (e.target.value as Language))}
        >
          <option value="system">{t('settings.system')}</option>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('settings.theme')}</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeSetting)}>
          <option value="system">{t('settings.system')}</option>
          <option value="light">{t('settings.light')}</option>
          <option value="dark">{t('settings.dark')}</option>
        </select>
      </label>
    </div>
  );
}
