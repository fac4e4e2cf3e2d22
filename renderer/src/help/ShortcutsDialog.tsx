import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal';
import { modKey, panelKey } from './shortcuts';

/** `?`: every keyboard shortcut, with the panels in sidebar order. */
export function ShortcutsDialog({ panels, onClose }: { panels: readonly string[]; onClose(): void }) {
  const { t } = useTranslation();
  const mod = modKey();
  const rows: [string, string][] = [
    [`${mod}+K`, t('help.keys.palette')],
    ['?', t('help.keys.help')],
    ['/', t('help.keys.filter')],
    ['Esc', t('help.keys.close')],
    ['↑ ↓', t('help.keys.move')],
    ['Enter', t('help.keys.open')],
  ];
  return (
    <Modal closeOnBackdrop title={t('help.shortcutsTitle')} onClose={onClose} className="shortcuts-dialog">
      <table className="grid shortcuts" aria-label={t('help.shortcutsTitle')}>
        <tbody>
          {rows.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                <Keys keys={keys} />
              </td>
              <td>{what}</td>
            </tr>
          ))}
          {panels.map((p) => {
            const k = panelKey(panels, p);
            return (
              k && (
                <tr key={p} data-panel={p}>
                  <td>
                    <Keys keys={`${mod}+${k}`} /> <span className="muted small">/ </span>
                    <Keys keys={`Alt+${k}`} />
                  </td>
                  <td>{t('help.keys.panelN', { panel: t(`nav.${p}`) })}</td>
                </tr>
              )
            );
          })}
        </tbody>
      </table>
      <p className="muted small">{t('help.keys.panel')}</p>
    </Modal>
  );
}

export function Keys({ keys }: { keys: string }) {
  const parts = keys === '↑ ↓' ? ['↑', '↓'] : keys.split('+');
  return (
    <span className="keys">
      {parts.map((k, i) => (
        <kbd key={i}>{k}</kbd>
      ))}
    </span>
  );
}
