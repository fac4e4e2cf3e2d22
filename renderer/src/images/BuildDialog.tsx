import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseReference } from '../../../preload/contract/images.contract';
import { CommandHint } from '../components/CommandHint';
import { imageCommands } from '../lib/images-commands';
import { useImages } from '../stores';
import { Field, ImageFormDialog, useStarter } from './ImageDialogs';
import { parseBuildArgs, splitTags } from './build-args';

/**
 * `docker build`: a context folder (a path on the machine where Berth runs:
 * typed here; the desktop shell may offer a folder picker), -f, -t…,
 * --build-arg…, --target, --no-cache, --pull. The log streams into the task
 * card; the new image is selected when it is done.
 */
export function BuildDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const startTask = useImages((s) => s.startTask);
  const [contextPath, setContextPath] = useState('');
  const [dockerfile, setDockerfile] = useState('Dockerfile');
  const [tagsText, setTagsText] = useState('');
  const [argsText, setArgsText] = useState('');
  const [target, setTarget] = useState('');
  const [noCache, setNoCache] = useState(false);
  const [pull, setPull] = useState(false);
  const { error, busy, run } = useStarter(onClose);

  const tags = splitTags(tagsText);
  const badTag = tags.map((x) => ({ x, r: parseReference(x) })).find(({ r }) => !r.ok);
  const { args, bad } = parseBuildArgs(argsText);
  const valid = !!contextPath.trim() && !badTag && bad.length === 0 && !!dockerfile.trim();
  const spec = {
    contextPath: contextPath.trim(),
    dockerfile: dockerfile.trim() || 'Dockerfile',
    tags,
    buildArgs: args,
    ...(target.trim() ? { target: target.trim() } : {}),
    noCache,
    pull,
  };
  const command = imageCommands.build({ ...spec, contextPath: spec.contextPath || '.' });

  const submit = () => {
    if (!valid) return;
    run(() => startTask('images.build', spec, tags[0] ?? spec.contextPath, command));
  };

  return (
    <ImageFormDialog
      title={t('images.build.title')}
      testId="build-dialog"
      onClose={onClose}
      error={error}
      wide
      busy={busy}
      disabled={!valid}
      label={t('images.build.submit')}
      onSubmit={submit}
    >
      <Field label={t('images.build.context')} hint={t('images.build.contextHint')}>
        <input type="text" value={contextPath} onChange={(e) => setContextPath(e.target.value)} spellCheck={false} />
      </Field>
      <div className="field-row">
        <Field label={t('images.build.dockerfile')}>
          <input type="text" value={dockerfile} onChange={(e) => setDockerfile(e.target.value)} spellCheck={false} />
        </Field>
        <Field label={t('images.build.target')}>
          <input type="text" value={target} onChange={(e) => setTarget(e.target.value)} spellCheck={false} />
        </Field>
      </div>
      <Field label={t('images.build.tags')}>
        <textarea
          rows={2}
          className="mono"
          value={tagsText}
          onChange={(e) => setTagsText(e.target.value)}
          spellCheck={false}
        />
      </Field>
      {badTag && !badTag.r.ok && (
        <p className="error-text small">{t('images.refInvalid', { error: `${badTag.x}: ${badTag.r.error}` })}</p>
      )}
      <Field label={t('images.build.args')}>
        <textarea
          rows={3}
          className="mono"
          value={argsText}
          onChange={(e) => setArgsText(e.target.value)}
          spellCheck={false}
        />
      </Field>
      {bad.map((line) => (
        <p key={line} className="error-text small">
          {t('images.build.badArg', { line })}
        </p>
      ))}
      <div className="field-row">
        <label className="check">
          <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} />
          {t('images.build.noCache')}
        </label>
        <label className="check">
          <input type="checkbox" checked={pull} onChange={(e) => setPull(e.target.checked)} />
          {t('images.build.pull')}
        </label>
      </div>
      <p className="muted small">{t('images.build.ignoreNote')}</p>
      <CommandHint command={command} />
    </ImageFormDialog>
  );
}
