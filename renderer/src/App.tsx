import { Suspense, useEffect, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { ContainersPanel } from './containers/ContainersPanel';
import { AppAids } from './help/AppAids';
import { HelpMenu } from './help/HelpMenu';
import { useContainers } from './stores';
import { useNavigation } from './stores/navigation.store';
import { engineKeyOf, useEngine } from './stores/engine.store';
import { EngineBanner } from './components/EngineBanner';
import { PanelBoundary } from './components/PanelBoundary';
import { StatusBar } from './components/StatusBar';
import { lazyPanel as panel, type Loader } from './lib/lazy-panel';
import { LANGUAGES, setLanguage, systemLanguage, type Language } from './i18n';
import { useSettings, type ThemeSetting } from './stores/settings.store';

/**
 * The panels, in sidebar order: add one line per panel (its label is `nav.<id>`).
 * Only the containers panel, the first one shown, is in the initial bundle:
 * the others (xterm.js and its addons, uPlot, the forms) come in chunks of
 * their own, so the page starts by parsing a fraction of the code.
 * `scoped`: it shows one engine's objects, so it starts afresh (details,
 * dialogs, forms closed) when another engine becomes active.
 */
const PANELS: readonly { id: string; Component: ComponentType; load?: Loader; scoped: boolean }[] = [
  { id: 'containers', Component: ContainersPanel, scoped: true },
  { id: 'images', ...panel(async () => (await import('./images/ImagesPanel')).ImagesPanel), scoped: true },
  { id: 'volumes', ...panel(async () => (await import('./volumes/VolumesPanel')).VolumesPanel), scoped: true },
  { id: 'networks', ...panel(async () => (await import('./networks/NetworksPanel')).NetworksPanel), scoped: true },
  { id: 'terminal', ...panel(async () => (await import('./terminal/TerminalPanel')).TerminalPanel), scoped: false },
  { id: 'engines', ...panel(async () => (await import('./engines/EnginesPanel')).EnginesPanel), scoped: false },
  { id: 'system', ...panel(async () => (await import('./system/SystemPanel')).SystemPanel), scoped: true },
  { id: 'activity', ...panel(async () => (await import('./activity/ActivityPanel')).ActivityPanel), scoped: false },
  { id: 'journal', ...panel(async () => (await import('./journal/JournalPanel')).JournalPanel), scoped: false },
  { id: 'learn', ...panel(async () => (await import('./learn/LearnPanel')).LearnPanel), scoped: false },
  { id: 'settings', ...panel(async () => (await import('./settings/SettingsPanel')).SettingsPanel), scoped: false },
];
const PANEL_IDS = PANELS.map((p) => p.id);

/**
 * Once the first list is in and the page is idle, evaluate the other panels'
 * chunks (fetched with the page: modulepreload, see electron.vite.config.mts),
 * so that switching to one does not wait; before that, the work would compete
 * with the list the user is waiting for.
 */
function usePrefetchPanels() {
  const settled = useContainers((s) => s.status === 'ready' || s.status === 'error');
  useEffect(() => {
    if (!settled) return;
    const fetchAll = () => {
      for (const p of PANELS) void p.load?.().catch(() => {});
    };
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(fetchAll, { timeout: 5000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(fetchAll, 1000);
    return () => clearTimeout(timer);
  }, [settled]);
}

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
  const current = useNavigation((s) => s.panel);
  const setPanel = useNavigation((s) => s.setPanel);
  const engineKey = useEngine((s) => engineKeyOf(s.status));
  useTheme();
  useLanguage();
  usePrefetchPanels();
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
            className={`nav-item ${current === id ? 'active' : ''}`}
            data-panel={id}
            aria-current={current === id ? 'page' : undefined}
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
          id === current ? (
            // One boundary per panel shown: a panel that fails says so, the rest of Berth stays usable.
            <PanelBoundary key={scoped ? `${id}@${engineKey}` : id}>
              <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>
                <Component />
              </Suspense>
            </PanelBoundary>
          ) : null,
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
