import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../preload/contract/settings.contract';
import { mode } from '../api';
import { ErrorText } from '../components/ErrorText';
import { LANGUAGES, type Language } from '../i18n';
import { useSettings, type ThemeSetting } from '../stores/settings.store';

type Notifications = Settings['notifications'];
const NOTIFICATIONS: (keyof Notifications)[] = [
  'containerExit',
  'oom',
  'unhealthy',
  'pullFinished',
  'pushFinished',
  'buildFinished',
];

/** Every setting main keeps, in one place; changes apply at once and reach every window. */
export function SettingsPanel() {
  const { t } = useTranslation();
  const main = useSettings((s) => s.main);
  const language = useSettings((s) => s.language);
  const theme = useSettings((s) => s.theme);
  const commandHints = useSettings((s) => s.commandHints);
  const saving = useSettings((s) => s.saving);
  const error = useSettings((s) => s.error);
  const update = useSettings((s) => s.update);
  const set = (change: Parameters<typeof update>[0]) => void update(change);

  return (
    <section className="panel settings-panel" aria-labelledby="settings-title">
      <header className="panel-header">
        <h1 id="settings-title">{t('settingsPanel.title')}</h1>
        <span className="count" role="status" data-testid="settings-state">
          {saving > 0 ? t('settingsPanel.saving') : main ? t('settingsPanel.saved') : ''}
        </span>
      </header>
      <p className="muted small">{t('settingsPanel.storedIn')}</p>
      {error && (
        <div className="banner error" role="alert">
          <ErrorText error={error} />
        </div>
      )}

      <fieldset className="aid-card settings-group">
        <legend>{t('settingsPanel.appearance')}</legend>
        <label className="field-inline">
          <span>{t('settingsPanel.language')}</span>
          <select
            value={language ?? 'system'}
            onChange={(e) => set({ language: e.target.value === 'system' ? null : (e.target.value as Language) })}
          >
            <option value="system">{t('settingsPanel.languageSystem')}</option>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('settingsPanel.theme')}</span>
          <select value={theme} onChange={(e) => set({ theme: e.target.value as ThemeSetting })}>
            <option value="system">{t('settingsPanel.themeSystem')}</option>
            <option value="light">{t('settingsPanel.light')}</option>
            <option value="dark">{t('settingsPanel.dark')}</option>
          </select>
        </label>
      </fieldset>

      <fieldset className="aid-card settings-group">
        <legend>{t('settingsPanel.learning')}</legend>
        <label className="check">
          <input type="checkbox" checked={commandHints} onChange={(e) => set({ commandHints: e.target.checked })} />
          {t('settingsPanel.commandHints')}
        </label>
        <p className="muted small">{t('settingsPanel.commandHintsHelp')}</p>
      </fieldset>

      <fieldset className="aid-card settings-group" disabled={!main}>
        <legend>{t('settingsPanel.notifications')}</legend>
        <p className="muted small">{t('settingsPanel.notificationsHelp')}</p>
        {NOTIFICATIONS.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={main?.notifications[k] ?? true}
              onChange={(e) => main && set({ notifications: { ...main.notifications, [k]: e.target.checked } })}
            />
            {t(`settingsPanel.${k}`)}
          </label>
        ))}
      </fieldset>

      <fieldset className="aid-card settings-group" disabled={!main}>
        <legend>{t('settingsPanel.terminal')}</legend>
        <label className="field-inline">
          <span>{t('settingsPanel.fontSize')}</span>
          <FontSize value={main?.terminalFontSize ?? 13} onCommit={(n) => set({ terminalFontSize: n })} />
        </label>
      </fieldset>

      <fieldset className="aid-card settings-group" disabled={!main}>
        <legend>{t('settingsPanel.desktop')}</legend>
        {mode === 'web' && <p className="muted small">{t('settingsPanel.desktopOnly')}</p>}
        <label className="check">
          <input
            type="checkbox"
            checked={main?.closeToTray ?? true}
            onChange={(e) => set({ closeToTray: e.target.checked })}
          />
          {t('settingsPanel.closeToTray')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={main?.startAtLogin ?? false}
            onChange={(e) => set({ startAtLogin: e.target.checked })}
          />
          {t('settingsPanel.startAtLogin')}
        </label>
      </fieldset>
    </section>
  );
}

/** A number field that saves only whole sizes from 8 to 32, and lets the user type meanwhile. */
function FontSize({ value, onCommit }: { value: number; onCommit(n: number): void }) {
  const [draft, setDraft] = useState<string | undefined>();
  const valid = (s: string) => /^\d+$/.test(s) && Number(s) >= 8 && Number(s) <= 32;
  const text = draft ?? String(value);
  return (
    <input
      type="number"
      min={8}
      max={32}
      step={1}
      value={text}
      aria-invalid={!valid(text) || undefined}
      onChange={(e) => {
        setDraft(e.target.value);
        if (valid(e.target.value) && Number(e.target.value) !== value) onCommit(Number(e.target.value));
      }}
      onBlur={() => setDraft(undefined)}
    />
  );
}
