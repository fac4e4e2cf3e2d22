import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageHistory, ImageSummary } from '../../../preload/contract/images.contract';
import { api } from '../api';
import { CommandHint } from '../components/CommandHint';
import { ErrorText } from '../components/ErrorText';
import { InspectView } from '../components/InspectView';
import { Tabs } from '../components/Tabs';
import { useLoad } from '../components/use-load';
import { imageCommands } from '../lib/images-commands';
import { formatAgo, formatBytes, formatDateTime } from '../lib/format';
import { shortImageId } from '../stores/images.store';

type Tab = 'layers' | 'inspect';

/** The selected image: its layers (history, sizes, sharing) and its inspect JSON. */
export function ImageDetails({ image, onClose }: { image: ImageSummary; onClose(): void }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('layers');
  const name = image.tags[0] ?? shortImageId(image.id);
  return (
    <section className="img-details" aria-label={t('images.details.title', { name })} data-testid="image-details">
      <header className="img-details-head">
        <h2>{t('images.details.title', { name })}</h2>
        <span className="mono small muted">{shortImageId(image.id)}</span>
        <span className="spacer" />
        <button type="button" className="link" onClick={onClose} aria-label={t('images.details.close')}>
          ✕
        </button>
      </header>
      <Tabs
        tabs={['layers', 'inspect'] as const}
        value={tab}
        onChange={setTab}
        label={(k) => t(`images.details.${k}`)}
      />
      {tab === 'layers' ? <Layers image={image} /> : <Inspect image={image} />}
    </section>
  );
}

function Layers({ image }: { image: ImageSummary }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { value: h, error } = useLoad(() => api.call('images.history', { ref: image.id }), image.id);
  if (error) {
    return (
      <p className="error-text" role="alert">
        <ErrorText error={error} />
      </p>
    );
  }
  if (!h) return <p className="muted">{t('common.loading')}</p>;
  return (
    <div className="img-layers">
      <CommandHint command={imageCommands.history(image.tags[0] ?? shortImageId(image.id))} />
      <p className="muted small">
        {t('images.details.summary', {
          layers: h.entries.filter((e) => e.layer).length,
          size: formatBytes(image.size, lang),
          shared: formatBytes(h.sharedSize, lang),
          unique: formatBytes(h.uniqueSize, lang),
        })}
      </p>
      <LayerStack history={h} />
      <div className="table-wrap">
        <table className="grid compact" aria-label={t('images.details.layers')}>
          <thead>
            <tr>
              <th>{t('images.details.step')}</th>
              <th className="num">{t('images.details.size')}</th>
              <th>{t('images.details.age')}</th>
              <th>{t('images.details.layer')}</th>
              <th>{t('images.details.sharedWith')}</th>
            </tr>
          </thead>
          <tbody>
            {h.entries.map((e, i) => (
              <tr key={i} data-layer={e.layer?.diffId ?? ''} className={e.layer ? '' : 'img-empty-step'}>
                <td className="mono small img-created-by" title={e.createdBy}>
                  {e.createdBy.replace(/^\/bin\/sh -c (#\(nop\)\s+)?/, '') || '—'}
                </td>
                <td className="num">{e.layer ? formatBytes(e.size, lang) : ''}</td>
                <td title={formatDateTime(e.created, lang)}>{e.created ? formatAgo(e.created, lang) : ''}</td>
                <td className="mono small">
                  {e.layer ? (
                    e.layer.diffId.replace('sha256:', '').slice(0, 12)
                  ) : (
                    <span className="muted">{t('images.details.noLayer')}</span>
                  )}
                </td>
                <td className="small">
                  {e.layer ? (
                    e.layer.sharedWith.length ? (
                      <span className="chips">
                        {e.layer.sharedWith.map((s) => (
                          <span
                            key={s.id}
                            className="chip img-shared-chip"
                            title={[...s.tags, s.id.replace('sha256:', '').slice(0, 12)].join('\n')}
                          >
                            {s.tags.length > 1 ? `${s.name} +${s.tags.length - 1}` : s.name}
                          </span>
                        ))}
                      </span>
                    ) : (
                      <span className="muted">{t('images.details.unique')}</span>
                    )
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The union filesystem at a glance: layers stacked bottom-up, sized by bytes, shared ones striped. */
function LayerStack({ history }: { history: ImageHistory }) {
  const { t, i18n } = useTranslation();
  const layers = history.entries.filter((e) => e.layer).reverse(); // base first
  const total = layers.reduce((n, e) => n + e.size, 0) || 1;
  return (
    <figure className="img-stack" aria-label={t('images.details.stack')}>
      <div className="img-stack-bar">
        {layers.map((e, i) => {
          const shared = (e.layer?.sharedWith.length ?? 0) > 0;
          return (
            <div
              key={i}
              className={`img-stack-block ${shared ? 'shared' : ''}`}
              style={{ flexGrow: Math.max(e.size / total, 0.02) }}
              title={`${e.createdBy}\n${formatBytes(e.size, i18n.language)}${shared ? `\n${t('images.details.sharedWith')}: ${e.layer?.sharedWith.map((s) => s.name).join(', ')}` : ''}`}
            >
              <span>{formatBytes(e.size, i18n.language)}</span>
            </div>
          );
        })}
      </div>
      <figcaption className="muted small">{t('images.details.stackHint')}</figcaption>
    </figure>
  );
}

function Inspect({ image }: { image: ImageSummary }) {
  return (
    <InspectView
      className="img-inspect"
      command={imageCommands.inspect(image.tags[0] ?? shortImageId(image.id))}
      load={() => api.call('images.inspect', { ref: image.id })}
      loadKey={image.id}
    />
  );
}
