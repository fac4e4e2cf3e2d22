import { z } from 'zod';
import { ContainerRef } from './common';
import { stream, type OutputFrame } from './streams';

export const LogsInput = z.strictObject({
  id: ContainerRef,
  /** Keep the stream open for new lines (`docker logs -f`). */
  follow: z.boolean().default(false),
  /** Only the last N lines (`--tail N`); always bounded: a whole log is never read into memory. */
  tail: z.number().int().min(0).max(1_000_000).default(1000),
  /** Seconds since the epoch (`--since`). */
  since: z.number().int().min(0).optional(),
  /** Seconds since the epoch (`--until`), for paging back. */
  until: z.number().int().min(0).optional(),
  timestamps: z.boolean().default(false),
});

export const containerStreams = {
  /** `docker logs [-f] [--tail N] [--since] [-t]`: stdout and stderr told apart. */
  'containers.logs': stream<typeof LogsInput, OutputFrame>(LogsInput),
} as const;
