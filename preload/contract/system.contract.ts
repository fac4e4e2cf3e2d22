import { z } from 'zod';
import { Empty } from './common';

export const EngineStatus = z.object({
  state: z.enum(['connecting', 'connected', 'disconnected']),
  /** Where Berth connects: unix:///var/run/docker.sock, tcp://…, and where that came from. */
  endpoint: z.string(),
  source: z.enum(['DOCKER_HOST', 'context', 'default', 'settings']),
  contextName: z.string().optional(),
  /** The engine's id in engines.list. */
  engineId: z.string().optional(),
  engineName: z.string().optional(),
  /** When disconnected: why, in English (the UI shows a translated message by code). */
  error: z.string().optional(),
  engineVersion: z.string().optional(),
  apiVersion: z.string().optional(),
  engineApiVersion: z.string().optional(),
  minApiVersion: z.string().optional(),
  os: z.string().optional(),
  arch: z.string().optional(),
  kernelVersion: z.string().optional(),
  operatingSystem: z.string().optional(),
  cpus: z.number().optional(),
  memoryBytes: z.number().optional(),
  name: z.string().optional(),
  containers: z.number().optional(),
  containersRunning: z.number().optional(),
  images: z.number().optional(),
  /** Bumped on every (re)connect: stores refetch when it changes. */
  generation: z.number(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

export const systemCalls = {
  'system.status': { input: Empty, output: EngineStatus },
} as const;

/** Main asks the page to show something (from the tray, a notification, the command line). */
export const NavigateRequest = z.object({
  to: z.enum(['containers', 'images', 'volumes', 'networks', 'terminal', 'logs', 'run', 'pull', 'system']),
  id: z.string().optional(),
});
export type NavigateRequest = z.infer<typeof NavigateRequest>;

export const systemEvents = {
  /** The engine connection changed state (connected, lost, reconnected). */
  'engine.status': EngineStatus,
  'app.navigate': NavigateRequest,
} as const;
