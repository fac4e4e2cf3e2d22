import { z } from 'zod';

/** Engine addresses Berth accepts, as the docker CLI writes them. */
export const EngineHost = z
  .string()
  .max(500)
  .regex(
    /^(unix:\/\/\/[^\s]*|npipe:\/\/[^\s]+|tcp:\/\/[A-Za-z0-9.[\]:-]+(:\d{1,5})?\/?|ssh:\/\/([A-Za-z0-9._-]+@)?[A-Za-z0-9.[\]:-]+(:\d{1,5})?\/?)$/,
    {
      message: 'use unix:///path, npipe://…, tcp://host:port or ssh://user@host[:port]',
    },
  );

const FilePath = z.string().min(1).max(1000);

export const EngineTls = z.strictObject({
  /** A DOCKER_CERT_PATH-style folder with ca.pem, cert.pem, key.pem. */
  certDir: FilePath,
  verify: z.boolean().default(true),
});

export const EngineConfig = z.strictObject({
  id: z.string().regex(/^user:[a-z0-9]{4,32}$/),
  name: z.string().min(1).max(80),
  host: EngineHost,
  tls: EngineTls.optional(),
  ssh: z.strictObject({ identityFile: FilePath.optional() }).optional(),
});
export type EngineConfig = z.infer<typeof EngineConfig>;

export const EngineSpec = EngineConfig.omit({ id: true });
export type EngineSpec = z.input<typeof EngineSpec>;

export const EngineEntry = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  /** settings: added in Berth; the others are found the way the docker CLI finds them. */
  source: z.enum(['settings', 'DOCKER_HOST', 'context', 'default']),
  active: z.boolean(),
  tls: z.boolean(),
  /** Berth keeps a connection to it open (the active engine, and the ones used lately): switching to it is instant. */
  connected: z.boolean().optional(),
  /** Filled by engines.list: reachable now, and the engine's version. */
  reachable: z.boolean().optional(),
  engineVersion: z.string().optional(),
  error: z.string().optional(),
});
export type EngineEntry = z.infer<typeof EngineEntry>;

export const EngineProbe = z.object({
  ok: z.boolean(),
  engineVersion: z.string().optional(),
  apiVersion: z.string().optional(),
  os: z.string().optional(),
  error: z.string().optional(),
});
export type EngineProbe = z.infer<typeof EngineProbe>;

const EngineId = z.string().min(1).max(200);

export const enginesCalls = {
  /** Every engine Berth knows (added ones, DOCKER_HOST, CLI contexts, the default socket), each probed. */
  'engines.list': { input: z.strictObject({ probe: z.boolean().default(true) }), output: z.array(EngineEntry) },
  /** Try an address without keeping the connection. */
  'engines.test': { input: EngineSpec, output: EngineProbe },
  'engines.add': { input: EngineSpec, output: EngineEntry },
  'engines.update': { input: EngineConfig, output: EngineEntry },
  'engines.remove': { input: z.strictObject({ id: EngineId }), output: z.void() },
  /** Switch the active engine: every panel re-lists from the new one. */
  'engines.activate': { input: z.strictObject({ id: EngineId }), output: z.void() },
} as const;
