import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineEntry, EngineProbe, EngineSpec } from '../../../preload/contract/engines.contract';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import { api } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorText } from '../components/ErrorText';
import { useEngine } from '../stores/engine.store';

/**
 * The engines Berth can use, each checked; add one (with TLS or SSH), test
 * it, switch to it. The list is small and read on demand, so it lives here
 * rather than in a store.
 */
export function EnginesPanel() {
  const { t } = useTranslation();
  const [engines, setEngines] = useState<EngineEntry[] | undefined>();
  const [error, setError] = useState<BerthError | undefined>();
  const [removing, setRemoving] = useState<EngineEntry | undefined>();
  const activeId = useEngine((s) => s.status?.engineId);

  const load = useCallback(async (probe = true) => {
    try {
      setEngines(await api.call('engines.list', { probe }));
      setError(undefined);
    } catch (e) {
      setError(asBerthError(e));
    }
  }, []);

  // Fast list first, then the same list with every engine probed; again when the active engine changes.
  useEffect(() => {
    let live = true;
    api
      .call('engines.list', { probe: false })
      .then((list) => live && setEngines(list))
      .then(() => api.call('engines.list', { probe: true }))
      .then((list) => live && setEngines(list))
      .catch((e: unknown) => live && setError(asBerthError(e)));
    return () => {
      live = false;
    };
  }, [activeId]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await load(false);
    } catch (e) {
      setError(asBerthError(e));
    }
  };

  return (
    <section className="panel" aria-labelledby="engines-title">
      <header className="panel-header">
        <h1 id="engines-title">{t('engines.title')}</h1>
        <span className="spacer" />
        <button type="button" onClick={() => void load(true)}>
          {t('engines.refresh')}
        </button>
      </header>
      <p className="muted">{t('engines.intro')}</p>
      {error && (
        <div className="banner error" role="alert">
          <ErrorText error={error} />
        </div>
      )}
      <div className="table-wrap">
        <table className="grid" aria-label={t('engines.title')}>
          <thead>
            <tr>
              <th>{t('engines.columns.name')}</th>
              <th>{t('engines.columns.address')}</th>
              <th>{t('engines.columns.source')}</th>
              <th>{t('engines.columns.status')}</th>
              <th className="actions-col">{t('engines.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(engines ?? []).map((e) => (
              <tr key={e.id} data-engine-id={e.id} data-active={e.active || undefined}>
                <td>
                  <div className="name">{e.name}</div>
                  {e.active && <span className="state-pill running">{t('engines.active')}</span>}
                </td>
                <td className="mono small">
                  {e.host}
                  {e.tls && <div className="muted">TLS</div>}
                </td>
                <td>{t(`engines.source.${e.source}`)}</td>
                <td className="small">
                  {e.reachable === undefined ? (
                    <span className="muted">{t('engines.checking')}</span>
                  ) : e.reachable ? (
                    <>
                      <span className="ok-text">{t('engines.reachable', { version: e.engineVersion ?? '?' })}</span>
                      {e.connected && !e.active && (
                        <div className="muted" data-testid="engine-kept">
                          {t('engines.kept')}
                        </div>
                      )}
                    </>
                  ) : (
                    <>
                      <span className="error-text">{t('engines.unreachable')}</span>
                      <div className="detail">{e.error}</div>
                    </>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    disabled={e.active}
                    aria-label={`${t('engines.use')} ${e.name}`}
                    onClick={() => void act(() => api.call('engines.activate', { id: e.id }))}
                  >
                    {t('engines.use')}
                  </button>
                  {e.source === 'settings' && (
                    <button
                      type="button"
                      className="danger-text"
                      disabled={e.active}
                      aria-label={`${t('engines.remove')} ${e.name}`}
                      onClick={() => setRemoving(e)}
                    >
                      {t('engines.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddEngine onAdded={() => void load(true)} />
      {removing && (
        <ConfirmDialog
          title={t('engines.removeTitle', { name: removing.name })}
          confirmLabel={t('engines.remove')}
          danger
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            const id = removing.id;
            setRemoving(undefined);
            void act(() => api.call('engines.remove', { id }));
          }}
        >
          <p>{t('engines.removeBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddEngine({ onAdded }: { onAdded(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [host, setHost] = useState('');
  const [useTls, setUseTls] = useState(false);
  const [certDir, setCertDir] = useState('');
  const [verify, setVerify] = useState(true);
  const [identityFile, setIdentityFile] = useState('');
  const [probe, setProbe] = useState<EngineProbe | undefined>();
  const [error, setError] = useState<BerthError | undefined>();
  const [busy, setBusy] = useState(false);

  const spec = (): EngineSpec => ({
    name: name.trim() || host.trim(),
    host: host.trim(),
    ...(useTls && certDir.trim() ? { tls: { certDir: certDir.trim(), verify } } : {}),
    ...(host.startsWith('ssh://') && identityFile.trim() ? { ssh: { identityFile: identityFile.trim() } } : {}),
  });
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(asBerthError(e));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (path: string) => error?.issues?.find((i) => i.path === path)?.message;

  return (
    <form
      className="card form"
      aria-label={t('engines.add')}
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api.call('engines.add', spec());
          setName('');
          setHost('');
          setProbe(undefined);
          onAdded();
        });
      }}
    >
      <h2>{t('engines.add')}</h2>
      <label className="field">
        <span>{t('engines.name')}</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
      </label>
      <label className="field">
        <span>{t('engines.host')}</span>
        <input
          type="text"
          value={host}
          onChange={(e) => setHost(e.target.value)}
          placeholder={t('engines.hostHelp')}
          required
          aria-invalid={!!fieldError('host')}
        />
        {fieldError('host') && <span className="error-text small">{fieldError('host')}</span>}
      </label>
      {host.startsWith('tcp://') && (
        <>
          <label className="check">
            <input type="checkbox" checked={useTls} onChange={(e) => setUseTls(e.target.checked)} />
            {t('engines.tls')}
          </label>
          {useTls && (
            <>
              <label className="field">
                <span>{t('engines.certDir')}</span>
                <input type="text" value={certDir} onChange={(e) => setCertDir(e.target.value)} />
              </label>
              <label className="check">
                <input type="checkbox" checked={verify} onChange={(e) => setVerify(e.target.checked)} />
                {t('engines.verify')}
              </label>
            </>
          )}
        </>
      )}
      {host.startsWith('ssh://') && (
        <label className="field">
          <span>{t('engines.identityFile')}</span>
          <input type="text" value={identityFile} onChange={(e) => setIdentityFile(e.target.value)} />
        </label>
      )}
      <div className="form-actions">
        <button
          type="button"
          disabled={busy || !host.trim()}
          onClick={() => void run(async () => setProbe(await api.call('engines.test', spec())))}
        >
          {t('engines.test')}
        </button>
        <button type="submit" className="primary" disabled={busy || !host.trim()}>
          {t('engines.save')}
        </button>
      </div>
      {probe && (
        <p role="status" className={probe.ok ? 'ok-text' : 'error-text'}>
          {probe.ok
            ? t('engines.testOk', { version: probe.engineVersion, api: probe.apiVersion, os: probe.os })
            : t('engines.testFailed', { error: probe.error })}
        </p>
      )}
      {error && !fieldError('host') && (
        <p role="alert" className="error-text">
          <ErrorText error={error} />
        </p>
      )}
    </form>
  );
}
