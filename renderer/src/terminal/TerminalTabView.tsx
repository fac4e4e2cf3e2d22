import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import type { BerthError } from '../../../preload/contract/errors';
import { terminalCommands } from '../lib/terminal-commands';
import { useContainers } from '../stores';
import { FONT_SIZES, useTerminal, type TerminalTab } from '../stores/terminal.store';
import { terminalRegistry } from './terminal-registry';
import { onOtherEngine, reconnectTab, switchToTabEngine } from './terminal-tabs';
import { useEngine } from '../stores/engine.store';

/** Ctrl+P Ctrl+Q as a person reads it. */
export function keysLabel(keys: string): string {
  return keys
    .split(',')
    .map((k) => (k.startsWith('ctrl-') ? `Ctrl+${k.slice(5).toUpperCase()}` : k))
    .join(' ');
}

function commandOf(tab: TerminalTab): string | undefined {
  if (tab.kind === 'exec')
    return terminalCommands.exec(tab.title, { ...tab.exec, shell: tab.exec?.shell ?? tab.shell });
  if (tab.kind === 'attach') return terminalCommands.attach(tab.title, tab.detachKeys);
  return undefined;
}

/** One terminal tab: toolbar, what happened (banners), and the slot its registry xterm moves into. */
export function TerminalTabView({ tab }: { tab: TerminalTab }) {
  const { t } = useTranslation();
  const slot = useRef<HTMLDivElement>(null);
  const [searching, setSearching] = useState(false);
  const fontSize = useTerminal((s) => s.fontSize);
  const setFontSize = useTerminal((s) => s.setFontSize);
  const allowClipboardWrite = useTerminal((s) => s.allowClipboardWrite);
  const setAllowClipboardWrite = useTerminal((s) => s.setAllowClipboardWrite);
  const detachKeys = tab.detachKeys ?? useTerminal.getState().detachKeys;

  // Move the tab's xterm into the slot while shown; take it out (alive) when hidden.
  useEffect(() => {
    const session = terminalRegistry.get(tab.id);
    const el = slot.current;
    if (!session || !el) return;
    session.attach(el);
    session.onSearchKey = () => setSearching(true);
    const focus = requestAnimationFrame(() => {
      session.fit();
      session.term.focus();
    });
    const ro = new ResizeObserver(() => session.fit());
    ro.observe(el);
    return () => {
      cancelAnimationFrame(focus);
      ro.disconnect();
      session.onSearchKey = undefined;
      session.detach();
    };
  }, [tab.id]);

  const session = () => terminalRegistry.get(tab.id);
  const command = commandOf(tab);
  const ended = tab.status === 'exited' || tab.status === 'detached' || tab.status === 'error';

  return (
    <div className="term-view" data-tab={tab.id}>
      <div className="term-toolbar">
        <button type="button" onClick={() => void session()?.copySelection()}>
          {t('terminal.toolbar.copy')}
        </button>
        <button type="button" onClick={() => void session()?.pasteClipboard()} disabled={ended}>
          {t('terminal.toolbar.paste')}
        </button>
        <button type="button" aria-pressed={searching} onClick={() => setSearching((v) => !v)}>
          {t('terminal.toolbar.search')}
        </button>
        <button type="button" onClick={() => session()?.term.clear()}>
          {t('terminal.toolbar.clear')}
        </button>
        <span className="term-font" aria-label={t('terminal.toolbar.fontSize', { size: fontSize })}>
          <button
            type="button"
            aria-label={t('terminal.toolbar.fontSmaller')}
            disabled={fontSize <= FONT_SIZES.min}
            onClick={() => setFontSize(fontSize - 1)}
          >
            A−
          </button>
          <span className="muted small" data-testid="font-size">
            {fontSize}
          </span>
          <button
            type="button"
            aria-label={t('terminal.toolbar.fontLarger')}
            disabled={fontSize >= FONT_SIZES.max}
            onClick={() => setFontSize(fontSize + 1)}
          >
            A+
          </button>
        </span>
        {tab.kind === 'attach' && tab.status === 'open' && tab.openStdin !== false && (
          <button type="button" onClick={() => session()?.sendDetachKeys(detachKeys)}>
            {t('terminal.toolbar.detach')} ({keysLabel(detachKeys)})
          </button>
        )}
        <span className="spacer" />
        <label className="check small" title={t('terminal.toolbar.clipboardWriteHelp')}>
          <input
            type="checkbox"
            checked={allowClipboardWrite}
            onChange={(e) => setAllowClipboardWrite(e.target.checked)}
          />
          {t('terminal.toolbar.clipboardWrite')}
        </label>
        <span className={`term-status ${tab.status}`} data-testid="term-status">
          {t(`terminal.status.${tab.status}`)}
          {tab.shell && tab.kind !== 'attach' ? ` · ${tab.shell}` : ''}
        </span>
      </div>
      {searching && <SearchBar tabId={tab.id} onClose={() => setSearching(false)} />}
      {tab.kind === 'attach' && tab.status !== 'error' && (
        <div className="banner warn term-banner" role="note">
          <span>{t('terminal.attachWarning', { name: tab.title, keys: keysLabel(detachKeys) })}</span>
          {tab.openStdin === false && <span className="detail">{t('terminal.noStdin')}</span>}
        </div>
      )}
      <StatusBanner tab={tab} />
      <div className="term-slot" ref={slot} />
      {command && <CommandHint command={command} />}
    </div>
  );
}

