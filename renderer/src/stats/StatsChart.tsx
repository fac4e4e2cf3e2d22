import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** A CSS colour or a var(--name) of the app's theme. */
  color: string;
  values: number[];
}

const cssColor = (c: string) => {
  const m = /^var\((--[\w-]+)\)$/.exec(c);
  return m ? getComputedStyle(document.documentElement).getPropertyValue(m[1]!).trim() || '#888' : c;
};

/** A small live line chart (uPlot, canvas): time on x, one or two series, values formatted by `format`. */
export function StatsChart({
  title,
  time,
  series,
  format,
  min,
  theme,
}: {
  title: string;
  time: number[];
  series: ChartSeries[];
  format(v: number): string;
  min?: number;
  theme: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  const fmt = useRef(format);
  useEffect(() => {
    fmt.current = format;
  });
  const labels = series.map((s) => `${s.label}|${s.color}`).join(',');

  // Create once per theme and set of series; data flows in through setData.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const muted = cssColor('var(--muted)');
    const grid = cssColor('var(--border)');
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: 150,
        legend: { show: true, live: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, lo, hi) => [min ?? lo, Math.max(hi, (min ?? 0) + 1e-9) * 1.1] } },
        axes: [
          {
            ...axis,
            values: (_u, ticks) =>
              ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], { minute: '2-digit', second: '2-digit' })),
          },
          { ...axis, size: 72, values: (_u, ticks) => ticks.map((t) => fmt.current(t)) },
        ],
        series: [
          {},
          ...series.map((s) => {
            const stroke = cssColor(s.color);
            return {
              label: s.label,
              stroke,
              width: 1.5,
              fill: `${stroke}22`,
              points: { show: false },
              value: (_u: uPlot, v: number | null) => (v === null ? '–' : fmt.current(v)),
            };
          }),
        ],
      },
      [[], ...series.map(() => [])],
      el,
    );
    chart.current = u;
    const ro = new ResizeObserver(() => {
      if (el.clientWidth > 0) u.setSize({ width: el.clientWidth, height: 150 });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      chart.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the series' labels and colours are the identity
  }, [labels, theme, min]);

  useEffect(() => {
    chart.current?.setData([time, ...series.map((s) => s.values)]);
  });

  return (
    <figure className="stats-chart">
      <figcaption>{title}</figcaption>
      <div ref={host} className="stats-plot" />
    </figure>
  );
}
