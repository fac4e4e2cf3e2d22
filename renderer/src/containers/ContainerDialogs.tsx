import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  KILL_SIGNALS,
  NEW_CONTAINER_NAME,
  type ContainerSummary,
  type PruneResult,
} from '../../../preload/contract/containers.contract';
import { type BerthError, asBerthError } from '../../../preload/contract/errors';
import { CommandHint } from '../components/CommandHint';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorText } from '../components/ErrorText';
import { containerCommands } from '../lib/docker-command';
import { useContainers } from '../stores';
import type { KillSignal } from '../stores/containers.store';
import { isRunning, shortImage } from './container-rows';

function ErrorLine({ error }: { error: BerthError | undefined }) {
  if (!error) return null;
  return (
    <p className="error-text" role="alert">
      <ErrorText error={error} />
    </p>
  );
}

export function RemoveDialog({ c, onClose }: { c: ContainerSummary; onClose(): void }) {
  const { t } = useTranslation();
  const act = useContainers((s) => s.act);
  const busy = useContainers((s) => s.busy[c.id]);
  const [force, setForce] = useState(false);
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const [error, setError] = useState<BerthError | undefined>();
  const running = isRunning(c);
  const confirm = () => {
    setError(undefined);
    act(c.id, 'remove', { force, removeVolumes }).then(onClose, (e: unknown) => {
      setError(asBerthError(e));
      useContainers.getState().dismissFailure();
    });
  };
  return (
    <ConfirmDialog
      title={t('containers.removeTitle', { name: c.name })}
      confirmLabel={t('containers.actions.remove')}
      danger
      busy={!!busy}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>{t('containers.removeBody')}</p>
      {running && !force && <p className="warn-text">{t('containers.removeRunning')}</p>}
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        {t('containers.removeForce')}
      </label>
      <label className="check">
        <input type="checkbox" checked={removeVolumes} onChange={(e) => setRemoveVolumes(e.target.checked)} />
        {t('containers.removeVolumes')}
      </label>
      <CommandHint command={containerCommands.remove(c.name, { force, removeVolumes })} />
      <ErrorLine error={error} />
    </ConfirmDialog>
  );
}

