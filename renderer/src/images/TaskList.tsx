import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { formatBytes } from '../lib/format';
import { useImages } from '../stores';
import { shortImageId, type ImageTask } from '../stores/images.store';

/** A bar with its value for assistive tech; `fraction` 0..1. */
export function Bar({ fraction, label, small }: { fraction: number; label: string; small?: boolean }) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div
      className={`img-bar ${small ? 'small' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="img-bar-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

/** Running and finished image operations: per-layer bars, a total, the build log, cancel. */
export function TaskList() {
  const tasks = useImages((s) => s.tasks);
  if (tasks.length === 0) return null;
  return (
    <section className="img-tasks" aria-label="tasks">
      {tasks.map((t) => (
        <TaskCard key={t.id} task={t} />
      ))}
    </section>
  );
}

function TaskCard({ task }: { task: ImageTask }) {
  const { t, i18n } = useTranslation();
  const cancel = useImages((s) => s.cancelTask);
  const dismiss = useImages((s) => s.dismissTask);
  const [showLayers, setShowLayers] = useState(task.kind !== 'build');
  const logRef = useRef<HTMLPreElement>(null);
  const lang = i18n.language;
  const p = task.progress;
  const b = task.bytes;
  const running = task.status === 'running';
  const doneLayers = p?.layers.filter((l) => l.done).length ?? 0;
  const title = t(`images.task.${task.kind}`, { title: task.title });

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [task.log]);

  const fraction =
    task.status === 'done' ? 1 : b?.total ? b.current / b.total : p && p.layers.length ? p.fraction : undefined;
  const bytesText = b
    ? b.total
      ? t(b.estimated ? 'images.task.bytesEstimated' : 'images.task.bytes', {
          current: formatBytes(b.current, lang),
          total: formatBytes(b.total, lang),
        })
      : t('images.task.bytesOnly', { current: formatBytes(b.current, lang) })
    : p && p.total
      ? t('images.task.bytes', { current: formatBytes(p.current, lang), total: formatBytes(p.total, lang) })
      : '';

  return (
    <article
      className={`img-task ${task.status}`}
      aria-label={title}
      data-task-kind={task.kind}
      data-task-status={task.status}
    >
      <header className="img-task-head">
        <strong className="img-task-title">{title}</strong>
        <span className={`pill ${task.status === 'failed' ? 'warn' : ''}`}>{t(`images.task.${task.status}`)}</span>
        {p && p.layers.length > 0 && (
          <span className="muted small">{t('images.task.layers', { done: doneLayers, count: p.layers.length })}</span>
        )}
        {bytesText && <span className="muted small mono">{bytesText}</span>}
        <span className="spacer" />
        {p && p.layers.length > 0 && (
          <button type="button" className="link small" onClick={() => setShowLayers(!showLayers)}>
            {showLayers ? t('images.actions.hideLayers') : t('images.actions.showLayers')}
          </button>
        )}
        {running ? (
          <button
            type="button"
            className="small-btn"
            aria-label={`${t('images.actions.cancel')} ${title}`}
            onClick={() => cancel(task.id)}
          >
            {t('images.actions.cancel')}
          </button>
        ) : (
          <button
            type="button"
            className="small-btn"
            aria-label={`${t('images.actions.dismiss')} ${title}`}
            onClick={() => dismiss(task.id)}
          >
            {t('images.actions.dismiss')}
          </button>
        )}
      </header>
      {fraction !== undefined && running && <Bar fraction={fraction} label={title} />}
      {p?.status && running && <div className="muted small mono truncate-line">{p.status}</div>}
      {showLayers && p && p.layers.length > 0 && (
        <ul className="img-layers-progress">
          {p.layers.map((l) => (
            <li key={l.id} data-layer={l.id}>
              <span className="mono small">{l.id}</span>
              <Bar fraction={l.fraction} label={`${l.id} ${l.status}`} small />
              <span className="small muted img-layer-status">
                {l.status}
                {l.total && !l.done
                  ? ` ${formatBytes(Math.min(l.current ?? 0, l.total), lang)} / ${formatBytes(l.total, lang)}`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {task.kind === 'build' && task.log && (
        <pre ref={logRef} className="img-log mono" aria-label={t('images.task.log')} tabIndex={0}>
          {task.log}
        </pre>
      )}
      {task.status === 'failed' && task.error && (
        <p className="error-text" role="alert">
          <ErrorText error={task.error} />
          {(task.kind === 'pull' || task.kind === 'load' || task.kind === 'import') && (
            <span className="muted small"> {t('images.task.untouched')}</span>
          )}
        </p>
      )}
      {task.status === 'cancelled' && <p className="muted small">{t('images.task.cancelledNote')}</p>}
      {task.status === 'done' && task.result && (
        <p className="ok-text small">
          {task.result.path
            ? t('images.task.saved', { path: task.result.path })
            : task.result.loaded?.length
              ? t('images.task.loaded', { refs: task.result.loaded.join(', ') })
              : task.result.imageId
                ? `${task.result.ref ?? ''} ${t('images.task.resultImage', { id: shortImageId(task.result.imageId) })}${task.result.digest ? ` · ${task.result.digest}` : ''}`
                : ''}
        </p>
      )}
      {running && <CommandHint command={task.command} />}
    </article>
  );
}
