import { z } from 'zod';

/**
 * A registry as the user types it: `docker.io`, `registry.example.com:5000`,
 * `127.0.0.1:5000`, `[::1]:5000`, optionally with a scheme (`http://` marks a
 * plain-HTTP registry for browsing). Never a path, query or credentials.
 */
export const REGISTRY_RE =
  /^(?:https?:\/\/)?(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]{1,5})?(?:\/v1\/?|\/)?$/;

export const RegistryServer = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .regex(REGISTRY_RE, { message: 'not a registry host[:port]' });

/** The key the docker CLI uses for Docker Hub in config.json. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

export const RegistryAccount = z.object({
  /** The key in config.json (`https://index.docker.io/v1/` for Docker Hub, else host[:port]). */
  server: z.string(),
  /** Host as shown (`docker.io` for Hub). */
  host: z.string(),
  username: z.string().optional(),
  /** Where the secret lives: `config.json` (base64 `auth`) or a credential helper's name. */
  store: z.string(),
});
export type RegistryAccount = z.infer<typeof RegistryAccount>;

export const RegistriesInfo = z.object({
  /** The docker config folder in use (DOCKER_CONFIG or ~/.docker). */
  configDir: z.string(),
  /** `credsStore` of config.json, if any. */
  credsStore: z.string().optional(),
  accounts: z.array(RegistryAccount),
});
export type RegistriesInfo = z.infer<typeof RegistriesInfo>;

export const RegistryCatalogPage = z.object({
  registry: z.string(),
  repositories: z.array(z.string()),
  /** Pass as `last` to get the next page. */
  next: z.string().optional(),
});
export type RegistryCatalogPage = z.infer<typeof RegistryCatalogPage>;

const RepoPath = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$/, {
    message: 'not a repository path',
  });

export const registriesCalls = {
  /** The accounts config.json knows (auths, credHelpers, credsStore), never a secret. */
  'registries.list': { input: z.strictObject({}), output: RegistriesInfo },
  /**
   * `docker login`: the engine checks the credentials against the registry,
   * then they are stored as the CLI stores them. Answers the server and user only.
   */
  'registries.login': {
    input: z.strictObject({
      server: RegistryServer.default('docker.io'),
      username: z.string().min(1).max(255),
      password: z.string().min(1).max(8192),
    }),
    output: z.object({ server: z.string(), username: z.string() }),
  },
  /** `docker logout SERVER` */
  'registries.logout': { input: z.strictObject({ server: RegistryServer }), output: z.void() },
  /** A private registry's repositories (`GET /v2/_catalog`), a page at a time. */
  'registries.catalog': {
    input: z.strictObject({
      registry: RegistryServer,
      n: z.number().int().min(1).max(1000).default(100),
      last: z.string().max(255).optional(),
    }),
    output: RegistryCatalogPage,
  },
  /** A repository's tags (`GET /v2/<name>/tags/list`). */
  'registries.tags': {
    input: z.strictObject({ registry: RegistryServer, repository: RepoPath }),
    output: z.object({ registry: z.string(), repository: z.string(), tags: z.array(z.string()) }),
  },
} as const;
