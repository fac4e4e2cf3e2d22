import { z } from 'zod';
import { ContainerRef, HEX_ID } from './common';

export const PortBinding = z.object({
  privatePort: z.number(),
  publicPort: z.number().optional(),
  ip: z.string().optional(),
  type: z.string(),
});
export type PortBinding = z.infer<typeof PortBinding>;

export const ContainerState = z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
export type ContainerState = z.infer<typeof ContainerState>;

export const ContainerSummary = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  /** Seconds since the epoch. */
  created: z.number(),
  state: ContainerState,
  /** The engine's human status line ("Up 3 minutes", "Exited (0) 2 hours ago"). */
  status: z.string(),
  ports: z.array(PortBinding),
  labels: z.record(z.string(), z.string()),
});
export type ContainerSummary = z.infer<typeof ContainerSummary>;

export const containersCalls = {
  /** `docker ps -a` (or only the given ids: used to refresh rows named by change notices). */
  'containers.list': {
    input: z.strictObject({
      ids: z.array(z.string().regex(HEX_ID)).max(1000).optional(),
    }),
    output: z.array(ContainerSummary),
  },
  'containers.start': { input: z.strictObject({ id: ContainerRef }), output: z.void() },
  'containers.stop': {
    input: z.strictObject({ id: ContainerRef, timeoutSeconds: z.number().int().min(0).max(3600).optional() }),
    output: z.void(),
  },
  'containers.restart': {
    input: z.strictObject({ id: ContainerRef, timeoutSeconds: z.number().int().min(0).max(3600).optional() }),
    output: z.void(),
  },
  /** `docker rm`: never forced unless the user asked for it. */
  'containers.remove': {
    input: z.strictObject({
      id: ContainerRef,
      force: z.boolean().default(false),
      removeVolumes: z.boolean().default(false),
    }),
    output: z.void(),
  },
} as const;

export const containersEvents = {
  /** Coalesced change notice: these container ids changed (or were removed). */
  'containers.changed': z.object({ ids: z.array(z.string()) }),
} as const;