export function BulkRemoveDialog({ ids, onClose }: { ids: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const byId = useContainers((s) => s.byId);
  const bulk = useContainers((s) => s.bulk);
  const [force, setForce] = useState(false);
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const [busy, setBusy] = useState(false);
  const rows = ids.map((id) => byId.get(id)).filter((c): c is ContainerSummary => !!c);
  const anyRunning = rows.some(isRunning);
  const confirm = () => {
    setBusy(true);
    void bulk(ids, 'remove', { force, removeVolumes }).then(() => {
      useContainers.getState().clearSelection();
      onClose();
    });
  };
  return (
    <ConfirmDialog
      title={t('containers.bulk.removeTitle', { count: ids.length })}
      confirmLabel={t('containers.actions.remove')}
      danger
      busy={busy}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>{t('containers.bulk.removeBody')}</p>
      <ul className="name-list">
        {rows.map((c) => (
          <li key={c.id}>
            <span className="mono">{c.name}</span>{' '}
            <span className={`state-pill ${c.state}`}>{t(`containers.state.${c.state}`)}</span>
          </li>
        ))}
      </ul>
      {anyRunning && !force && <p className="warn-text">{t('containers.removeRunning')}</p>}
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        {t('containers.removeForce')}
      </label>
      <label className="check">
        <input type="checkbox" checked={removeVolumes} onChange={(e) => setRemoveVolumes(e.target.checked)} />
        {t('containers.removeVolumes')}
      </label>
      <CommandHint
        command={containerCommands.bulk(
          'rm',
          rows.map((c) => c.name),
          { force, removeVolumes },
        )}
      />
    </ConfirmDialog>
  );
}

export function KillDialog({ c, onClose }: { c: ContainerSummary; onClose(): void }) {
  const { t } = useTranslation();
  const act = useContainers((s) => s.act);
  const busy = useContainers((s) => s.busy[c.id]);
  const [signal, setSignal] = useState<KillSignal>('SIGKILL');
  const [error, setError] = useState<BerthError | undefined>();
  const confirm = () => {
    setError(undefined);
    act(c.id, 'kill', { signal }).then(onClose, (e: unknown) => {
      setError(asBerthError(e));
      useContainers.getState().dismissFailure();
    });
  };
  return (
    <ConfirmDialog
      title={t('containers.kill.title', { name: c.name })}
      confirmLabel={t('containers.kill.confirm')}
      danger
      busy={!!busy}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <label className="field">
        <span>{t('containers.kill.signal')}</span>
        <select value={signal} onChange={(e) => setSignal(e.target.value as KillSignal)}>
          {KILL_SIGNALS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{t('containers.kill.body')}</p>
      <CommandHint command={containerCommands.kill(c.name, signal)} />
      <ErrorLine error={error} />
    </ConfirmDialog>
  );
}

export function StopDialog({ c, onClose }: { c: ContainerSummary; onClose(): void }) {
  const { t } = useTranslation();
  const act = useContainers((s) => s.act);
  const busy = useContainers((s) => s.busy[c.id]);
  const [seconds, setSeconds] = useState('10');
  const [error, setError] = useState<BerthError | undefined>();
  const n = Number(seconds);
  const valid = /^\d{1,4}$/.test(seconds) && n <= 3600;
  const confirm = () => {
    if (!valid) return;
    setError(undefined);
    act(c.id, 'stop', { timeoutSeconds: n }).then(onClose, (e: unknown) => {
      setError(asBerthError(e));
      useContainers.getState().dismissFailure();
    });
  };
  return (
    <ConfirmDialog
      title={t('containers.stopDialog.title', { name: c.name })}
      confirmLabel={t('containers.stopDialog.confirm')}
      busy={!!busy || !valid}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <label className="field">
        <span>{t('containers.stopDialog.timeout')}</span>
        <input
          type="number"
          min={0}
          max={3600}
          value={seconds}
          aria-invalid={!valid}
          onChange={(e) => setSeconds(e.target.value)}
        />
      </label>
      <CommandHint command={containerCommands.stop(c.name, valid ? n : undefined)} />
      <ErrorLine error={error} />
    </ConfirmDialog>
  );
}

export function RenameDialog({ c, onClose }: { c: ContainerSummary; onClose(): void }) {
  const { t } = useTranslation();
  const rename = useContainers((s) => s.rename);
  const [name, setName] = useState(c.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BerthError | undefined>();
  const valid = NEW_CONTAINER_NAME.test(name) && name.length <= 128;
  const confirm = () => {
    if (!valid || name === c.name) return;
    setBusy(true);
    setError(undefined);
    rename(c.id, name).then(onClose, (e: unknown) => {
      setBusy(false);
      setError(asBerthError(e));
    });
  };
  return (
    <ConfirmDialog
      title={t('containers.rename.title', { name: c.name })}
      confirmLabel={t('containers.rename.confirm')}
      busy={busy || !valid || name === c.name}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <label className="field">
        <span>{t('containers.rename.label')}</span>
        <input
          type="text"
          value={name}
          autoFocus
          aria-invalid={!valid}
          aria-describedby={!valid ? 'rename-invalid' : undefined}
          onChange={(e) => setName(e.target.value.trim())}
          onKeyDown={(e) => e.key === 'Enter' && confirm()}
        />
      </label>
      {!valid && (
        <p className="error-text small" id="rename-invalid">
          {t('containers.rename.invalid')}
        </p>
      )}
      <CommandHint command={containerCommands.rename(c.name, name || '…')} />
      <ErrorLine error={error} />
    </ConfirmDialog>
  );
}

export function PruneDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<ContainerSummary[] | undefined>();
  const [error, setError] = useState<BerthError | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PruneResult | undefined>();
  useEffect(() => {
    useContainers
      .getState()
      .prunePreview()
      .then(setRows, (e: unknown) => setError(asBerthError(e)));
  }, []);
  const confirm = () => {
    if (!rows?.length) return;
    setBusy(true);
    useContainers
      .getState()
      .prune(rows.map((r) => r.id))
      .then(
        (r) => {
          setBusy(false);
          if (r.failed.length === 0) onClose();
          else setResult(r);
        },
        (e: unknown) => {
          setBusy(false);
          setError(asBerthError(e));
        },
      );
  };
  const count = rows?.length ?? 0;
  return (
    <ConfirmDialog
      title={t('containers.prune.title')}
      confirmLabel={t('containers.prune.confirm', { count })}
      danger
      busy={busy || !rows || count === 0 || !!result}
      onConfirm={confirm}
      onCancel={onClose}
    >
      {!rows && !error && <p className="muted">{t('common.loading')}</p>}
      {rows && count === 0 && <p>{t('containers.prune.none')}</p>}
      {rows && count > 0 && (
        <>
          <p>{t('containers.prune.body', { count })}</p>
          <ul className="name-list" data-testid="prune-list">
            {rows.map((c) => (
              <li key={c.id} data-id={c.id}>
                <span className="mono">{c.name}</span> <span className="muted small">{shortImage(c.image)}</span>{' '}
                <span className={`state-pill ${c.state}`}>{t(`containers.state.${c.state}`)}</span>
              </li>
            ))}
          </ul>
          <p className="muted small">{t('containers.prune.exact')}</p>
          <CommandHint command={containerCommands.pruneExact(rows.map((r) => r.name))} />
        </>
      )}
      {result && (
        <div className="error-text" role="alert">
          {t('containers.prune.result', { removed: result.removed.length, failed: result.failed.length })}
          {result.failed.map((f) => (
            <div key={f.id} className="detail">
              {f.name}: {f.message}
            </div>
          ))}
        </div>
      )}
      <ErrorLine error={error} />
    </ConfirmDialog>
  );
}
