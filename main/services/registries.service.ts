/**
 * Registry credentials the way the docker CLI keeps them: `config.json` in
 * the docker config folder (`auths`, `credsStore`, `credHelpers`), secrets in
 * a credential helper (`docker-credential-<name> get|store|erase|list`, run
 * with execFile — never a shell) or, without one, base64 `auth` in the file.
 * Plus browsing a registry's `/v2/` API (catalog, tags) with the Basic or
 * Bearer token flow.
 *
 * Secrets never leave this file except towards the engine (X-Registry-Auth)
 * or the registry itself; nothing here logs them, and nothing returned to the
 * renderer carries one.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../../preload/contract/errors';
import {
  DOCKER_HUB_KEY,
  type RegistryCatalogPage,
  type RegistriesInfo,
  type RegistryAccount,
} from '../../preload/contract/registries.contract';
import type { EngineConnection } from '../engine/engine-connection';
import { toBerthError } from '../engine/errors';

/** What the engine takes as X-Registry-Auth. */
export interface AuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

export interface RegistriesServiceOptions {
  /** The docker config folder (default: DOCKER_CONFIG, else ~/.docker). Tests point it at a temp dir. */
  configDir?: string;
  /** Environment for credential helpers (PATH decides which helper runs). */
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
  /** Bound on every request to a registry's /v2/ API. */
  registryTimeoutMs?: number;
  /** Bound on the engine's login check. */
  loginTimeoutMs?: number;
}

interface ConfigAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  email?: string;
  [k: string]: unknown;
}

interface ConfigFile {
  auths?: Record<string, ConfigAuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [k: string]: unknown;
}

const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** `https://host:5000/v1/` → `host:5000` (the CLI's ConvertToHostname). */
export function convertToHostname(server: string): string {
  let s = server.trim();
  s = s.replace(/^https?:\/\//i, '');
  const slash = s.indexOf('/');
  return slash === -1 ? s : s.slice(0, slash);
}

/** The config.json key for a registry as the user or a reference names it (Hub has its legacy URL key). */
export function serverKey(server: string): string {
  const host = convertToHostname(server);
  if (!host || HUB_HOSTS.has(host.toLowerCase())) return DOCKER_HUB_KEY;
  return host;
}

/** Host as shown: `docker.io` for Hub. */
export function displayHost(key: string): string {
  return key === DOCKER_HUB_KEY ? 'docker.io' : convertToHostname(key);
}

function decodeAuth(auth: string): { username: string; password: string } | undefined {
  try {
    const text = Buffer.from(auth, 'base64').toString('utf8');
    const i = text.indexOf(':');
    if (i <= 0) return undefined;
    return { username: text.slice(0, i), password: text.slice(i + 1) };
  } catch {
    return undefined;
  }
}

const isLoopbackHost = (host: string): boolean => {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
};

/** Parses `Bearer realm="…",service="…",scope="…"` (or Basic). */
export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2] ?? ''))) params[(p[1] ?? '').toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: (m[1] ?? '').toLowerCase(), params };
}

/** `</v2/_catalog?last=x&n=100>; rel="next"` → `x`. */
export function nextFromLink(link: string | null): string | undefined {
  if (!link) return undefined;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  if (!m?.[1]) return undefined;
  try {
    return new URL(m[1], 'http://x').searchParams.get('last') ?? undefined;
  } catch {
    return undefined;
  }
}

/** How the engine says it could not reach a registry (its words, from Go's net and http packages). */
const REGISTRY_DOWN =
  /(connection refused|no such host|i\/o timeout|network is unreachable|no route to host|host is down|connection reset by peer|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded)/i;

/**
 * The engine (login, pull, push) failed because the registry could not be
 * reached: say so, naming the registry and why, instead of "internal".
 */
export function registryUnreachable(host: string, message: string): BerthError | undefined {
  const why = REGISTRY_DOWN.exec(message)?.[1];
  return why
    ? new BerthError('unreachable', `cannot reach registry ${host} (${why.toLowerCase()}): ${message}`)
    : undefined;
}

