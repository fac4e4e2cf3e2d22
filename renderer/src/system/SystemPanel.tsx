import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngine } from '../stores/engine.store';
import { DiskUsageView } from './DiskUsageView';
import { EngineInfoView } from './EngineInfoView';
import { PruneView } from './PruneView';
import { useSystemTab, type SystemTab } from './system-tab';
import { useSystem } from '../stores';

const TABS: SystemTab[] = ['engine', 'disk', 'prune'];

/** `docker version`, `docker info`, `docker system df` and `docker system prune`, in one place. */
export function SystemPanel() {
  const { t } = useTranslation();
  const tab = useSystemTab((s) => s.tab);
  const setTab = useSystemTab((s) => s.setTab);
  const generation = useEngine((s) => s.status?.generation);
  const connected = useEngine((s) => s.status?.state === 'connected');
  const loadInfo = useSystem((s) => s.loadInfo);
  const loadDf = useSystem((s) => s.loadDf);
  const infoStatus = useSystem((s) => s.info.status);
  const dfStatus = useSystem((s) => s.df.status);

  // Loaded when shown, and again on a new engine generation (the store drops stale data then).
  useEffect(() => {
    if (!connected) return;
    if (tab === 'engine' && infoStatus === 'idle') void loadInfo();
    if (tab === 'disk' && dfStatus === 'idle') void loadDf();
  }, [tab, connected, generation, infoStatus, dfStatus, loadInfo, loadDf]);

  const refresh = () => void (tab === 'engine' ? loadInfo() : loadDf());
  const busy = tab === 'engine' ? infoStatus === 'loading' : dfStatus === 'loading';

  return (
    <section className="panel system" aria-labelledby="system-title">
      <header className="panel-header">
        <h1 id="system-title">{t('system.title')}</h1>
        <div className="tabs" role="tablist" aria-label={t('system.title')}>
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`system-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`system-tabpanel-${id}`}
              className={`tab ${tab === id ? 'active' : ''}`}
              onClick={() => setTab(id)}
            >
              {t(`system.tabs.${id}`)}
            </button>
          ))}
        </div>
        <span className="spacer" />
        {tab !== 'prune' && (
          <button type="button" onClick={refresh} disabled={busy || !connected}>
            {t('system.refresh')}
          </button>
        )}
      </header>
      <div role="tabpanel" id={`system-tabpanel-${tab}`} aria-labelledby={`system-tab-${tab}`} className="system-body">
        {tab === 'engine' && <EngineInfoView />}
        {tab === 'disk' && <DiskUsageView />}
        {tab === 'prune' && <PruneView />}
      </div>
    </section>
  );
}
