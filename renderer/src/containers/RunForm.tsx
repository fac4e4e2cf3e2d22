import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  PORT_PROTOCOLS,
  RESTART_POLICIES,
  emptyRunSpec,
  normalizeMount,
  type ImageHints,
  type MountSpec,
  type PortSpec,
  type RunOptions,
  type RunSpec,
} from '../../../preload/contract/containers.contract';
import { BerthError, asBerthError } from '../../../preload/contract/errors';
import {
  formatBytesText,
  parseBytesText,
  shellQuoteWord,
  shellWords,
  type RunLineIssue,
} from '../../../preload/contract/run-line';
import { CommandHint } from '../components/CommandHint';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorText } from '../components/ErrorText';
import { dockerCommand } from '../lib/docker-command';
import {
  errorFields,
  fieldError,
  formatRunCommand,
  grantsOf,
  localProblems,
  parseRunLine,
  type FieldErrors,
} from '../lib/run-command';
import { useContainers } from '../stores';
import { useTerminalRequests } from '../stores/terminal-requests.store';
import type { Notice } from './ContainersPanel';
import { HostPowerDialog } from './HostPowerDialog';

/** How the form opens: a new container (maybe pre-filled), or an existing one to edit and recreate. */
export type RunFormOpen =
  | { mode: 'run'; spec?: RunSpec; createOnly?: boolean }
  | { mode: 'edit'; id: string; name: string; running: boolean; spec: RunSpec; unsupported: string[] };

const commandText = (words: readonly string[]) => words.map(shellQuoteWord).join(' ');

