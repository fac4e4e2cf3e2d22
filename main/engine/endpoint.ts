import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { readSshConfig } from './ssh-config';
import { join } from 'node:path';

export interface EngineEndpoint {
  /** As the docker CLI writes it: unix:///var/run/docker.sock, tcp://host:2376, npipe://… */
  host: string;
  source: 'DOCKER_HOST' | 'context' | 'default' | 'settings';
  /** Berth's id and name for it (engines.list). */
  id?: string;
  name?: string;
  contextName?: string;
  /** TLS material directory (DOCKER_CERT_PATH or the context's tls folder), when TLS is on. */
  tls?: { ca?: string; cert?: string; key?: string; verify: boolean };
  /** ssh://: a key file to offer besides the agent, and the ssh config to read. */
  ssh?: { identityFile?: string; configFile?: string };
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** The docker CLI's config directory (DOCKER_CONFIG or ~/.docker). */
  configDir?: string;
  platform?: NodeJS.Platform;
}

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

function tlsFromDir(dir: string, verify: boolean): EngineEndpoint['tls'] {
  const pick = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
  return { ca: pick('ca.pem'), cert: pick('cert.pem'), key: pick('key.pem'), verify };
}

/**
 * Where to reach the engine, in the docker CLI's own order: DOCKER_HOST, then
 * DOCKER_CONTEXT or the config's currentContext, then the platform default.
 * (An app started from a desktop launcher has no shell environment, so the
 * context is often what finds a non-default engine.)
 */
export function resolveEndpoint(opts: ResolveOptions = {}): EngineEndpoint {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const configDir = opts.configDir ?? env.DOCKER_CONFIG ?? join(homedir(), '.docker');

  if (env.DOCKER_HOST) {
    // As the docker CLI: any non-empty DOCKER_TLS_VERIFY turns verification on.
    const verify = !!env.DOCKER_TLS_VERIFY;
    const certDir = env.DOCKER_CERT_PATH ?? configDir;
    return {
      host: env.DOCKER_HOST,
      source: 'DOCKER_HOST',
      ...(verify || env.DOCKER_CERT_PATH ? { tls: tlsFromDir(certDir, verify) } : {}),
    };
  }

  const config = readJson(join(configDir, 'config.json')) as { currentContext?: string } | undefined;
  const contextName = env.DOCKER_CONTEXT ?? config?.currentContext;
  if (contextName && contextName !== 'default') {
    const digest = createHash('sha256').update(contextName).digest('hex');
    const meta = readJson(join(configDir, 'contexts', 'meta', digest, 'meta.json')) as
      { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } } | undefined;
    const docker = meta?.Endpoints?.docker;
    if (docker?.Host) {
      const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
      return {
        host: docker.Host,
        source: 'context',
        contextName,
        ...(existsSync(tlsDir) ? { tls: tlsFromDir(tlsDir, !docker.SkipTLSVerify) } : {}),
      };
    }
  }

  return {
    host: platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock',
    source: 'default',
  };
}

function readKey(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** dockerode/docker-modem constructor options for an endpoint. */
export function modemOptions(ep: EngineEndpoint): Record<string, unknown> {
  const url = ep.host;
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) || '/var/run/docker.sock' };
  if (url.startsWith('npipe://')) return { socketPath: url.slice('npipe://'.length) };
  const parsed = new URL(url);
  if (parsed.protocol === 'ssh:') {
    // As the docker CLI's ssh helper does through ssh(1): the user's agent,
    // ~/.ssh/config (HostName, User, Port, IdentityFile) and default keys.
    const cfg = readSshConfig(parsed.hostname, ep.ssh?.configFile);
    const keyFiles = [
      ...(ep.ssh?.identityFile ? [ep.ssh.identityFile] : []),
      ...cfg.identityFiles,
      ...['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homedir(), '.ssh', f)),
    ];
    const privateKey = keyFiles.map((f) => readKey(f)).find((k) => k !== undefined);
    return {
      protocol: 'ssh',
      host: cfg.hostName ?? parsed.hostname,
      port: Number(parsed.port || cfg.port || 22),
      username: decodeURIComponent(parsed.username) || cfg.user || userInfo().username,
      sshOptions: {
        ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
        ...(privateKey ? { privateKey } : {}),
        readyTimeout: 10_000,
        // A dead link (a laptop asleep, Wi-Fi gone) is noticed on the open SSH connections themselves,
        // without logging in again for each check.
        keepaliveInterval: 10_000,
        keepaliveCountMax: 3,
      },
    };
  }
  if (parsed.protocol === 'tcp:' || parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const tls = ep.tls && (ep.tls.verify || ep.tls.cert);
    return {
      protocol: tls || parsed.protocol === 'https:' ? 'https' : 'http',
      host: parsed.hostname,
      port: Number(parsed.port || (tls ? 2376 : 2375)),
      ...(tls ? { ca: ep.tls?.ca, cert: ep.tls?.cert, key: ep.tls?.key } : {}),
    };
  }
  throw new Error(`unsupported engine address: ${url}`);
}

export interface CliContext {
  name: string;
  host: string;
  endpoint: EngineEndpoint;
}

/** The docker CLI's contexts (~/.docker/contexts/meta/<sha256(name)>/meta.json), with their TLS material. */
export function listContexts(configDir = process.env.DOCKER_CONFIG ?? join(homedir(), '.docker')): CliContext[] {
  const metaRoot = join(configDir, 'contexts', 'meta');
  let dirs: string[];
  try {
    dirs = readdirSync(metaRoot);
  } catch {
    return [];
  }
  const out: CliContext[] = [];
  for (const digest of dirs) {
    const meta = readJson(join(metaRoot, digest, 'meta.json')) as
      { Name?: string; Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } } | undefined;
    const host = meta?.Endpoints?.docker?.Host;
    if (!meta?.Name || !host) continue;
    const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
    out.push({
      name: meta.Name,
      host,
      endpoint: {
        host,
        source: 'context',
        contextName: meta.Name,
        ...(existsSync(tlsDir) ? { tls: tlsFromDir(tlsDir, !meta.Endpoints?.docker?.SkipTLSVerify) } : {}),
      },
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** An engine the user added in Berth, as an endpoint. */
export function endpointFromConfig(cfg: {
  host: string;
  tls?: { certDir: string; verify: boolean } | undefined;
  ssh?: { identityFile?: string | undefined } | undefined;
}): EngineEndpoint {
  return {
    host: cfg.host,
    source: 'settings',
    ...(cfg.tls ? { tls: tlsFromDir(cfg.tls.certDir, cfg.tls.verify) } : {}),
    ...(cfg.ssh?.identityFile ? { ssh: { identityFile: cfg.ssh.identityFile } } : {}),
  };
}
