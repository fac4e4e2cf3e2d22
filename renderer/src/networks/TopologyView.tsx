import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '../../../preload/contract/networks.contract';
import { TOPO, fit, layoutTopology, type TopoLayout } from './topology-layout';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5];

const onEnter = (fn: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    fn();
  }
};

/**
 * The networks and the containers on them, drawn as an SVG: networks are
 * columns (a header and a bus line), containers are rows, each attachment an
 * edge labelled with IP and aliases. The header band stays in view while the
 * rows scroll. Clicking a network or a container opens it.
 */
export function TopologyView({
  networks,
  onNetwork,
  onContainer,
}: {
  networks: NetworkSummary[];
  onNetwork(id: string): void;
  onContainer(id: string, name: string): void;
}) {
  const { t } = useTranslation();
  const [zoom, setZoom] = useState(1);
  const [hideEmpty, setHideEmpty] = useState(false);
  const [query, setQuery] = useState('');
  const layout = useMemo(
    () => layoutTopology(networks, { hideEmpty, notConnected: t('networks.notConnected') }),
    [networks, hideEmpty, t],
  );
  const q = query.trim().toLowerCase();
  // Highlight: matching containers and networks, and whatever they are attached to.
  const lit = useMemo(() => highlightSet(layout, q), [layout, q]);
  const dim = (id: string) => (lit && !lit.has(id) ? 'dim' : '');

  const W = layout.width;
  const headerBand = layout.bodyTop;
  const zoomIndex = ZOOMS.indexOf(zoom);

  return (
    <div className="topology" data-testid="topology">
      <div className="topology-toolbar">
        <input
          type="search"
          className="filter"
          value={query}
          placeholder={t('networks.topology.highlight')}
          aria-label={t('networks.topology.highlight')}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="toggle">
          <input type="checkbox" checked={hideEmpty} onChange={(e) => setHideEmpty(e.target.checked)} />
          {t('networks.topology.hideEmpty')}
        </label>
        <span className="spacer" />
        <span className="muted small">
          {t('networks.topology.summary', { networks: layout.networks.length, containers: layout.containers.length })}
        </span>
        <button
          type="button"
          aria-label={t('networks.topology.zoomOut')}
          disabled={zoomIndex <= 0}
          onClick={() => setZoom(ZOOMS[zoomIndex - 1] ?? zoom)}
        >
          −
        </button>
        <span className="small zoom-value">{Math.round(zoom * 100)}%</span>
        <button
          type="button"
          aria-label={t('networks.topology.zoomIn')}
          disabled={zoomIndex >= ZOOMS.length - 1}
          onClick={() => setZoom(ZOOMS[zoomIndex + 1] ?? zoom)}
        >
          +
        </button>
      </div>
      <div className="topology-scroll">
        <div className="topology-header" style={{ width: W * zoom }}>
          <svg
            width={W * zoom}
            height={headerBand * zoom}
            viewBox={`0 0 ${W} ${headerBand}`}
            role="group"
            aria-label={t('networks.topology.networksLabel')}
          >
            {layout.networks.map((n) => (
              <g
                key={n.id}
                className={`topo-network ${n.builtIn ? 'builtin' : ''} ${dim(n.id)}`}
                role="button"
                tabIndex={0}
                aria-label={`${t('networks.topology.network')} ${n.name}`}
                data-network={n.name}
                onClick={() => onNetwork(n.id)}
                onKeyDown={onEnter(() => onNetwork(n.id))}
              >
                <title>{`${n.name} · ${n.driver}${n.subnet ? ` · ${n.subnet}` : ''}`}</title>
                <line className="bus" x1={n.busX} x2={n.busX} y1={n.busTop} y2={headerBand} />
                <rect x={n.x} y={n.y} width={n.w} height={n.h} rx={8} />
                <text x={n.x + 10} y={n.y + 20} className="topo-title">
                  {fit(n.name, Math.floor((n.w - 20) / 8))}
                </text>
                <text x={n.x + 10} y={n.y + 36} className="topo-sub">
                  {fit(
                    `${n.driver}${n.builtIn ? ` · ${t('networks.builtIn')}` : ''}${n.internal ? ` · ${t('networks.internal')}` : ''}`,
                    26,
                  )}
                </text>
                <text x={n.x + 10} y={n.y + 51} className="topo-sub mono">
                  {fit(`${n.subnet ?? '—'} · ${n.active}/${n.total}`, 26)}
                </text>
              </g>
            ))}
          </svg>
        </div>
        <svg
          className="topology-body"
          width={W * zoom}
          height={(layout.height - headerBand) * zoom}
          viewBox={`0 ${headerBand} ${W} ${layout.height - headerBand}`}
          role="group"
          aria-label={t('networks.topology.containersLabel')}
        >
          {layout.networks.map((n) => (
            <line
              key={n.id}
              className={`bus ${n.builtIn ? 'builtin' : ''} ${dim(n.id)}`}
              x1={n.busX}
              x2={n.busX}
              y1={headerBand}
              y2={n.busBottom}
            />
          ))}
          {layout.edges.map((e) => (
            <g
              key={`${e.networkId}:${e.containerId}`}
              className={`topo-edge ${e.active ? '' : 'inactive'} ${lit && !(lit.has(e.containerId) && lit.has(e.networkId)) ? 'dim' : ''}`}
              data-edge={`${e.networkId}:${e.containerId}`}
            >
              <title>{e.fullLabel}</title>
              <line className="halo" x1={e.x1} x2={e.x2} y1={e.y} y2={e.y} />
              <line className="wire" x1={e.x1} x2={e.x2} y1={e.y} y2={e.y} />
              <circle cx={e.x2} cy={e.y} r={4} />
              <text x={e.labelBox.x} y={e.labelBox.y + TOPO.labelH - 3} className="topo-label mono">
                {e.label}
              </text>
            </g>
          ))}
          {layout.containers.map((c) => (
            <g
              key={c.id}
              className={`topo-container ${c.state} ${dim(c.id)}`}
              role="button"
              tabIndex={0}
              aria-label={`${t('networks.topology.container')} ${c.name}`}
              data-container={c.name}
              onClick={() => onContainer(c.id, c.name)}
              onKeyDown={onEnter(() => onContainer(c.id, c.name))}
            >
              <title>{`${c.name} · ${c.state}`}</title>
              <rect x={c.x} y={c.y} width={c.w} height={c.h} rx={6} />
              <circle cx={c.x + 14} cy={c.cy} r={4} className="state-dot" />
              <text x={c.x + 26} y={c.cy + 4} className="topo-title">
                {fit(c.name, Math.floor((c.w - 36) / 8))}
              </text>
            </g>
          ))}
        </svg>
        {layout.containers.length === 0 && <p className="empty">{t('networks.topology.empty')}</p>}
      </div>
    </div>
  );
}

function highlightSet(layout: TopoLayout, q: string): Set<string> | undefined {
  if (!q) return undefined;
  const out = new Set<string>();
  const netHit = new Set(layout.networks.filter((n) => n.name.toLowerCase().includes(q)).map((n) => n.id));
  const ctrHit = new Set(layout.containers.filter((c) => c.name.toLowerCase().includes(q)).map((c) => c.id));
  for (const e of layout.edges) {
    if (netHit.has(e.networkId) || ctrHit.has(e.containerId)) {
      out.add(e.networkId);
      out.add(e.containerId);
    }
  }
  for (const id of [...netHit, ...ctrHit]) out.add(id);
  return out;
}