export class RegistriesService {
  readonly configDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly helperTimeoutMs: number;
  private readonly registryTimeoutMs: number;
  private readonly loginTimeoutMs: number;

  constructor(
    private readonly engine: EngineConnection,
    opts: RegistriesServiceOptions = {},
  ) {
    this.env = opts.env ?? process.env;
    this.configDir = opts.configDir ?? defaultConfigDir(this.env);
    this.helperTimeoutMs = opts.helperTimeoutMs ?? 15_000;
    this.registryTimeoutMs = opts.registryTimeoutMs ?? 10_000;
    this.loginTimeoutMs = opts.loginTimeoutMs ?? 30_000;
  }

  get configPath(): string {
    return join(this.configDir, 'config.json');
  }

  // -------------------------------------------------------------------------
  // config.json
  // -------------------------------------------------------------------------

  private async readConfig(): Promise<ConfigFile> {
    let text: string;
    try {
      text = await readFile(this.configPath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new BerthError('permission_denied', `cannot read ${this.configPath}: ${(err as Error).message}`);
    }
    if (!text.trim()) return {};
    try {
      const parsed = JSON.parse(text) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ConfigFile) : {};
    } catch {
      throw new BerthError('invalid_input', `${this.configPath} is not valid JSON`);
    }
  }

