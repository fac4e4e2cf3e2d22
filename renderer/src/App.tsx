import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContainersPanel } from './containers/ContainersPanel';
import { EngineBanner } from './components/EngineBanner';
import { StatusBar } from './components/StatusBar';
import { LANGUAGES, setLanguage, systemLanguage, type Language } from './i18n';
import { useSettings, type ThemeSetting } from './stores/settings.store';

type Panel = 'containers';
const PANELS: Panel[] = ['containers'];

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
  const [panel, setPanel] = useState<Panel>('containers');
  useTheme();
  useLanguage();
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Berth">
        <div className="brand">
          <img src="./icon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </div>
        {PANELS.map((p) => (
          <button
            key={p}
            type="button"
            className={`nav-item ${panel === p ? 'active' : ''}`}
            aria-current={panel === p ? 'page' : undefined}
            onClick={() => setPanel(p)}
          >
            {t(`nav.${p}`)}
          </button>
        ))}
        <span className="spacer" />
        <SettingsControls />
      </nav>
      <main className="content">
        <EngineBanner />
        {panel === 'containers' && <ContainersPanel />}
      </main>
      <StatusBar />
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
