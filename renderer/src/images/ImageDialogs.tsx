import { cloneElement, useEffect, useId, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseReference, type ImagePruneResult, type ImageSummary } from '../../../preload/contract/images.contract';
import type { RegistriesInfo } from '../../../preload/contract/registries.contract';
import type { BerthError } from '../../../preload/contract/errors';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorLine } from '../components/ErrorText';
import { useAction, useLoad } from '../components/use-load';
import { formatBytes } from '../lib/format';
import { imageCommands } from '../lib/images-commands';
import { useImages } from '../stores';
import { shortImageId } from '../stores/images.store';
import { Modal, ModalButtons } from '../components/Modal';

/** A labelled input; the hint is its description (not part of its name). */
export function Field({ label, children, hint }: { label: string; children: ReactElement; hint?: string }) {
  const id = useId();
  const input = hint
    ? cloneElement(children as ReactElement<{ 'aria-describedby'?: string }>, { 'aria-describedby': `${id}-hint` })
    : children;
  return (
    <div className="field">
      <label>
        <span className="img-field-label">{label}</span>
        {input}
      </label>
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

/** A reference as the user types it, with the normalised form (or the grammar's error) under it. */
export function RefPreview({ value, defaultTag }: { value: string; defaultTag?: boolean }) {
  const { t } = useTranslation();
  if (!value.trim()) return null;
  const r = parseReference(value.trim(), { defaultTag });
  return r.ok ? (
    <p className="muted small mono" data-testid="normalized-ref">
      {t('images.pull.normalized', { ref: r.ref.normalized })}
    </p>
  ) : (
    <p className="error-text small" data-testid="normalized-ref">
      {t('images.refInvalid', { error: r.error })}
    </p>
  );
}

/** Runs a task starter: the dialog closes when main accepted it, else shows why. */
export function useStarter(onClose: () => void) {
  const { error, busy, run } = useAction();
  return { error, busy, run: (start: () => Promise<unknown>) => run(start, onClose) };
}

const stop = (e: { preventDefault(): void }) => e.preventDefault();

/**
 * The frame of every dialog here: a form whose first field takes the focus, Cancel and the action at the foot
 * (Enter does not fire the action: some of them remove things), and the error of the last try under the form.
 */
export function ImageFormDialog({
  title,
  testId,
  onClose,
  error,
  wide,
  children,
  ...buttons
}: {
  title: string;
  testId: string;
  wide?: boolean;
  onClose(): void;
  error: BerthError | undefined;
  children: ReactNode;
  label: string;
  onSubmit(): void;
  busy?: boolean;
  disabled?: boolean;
  danger?: boolean;
  done?: boolean;
}) {
  return (
    <Modal
      className="images-modal"
      initialFocus="first-field"
      title={title}
      onClose={onClose}
      testId={testId}
      wide={wide}
      footer={<ModalButtons {...buttons} onCancel={onClose} />}
    >
      <form className="form" onSubmit={stop}>
        {children}
        <ErrorLine error={error} />
      </form>
    </Modal>
  );
}

export function PullDialog({ onClose, initial = '' }: { onClose(): void; initial?: string }) {
  const { t } = useTranslation();
  const startTask = useImages((s) => s.startTask);
  const [ref, setRef] = useState(initial);
  const [platform, setPlatform] = useState('');
  const { error, busy, run } = useStarter(onClose);
  const parsed = parseReference(ref.trim(), { defaultTag: true });
  const submit = () => {
    if (!parsed.ok) return;
    const input = { ref: ref.trim(), ...(platform.trim() ? { platform: platform.trim() } : {}) };
    run(() => startTask('images.pull', input, parsed.ref.familiar, imageCommands.pull(ref.trim(), platform.trim())));
  };
  return (
    <ImageFormDialog
      title={t('images.pull.title')}
      testId="pull-dialog"
      onClose={onClose}
      error={error}
      busy={busy}
      disabled={!parsed.ok}
      label={t('images.pull.submit')}
      onSubmit={submit}
    >
      <Field label={t('images.pull.ref')} hint={t('images.pull.refHint')}>
        <input type="text" value={ref} onChange={(e) => setRef(e.target.value)} spellCheck={false} autoComplete="off" />
      </Field>
      <RefPreview value={ref} defaultTag />
      <Field label={t('images.pull.platform')} hint={t('images.pull.platformHint')}>
        <input type="text" value={platform} onChange={(e) => setPlatform(e.target.value)} spellCheck={false} />
      </Field>
      <CommandHint command={imageCommands.pull(ref.trim() || 'IMAGE', platform.trim())} />
    </ImageFormDialog>
  );
}

export function PushDialog({
  image,
  initialRef,
  onClose,
}: {
  image: ImageSummary;
  initialRef?: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const startTask = useImages((s) => s.startTask);
  const [ref, setRef] = useState(initialRef ?? image.tags[0] ?? '');
  const [accounts, setAccounts] = useState<RegistriesInfo>();
  const { error, busy, run } = useStarter(onClose);
  useEffect(() => {
    api.call('registries.list').then(setAccounts, () => {});
  }, []);
  const parsed = parseReference(ref, { defaultTag: true });
  const domain = parsed.ok ? parsed.ref.domain : '';
  const account = accounts?.accounts.find((a) => a.host === domain);
  const submit = () => {
    if (!parsed.ok) return;
    run(() => startTask('images.push', { ref }, parsed.ref.familiar, imageCommands.push(ref)));
  };
  return (
    <ImageFormDialog
      title={t('images.push.title', { name: image.tags[0] ?? shortImageId(image.id) })}
      testId="push-dialog"
      onClose={onClose}
      error={error}
      busy={busy}
      disabled={!parsed.ok}
      label={t('images.push.submit')}
      onSubmit={submit}
    >
      <Field label={t('images.push.ref')}>
        <select value={ref} onChange={(e) => setRef(e.target.value)}>
          {image.tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </Field>
      {parsed.ok && (
        <>
          <p className="small">{t('images.push.registry', { registry: domain })}</p>
          {domain === 'docker.io' && <p className="warn-text small">{t('images.push.hubWarning')}</p>}
          {accounts &&
            (account?.username ? (
              <p className="ok-text small">{t('images.push.loggedIn', { user: account.username })}</p>
            ) : (
              <p className="warn-text small">{t('images.push.notLoggedIn', { registry: domain })}</p>
            ))}
        </>
      )}
      <CommandHint command={imageCommands.push(ref || 'IMAGE')} />
    </ImageFormDialog>
  );
}

export function TagDialog({ image, onClose }: { image: ImageSummary; onClose(): void }) {
  const { t } = useTranslation();
  const source = image.tags[0] ?? shortImageId(image.id);
  const [target, setTarget] = useState('');
  const { error, busy, run } = useAction();
  const parsed = parseReference(target.trim());
  const valid = parsed.ok && !parsed.ref.digest;
  const submit = () => {
    if (!valid) return;
    run(
      () => api.call('images.tag', { source: image.id, target: target.trim() }),
      () => {
        useImages.getState().refresh();
        onClose();
      },
    );
  };
  return (
    <ImageFormDialog
      title={t('images.tag.title', { name: source })}
      testId="tag-dialog"
      onClose={onClose}
      error={error}
      busy={busy}
      disabled={!valid}
      label={t('images.tag.submit')}
      onSubmit={submit}
    >
      <Field label={t('images.tag.target')} hint={t('images.tag.targetHint')}>
        <input type="text" value={target} onChange={(e) => setTarget(e.target.value)} spellCheck={false} />
      </Field>
      <RefPreview value={target} defaultTag />
      <CommandHint command={imageCommands.tag(source, target.trim() || 'TARGET')} />
    </ImageFormDialog>
  );
}

export interface ContainerUse {
  id: string;
  name: string;
  state: string;
}

/**
 * Remove a row: untag that one tag (when the image has others) or delete the
 * image with all its tags. Refused by default while containers use it (they
 * are named); force only when ticked.
 */
export function RemoveDialog({
  image,
  rowRef,
  users,
  onClose,
}: {
  image: ImageSummary;
  rowRef: string | undefined;
  users: ContainerUse[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const multi = image.tags.length > 1 && !!rowRef;
  const [mode, setMode] = useState<'untag' | 'delete'>(multi ? 'untag' : 'delete');
  const [force, setForce] = useState(false);
  const { error, busy, run } = useAction();
  const name = rowRef ?? shortImageId(image.id);
  const refs = mode === 'untag' && rowRef ? [rowRef] : image.tags.length ? image.tags : [image.id];
  const deletes = mode === 'delete' || !multi;
  const blocked = deletes && users.length > 0 && !force;
  const submit = () =>
    run(
      () => api.call('images.remove', { refs, force }),
      () => {
        useImages.getState().refresh();
        onClose();
      },
    );
  return (
    <ImageFormDialog
      title={t('images.remove.title', { name })}
      testId="remove-dialog"
      onClose={onClose}
      error={error}
      busy={busy}
      disabled={blocked}
      danger
      label={t('images.remove.submit')}
      onSubmit={submit}
    >
      {multi && (
        <fieldset className="img-choice">
          <label className="check">
            <input type="radio" name="rm-mode" checked={mode === 'untag'} onChange={() => setMode('untag')} />
            {t('images.remove.untag', { ref: rowRef })}
          </label>
          <label className="check">
            <input type="radio" name="rm-mode" checked={mode === 'delete'} onChange={() => setMode('delete')} />
            {t('images.remove.deleteImage', { tags: image.tags.join(', ') })}
          </label>
        </fieldset>
      )}
      {!multi && <p>{t('images.remove.deleteLast', { name })}</p>}
      {deletes && users.length > 0 && (
        <p className="warn-text" data-testid="used-by">
          {t('images.remove.usedBy', {
            count: users.length,
            names: users
              .slice(0, 6)
              .map((u) => `${u.name} (${u.state})`)
              .join(', '),
          })}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        {t('images.remove.force')}
      </label>
      <CommandHint command={imageCommands.remove(refs, { force })} />
    </ImageFormDialog>
  );
}

export function PruneDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState(false);
  const [result, setResult] = useState<ImagePruneResult>();
  const { value: preview, error: previewError } = useLoad(() => api.call('images.prunePreview', { all }), String(all));
  const { error: pruneError, busy, run, setError } = useAction();
  const error = pruneError ?? previewError;
  const choose = (next: boolean) => {
    if (next === all) return;
    setError(undefined);
    setAll(next);
  };
  const submit = () => {
    if (!preview) return;
    run(
      () => api.call('images.prune', { all, ids: preview.images.map((i) => i.id) }),
      (r) => {
        setResult(r);
        useImages.getState().refresh();
      },
    );
  };
  const lang = i18n.language;
  return (
    <ImageFormDialog
      title={t('images.prune.title')}
      testId="prune-dialog"
      onClose={onClose}
      error={error}
      done={!!result}
      busy={busy || !preview}
      disabled={!preview?.images.length}
      danger
      label={t('images.prune.submit', { count: preview?.images.length ?? 0 })}
      onSubmit={submit}
    >
      <fieldset className="img-choice" disabled={!!result}>
        <label className="check">
          <input type="radio" name="prune-mode" checked={!all} onChange={() => choose(false)} />
          {t('images.prune.dangling')}
        </label>
        <label className="check">
          <input type="radio" name="prune-mode" checked={all} onChange={() => choose(true)} />
          {t('images.prune.all')}
        </label>
      </fieldset>
      <CommandHint command={imageCommands.prune(all)} />
      {result ? (
        <div role="status" data-testid="prune-result">
          <p className="ok-text">
            {t('images.prune.result', {
              deleted: result.deleted.length,
              size: formatBytes(result.spaceReclaimed, lang),
            })}
          </p>
          {result.skipped.length > 0 && (
            <p className="warn-text small">{t('images.prune.skipped', { count: result.skipped.length })}</p>
          )}
        </div>
      ) : !preview ? (
        !error && <p className="muted">{t('images.prune.loading')}</p>
      ) : preview.images.length === 0 ? (
        <p className="muted">{t('images.prune.nothing')}</p>
      ) : (
        <>
          <p>
            {t('images.prune.preview', {
              count: preview.images.length,
              size: formatBytes(preview.reclaimable, lang),
            })}
          </p>
          <ul className="plain-list img-prune-list" data-testid="prune-preview">
            {preview.images.map((i) => (
              <li key={i.id} data-id={i.id}>
                <span className="mono small">{shortImageId(i.id)}</span> {i.tags.join(', ') || '<none>'}{' '}
                <span className="muted small">{formatBytes(i.size, lang)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </ImageFormDialog>
  );
}

export function SaveDialog({ image, onClose }: { image: ImageSummary; onClose(): void }) {
  const { t } = useTranslation();
  const startTask = useImages((s) => s.startTask);
  const ref = image.tags[0] ?? image.id;
  const [path, setPath] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const { error, busy, run } = useStarter(onClose);
  const submit = () =>
    run(() =>
      startTask(
        'images.save',
        { refs: [ref], path: path.trim(), overwrite },
        path.trim(),
        imageCommands.save([ref], path.trim()),
      ),
    );
  return (
    <ImageFormDialog
      title={t('images.save.title', { name: image.tags[0] ?? shortImageId(image.id) })}
      testId="save-dialog"
      onClose={onClose}
      error={error}
      busy={busy}
      disabled={!path.trim()}
      label={t('images.save.submit')}
      onSubmit={submit}
    >
      <Field label={t('images.save.path')} hint={t('images.save.pathHint')}>
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
      </Field>
      <label className="check">
        <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
        {t('images.save.overwrite')}
      </label>
      <p className="muted small">{t('images.save.note')}</p>
      <CommandHint command={imageCommands.save([image.tags[0] ?? shortImageId(image.id)], path.trim() || 'FILE.tar')} />
    </ImageFormDialog>
  );
}

export function LoadDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const startTask = useImages((s) => s.startTask);
  const [path, setPath] = useState('');
  const { error, busy, run } = useStarter(onClose);
  const submit = () =>
    run(() => startTask('images.load', { path: path.trim() }, path.trim(), imageCommands.load(path.trim())));
  return (
    <ImageFormDialog
      title={t('images.load.title')}
      testId="load-dialog"
      onClose={onClose}
      error={error}
      busy={busy}
      disabled={!path.trim()}
      label={t('images.load.submit')}
      onSubmit={submit}
    >
      <Field label={t('images.load.path')} hint={t('images.save.pathHint')}>
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
      </Field>
      <CommandHint command={imageCommands.load(path.trim() || 'FILE.tar')} />
    </ImageFormDialog>
  );
}

export function ImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const startTask = useImages((s) => s.startTask);
  const [path, setPath] = useState('');
  const [ref, setRef] = useState('');
  const [changes, setChanges] = useState('');
  const [message, setMessage] = useState('');
  const { error, busy, run } = useStarter(onClose);
  const changeList = useMemo(
    () =>
      changes
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    [changes],
  );
  const refOk = !ref.trim() || parseReference(ref.trim()).ok;
  const submit = () => {
    const input = {
      path: path.trim(),
      changes: changeList,
      ...(ref.trim() ? { ref: ref.trim() } : {}),
      ...(message.trim() ? { message: message.trim() } : {}),
    };
    const cmd = imageCommands.import(path.trim(), { ref: ref.trim(), changes: changeList, message: message.trim() });
    run(() => startTask('images.import', input, ref.trim() || path.trim(), cmd));
  };
  return (
    <ImageFormDialog
      title={t('images.import.title')}
      testId="import-dialog"
      onClose={onClose}
      error={error}
      busy={busy}
      disabled={!path.trim() || !refOk}
      label={t('images.import.submit')}
      onSubmit={submit}
    >
      <Field label={t('images.import.path')} hint={t('images.save.pathHint')}>
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
      </Field>
      <Field label={t('images.import.ref')}>
        <input type="text" value={ref} onChange={(e) => setRef(e.target.value)} spellCheck={false} />
      </Field>
      <RefPreview value={ref} defaultTag />
      <Field label={t('images.import.changes')}>
        <textarea
          rows={3}
          value={changes}
          onChange={(e) => setChanges(e.target.value)}
          spellCheck={false}
          className="mono"
        />
      </Field>
      <Field label={t('images.import.message')}>
        <input type="text" value={message} onChange={(e) => setMessage(e.target.value)} />
      </Field>
      <CommandHint
        command={imageCommands.import(path.trim() || 'FILE.tar', {
          ref: ref.trim(),
          changes: changeList,
          message: message.trim(),
        })}
      />
    </ImageFormDialog>
  );
}