/**
 * The tab's session belongs to an engine that is not the active one: it goes
 * on running there, but opening it again needs that engine back.
 */
export function OtherEngineNote({ tab }: { tab: TerminalTab }) {
  const { t } = useTranslation();
  const [error, setError] = useState<BerthError | undefined>();
  const [busy, setBusy] = useState(false);
  const name = tab.engineName ?? tab.engineKey ?? '';
  return (
    <div className="banner warn term-banner" role="note" data-testid="term-other-engine">
      <span>{t('terminal.banners.otherEngine', { engine: name })}</span>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          switchToTabEngine(tab.id).then(
            () => setBusy(false),
            (e: unknown) => {
              setBusy(false);
              setError(e as BerthError);
            },
          );
        }}
      >
        {t('terminal.banners.switchEngine', { engine: name })}
      </button>
      {error && (
        <span className="detail">
          <ErrorText error={error} />
        </span>
      )}
    </div>
  );
}

function StatusBanner({ tab }: { tab: TerminalTab }) {
  const { t } = useTranslation();
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<BerthError | undefined>();
  // Re-render when the active engine changes: whether this tab may reconnect depends on it.
  const engineUp = useEngine((s) => s.status?.state === 'connected');
  useEngine((s) => s.status?.engineId ?? s.status?.endpoint);
  if ((tab.status === 'exited' || tab.status === 'detached' || tab.status === 'error') && onOtherEngine(tab)) {
    return <OtherEngineNote tab={tab} />;
  }
  const again =
    tab.kind === 'exec'
      ? t('terminal.banners.newShell')
      : tab.kind === 'attach'
        ? t('terminal.banners.reattach')
        : t('terminal.banners.reconnect');
  if (tab.status === 'exited') {
    return (
      <div className="banner term-banner" role="status">
        <span>
          {tab.exitCode === undefined || tab.exitCode === null
            ? t('terminal.banners.exitedUnknown')
            : t('terminal.banners.exited', { code: tab.exitCode })}
        </span>
        <button type="button" onClick={() => reconnectTab(tab.id)}>
          {again}
        </button>
      </div>
    );
  }
  if (tab.status === 'detached') {
    return (
      <div className="banner term-banner" role="status">
        <span>{t('terminal.banners.detached')}</span>
        <button type="button" onClick={() => reconnectTab(tab.id)}>
          {again}
        </button>
      </div>
    );
  }
  if (tab.status !== 'error' || !tab.error) return null;
  const start = () => {
    if (!tab.containerId) return;
    setStarting(true);
    setStartError(undefined);
    const id = tab.containerId;
    const c = useContainers.getState().byId.get(id);
    const call = c?.state === 'paused' ? api.call('containers.unpause', { id }) : api.call('containers.start', { id });
    call.then(
      () => {
        setStarting(false);
        reconnectTab(tab.id);
      },
      (e: unknown) => {
        setStarting(false);
        setStartError(e as BerthError);
      },
    );
  };
  return (
    <div className="banner error term-banner" role="alert">
      <span>
        {tab.reason === 'not_running' ? (
          t('terminal.banners.notRunning', { name: tab.title })
        ) : tab.reason === 'no_shell' ? (
          <>
            {t('terminal.banners.noShell', { tried: (tab.tried ?? []).join(', ') })} {t('terminal.banners.noShellHelp')}
          </>
        ) : tab.reason === 'engine_gone' ? (
          t('terminal.banners.engineGone')
        ) : tab.reason === 'lost' ? (
          t('terminal.banners.lost')
        ) : tab.reason === 'host_unavailable' ? (
          t('terminal.banners.hostUnavailable')
        ) : (
          <ErrorText error={tab.error} />
        )}
      </span>
      {tab.reason === 'not_running' && (
        <button type="button" className="primary" disabled={starting} onClick={start}>
          {starting ? t('terminal.banners.starting') : t('terminal.banners.startAndRetry')}
        </button>
      )}
      {(tab.reason === 'engine_gone' || tab.reason === 'lost' || tab.reason === undefined) && (
        <button type="button" disabled={tab.reason === 'engine_gone' && !engineUp} onClick={() => reconnectTab(tab.id)}>
          {t('terminal.banners.reconnect')}
        </button>
      )}
      {tab.reason === 'engine_gone' && !engineUp && (
        <span className="muted small">{t('terminal.banners.waitingForEngine')}</span>
      )}
      {tab.reason !== undefined && <span className="detail">{tab.error.message}</span>}
      {startError && (
        <span className="detail">
          <ErrorText error={startError} />
        </span>
      )}
    </div>
  );
}

