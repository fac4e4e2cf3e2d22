import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download } from '../activity/activity-view';
import { toShellScript } from '../lib/journal';
import { useJournal } from '../stores';
import { useSettings } from '../stores/settings.store';

export const scriptName = (now = new Date()) => `berth-journal-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.sh`;

/** The command journal: the docker equivalent of every change made in Berth this session, in order. */
export function JournalPanel() {
  const { t, i18n } = useTranslation();
  const entries = useJournal((s) => s.entries);
  const clear = useJournal((s) => s.clear);
  const hints = useSettings((s) => s.commandHints);
  const [copied, setCopied] = useState<number | 'all' | undefined>();
  const time = useMemo(() => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }), [i18n.language]);
  const header = () => `${t('journal.scriptHeader')}, ${new Date().toISOString()}`;
  const script = () =>
    toShellScript(
      entries.map((e) => e.command),
      header(),
    );
  const copy = (what: number | 'all', text: string) =>
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(what);
      setTimeout(() => setCopied(undefined), 1200);
    });

  return (
    <section className="panel journal" aria-labelledby="journal-title">
      <header className="panel-header">
        <h1 id="journal-title">{t('journal.title')}</h1>
        <span className="count" data-testid="journal-count">
          {t('journal.count', { count: entries.length })}
        </span>
        <span className="spacer" />
        <button type="button" className="primary" disabled={entries.length === 0} onClick={() => copy('all', script())}>
          {copied === 'all' ? t('journal.copied') : t('journal.copyScript')}
        </button>
        <button
          type="button"
          disabled={entries.length === 0}
          onClick={() => download(scriptName(), script(), 'text/x-shellscript')}
        >
          {t('journal.download')}
        </button>
        <button type="button" disabled={entries.length === 0} onClick={clear}>
          {t('journal.clear')}
        </button>
      </header>
      <p className="muted small">{t('journal.intro')}</p>
      {!hints && <p className="muted small">{t('journal.hintsOff')}</p>}
      <div className="table-wrap">
        <table className="grid journal-table" aria-label={t('journal.title')}>
          <thead>
            <tr>
              <th>{t('journal.cols.time')}</th>
              <th>{t('journal.cols.command')}</th>
              <th>{t('journal.cols.from')}</th>
              <th className="actions-col" />
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} data-seq={e.seq} data-call={e.call}>
                <td className="small nowrap">{time.format(e.time)}</td>
                <td>
                  <pre className="journal-command">{e.command}</pre>
                </td>
                <td className="mono small muted">{e.call}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => copy(e.seq, e.command)}>
                    {copied === e.seq ? t('journal.copied') : t('journal.copyLine')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.length === 0 && <p className="empty">{t('journal.empty')}</p>}
      </div>
    </section>
  );
}
