import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DETACH_KEYS,
  ENV_ENTRY,
  EXEC_USER,
  PROGRAM,
  type HostTerminalInfo,
} from '../../../preload/contract/terminal.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { terminalCommands } from '../lib/terminal-commands';
import { useContainers } from '../stores';
import { useTerminal, type TabKind } from '../stores/terminal.store';
import type { OpenTabOptions } from './terminal-tabs';

const KINDS: TabKind[] = ['exec', 'attach', 'logs', 'stats', 'host'];

/** Split the environment box into KEY=value lines (blank lines ignored). */
export function parseEnvLines(text: string): { env: string[]; bad: boolean } {
  const env = text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
  return { env, bad: env.some((e) => !ENV_ENTRY.test(e)) };
}

/** Choose what to open: a shell, attach, logs or stats of a container, or the host terminal. */
export function NewSessionDialog({ onClose, onOpen }: { onClose(): void; onOpen(o: OpenTabOptions): void }) {
  const { t } = useTranslation();
  const byId = useContainers((s) => s.byId);
  const defaultDetachKeys = useTerminal((s) => s.detachKeys);
  const setDefaultDetachKeys = useTerminal((s) => s.setDetachKeys);
  const containers = useMemo(
    () =>
      [...byId.values()].sort(
        (a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name),
      ),
    [byId],
  );
  const [kind, setKind] = useState<TabKind>('exec');
  const [containerId, setContainerId] = useState(() => containers.find((c) => c.state === 'running')?.id ?? '');
  const [shell, setShell] = useState('');
  const [user, setUser] = useState('');
  const [workdir, setWorkdir] = useState('');
  const [envText, setEnvText] = useState('');
  const [detachKeys, setDetachKeys] = useState(defaultDetachKeys);
  const [detected, setDetected] = useState<{ shell: string | null; tried: string[] } | 'busy' | undefined>();
  const [host, setHost] = useState<HostTerminalInfo | undefined>();
  const first = useRef<HTMLSelectElement>(null);

  const container = containerId ? byId.get(containerId) : undefined;
  const running = container?.state === 'running';
  const env = parseEnvLines(envText);
  const errors = {
    shell: shell !== '' && !PROGRAM.test(shell),
    user: user !== '' && !EXEC_USER.test(user),
    workdir: workdir !== '' && !/^\//.test(workdir),
    env: env.bad,
    detachKeys: !DETACH_KEYS.test(detachKeys),
  };

  useEffect(() => {
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  useEffect(() => {
    if (kind !== 'host' || host) return;
    let live = true;
    api.call('terminal.hostInfo', {}).then(
      (h) => live && setHost(h),
      (e: unknown) => live && setHost({ enabled: true, available: false, reason: String((e as Error).message) }),
    );
    return () => {
      live = false;
    };
  }, [kind, host]);

  // Which shell would run: asked of the container itself (bash, then sh; or the one typed).
  useEffect(() => {
    if (kind !== 'exec' || !containerId || !running || errors.shell) return;
    let live = true;
    const timer = setTimeout(() => {
      setDetected('busy');
      api.call('terminal.detectShell', { id: containerId, ...(shell ? { shell } : {}) }).then(
        (r) => live && setDetected(r),
        () => live && setDetected(undefined),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [kind, containerId, running, shell, errors.shell]);

  // What the container said, for the current choice only.
  const detectedNow = kind === 'exec' && running && !errors.shell ? detected : undefined;
  const needsContainer = kind !== 'host';
  const invalid =
    (needsContainer && !container) ||
    (kind === 'exec' && (errors.shell || errors.user || errors.workdir || errors.env)) ||
    (kind === 'attach' && errors.detachKeys) ||
    (kind === 'host' && host?.enabled === false);

  const submit = () => {
    if (invalid) return;
    if (kind === 'host') return onOpen({ kind });
    if (kind === 'exec') {
      return onOpen({
        kind,
        containerId,
        exec: {
          ...(shell ? { shell } : {}),
          ...(user ? { user } : {}),
          ...(workdir ? { workdir } : {}),
          ...(env.env.length ? { env: env.env } : {}),
        },
      });
    }
    if (kind === 'attach') {
      setDefaultDetachKeys(detachKeys);
      return onOpen({ kind, containerId, detachKeys });
    }
    onOpen({ kind, containerId });
  };

  const name = container?.name ?? '…';
  const command =
    kind === 'exec'
      ? terminalCommands.exec(name, {
          shell: shell || (detectedNow && detectedNow !== 'busy' && detectedNow.shell) || 'sh',
          user,
          workdir,
          env: env.env,
        })
      : kind === 'attach'
        ? terminalCommands.attach(name, detachKeys)
        : kind === 'logs'
          ? terminalCommands.logs(name, { follow: true, tail: 1000 })
          : kind === 'stats'
            ? terminalCommands.stats(name)
            : undefined;

  return (
    <div className="modal-backdrop">
      <form
        className="modal term-picker"
        role="dialog"
        aria-modal="true"
        aria-labelledby="term-picker-title"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="term-picker-title">{t('terminal.picker.title')}</h2>
        <div className="modal-body term-form">
          <fieldset className="term-kinds">
            <legend>{t('terminal.picker.what')}</legend>
            {KINDS.map((k) => (
              <label key={k} className="check">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {t(`terminal.kinds.${k}`)}
              </label>
            ))}
          </fieldset>
          {needsContainer && (
            <label className="term-field">
              <span>{t('terminal.picker.container')}</span>
              <select
                aria-label={t('terminal.picker.container')}
                ref={first}
                value={containerId}
                onChange={(e) => setContainerId(e.target.value)}
              >
                <option value="">{t('terminal.picker.chooseContainer')}</option>
                {containers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({t(`containers.state.${c.state}`)})
                  </option>
                ))}
              </select>
              {containers.length === 0 && <span className="muted small">{t('terminal.picker.noContainers')}</span>}
              {container && !running && (kind === 'exec' || kind === 'attach') && (
                <span className="warn-text small">{t('terminal.picker.notRunningNote')}</span>
              )}
            </label>
          )}
          {kind === 'exec' && (
            <>
              <label className="term-field">
                <span>{t('terminal.picker.shell')}</span>
                <input
                  aria-label={t('terminal.picker.shell')}
                  type="text"
                  value={shell}
                  placeholder={t('terminal.picker.shellAuto')}
                  onChange={(e) => setShell(e.target.value.trim())}
                  aria-invalid={errors.shell}
                  list="term-shells"
                  spellCheck={false}
                />
                <datalist id="term-shells">
                  {['bash', 'sh', 'ash', 'zsh', 'fish', '/bin/sh', '/bin/bash'].map((s) => (
                    <option key={s} value={s} />
                  ))}
                </datalist>
                {errors.shell ? (
                  <span className="error-text small">{t('terminal.picker.invalidShell')}</span>
                ) : detectedNow === 'busy' ? (
                  <span className="muted small">{t('terminal.picker.detecting')}</span>
                ) : detectedNow?.shell ? (
                  <span className="muted small" data-testid="detected-shell">
                    {t('terminal.picker.detected', { shell: detectedNow.shell })}
                  </span>
                ) : detectedNow ? (
                  <span className="warn-text small">
                    {t('terminal.picker.notDetected', { tried: detectedNow.tried.join(', ') })}
                  </span>
                ) : null}
              </label>
              <label className="term-field">
                <span>{t('terminal.picker.user')}</span>
                <input
                  aria-label={t('terminal.picker.user')}
                  type="text"
                  value={user}
                  placeholder={t('terminal.picker.userPlaceholder')}
                  onChange={(e) => setUser(e.target.value.trim())}
                  aria-invalid={errors.user}
                  spellCheck={false}
                />
                {errors.user && <span className="error-text small">{t('terminal.picker.invalidUser')}</span>}
              </label>
              <label className="term-field">
                <span>{t('terminal.picker.workdir')}</span>
                <input
                  aria-label={t('terminal.picker.workdir')}
                  type="text"
                  value={workdir}
                  placeholder={t('terminal.picker.workdirPlaceholder')}
                  onChange={(e) => setWorkdir(e.target.value)}
                  aria-invalid={errors.workdir}
                  spellCheck={false}
                />
                {errors.workdir && <span className="error-text small">{t('terminal.picker.invalidWorkdir')}</span>}
              </label>
              <label className="term-field">
                <span>{t('terminal.picker.env')}</span>
                <textarea
                  aria-label={t('terminal.picker.env')}
                  rows={2}
                  value={envText}
                  placeholder={t('terminal.picker.envPlaceholder')}
                  onChange={(e) => setEnvText(e.target.value)}
                  aria-invalid={errors.env}
                  spellCheck={false}
                />
                {errors.env && <span className="error-text small">{t('terminal.picker.invalidEnv')}</span>}
              </label>
            </>
          )}
          {kind === 'attach' && (
            <>
              <label className="term-field">
                <span>{t('terminal.picker.detachKeys')}</span>
                <input
                  aria-label={t('terminal.picker.detachKeys')}
                  type="text"
                  value={detachKeys}
                  onChange={(e) => setDetachKeys(e.target.value.trim())}
                  aria-invalid={errors.detachKeys}
                  spellCheck={false}
                />
                {errors.detachKeys && (
                  <span className="error-text small">{t('terminal.picker.invalidDetachKeys')}</span>
                )}
              </label>
              <p className="warn-text small">
                {t('terminal.attachWarning', { name, keys: detachKeys.replace(/ctrl-/g, 'Ctrl+').replace(/,/g, ' ') })}
              </p>
            </>
          )}
          {kind === 'host' && (
            <p className={host && !host.available ? 'warn-text small' : 'muted small'} data-testid="host-info">
              {!host
                ? t('common.loading')
                : !host.enabled
                  ? t('terminal.picker.hostOff')
                  : !host.available
                    ? t('terminal.picker.hostUnavailable', { reason: host.reason ?? '' })
                    : `${t('terminal.picker.hostNote')} (${host.shell ?? ''})`}
            </p>
          )}
          {command && <CommandHint command={command} />}
        </div>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={invalid}>
            {t('terminal.picker.open')}
          </button>
        </div>
      </form>
    </div>
  );
}