function SearchBar({ tabId, onClose }: { tabId: string; onClose(): void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [result, setResult] = useState<{ index: number; count: number } | undefined>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    const s = terminalRegistry.get(tabId);
    if (!s) return;
    const sub = s.search.onDidChangeResults((r) => setResult({ index: r.resultIndex, count: r.resultCount }));
    return () => {
      sub.dispose();
      s.search.clearDecorations();
    };
  }, [tabId]);
  const find = (dir: 'next' | 'previous', q = query) => {
    const s = terminalRegistry.get(tabId);
    if (!s) return;
    if (!q) {
      s.search.clearDecorations();
      setResult(undefined);
      return;
    }
    let ok = false;
    try {
      ok = s.find(q, dir, { regex, caseSensitive, incremental: dir === 'next' });
    } catch {
      ok = false; // an unfinished regex
    }
    if (!ok) setResult({ index: -1, count: 0 });
  };
  return (
    <div className="term-search" role="search">
      <input
        ref={input}
        type="search"
        aria-label={t('terminal.toolbar.searchPlaceholder')}
        placeholder={t('terminal.toolbar.searchPlaceholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          find('next', e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(e.shiftKey ? 'previous' : 'next');
          if (e.key === 'Escape') {
            onClose();
            terminalRegistry.get(tabId)?.term.focus();
          }
        }}
      />
      <button type="button" onClick={() => find('previous')}>
        {t('terminal.toolbar.previous')}
      </button>
      <button type="button" onClick={() => find('next')}>
        {t('terminal.toolbar.next')}
      </button>
      <label className="check small">
        <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} />
        {t('terminal.toolbar.regex')}
      </label>
      <label className="check small">
        <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
        {t('terminal.toolbar.caseSensitive')}
      </label>
      <span className="muted small" data-testid="term-search-result">
        {query && result
          ? result.count === 0
            ? t('terminal.toolbar.noMatch')
            : `${result.index >= 0 ? result.index + 1 : '?'} / ${result.count}`
          : ''}
      </span>
      <button type="button" className="link" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
