import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BerthError, asBerthError } from '../../../preload/contract/errors';
import {
  LABEL_FILTER,
  type PruneKind,
  type SystemPrunePreview,
  type SystemPruneResult,
} from '../../../preload/contract/system.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorText } from '../components/ErrorText';
import { ConceptHelp } from '../learn/ConceptHelp';
import { formatBytes } from '../lib/format';
import { useSystem } from '../stores';
import { systemCommands } from './system-commands';

interface Options {
  allImages: boolean;
  volumes: boolean;
  namedVolumes: boolean;
  buildCache: boolean;
  label: string;
}

export const previewCount = (p: SystemPrunePreview): number =>
  p.containers.length + p.images.length + p.networks.length + p.volumes.length + p.buildCache.length;

/** The scope sent to main (the label only when one is typed). */
export function pruneScope(o: Options) {
  const label = o.label.trim();
  return {
    allImages: o.allImages,
    volumes: o.volumes,
    namedVolumes: o.volumes && o.namedVolumes,
    buildCache: o.buildCache,
    ...(label ? { label } : {}),
  };
}

/**
 * `docker system prune`, previewed: Berth lists exactly what would go, and
 * removes exactly those items one by one (never forced) once confirmed.
 */
export function PruneView() {
  const { t, i18n } = useTranslation();
  const [o, setO] = useState<Options>({
    allImages: false,
    volumes: false,
    namedVolumes: false,
    buildCache: true,
    label: '',
  });
  const [preview, setPreview] = useState<SystemPrunePreview | undefined>();
  const [busy, setBusy] = useState<'preview' | 'prune' | undefined>();
  const [error, setError] = useState<BerthError | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<SystemPruneResult | undefined>();
  const fmt = (n: number) => formatBytes(n, i18n.language);
  const label = o.label.trim();
  const labelBad = label !== '' && !LABEL_FILTER.test(label);

  const change = (patch: Partial<Options>) => {
    setO({ ...o, ...patch });
    setPreview(undefined); // the scope changed: the preview no longer says what would go
    setResult(undefined);
  };

  const runPreview = async () => {
    setBusy('preview');
    setError(undefined);
    setResult(undefined);
    try {
      setPreview(await api.call('system.prunePreview', pruneScope(o)));
    } catch (e) {
      setError(asBerthError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const runPrune = async () => {
    if (!preview) return;
    setConfirming(false);
    setBusy('prune');
    setError(undefined);
    try {
      const r = await api.call('system.prune', {
        ...pruneScope(o),
        items: {
          containers: preview.containers.map((c) => c.id),
          images: preview.images.map((i) => i.id),
          networks: preview.networks.map((n) => n.id),
          volumes: preview.volumes.map((v) => v.name),
          buildCache: preview.buildCache.map((b) => b.id),
        },
      });
      setResult(r);
      setPreview(undefined);
      const sys = useSystem.getState();
      if (sys.df.status !== 'idle') void sys.loadDf();
    } catch (e) {
      setError(asBerthError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const count = preview ? previewCount(preview) : 0;
  const kindLabel = (k: PruneKind) => t(`system.prune.kinds.${k}`);

  return (
    <div className="system-section">
      <div className="aid-card prune">
        <h2>{t('system.prune.title')}</h2>
        <p>{t('system.prune.intro')}</p>
        <fieldset className="prune-options" disabled={!!busy}>
          <label className="check">
            <input type="checkbox" checked={o.allImages} onChange={(e) => change({ allImages: e.target.checked })} />
            {t('system.prune.optAllImages')}
          </label>
          <label className="check">
            <input type="checkbox" checked={o.volumes} onChange={(e) => change({ volumes: e.target.checked })} />
            {t('system.prune.optVolumes')}
          </label>
          <div className="check-row indent">
            <label className="check">
              <input
                type="checkbox"
                checked={o.volumes && o.namedVolumes}
                disabled={!o.volumes}
                onChange={(e) => change({ namedVolumes: e.target.checked })}
              />
              {t('system.prune.optNamedVolumes')}
            </label>
            <ConceptHelp concept="volumes" />
          </div>
          <label className="check">
            <input type="checkbox" checked={o.buildCache} onChange={(e) => change({ buildCache: e.target.checked })} />
            {t('system.prune.optBuildCache')}
          </label>
          <label className="field-inline">
            <span>{t('system.prune.label')}</span>
            <input
              type="text"
              className="mono"
              value={o.label}
              placeholder={t('system.prune.labelHelp')}
              aria-invalid={labelBad || undefined}
              onChange={(e) => change({ label: e.target.value })}
              spellCheck={false}
            />
          </label>
        </fieldset>
        <CommandHint
          command={[
            systemCommands.prune({ allImages: o.allImages, volumes: o.volumes, label }),
            ...(o.volumes && o.namedVolumes ? [systemCommands.pruneNamedVolumes(label)] : []),
          ].join('\n')}
        />
        <p className="muted small">{t('system.prune.note')}</p>
        <div className="row-actions">
          <button type="button" className="primary" onClick={() => void runPreview()} disabled={!!busy || labelBad}>
            {busy === 'preview'
              ? t('system.prune.previewing')
              : preview
                ? t('system.prune.again')
                : t('system.prune.preview')}
          </button>
        </div>
        {error && (
          <div className="banner error" role="alert">
            <ErrorText error={error} />
          </div>
        )}
      </div>

      {preview && (
        <div className="aid-card prune-preview" data-testid="prune-preview" aria-live="polite">
          {count === 0 ? (
            <p data-testid="prune-nothing">{t('system.prune.nothing')}</p>
          ) : (
            <>
              <p>
                <strong>{t('system.prune.willRemove')}</strong>
              </p>
              <PreviewGroup
                title={t('system.prune.containers', { count: preview.containers.length })}
                items={preview.containers.map((c) => ({
                  kind: 'container' as const,
                  id: c.id,
                  name: c.name,
                  detail: `${c.image} · ${c.state}${c.size ? ` · ${fmt(c.size)}` : ''}`,
                }))}
              />
              <PreviewGroup
                title={
                  o.allImages
                    ? t('system.prune.images', { count: preview.images.length })
                    : t('system.prune.dangling', { count: preview.images.length })
                }
                items={preview.images.map((i) => ({
                  kind: 'image' as const,
                  id: i.id,
                  name: i.tags.join(', ') || t('system.prune.untagged'),
                  detail: `${i.id.replace(/^sha256:/, '').slice(0, 12)} · ${fmt(i.size)}`,
                }))}
              />
              <PreviewGroup
                title={t('system.prune.networks', { count: preview.networks.length })}
                items={preview.networks.map((n) => ({
                  kind: 'network' as const,
                  id: n.id,
                  name: n.name,
                  detail: n.driver,
                }))}
              />
              <PreviewGroup
                title={t('system.prune.volumes', { count: preview.volumes.length })}
                items={preview.volumes.map((v) => ({
                  kind: 'volume' as const,
                  id: v.name,
                  name: v.name,
                  detail: `${v.anonymous ? t('system.prune.anonymous') : t('system.prune.named')}${v.size ? ` · ${fmt(v.size)}` : ''}`,
                  warn: !v.anonymous,
                }))}
              />
              <PreviewGroup
                title={t('system.prune.buildCache', { count: preview.buildCache.length })}
                items={preview.buildCache.map((b) => ({
                  kind: 'buildCache' as const,
                  id: b.id,
                  name: b.description || b.id,
                  detail: `${b.type} · ${fmt(b.size)}`,
                }))}
              />
              <p className="small">{t('system.prune.reclaim', { size: fmt(preview.reclaimableBytes) })}</p>
            </>
          )}
          <p
            className={`small ${preview.namedVolumesIncluded ? 'warn-text' : 'muted'}`}
            data-testid="prune-volumes-note"
          >
            {!o.volumes
              ? t('system.prune.volumesExcluded')
              : preview.namedVolumesIncluded
                ? t('system.prune.namedIncluded')
                : t('system.prune.namedExcluded')}
          </p>
          {label && o.buildCache && <p className="small muted">{t('system.prune.cacheWithLabel')}</p>}
          {count > 0 && (
            <div className="row-actions">
              <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={!!busy}>
                {busy === 'prune' ? t('system.prune.removing') : t('system.prune.remove', { count })}
              </button>
            </div>
          )}
        </div>
      )}

      {result && (
        <div className="aid-card prune-result" data-testid="prune-result" role="status">
          <p>
            <strong>
              {t('system.prune.done', { removed: result.removed.length, size: fmt(result.reclaimedBytes) })}
            </strong>
          </p>
          {result.removed.length > 0 && (
            <ul className="plain-list small prune-list">
              {result.removed.map((r) => (
                <li key={`${r.kind}:${r.id}`} data-kind={r.kind} data-id={r.id} data-outcome="removed">
                  <span className="muted">{kindLabel(r.kind)}</span> <span className="mono">{r.name}</span>
                </li>
              ))}
            </ul>
          )}
          {result.failed.length > 0 && (
            <>
              <p className="error-text">{t('system.prune.failed', { count: result.failed.length })}</p>
              <ul className="plain-list small prune-list">
                {result.failed.map((f) => (
                  <li key={`${f.kind}:${f.id}`} data-kind={f.kind} data-id={f.id} data-outcome="failed">
                    <span className="muted">{kindLabel(f.kind)}</span> <span className="mono">{f.name}</span>:{' '}
                    <ErrorText error={new BerthError(f.code as BerthError['code'], f.message)} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.skipped.length > 0 && (
            <>
              <p className="muted">{t('system.prune.skipped', { count: result.skipped.length })}</p>
              <ul className="plain-list small prune-list">
                {result.skipped.map((s) => (
                  <li key={`${s.kind}:${s.id}`} data-kind={s.kind} data-id={s.id} data-outcome="skipped">
                    <span className="muted">{kindLabel(s.kind)}</span> <span className="mono">{s.name}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      {confirming && preview && (
        <ConfirmDialog
          title={t('system.prune.title')}
          confirmLabel={t('system.prune.remove', { count })}
          danger
          onConfirm={() => void runPrune()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('system.prune.confirm', { count })}</p>
          {preview.namedVolumesIncluded && preview.volumes.some((v) => !v.anonymous) && (
            <p className="warn-text">{t('system.prune.namedIncluded')}</p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}

interface PreviewItem {
  kind: PruneKind;
  id: string;
  name: string;
  detail: string;
  warn?: boolean;
}

function PreviewGroup({ title, items }: { title: string; items: PreviewItem[] }) {
  if (items.length === 0) return null;
  return (
    <section className="prune-group">
      <h3>{title}</h3>
      <ul className="plain-list prune-list">
        {items.map((i) => (
          <li key={i.id} data-kind={i.kind} data-id={i.id} className={i.warn ? 'warn-text' : undefined}>
            <span className="mono">{i.name}</span> <span className="muted small">{i.detail}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