  /** Written as the CLI writes it (tab-indented, 0600), atomically; other keys kept as they were. */
  private async writeConfig(cfg: ConfigFile): Promise<void> {
    await mkdir(this.configDir, { recursive: true, mode: 0o700 });
    const tmp = `${this.configPath}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, `${JSON.stringify(cfg, null, '\t')}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.configPath);
  }

  private helperFor(cfg: ConfigFile, key: string): string | undefined {
    const host = convertToHostname(key);
    const helpers = cfg.credHelpers ?? {};
    const h = helpers[key] ?? helpers[host] ?? (key === DOCKER_HUB_KEY ? helpers['docker.io'] : undefined);
    return h ?? cfg.credsStore ?? undefined;
  }

  /** The entry in `auths` for a key, matching the CLI's lookup (exact key, else by hostname). */
  private findAuthEntry(cfg: ConfigFile, key: string): [string, ConfigAuthEntry] | undefined {
    const auths = cfg.auths ?? {};
    if (auths[key]) return [key, auths[key]];
    const host = convertToHostname(key);
    for (const [k, v] of Object.entries(auths)) {
      if (serverKey(k) === key || convertToHostname(k) === host) return [k, v];
    }
    return undefined;
  }

  // -------------------------------------------------------------------------
  // credential helpers
  // -------------------------------------------------------------------------

  private runHelper(helper: string, verb: 'get' | 'store' | 'erase' | 'list', input: string): Promise<string> {
    if (!HELPER_NAME.test(helper)) {
      return Promise.reject(new BerthError('invalid_input', `invalid credential helper name: ${helper.slice(0, 60)}`));
    }
    const bin = `docker-credential-${helper}`;
    return new Promise((resolve, reject) => {
      const child = execFile(
        bin,
        [verb],
        { env: this.env, timeout: this.helperTimeoutMs, maxBuffer: 1024 * 1024, windowsHide: true },
        (err, stdout, stderr) => {
          if (!err) return resolve(String(stdout));
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            return reject(new BerthError('not_found', `credential helper ${bin} is not installed (not on PATH)`));
          }
          // The helper's own words (it prints errors, never secrets, on failure).
          const said = `${String(stdout)}${String(stderr)}`.trim().slice(0, 300);
          const e = new BerthError('internal', `${bin} ${verb} failed${said ? `: ${said}` : ''}`);
          (e as BerthError & { notFound?: boolean }).notFound = /credentials not found/i.test(said);
          reject(e);
        },
      );
      child.stdin?.on('error', () => {
        /* the helper exited before reading: its exit status says why */
      });
      child.stdin?.end(input);
    });
  }

  private async helperGet(helper: string, key: string): Promise<AuthConfig | undefined> {
    try {
      const out = JSON.parse(await this.runHelper(helper, 'get', key)) as {
        ServerURL?: string;
        Username?: string;
        Secret?: string;
      };
      if (!out.Secret && !out.Username) return undefined;
      if (out.Username === '<token>') return { identitytoken: out.Secret ?? '', serveraddress: key };
      return { username: out.Username ?? '', password: out.Secret ?? '', serveraddress: key };
    } catch (err) {
      if ((err as { notFound?: boolean }).notFound) return undefined;
      throw err;
    }
  }

  // -------------------------------------------------------------------------
  // public API
  // -------------------------------------------------------------------------

  /** Accounts config.json knows about, with user names but never a secret. */
  async list(): Promise<RegistriesInfo> {
    const cfg = await this.readConfig();
    const accounts = new Map<string, RegistryAccount>();
    const helperUsers = new Map<string, Record<string, string>>();
    const usersOf = async (helper: string): Promise<Record<string, string>> => {
      if (!helperUsers.has(helper)) {
        let users: Record<string, string> = {};
        try {
          users = JSON.parse(await this.runHelper(helper, 'list', '')) as Record<string, string>;
        } catch {
          /* helper missing or failing: usernames stay unknown */
        }
        helperUsers.set(helper, users);
      }
      return helperUsers.get(helper) ?? {};
    };
    const keys = new Set<string>([...Object.keys(cfg.auths ?? {}), ...Object.keys(cfg.credHelpers ?? {})]);
    if (cfg.credsStore) for (const k of Object.keys(await usersOf(cfg.credsStore))) keys.add(k);
    for (const raw of keys) {
      const key = serverKey(raw);
      const entry = cfg.auths?.[raw];
      const fileCreds = entry?.auth ? decodeAuth(entry.auth) : undefined;
      const helper = fileCreds ? undefined : this.helperFor(cfg, key);
      let username = fileCreds?.username ?? entry?.username;
      if (!username && helper) {
        const users = await usersOf(helper);
        username = users[raw] ?? users[key] ?? users[displayHost(key)];
      }
      if (!fileCreds && !helper && !entry?.identitytoken) continue; // an empty entry with nowhere to look
      accounts.set(key, {
        server: key,
        host: displayHost(key),
        ...(username ? { username: username === '<token>' ? '(token)' : username } : {}),
        store: helper ?? 'config.json',
      });
    }
    return {
      configDir: this.configDir,
      ...(cfg.credsStore ? { credsStore: cfg.credsStore } : {}),
      accounts: [...accounts.values()].sort((a, b) => a.host.localeCompare(b.host)),
    };
  }

  /** Credentials for a registry (`docker.io`, `host:port`), as the CLI would send them; undefined when none. */
  async authFor(registry: string): Promise<AuthConfig | undefined> {
    const key = serverKey(registry);
    const cfg = await this.readConfig();
    const found = this.findAuthEntry(cfg, key);
    const entry = found?.[1];
    if (entry?.auth || entry?.identitytoken || entry?.password) {
      const decoded = entry.auth ? decodeAuth(entry.auth) : undefined;
      if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: key };
      return {
        username: decoded?.username ?? entry.username ?? '',
        password: decoded?.password ?? entry.password ?? '',
        serveraddress: key,
      };
    }
    const helper = this.helperFor(cfg, key);
    if (!helper) return undefined;
    try {
      return await this.helperGet(helper, key);
    } catch {
      // A missing or failing helper is not fatal for a public image: go anonymous, as the CLI does.
      return undefined;
    }
  }

  /** Every known credential, keyed as the engine expects X-Registry-Config (for builds). */
  async allAuths(): Promise<Record<string, AuthConfig>> {
    const info = await this.list();
    const out: Record<string, AuthConfig> = {};
    for (const a of info.accounts) {
      const auth = await this.authFor(a.server);
      if (auth) out[a.server] = auth;
    }
    return out;
  }

  /**
   * `docker login`: the engine checks the credentials with the registry
   * (POST /auth), then they are stored by the CLI's convention. Returns only
   * the server and user name.
   */
  async login(input: { server: string; username: string; password: string }): Promise<{
    server: string;
    username: string;
  }> {
    const key = serverKey(input.server);
    const host = displayHost(key);
    let identityToken: string | undefined;
    try {
      const res = (await this.engine.api().checkAuth({
        username: input.username,
        password: input.password,
        serveraddress: key,
        abortSignal: AbortSignal.timeout(this.loginTimeoutMs),
      })) as { Status?: string; IdentityToken?: string } | undefined;
      identityToken = res?.IdentityToken || undefined;
    } catch (err) {
      const e = toBerthError(err);
      if (e.code === 'cancelled') {
        throw new BerthError('internal', `login to ${host} timed out after ${this.loginTimeoutMs / 1000} s`);
      }
      const msg = e.message.replaceAll(input.password, '***');
      const down = registryUnreachable(host, msg);
      if (down) throw down;
      if (e.code === 'auth_required' || /unauthori[sz]ed|incorrect username or password|401/i.test(msg)) {
        throw new BerthError('auth_required', `login to ${host} failed: wrong user name or password (${msg})`);
      }
      throw new BerthError(e.code, `login to ${host} failed: ${msg}`);
    }
    const cfg = await this.readConfig();
    const helper = this.helperFor(cfg, key);
    cfg.auths = { ...(cfg.auths ?? {}) };
    const username = identityToken ? '<token>' : input.username;
    const secret = identityToken ?? input.password;
    if (helper) {
      await this.runHelper(helper, 'store', JSON.stringify({ ServerURL: key, Username: username, Secret: secret }));
      cfg.auths[key] = {};
    } else if (identityToken) {
      cfg.auths[key] = { auth: Buffer.from(`${input.username}:`).toString('base64'), identitytoken: identityToken };
    } else {
      cfg.auths[key] = { auth: Buffer.from(`${input.username}:${input.password}`).toString('base64') };
    }
    await this.writeConfig(cfg);
    return { server: key, username: input.username };
  }

  /** `docker logout`: erased from the helper and from config.json. */
  async logout(input: { server: string }): Promise<void> {
    const key = serverKey(input.server);
    const cfg = await this.readConfig();
    const helper = this.helperFor(cfg, key);
    const found = this.findAuthEntry(cfg, key);
    let erased = false;
    if (helper) {
      try {
        await this.runHelper(helper, 'erase', key);
        erased = true;
      } catch (err) {
        if (!(err as { notFound?: boolean }).notFound && !found) throw err;
      }
    }
    if (found) {
      const auths = { ...(cfg.auths ?? {}) };
      delete auths[found[0]];
      cfg.auths = auths;
      await this.writeConfig(cfg);
      erased = true;
    }
    if (!erased) throw new BerthError('not_found', `not logged in to ${displayHost(key)}`);
  }

  // -------------------------------------------------------------------------
  // /v2/ browsing
  // -------------------------------------------------------------------------

  private baseUrl(registry: string): string {
    const explicit = /^(https?):\/\//i.exec(registry.trim());
    const host = convertToHostname(registry);
    if (HUB_HOSTS.has(host.toLowerCase())) return 'https://registry-1.docker.io';
    const scheme = explicit?.[1]?.toLowerCase() ?? (isLoopbackHost(host) ? 'http' : 'https');
    return `${scheme}://${host}`;
  }

  /** GET a /v2/ path, answering a 401 challenge with Basic credentials or a Bearer token. */
  private async registryGet(registry: string, path: string, scope: string): Promise<Response> {
    const url = `${this.baseUrl(registry)}${path}`;
    const host = displayHost(serverKey(registry));
    const signal = AbortSignal.timeout(this.registryTimeoutMs);
    const get = async (target: string, headers: Record<string, string> = {}) => {
      try {
        return await fetch(target, { headers: { Accept: 'application/json', ...headers }, signal, redirect: 'follow' });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        if (e.name === 'TimeoutError' || e.name === 'AbortError') {
          throw new BerthError(
            'unreachable',
            `registry ${host} did not answer within ${this.registryTimeoutMs / 1000} s`,
          );
        }
        const why = e.cause?.code ?? e.cause?.message ?? e.message;
        throw new BerthError('unreachable', `cannot reach registry ${host}: ${why}`);
      }
    };
    let res = await get(url);
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    await res.body?.cancel().catch(() => {});
    const auth = await this.authFor(registry);
    if (!auth) {
      throw new BerthError('auth_required', `registry ${host} requires a login (log in to ${host} first)`);
    }
    if (challenge?.scheme === 'basic' || !challenge) {
      if (!auth.username && !auth.password) {
        throw new BerthError('auth_required', `registry ${host} wants a user name and password`);
      }
      const basic = Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64');
      res = await get(url, { Authorization: `Basic ${basic}` });
    } else if (challenge.scheme === 'bearer') {
      const realm = challenge.params.realm;
      if (!realm) throw new BerthError('internal', `registry ${host} sent a Bearer challenge without a realm`);
      let tokenUrl: URL;
      try {
        tokenUrl = new URL(realm);
      } catch {
        throw new BerthError('internal', `registry ${host} sent an invalid token realm`);
      }
      if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service);
      tokenUrl.searchParams.set('scope', challenge.params.scope ?? scope);
      let tokenRes: Response;
      if (auth.identitytoken) {
        const body = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: auth.identitytoken,
          service: challenge.params.service ?? '',
          scope: challenge.params.scope ?? scope,
          client_id: 'berth',
        });
        tokenRes = await fetch(realm, { method: 'POST', body, signal }).catch(() => {
          throw new BerthError('internal', `cannot reach the token service of ${host}`);
        });
      } else {
        const basic = Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`).toString('base64');
        tokenRes = await get(tokenUrl.toString(), { Authorization: `Basic ${basic}` });
      }
      if (!tokenRes.ok) {
        throw new BerthError('auth_required', `registry ${host} refused the credentials (${tokenRes.status})`);
      }
      const tok = (await tokenRes.json().catch(() => ({}))) as { token?: string; access_token?: string };
      const token = tok.token ?? tok.access_token;
      if (!token) throw new BerthError('auth_required', `registry ${host} gave no token`);
      res = await get(url, { Authorization: `Bearer ${token}` });
    } else {
      throw new BerthError('internal', `registry ${host} asks for an unsupported auth scheme (${challenge.scheme})`);
    }
    if (res.status === 401 || res.status === 403) {
      throw new BerthError('auth_required', `registry ${host} refused the stored credentials (${res.status})`);
    }
    return res;
  }

  private async jsonOf<T>(res: Response, what: string): Promise<T> {
    if (res.status === 404) throw new BerthError('not_found', `${what}: not found (404)`);
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 300);
      throw new BerthError('internal', `${what}: the registry answered ${res.status} ${text}`.trim());
    }
    try {
      return (await res.json()) as T;
    } catch {
      throw new BerthError('internal', `${what}: the registry's answer is not JSON`);
    }
  }

  async catalog(input: { registry: string; n: number; last?: string | undefined }): Promise<RegistryCatalogPage> {
    const q = new URLSearchParams({ n: String(input.n) });
    if (input.last) q.set('last', input.last);
    const res = await this.registryGet(input.registry, `/v2/_catalog?${q.toString()}`, 'registry:catalog:*');
    const body = await this.jsonOf<{ repositories?: string[] }>(res, `catalog of ${input.registry}`);
    const next = nextFromLink(res.headers.get('link'));
    return {
      registry: displayHost(serverKey(input.registry)),
      repositories: (body.repositories ?? []).filter((r) => typeof r === 'string'),
      ...(next ? { next } : {}),
    };
  }

  async tags(input: {
    registry: string;
    repository: string;
  }): Promise<{ registry: string; repository: string; tags: string[] }> {
    const res = await this.registryGet(
      input.registry,
      `/v2/${input.repository}/tags/list`,
      `repository:${input.repository}:pull`,
    );
    const body = await this.jsonOf<{ tags?: string[] | null }>(res, `tags of ${input.repository}`);
    return {
      registry: displayHost(serverKey(input.registry)),
      repository: input.repository,
      tags: (body.tags ?? []).filter((t) => typeof t === 'string').sort(),
    };
  }
}