export function RunForm({
  open,
  onClose,
  onDone,
}: {
  open: RunFormOpen;
  onClose(): void;
  onDone(notice: Notice): void;
}) {
  const { t } = useTranslation();
  const [spec, setSpec] = useState<RunSpec>(() => open.spec ?? emptyRunSpec());
  const [createOnly, setCreateOnly] = useState(open.mode === 'run' && !!open.createOnly);
  /** Editing: start the new container afterwards (default: if the old one runs). */
  const [startAfter, setStartAfter] = useState(open.mode === 'edit' ? open.running : true);
  /** Bumped when the spec is replaced wholesale (paste): text inputs with their own state start over. */
  const [revision, setRevision] = useState(0);
  const [target, setTarget] = useState<{ id: string; name: string } | undefined>(
    open.mode === 'edit' ? { id: open.id, name: open.name } : undefined,
  );
  const [paste, setPaste] = useState('');
  const [pasteIssues, setPasteIssues] = useState<RunLineIssue[] | undefined>();
  const [serverError, setServerError] = useState<BerthError | undefined>();
  const [startFailed, setStartFailed] = useState<{ name: string; error: BerthError } | undefined>();
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [grants, setGrants] = useState<string[] | undefined>();
  const [confirmRecreate, setConfirmRecreate] = useState(false);
  const [badInputs, setBadInputs] = useState<ReadonlySet<string>>(new Set());
  const [options, setOptions] = useState<RunOptions | undefined>();
  const [hintsFor, setHintsFor] = useState<{ image: string; hints: ImageHints } | undefined>();
  const [envNote, setEnvNote] = useState<string | undefined>();
  const ids = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const editing = !!target;

  useEffect(() => {
    useContainers
      .getState()
      .runOptions()
      .then(setOptions, () => {});
  }, []);

  // Escape closes the form (a confirmation on top of it handles Escape itself).
  const onTop = !!grants || confirmRecreate;
  useEffect(() => {
    if (onTop) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onTop, onClose]);

  // The image's EXPOSE and VOLUME, as suggestions (debounced while typing).
  useEffect(() => {
    const image = spec.image.trim();
    if (!image || !/^[A-Za-z0-9][A-Za-z0-9._\-/:@+]*$/.test(image)) return;
    const timer = setTimeout(() => {
      useContainers
        .getState()
        .imageHints(image)
        .then(
          (hints) => setHintsFor({ image, hints }),
          () => {},
        );
    }, 250);
    return () => clearTimeout(timer);
  }, [spec.image]);
  const hints = hintsFor?.image === spec.image.trim() ? hintsFor.hints : undefined;

  const update = (patch: Partial<RunSpec>) => {
    setSpec((s) => ({ ...s, ...patch }));
    setServerError(undefined);
  };
  const markBad = (key: string, bad: boolean) =>
    setBadInputs((prev) => {
      if (prev.has(key) === bad) return prev;
      const next = new Set(prev);
      if (bad) next.add(key);
      else next.delete(key);
      return next;
    });

  const local = useMemo(() => localProblems(spec), [spec]);
  const errors: FieldErrors = useMemo(() => {
    const shown: FieldErrors = { ...local };
    if (!submitted) delete shown.image;
    return { ...shown, ...errorFields(serverError) };
  }, [local, submitted, serverError]);
  const err = (path: string) => fieldError(errors, path);
  const fields = specFields({ spec, revision, update, err, markBad });
  const formBlocked = Object.keys(local).length > 0 || badInputs.size > 0;

  const fill = () => {
    const parsed = parseRunLine(paste);
    const next = target ? { ...parsed.spec, name: parsed.spec.name || target.name } : parsed.spec;
    setSpec(next);
    if (!target) setCreateOnly(parsed.createOnly);
    setPasteIssues(parsed.issues);
    setServerError(undefined);
    setRevision((r) => r + 1);
  };

  const finish = (outcome: { id: string; name: string; outcome: string; warnings: string[] }) => {
    const wantsTerminal = outcome.outcome === 'started' && spec.interactive && spec.tty && !spec.detach;
    if (wantsTerminal) useTerminalRequests.getState().request({ containerId: outcome.id, mode: 'attach' });
    const text =
      editing && outcome.outcome !== 'created'
        ? t('containers.outcome.recreated', { name: outcome.name })
        : outcome.outcome === 'started'
          ? t('containers.outcome.started', { name: outcome.name })
          : t('containers.outcome.created', { name: outcome.name });
    const extra = [
      wantsTerminal ? t('containers.outcome.terminal') : '',
      outcome.warnings.length ? `${t('containers.outcome.warnings')} ${outcome.warnings.join(' ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    onDone({ tone: outcome.warnings.length ? 'warn' : 'ok', text, ...(extra ? { detail: extra } : {}) });
  };

  const submit = async (confirmHostPower: string[] = []) => {
    setSubmitted(true);
    if (formBlocked) {
      bodyRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    setServerError(undefined);
    try {
      const store = useContainers.getState();
      const outcome = target
        ? await store.recreate(target.id, spec, { start: startAfter, confirmHostPower })
        : await store.run(spec, { start: !createOnly, confirmHostPower });
      if (outcome.outcome === 'start_failed') {
        const error = BerthError.fromShape({
          code: (outcome.startError?.code ?? 'internal') as BerthError['code'],
          message: outcome.startError?.message ?? '',
          ...(outcome.startError?.issues ? { issues: outcome.startError.issues } : {}),
        });
        // It exists now: from here on, the form edits that container (a second run would clash on the name).
        setTarget({ id: outcome.id, name: outcome.name });
        setStartAfter(true);
        setSpec((s) => ({ ...s, name: outcome.name }));
        setStartFailed({ name: outcome.name, error });
        setServerError(error);
        return;
      }
      finish(outcome);
    } catch (e) {
      const error = asBerthError(e);
      const needed = grantsOf(error);
      if (needed.length) setGrants(needed);
      else setServerError(error);
    } finally {
      setBusy(false);
    }
  };

  const onPrimary = () => {
    if (target) {
      setSubmitted(true);
      if (formBlocked) {
        bodyRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      setConfirmRecreate(true);
    } else void submit();
  };

  const loadEnvFile = async (file: File) => {
    const text = await file.text();
    // As the CLI reads --env-file: one VAR=value (or VAR) per line; # comments and blank lines skipped.
    const vars = text
      .split(/\r?\n/)
      .map((l) => l.replace(/^\s+/, ''))
      .filter((l) => l && !l.startsWith('#'));
    update({ env: [...spec.env, ...vars] });
    setEnvNote(t('containers.run.envFileLoaded', { count: vars.length, file: file.name }));
    setRevision((r) => r + 1);
  };

  const command = formatRunCommand(spec, { multiline: true, createOnly: createOnly && !editing });
  const title = target ? t('containers.run.titleEdit', { name: target.name }) : t('containers.run.titleRun');
  const primaryLabel = target
    ? t('containers.run.recreate')
    : createOnly
      ? t('containers.run.create')
      : t('containers.run.run');
  const formLevel = serverError && !(serverError.issues ?? []).some((i) => i.path.startsWith('spec.'));
  const imageMissing = hints && !hints.found && spec.image.trim();

  return (
    <div className="modal-backdrop">
      <div className="modal run-form" role="dialog" aria-modal="true" aria-labelledby={`${ids}-title`}>
        <header className="run-form-head">
          <h2 id={`${ids}-title`}>{title}</h2>
          <button type="button" className="link" onClick={onClose}>
            {t('common.close')}
          </button>
        </header>
        <div className="run-form-body" ref={bodyRef}>
          {startFailed && (
            <div className="banner error" role="alert" data-testid="start-failed">
              <span>
                {t('containers.outcome.startFailed', { name: startFailed.name })}{' '}
                <ErrorText error={startFailed.error} />
                <span className="detail">{t('containers.run.startFailedFix')}</span>
              </span>
            </div>
          )}
          {formLevel && serverError && (
            <div className="banner error" role="alert" data-testid="run-error">
              <ErrorText error={serverError} />
            </div>
          )}
          {open.mode === 'edit' && (
            <div className="banner warn recreate-note" data-testid="recreate-note">
              <span>
                <strong>{t('containers.run.recreateTitle')}</strong>
                <span className="detail">{t('containers.run.recreateKept')}</span>
                <span className="detail">{t('containers.run.recreateLost')}</span>
                {open.unsupported.length > 0 && (
                  <span className="detail">
                    {t('containers.run.unsupported', { list: open.unsupported.join(', ') })}
                  </span>
                )}
              </span>
            </div>
          )}

          <section className="paste-box">
            <label className="field">
              <span>{t('containers.run.paste')}</span>
              <textarea
                rows={2}
                className="mono"
                value={paste}
                placeholder={t('containers.run.pastePlaceholder')}
                onChange={(e) => setPaste(e.target.value)}
                spellCheck={false}
              />
            </label>
            <button type="button" onClick={fill} disabled={!paste.trim()}>
              {t('containers.run.fill')}
            </button>
            {pasteIssues && pasteIssues.length === 0 && (
              <p className="ok-text small" role="status">
                {t('containers.run.filled')}
              </p>
            )}
            {pasteIssues && pasteIssues.length > 0 && (
              <div className="banner warn paste-issues" role="alert" data-testid="paste-issues">
                <span>
                  <strong>{t('containers.run.issuesTitle')}</strong>
                  <ul>
                    {pasteIssues.map((i, k) => (
                      <li key={k} data-code={i.code} data-flag={i.flag ?? ''}>
                        {t(`containers.lineIssues.${i.code}`, { flag: i.flag ?? '', value: i.value ?? '' })}{' '}
                        <span className="detail">{i.message}</span>
                      </li>
                    ))}
                  </ul>
                </span>
              </div>
            )}
          </section>

          <Section title={t('containers.run.sections.image')}>
            <div className="form-grid">
              <Field label={t('containers.run.image')} error={err('image')} wide>
                {(a) => (
                  <>
                    <input
                      {...a}
                      type="text"
                      className="mono"
                      list={`${ids}-images`}
                      value={spec.image}
                      onChange={(e) => update({ image: e.target.value.trim() })}
                      spellCheck={false}
                      autoFocus
                    />
                    <datalist id={`${ids}-images`}>
                      {options?.images.map((i) => (
                        <option key={i} value={i} />
                      ))}
                    </datalist>
                  </>
                )}
              </Field>
              {imageMissing && (
                <div className="hint-box wide" data-testid="image-missing">
                  {t('containers.run.imageMissing', { image: spec.image })}
                  <CommandHint command={dockerCommand('pull', spec.image)} />
                </div>
              )}
              {hints?.found && (hints.exposedPorts.length > 0 || hints.volumes.length > 0) && (
                <div className="hint-box wide" data-testid="image-hints">
                  {hints.exposedPorts.length > 0 && (
                    <div>
                      {t('containers.run.imageExposes')}{' '}
                      {hints.exposedPorts.map((p) => {
                        const [port = '', proto = 'tcp'] = p.split('/');
                        const has = spec.ports.some((x) => x.containerPort === port && x.proto === proto);
                        return (
                          <button
                            key={p}
                            type="button"
                            className="chip"
                            disabled={has}
                            onClick={() =>
                              update({
                                ports: [
                                  ...spec.ports,
                                  {
                                    hostIp: '',
                                    hostPort: port,
                                    containerPort: port,
                                    proto: proto as PortSpec['proto'],
                                  },
                                ],
                              })
                            }
                          >
                            {t('containers.run.publish', { port: p })}
                          </button>
                        );
                      })}
                    </div>
                  )}
                  {hints.volumes.length > 0 && (
                    <div>
                      {t('containers.run.imageVolumes')}{' '}
                      {hints.volumes.map((v) => (
                        <button
                          key={v}
                          type="button"
                          className="chip"
                          disabled={spec.mounts.some((m) => m.target === v)}
                          onClick={() =>
                            update({
                              mounts: [
                                ...spec.mounts,
                                {
                                  type: 'volume',
                                  source: '',
                                  target: v,
                                  readOnly: false,
                                  options: [],
                                  viaMount: false,
                                },
                              ],
                            })
                          }
                        >
                          {t('containers.run.mountAt', { path: v })}
                        </button>
                      ))}
                    </div>
                  )}
                </div>
              )}
              <Field label={t('containers.run.name')} error={err('name')}>
                {(a) => (
                  <input
                    {...a}
                    type="text"
                    className="mono"
                    value={spec.name}
                    disabled={editing}
                    placeholder={t('containers.run.namePlaceholder')}
                    onChange={(e) => update({ name: e.target.value.trim() })}
                  />
                )}
              </Field>
              <Field label={t('containers.run.entrypoint')} error={err('entrypoint')}>
                {(a) => (
                  <TextWords
                    key={`ep-${revision}`}
                    a={a}
                    words={spec.entrypoint ?? []}
                    placeholder={
                      spec.entrypoint?.length === 1 && spec.entrypoint[0] === ''
                        ? t('containers.run.entrypointReset')
                        : hints?.entrypoint.length
                          ? t('containers.run.imageDefault', { cmd: commandText(hints.entrypoint) })
                          : t('containers.run.entrypointPlaceholder')
                    }
                    onWords={(w) => update(w.length ? { entrypoint: w } : { entrypoint: undefined })}
                  />
                )}
              </Field>
              <Field label={t('containers.run.command')} error={err('cmd')} help={t('containers.run.commandHelp')} wide>
                {(a) => (
                  <TextWords
                    key={`cmd-${revision}`}
                    a={a}
                    words={spec.cmd}
                    placeholder={
                      hints?.cmd.length ? t('containers.run.imageDefault', { cmd: commandText(hints.cmd) }) : ''
                    }
                    onWords={(w) => update({ cmd: w })}
                  />
                )}
              </Field>
              {spec.entrypoint && spec.entrypoint.length > 1 && (
                <p className="muted small wide">{t('containers.run.entrypointSplit')}</p>
              )}
            </div>
          </Section>

          <Section title={t('containers.run.sections.mode')}>
            <label className="check">
              <input type="checkbox" checked={spec.detach} onChange={(e) => update({ detach: e.target.checked })} />
              {t('containers.run.detached')}
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={spec.interactive && spec.tty}
                onChange={(e) => update({ interactive: e.target.checked, tty: e.target.checked })}
              />
              {t('containers.run.interactive')}
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={spec.autoRemove}
                onChange={(e) => update({ autoRemove: e.target.checked })}
              />
              {t('containers.run.autoRemove')}
            </label>
            {editing ? (
              <label className="check">
                <input type="checkbox" checked={startAfter} onChange={(e) => setStartAfter(e.target.checked)} />
                {t('containers.run.startAfter')}
              </label>
            ) : (
              <label className="check">
                <input type="checkbox" checked={createOnly} onChange={(e) => setCreateOnly(e.target.checked)} />
                {t('containers.run.createOnly')}
              </label>
            )}
          </Section>

          <Section title={t('containers.run.sections.ports')} error={err('ports')}>
            {spec.ports.map((p, k) => (
              <PortRow
                key={`${revision}-${k}`}
                p={p}
                k={k}
                errors={errors}
                onChange={(next) => update({ ports: spec.ports.map((x, j) => (j === k ? next : x)) })}
                onRemove={() => update({ ports: spec.ports.filter((_, j) => j !== k) })}
              />
            ))}
            <div className="row-actions">
              <button
                type="button"
                onClick={() =>
                  update({ ports: [...spec.ports, { hostIp: '', hostPort: '', containerPort: '', proto: 'tcp' }] })
                }
              >
                {t('containers.run.addPort')}
              </button>
              <label className="check">
                <input
                  type="checkbox"
                  checked={spec.publishAll}
                  onChange={(e) => update({ publishAll: e.target.checked })}
                />
                {t('containers.run.publishAll')}
              </label>
            </div>
          </Section>

          <Section title={t('containers.run.sections.volumes')} error={err('mounts')}>
            <datalist id={`${ids}-volumes`}>
              {options?.volumes.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
            {spec.mounts.map((m, k) => (
              <MountRow
                key={`${revision}-${k}`}
                m={m}
                k={k}
                errors={errors}
                volumesList={`${ids}-volumes`}
                onChange={(next) => update({ mounts: spec.mounts.map((x, j) => (j === k ? next : x)) })}
                onRemove={() => update({ mounts: spec.mounts.filter((_, j) => j !== k) })}
              />
            ))}
            <div className="row-actions">
              <button
                type="button"
                onClick={() =>
                  update({
                    mounts: [
                      ...spec.mounts,
                      { type: 'volume', source: '', target: '', readOnly: false, options: [], viaMount: false },
                    ],
                  })
                }
              >
                {t('containers.run.addMount')}
              </button>
            </div>
            {fields.list('volumesFrom', t('containers.run.volumesFrom'), { help: t('containers.run.listHelp') })}
          </Section>

          <Section title={t('containers.run.sections.network')}>
            <div className="form-grid">
              <Field label={t('containers.run.network')} error={err('network')}>
                {(a) => (
                  <>
                    <input
                      {...a}
                      type="text"
                      className="mono"
                      list={`${ids}-networks`}
                      value={spec.network}
                      placeholder={t('containers.run.networkDefault')}
                      onChange={(e) => update({ network: e.target.value.trim() })}
                    />
                    <datalist id={`${ids}-networks`}>
                      {options?.networks.map((n) => (
                        <option key={n} value={n} />
                      ))}
                    </datalist>
                  </>
                )}
              </Field>
              {fields.list('networkAliases', t('containers.run.aliases'), { help: t('containers.run.listHelp') })}
            </div>
          </Section>

          <Section title={t('containers.run.sections.env')} error={err('env')}>
            <KeyValueRows
              key={`env-${revision}`}
              values={spec.env}
              rowLabel={t('containers.run.envRow')}
              placeholder={t('containers.run.envVar')}
              addLabel={t('containers.run.addEnv')}
              errorOf={(k) => err(`env.${k}`)}
              onValues={(env) => update({ env })}
            />
            <label className="file-button">
              {t('containers.run.envFile')}
              <input
                type="file"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void loadEnvFile(f);
                  e.target.value = '';
                }}
              />
            </label>
            {envNote && (
              <span className="muted small" role="status">
                {' '}
                {envNote}
              </span>
            )}
          </Section>

          <Section title={t('containers.run.sections.labels')} error={err('labels')}>
            <KeyValueRows
              key={`labels-${revision}`}
              values={spec.labels}
              rowLabel={t('containers.run.labelRow')}
              placeholder={t('containers.run.label')}
              addLabel={t('containers.run.addLabel')}
              errorOf={(k) => err(`labels.${k}`)}
              onValues={(labels) => update({ labels })}
            />
          </Section>

          <Section title={t('containers.run.sections.restart')}>
            <div className="form-grid">
              <Field label={t('containers.run.restart')} error={err('restart')}>
                {(a) => (
                  <select
                    {...a}
                    value={spec.restart.name}
                    onChange={(e) =>
                      update({ restart: { name: e.target.value as RunSpec['restart']['name'], maxRetries: 0 } })
                    }
                  >
                    {RESTART_POLICIES.map((p) => (
                      <option key={p} value={p}>
                        {t(`containers.run.restartNames.${p}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {spec.restart.name === 'on-failure' && (
                <Field label={t('containers.run.maxRetries')}>
                  {(a) => (
                    <input
                      {...a}
                      type="number"
                      min={0}
                      value={spec.restart.maxRetries}
                      onChange={(e) =>
                        update({
                          restart: {
                            name: 'on-failure',
                            maxRetries: Math.max(0, Math.floor(Number(e.target.value) || 0)),
                          },
                        })
                      }
                    />
                  )}
                </Field>
              )}
            </div>
          </Section>

          <Section title={t('containers.run.sections.resources')}>
            <div className="form-grid">
              {fields.size('memory', t('containers.run.memory'))}
              <Field label={t('containers.run.cpus')} error={err('cpus')}>
                {(a) => (
                  <input
                    {...a}
                    type="text"
                    inputMode="decimal"
                    value={spec.cpus}
                    placeholder={t('containers.run.cpusPlaceholder')}
                    onChange={(e) => update({ cpus: e.target.value.trim() })}
                  />
                )}
              </Field>
            </div>
          </Section>

          <Section title={t('containers.run.sections.identity')}>
            <div className="form-grid three">
              {fields.text('workdir', t('containers.run.workdir'), { trim: false })}
              {fields.text('user', t('containers.run.user'), { trim: false })}
              {fields.text('hostname', t('containers.run.hostname'), { trim: false })}
            </div>
          </Section>

          <Section title={t('containers.run.sections.power')}>
            <p className="muted small">{t('containers.run.powerNote')}</p>
            <label className="check">
              <input
                type="checkbox"
                checked={spec.privileged}
                onChange={(e) => update({ privileged: e.target.checked })}
              />
              {t('containers.run.privileged')}
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={spec.pid === 'host'}
                onChange={(e) => update({ pid: e.target.checked ? 'host' : '' })}
              />
              {t('containers.run.pidHost')}
            </label>
            <div className="form-grid">
              {fields.list('capAdd', t('containers.run.capAdd'), { help: t('containers.run.listHelp') })}
              {fields.list('devices', t('containers.run.devices'), { help: t('containers.run.listHelp') })}
            </div>
          </Section>

          <MoreOptions spec={spec} revision={revision} update={update} err={err} markBad={markBad} />
        </div>

        <footer className="run-form-foot">
          <div className="run-command" aria-label={t('containers.run.equivalent')}>
            <pre className="mono" data-testid="run-command">
              {command}
            </pre>
            <CopyButton text={command} />
          </div>
          <div className="modal-actions">
            {submitted && formBlocked && <span className="error-text small">{t('containers.run.fixFirst')}</span>}
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="primary" disabled={busy} onClick={onPrimary}>
              {busy ? t('containers.run.working') : primaryLabel}
            </button>
          </div>
        </footer>
      </div>
      {grants && (
        <HostPowerDialog
          grants={grants}
          onCancel={() => setGrants(undefined)}
          onConfirm={() => {
            const confirmed = grants;
            setGrants(undefined);
            void submit(confirmed);
          }}
        />
      )}
      {confirmRecreate && target && (
        <ConfirmDialog
          title={t('containers.run.recreateConfirm', { name: target.name })}
          confirmLabel={t('containers.run.recreate')}
          danger
          onCancel={() => setConfirmRecreate(false)}
          onConfirm={() => {
            setConfirmRecreate(false);
            void submit();
          }}
        >
          <p>{t('containers.run.recreateConfirmBody', { name: target.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

// ------------------------------------------------------------------------------------------
// Building blocks
// ------------------------------------------------------------------------------------------

interface FieldAttrs {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

function Field({
  label,
  error,
  help,
  wide,
  children,
}: {
  label: string;
  error?: string | undefined;
  help?: string;
  wide?: boolean;
  children(a: FieldAttrs): ReactNode;
}) {
  const id = useId();
  const described = [error ? `${id}-err` : '', help ? `${id}-help` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${wide ? ' wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, ...(described ? { 'aria-describedby': described } : {}) })}
      {help && !error && (
        <span className="muted small" id={`${id}-help`}>
          {help}
        </span>
      )}
      {error && (
        <span className="error-text small field-error" id={`${id}-err`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function Section({ title, error, children }: { title: string; error?: string | undefined; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{title}</legend>
      {children}
      {error && (
        <span className="error-text small field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** Words typed as a shell would split them (quotes keep spaces). */
function TextWords({
  a,
  words,
  placeholder,
  onWords,
}: {
  a: FieldAttrs;
  words: readonly string[];
  placeholder: string;
  onWords(w: string[]): void;
}) {
  const [text, setText] = useState(() => commandText(words));
  return (
    <input
      {...a}
      type="text"
      className="mono"
      value={text}
      placeholder={placeholder}
      spellCheck={false}
      onChange={(e) => {
        setText(e.target.value);
        const { words: w, issues } = shellWords(e.target.value);
        if (!issues.some((i) => i.code === 'unbalanced_quote')) onWords(w);
      }}
    />
  );
}

/** A list: typed with commas, or one per line (`lines`) where values may hold commas themselves. */
function ListInput({
  a,
  values,
  lines,
  onValues,
}: {
  a: FieldAttrs;
  values: readonly string[];
  lines?: boolean;
  onValues(v: string[]): void;
}) {
  const [text, setText] = useState(() => values.join(lines ? '\n' : ', '));
  const change = (v: string) => {
    setText(v);
    onValues(
      v
        .split(lines ? /\n/ : /[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    );
  };
  if (lines) {
    return (
      <textarea
        {...a}
        className="mono"
        rows={Math.min(4, Math.max(1, values.length))}
        value={text}
        spellCheck={false}
        onChange={(e) => change(e.target.value)}
      />
    );
  }
  return (
    <input
      {...a}
      type="text"
      className="mono"
      value={text}
      spellCheck={false}
      onChange={(e) => change(e.target.value)}
    />
  );
}

/** A size as docker reads it ("512m"); invalid text is reported, the spec keeps the last good value. */
function SizeInput({
  a,
  value,
  allowMinusOne,
  onValue,
  onBad,
}: {
  a: FieldAttrs;
  value: number;
  allowMinusOne?: boolean;
  onValue(n: number): void;
  onBad(bad: boolean): void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => (value ? (value < 0 ? '-1' : formatBytesText(value)) : ''));
  const [bad, setBad] = useState(false);
  return (
    <>
      <input
        {...a}
        type="text"
        className="mono"
        value={text}
        aria-invalid={a['aria-invalid'] || bad}
        placeholder={t('containers.run.sizePlaceholder')}
        onChange={(e) => {
          const v = e.target.value.trim();
          setText(e.target.value);
          const n = v === '' ? 0 : allowMinusOne && v === '-1' ? -1 : parseBytesText(v);
          setBad(n === undefined);
          onBad(n === undefined);
          if (n !== undefined) onValue(n);
        }}
      />
      {bad && <span className="error-text small">{t('containers.run.badSize')}</span>}
    </>
  );
}

function KeyValueRows({
  values,
  rowLabel,
  placeholder,
  addLabel,
  errorOf,
  onValues,
}: {
  values: string[];
  rowLabel: string;
  placeholder: string;
  addLabel: string;
  errorOf(k: number): string | undefined;
  onValues(v: string[]): void;
}) {
  const { t } = useTranslation();
  // Rows being typed may be empty: they are kept here and left out of the spec.
  const [rows, setRows] = useState<string[]>(() => [...values]);
  const set = (next: string[]) => {
    setRows(next);
    onValues(next.filter((r) => r !== ''));
  };
  return (
    <div className="cr-kv-rows">
      {rows.map((r, k) => {
        const error = r === '' ? undefined : errorOf(rows.slice(0, k).filter((x) => x !== '').length);
        return (
          <div className="cr-kv-row" key={k}>
            <input
              type="text"
              className="mono"
              value={r}
              placeholder={placeholder}
              aria-label={rowLabel}
              aria-invalid={!!error}
              spellCheck={false}
              onChange={(e) => set(rows.map((x, j) => (j === k ? e.target.value : x)))}
            />
            <button
              type="button"
              className="link danger-text"
              aria-label={t('containers.run.removeRow')}
              title={t('containers.run.removeRow')}
              onClick={() => set(rows.filter((_, j) => j !== k))}
            >
              ✕
            </button>
            {error && <span className="error-text small field-error">{error}</span>}
          </div>
        );
      })}
      <button type="button" onClick={() => setRows([...rows, ''])}>
        {addLabel}
      </button>
    </div>
  );
}

function PortRow({
  p,
  k,
  errors,
  onChange,
  onRemove,
}: {
  p: PortSpec;
  k: number;
  errors: FieldErrors;
  onChange(p: PortSpec): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const e = (f: string) => errors[`ports.${k}.${f}`];
  const rowError = e('hostIp') ?? e('hostPort') ?? e('containerPort') ?? errors[`ports.${k}`];
  return (
    <div className="port-row" data-row={k}>
      <input
        type="text"
        className="mono"
        value={p.hostIp}
        aria-label={t('containers.run.hostIp')}
        placeholder={`${t('containers.run.hostIp')}: ${t('containers.run.hostIpAny')}`}
        aria-invalid={!!e('hostIp')}
        onChange={(ev) => onChange({ ...p, hostIp: ev.target.value.trim() })}
      />
      <span aria-hidden="true">:</span>
      <input
        type="text"
        className="mono"
        inputMode="numeric"
        value={p.hostPort}
        aria-label={t('containers.run.hostPort')}
        placeholder={`${t('containers.run.hostPort')}: ${t('containers.run.hostPortAny')}`}
        aria-invalid={!!e('hostPort')}
        onChange={(ev) => onChange({ ...p, hostPort: ev.target.value.trim() })}
      />
      <span aria-hidden="true">→</span>
      <input
        type="text"
        className="mono"
        inputMode="numeric"
        value={p.containerPort}
        aria-label={t('containers.run.containerPort')}
        placeholder={t('containers.run.containerPort')}
        aria-invalid={!!e('containerPort')}
        onChange={(ev) => onChange({ ...p, containerPort: ev.target.value.trim() })}
      />
      <select
        value={p.proto}
        aria-label={t('containers.run.proto')}
        onChange={(ev) => onChange({ ...p, proto: ev.target.value as PortSpec['proto'] })}
      >
        {PORT_PROTOCOLS.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="link danger-text"
        aria-label={t('containers.run.removeRow')}
        title={t('containers.run.removeRow')}
        onClick={onRemove}
      >
        ✕
      </button>
      {rowError && (
        <span className="error-text small field-error" role="alert">
          {rowError}
        </span>
      )}
    </div>
  );
}

function MountRow({
  m,
  k,
  errors,
  volumesList,
  onChange,
  onRemove,
}: {
  m: MountSpec;
  k: number;
  errors: FieldErrors;
  volumesList: string;
  onChange(m: MountSpec): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const e = (f: string) => errors[`mounts.${k}.${f}`];
  const rowError = e('source') ?? e('target') ?? e('options') ?? errors[`mounts.${k}`];
  return (
    <div className="mount-row" data-row={k}>
      <select
        value={m.type}
        aria-label={t('containers.run.mountType')}
        onChange={(ev) => {
          const type = ev.target.value as MountSpec['type'];
          onChange(
            normalizeMount({
              ...m,
              type,
              source: type === 'anonymous' ? '' : m.source,
              options: m.options.filter((o) => o === 'ro'),
            }),
          );
        }}
      >
        {(['volume', 'bind', 'anonymous'] as const).map((x) => (
          <option key={x} value={x}>
            {t(`containers.run.types.${x}`)}
          </option>
        ))}
      </select>
      <input
        type="text"
        className="mono"
        value={m.source}
        disabled={m.type === 'anonymous'}
        list={m.type === 'volume' ? volumesList : undefined}
        aria-label={t('containers.run.source')}
        placeholder={m.type === 'anonymous' ? '' : t('containers.run.source')}
        aria-invalid={!!e('source')}
        onChange={(ev) => onChange({ ...m, source: ev.target.value.trim() })}
      />
      <span aria-hidden="true">→</span>
      <input
        type="text"
        className="mono"
        value={m.target}
        aria-label={t('containers.run.target')}
        placeholder={t('containers.run.target')}
        aria-invalid={!!e('target')}
        onChange={(ev) => onChange({ ...m, target: ev.target.value.trim() })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={m.readOnly}
          onChange={(ev) => onChange(normalizeMount({ ...m, readOnly: ev.target.checked }))}
        />
        {t('containers.run.readOnly')}
      </label>
      {m.viaMount && <span className="muted small">{t('containers.run.viaMount')}</span>}
      <button
        type="button"
        className="link danger-text"
        aria-label={t('containers.run.removeRow')}
        title={t('containers.run.removeRow')}
        onClick={onRemove}
      >
        ✕
      </button>
      {rowError && (
        <span className="error-text small field-error" role="alert">
          {rowError}
        </span>
      )}
    </div>
  );
}

interface SpecFieldsProps {
  spec: RunSpec;
  revision: number;
  update(p: Partial<RunSpec>): void;
  err(path: string): string | undefined;
  markBad(key: string, bad: boolean): void;
}

type KeysWith<V> = { [K in keyof RunSpec]-?: RunSpec[K] extends V ? K : never }[keyof RunSpec];

/** The form's plain fields, each bound to one key of the spec: a list, a line of text or a size. */
function specFields({ spec, revision, update, err, markBad }: SpecFieldsProps) {
  const list = (key: KeysWith<string[]>, label: string, o: { lines?: boolean; help?: string } = {}) => (
    <Field label={label} error={err(key)} help={o.help}>
      {(a) => (
        <ListInput
          key={`${key}-${revision}`}
          a={a}
          lines={o.lines}
          values={spec[key]}
          onValues={(v) => update({ [key]: v })}
        />
      )}
    </Field>
  );
  /** Trimmed unless told otherwise (a working directory or user may hold spaces). */
  const text = (key: KeysWith<string>, label: string, o: { trim?: boolean } = {}) => (
    <Field label={label} error={err(key)}>
      {(a) => (
        <input
          {...a}
          type="text"
          className="mono"
          value={spec[key]}
          onChange={(e) => update({ [key]: o.trim === false ? e.target.value : e.target.value.trim() })}
        />
      )}
    </Field>
  );
  const size = (key: 'memory' | 'memoryReservation' | 'memorySwap' | 'shmSize', label: string) => (
    <Field label={label} error={err(key)}>
      {(a) => (
        <SizeInput
          key={`${key}-${revision}`}
          a={a}
          value={spec[key]}
          allowMinusOne={key === 'memorySwap'}
          onValue={(n) => update({ [key]: n })}
          onBad={(b) => markBad(key, b)}
        />
      )}
    </Field>
  );
  return { list, text, size };
}

/** Everything else docker run can say, so that nothing pasted is lost or hidden. */
function MoreOptions({ spec, revision, update, err, markBad }: SpecFieldsProps) {
  const { t } = useTranslation();
  const used =
    spec.init ||
    spec.readOnly ||
    !!spec.stopSignal ||
    spec.stopTimeout !== undefined ||
    [spec.tmpfs, spec.expose, spec.dns, spec.dnsSearch, spec.dnsOptions, spec.extraHosts, spec.logOpts, spec.ulimits]
      .concat([spec.sysctls, spec.groupAdd, spec.capDrop])
      .some((l) => l.length > 0) ||
    !!(spec.logDriver || spec.ipc || spec.uts || spec.cpusetCpus || spec.platform) ||
    !!(spec.cpuShares || spec.memoryReservation || spec.memorySwap || spec.shmSize);
  const { list, text, size } = specFields({ spec, revision, update, err, markBad });
  return (
    <details className="form-section more-options" open={used} key={`more-${revision}`}>
      <summary>{t('containers.run.sections.more')}</summary>
      <p className="muted small">{t('containers.run.listHelpMore')}</p>
      <label className="check">
        <input type="checkbox" checked={spec.init} onChange={(e) => update({ init: e.target.checked })} />
        {t('containers.run.more.init')}
      </label>
      <label className="check">
        <input type="checkbox" checked={spec.readOnly} onChange={(e) => update({ readOnly: e.target.checked })} />
        {t('containers.run.more.readOnly')}
      </label>
      <div className="form-grid three">
        {text('stopSignal', t('containers.run.more.stopSignal'))}
        <Field label={t('containers.run.more.stopTimeout')} error={err('stopTimeout')}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={-1}
              value={spec.stopTimeout ?? ''}
              onChange={(e) =>
                update(
                  e.target.value === ''
                    ? { stopTimeout: undefined }
                    : { stopTimeout: Math.floor(Number(e.target.value)) },
                )
              }
            />
          )}
        </Field>
        {text('platform', t('containers.run.more.platform'))}
        {list('tmpfs', t('containers.run.more.tmpfs'), { lines: true })}
        {list('expose', t('containers.run.more.expose'))}
        {list('extraHosts', t('containers.run.more.extraHosts'))}
        {list('dns', t('containers.run.more.dns'))}
        {list('dnsSearch', t('containers.run.more.dnsSearch'))}
        {list('dnsOptions', t('containers.run.more.dnsOptions'))}
        {text('logDriver', t('containers.run.more.logDriver'))}
        {list('logOpts', t('containers.run.more.logOpts'), { lines: true })}
        {list('ulimits', t('containers.run.more.ulimits'), { lines: true })}
        {list('sysctls', t('containers.run.more.sysctls'), { lines: true })}
        {list('groupAdd', t('containers.run.more.groupAdd'))}
        {list('capDrop', t('containers.run.more.capDrop'))}
        {text('ipc', t('containers.run.more.ipc'))}
        {text('uts', t('containers.run.more.uts'))}
        {text('cpusetCpus', t('containers.run.more.cpusetCpus'))}
        <Field label={t('containers.run.more.cpuShares')} error={err('cpuShares')}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={0}
              value={spec.cpuShares || ''}
              onChange={(e) => update({ cpuShares: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
            />
          )}
        </Field>
        {size('memoryReservation', t('containers.run.more.memoryReservation'))}
        {size('memorySwap', t('containers.run.more.memorySwap'))}
        {size('shmSize', t('containers.run.more.shmSize'))}
      </div>
    </details>
  );
}

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="link"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1200);
        })
      }
    >
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}
