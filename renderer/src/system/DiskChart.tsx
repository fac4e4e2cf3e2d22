import { useTranslation } from 'react-i18next';
import type { DiskUsage, UsageTotals } from '../../../preload/contract/system.contract';
import { formatBytes } from '../lib/format';

export const DISK_TYPES = ['images', 'containers', 'volumes', 'buildCache'] as const;
export type DiskType = (typeof DISK_TYPES)[number];

export interface Bar {
  type: DiskType;
  used: number;
  reclaimable: number;
  /** 0..1 of the widest bar. */
  usedWidth: number;
  reclaimableWidth: number;
}

/** Bars scaled to the biggest type: in use first, then what could be reclaimed. */
export function diskBars(df: Pick<DiskUsage, DiskType>): Bar[] {
  const max = Math.max(1, ...DISK_TYPES.map((k) => df[k].size));
  return DISK_TYPES.map((type) => {
    const t: UsageTotals = df[type];
    const reclaimable = Math.min(t.reclaimable, t.size);
    const used = Math.max(0, t.size - reclaimable);
    return { type, used, reclaimable, usedWidth: used / max, reclaimableWidth: reclaimable / max };
  });
}

const ROW = 30;
const LABEL_W = 150;
const BAR_W = 360;
const VALUE_X = LABEL_W + BAR_W + 10;
const WIDTH = VALUE_X + 110;

/** `docker system df` as a bar chart: what each type holds, in use and reclaimable (plain SVG). */
export function DiskChart({ df }: { df: DiskUsage }) {
  const { t, i18n } = useTranslation();
  const bars = diskBars(df);
  const fmt = (n: number) => formatBytes(n, i18n.language);
  const height = bars.length * ROW + 4;
  const label = t('system.disk.chart');
  return (
    <figure className="disk-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
        <title>{label}</title>
        <defs>
          <pattern id="disk-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="disk-bar-free-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="disk-bar-free-line" strokeWidth="3" />
          </pattern>
        </defs>
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const usedW = b.usedWidth * BAR_W;
          const freeW = b.reclaimableWidth * BAR_W;
          return (
            <g key={b.type} data-type={b.type}>
              <text x={LABEL_W - 10} y={y + 15} textAnchor="end" className="disk-label">
                {t(`system.disk.${b.type}`)}
              </text>
              <rect x={LABEL_W} y={y + 2} width={BAR_W} height={ROW - 12} rx={3} className="disk-bar-track" />
              {usedW > 0 && (
                <rect
                  x={LABEL_W}
                  y={y + 2}
                  width={Math.max(1, usedW)}
                  height={ROW - 12}
                  rx={3}
                  className="disk-bar-used"
                >
                  <title>{`${t('system.disk.inUse')}: ${fmt(b.used)}`}</title>
                </rect>
              )}
              {freeW > 0 && (
                <rect
                  x={LABEL_W + usedW}
                  y={y + 2}
                  width={Math.max(1, freeW)}
                  height={ROW - 12}
                  rx={3}
                  fill="url(#disk-hatch)"
                  className="disk-bar-free"
                >
                  <title>{`${t('system.disk.reclaimable')}: ${fmt(b.reclaimable)}`}</title>
                </rect>
              )}
              <text x={VALUE_X} y={y + 15} className="disk-value">
                {fmt(b.used + b.reclaimable)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="disk-legend">
        <span>
          <span className="swatch used" aria-hidden="true" /> {t('system.disk.inUse')}
        </span>
        <span>
          <span className="swatch free" aria-hidden="true" /> {t('system.disk.reclaimable')}
        </span>
      </figcaption>
    </figure>
  );
}
