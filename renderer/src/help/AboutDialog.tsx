import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mode } from '../api';
import { ErrorText } from '../components/ErrorText';
import { useSystem } from '../stores';
import { Modal } from '../components/Modal';

/** Help > About: Berth's version and what it runs on. */
export function AboutDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const about = useSystem((s) => s.about);
  const load = useSystem((s) => s.loadAbout);
  const [copied, setCopied] = useState(false);
  useEffect(() => void load(), [load]);
  const a = about.value;
  const rows: [string, string | undefined][] = a
    ? [
        [t('help.berth'), a.berth],
        [t('help.mode'), mode === 'desktop' ? t('help.modeDesktop') : t('help.modeWeb')],
        [t('help.electron'), a.electron],
        [t('help.chrome'), a.chrome],
        [t('help.node'), a.node],
        [t('help.v8'), a.v8],
        [t('help.engine'), a.engine?.version ?? t('help.notConnected')],
        [t('help.api'), a.engine?.apiVersion],
        [t('help.endpoint'), a.engine?.endpoint],
        [t('help.platform'), `${a.platform}/${a.arch}`],
        [t('help.browser'), mode === 'web' ? navigator.userAgent : undefined],
      ]
    : [];
  const shown = rows.filter((r): r is [string, string] => !!r[1]);
  const copy = () =>
    void navigator.clipboard?.writeText(shown.map(([k, v]) => `${k}: ${v}`).join('\n')).then(() => setCopied(true));
  return (
    <Modal
      closeOnBackdrop
      title={t('help.aboutTitle')}
      onClose={onClose}
      footer={
        <button type="button" onClick={copy} disabled={!a}>
          {copied ? t('common.copied') : t('help.copyVersions')}
        </button>
      }
    >
      <div className="about-head">
        <img src="./icon.svg" alt="" width={40} height={40} />
        <div>
          <div className="name">Berth {a?.berth}</div>
          <div className="muted">{t('help.tagline')}</div>
        </div>
      </div>
      {about.error && (
        <p className="error-text" role="alert">
          <ErrorText error={about.error} />
        </p>
      )}
      {!a && !about.error && <p className="muted">{t('common.loading')}</p>}
      {a && (
        <dl className="info-list" aria-label={t('help.versions')}>
          {shown.map(([k, v]) => (
            <div key={k} className="info-row">
              <dt>{k}</dt>
              <dd className="mono small">{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </Modal>
  );
}
