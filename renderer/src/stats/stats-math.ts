import type { StatsSample } from '../../../preload/contract/container-streams.contract';

/** Samples kept for the charts: two minutes at the engine's one per second. */
export const HISTORY = 120;

export interface StatsSeries {
  /** Seconds (uPlot's time axis). */
  time: number[];
  cpu: number[];
  mem: number[];
  netRx: number[];
  netTx: number[];
  blkRead: number[];
  blkWrite: number[];
}

/** Bytes per second between two cumulative counters (0 when a counter went back: a restart). */
export function rate(cur: number, prev: number, dtMs: number): number {
  if (dtMs <= 0 || cur < prev) return 0;
  return ((cur - prev) * 1000) / dtMs;
}

/** The chart series from the kept samples: percentages and bytes as they are, counters as rates. */
export function toSeries(samples: readonly StatsSample[]): StatsSeries {
  const s: StatsSeries = { time: [], cpu: [], mem: [], netRx: [], netTx: [], blkRead: [], blkWrite: [] };
  for (let i = 1; i < samples.length; i++) {
    const cur = samples[i]!;
    const prev = samples[i - 1]!;
    const dt = cur.time - prev.time;
    if (dt <= 0) continue;
    s.time.push(cur.time / 1000);
    s.cpu.push(cur.cpuPercent);
    s.mem.push(cur.memUsage);
    s.netRx.push(rate(cur.netRx, prev.netRx, dt));
    s.netTx.push(rate(cur.netTx, prev.netTx, dt));
    s.blkRead.push(rate(cur.blockRead, prev.blockRead, dt));
    s.blkWrite.push(rate(cur.blockWrite, prev.blockWrite, dt));
  }
  return s;
}

/** Keep the newest `max` samples. */
export function pushBounded<T>(list: T[], item: T, max = HISTORY + 1): T[] {
  const next = list.length >= max ? list.slice(list.length - max + 1) : list.slice();
  next.push(item);
  return next;
}
