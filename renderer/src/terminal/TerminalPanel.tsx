import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LogsView } from '../logs/LogsView';
import { StatsView } from '../stats/StatsView';
import { useTerminal, type TerminalTab } from '../stores/terminal.store';
import { useTerminalRequests } from '../stores/terminal-requests.store';
import { NewSessionDialog } from './NewSessionDialog';
import { OtherEngineNote, TerminalTabView } from './TerminalTabView';
import { closeTab, onOtherEngine, openTab } from './terminal-tabs';
import { useEngine } from '../stores/engine.store';

/** Open a tab for every pending request from other panels (containers list, details, tray, run form). */
function useTerminalRequestsConsumer() {
  useEffect(() => {
    const drain = () => {
      for (const r of useTerminalRequests.getState().take()) openTab({ kind: r.mode, containerId: r.containerId });
    };
    drain();
    return useTerminalRequests.subscribe((s) => {
      if (s.pending.length) drain();
    });
  }, []);
}

const KIND_MARK: Record<TerminalTab['kind'], string> = { exec: '>_', attach: '⇄', host: '$', logs: '≡', stats: '∿' };

/**
 * Tabs of terminal sessions (exec, attach, host) and of logs and stats views.
 * A terminal tab's xterm lives in the registry: switching tabs or panels
 * moves it, never re-creates it.
 */
export function TerminalPanel() {
  const { t } = useTranslation();
  const tabs = useTerminal((s) => s.tabs);
  const activeId = useTerminal((s) => s.activeId);
  const activate = useTerminal((s) => s.activate);
  const [picking, setPicking] = useState(false);
  // Tabs of another engine are marked, and their logs and stats wait for that engine.
  useEngine((s) => s.status?.engineId ?? s.status?.endpoint);
  useTerminalRequestsConsumer();
  const active = tabs.find((x) => x.id === activeId) ?? tabs[0];

  return (
    <section className="panel term-panel" aria-labelledby="terminal-title">
      <header className="panel-header">
        <h1 id="terminal-title">{t('terminal.title')}</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setPicking(true)}>
          {t('terminal.newSession')}
        </button>
      </header>
      {tabs.length > 0 && (
        <div className="term-tabs" role="tablist" aria-label={t('terminal.tabsLabel')}>
          {tabs.map((tab) => (
            <div
              key={tab.id}
              className={`term-tab ${tab.id === active?.id ? 'active' : ''} ${tab.status}`}
              data-tab={tab.id}
              data-kind={tab.kind}
              data-status={tab.status}
            >
              <button
                type="button"
                role="tab"
                aria-selected={tab.id === active?.id}
                className="term-tab-label"
                title={`${t(`terminal.kinds.${tab.kind}`)} · ${tab.title} · ${t(`terminal.status.${tab.status}`)}`}
                onClick={() => activate(tab.id)}
              >
                <span className="term-tab-mark" aria-hidden="true">
                  {KIND_MARK[tab.kind]}
                </span>
                <span className="term-tab-title">{tab.title}</span>
                {onOtherEngine(tab) && (
                  <span className="term-tab-engine muted small" data-testid="term-tab-engine">
                    @{tab.engineName ?? tab.engineKey}
                  </span>
                )}
                <span className="sr-only"> {t(`terminal.kinds.${tab.kind}`)}</span>
                <span className={`term-tab-dot ${tab.status}`} aria-hidden="true" />
              </button>
              <button
                type="button"
                className="term-tab-close"
                aria-label={t('terminal.closeTab', { title: `${tab.title} (${t(`terminal.kinds.${tab.kind}`)})` })}
                onClick={() => closeTab(tab.id)}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      )}
      {tabs.length === 0 && <p className="empty">{t('terminal.empty')}</p>}
      {active && (
        <div className="term-body" role="tabpanel" key={active.id}>
          {(active.kind === 'logs' || active.kind === 'stats') && onOtherEngine(active) ? (
            <OtherEngineNote tab={active} />
          ) : active.kind === 'logs' && active.containerId ? (
            <LogsView containerId={active.containerId} />
          ) : active.kind === 'stats' && active.containerId ? (
            <StatsView containerId={active.containerId} />
          ) : (
            <TerminalTabView tab={active} />
          )}
        </div>
      )}
      {picking && (
        <NewSessionDialog
          onClose={() => setPicking(false)}
          onOpen={(o) => {
            setPicking(false);
            openTab(o);
          }}
        />
      )}
    </section>
  );
}
