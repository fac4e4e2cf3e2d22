import { z } from 'zod';
import { ContainerRef } from './common';
import { stream, type OutputFrame } from './streams';

/**
 * A point in time for `--since` / `--until`: seconds since the epoch, as a
 * number or as the engine's "seconds.nanoseconds" string (log lines carry
 * nanoseconds; paging back needs them exactly).
 */
export const LogTime = z.union([
  z.number().min(0).max(1e11),
  z.string().regex(/^\d{1,11}(\.\d{1,9})?$/, 'not seconds[.nanoseconds]'),
]);

export const LogsInput = z
  .strictObject({
    id: ContainerRef,
    /** Keep the stream open for new lines (`docker logs -f`). */
    follow: z.boolean().default(false),
    /**
     * Only the last N lines (`--tail N`); always bounded: a whole log is never
     * read into memory. 'all' only together with `since` (a window of time).
     */
    tail: z.union([z.number().int().min(0).max(1_000_000), z.literal('all')]).default(1000),
    /** `--since`. */
    since: LogTime.optional(),
    /** `--until`, for paging back (inclusive). */
    until: LogTime.optional(),
    timestamps: z.boolean().default(false),
  })
  .refine((i) => i.tail !== 'all' || i.since !== undefined, {
    message: 'tail "all" needs since: a log is only read in bounded windows',
    path: ['tail'],
  });

export const StatsInput = z.strictObject({ id: ContainerRef });

/** One live sample of `docker stats` (cumulative counters: the view derives rates). */
export interface StatsSample {
  /** When the engine read it, ms since the epoch. */
  time: number;
  running: boolean;
  /** Like `docker stats`: 100 = one CPU fully busy. */
  cpuPercent: number;
  onlineCpus: number;
  /** Bytes in use without the page cache, as `docker stats` counts it. */
  memUsage: number;
  memLimit: number;
  memPercent: number;
  /** Cumulative bytes over all interfaces. */
  netRx: number;
  netTx: number;
  /** Cumulative bytes read/written on block devices. */
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export const containerStreams = {
  /** `docker logs [-f] [--tail N] [--since] [--until] [-t]`: stdout and stderr told apart. */
  'containers.logs': stream<typeof LogsInput, OutputFrame>(LogsInput),
  /** `docker stats <c>`: one sample a second while open; one stream per visible container. */
  'containers.stats': stream<typeof StatsInput, StatsSample>(StatsInput),
} as const;
