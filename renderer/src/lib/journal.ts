/**
 * The command journal's one mapping: from a contract call (or stream) that
 * changed something, with its input and output, to the docker CLI line(s)
 * that do the same. Hooked into the typed client (ApiClient.onCallSucceeded),
 * so no panel has to record anything. Read-only calls are not journaled.
 */
import { shellQuoteWord } from '../../../preload/contract/run-line';
import { dockerCommand } from './docker-command';
import { calls, streams, type CallName, type StreamName } from '../../../preload/contract/index';
import { RunSpec } from '../../../preload/contract/containers.contract';
import { formatRunCommand } from '../../../preload/contract/run-line';

export type JournalName = CallName | StreamName;

/** Verbs that change something: every call or stream named so must have an entry in JOURNAL_MAP. */
export const MUTATING_VERB =
  /\.(create|remove|start|stop|restart|kill|pause|unpause|rename|prune|run|tag|push|pull|build|connect|disconnect|commit|login|logout|update|import|load|save|recreate)$/;
/** Changes whose verb says otherwise (held to the same rule). */
export const ALSO_MUTATING: readonly string[] = [
  'containers.uploadCommit',
  'volumes.uploadCommit',
  'engines.add',
  'engines.activate',
  'terminal.exec',
  'terminal.attach',
];

export const isMutating = (name: string): boolean => MUTATING_VERB.test(name) || ALSO_MUTATING.includes(name);

/** Names Berth has seen for ids that a command line must name (engines become CLI contexts). */
export interface NameBook {
  engine(id: string): string | undefined;
}
const noNames: NameBook = { engine: () => undefined };

type Lines = string | string[] | undefined;
// Inputs arrive parsed by the call's own schema (defaults filled in), outputs as main sent them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one table over every call's own shapes
type Mapper = (input: any, output: any, names: NameBook) => Lines;

/** One word for a POSIX shell (quoted only when needed). */
export const shellWord = shellQuoteWord;

/** `docker …` with every word quoted for a POSIX shell; false/undefined words are left out. */
export const docker = dockerCommand;

/** A full id is shortened as the CLI prints it (a unique prefix works everywhere the id does). */
export const short = (id: string): string => {
  const m = /^(?:sha256:)?([a-f0-9]{64})$/.exec(id);
  return m ? m[1]!.slice(0, 12) : id;
};

const each = <T>(xs: readonly T[] | undefined, flag: string, fmt: (x: T) => string = String): string[] =>
  (xs ?? []).flatMap((x) => [flag, fmt(x)]);
const pairs = (m: Record<string, string> | undefined, flag: string): string[] =>
  Object.entries(m ?? {}).flatMap(([k, v]) => [flag, `${k}=${v}`]);
const MAX_LINES = 20;
const capped = (lines: string[]): string[] =>
  lines.length <= MAX_LINES ? lines : [...lines.slice(0, MAX_LINES), `# … and ${lines.length - MAX_LINES} more`];

/** A CLI context name from an engine's display name (contexts allow [a-zA-Z0-9][a-zA-Z0-9_.+-]*). */
export const contextName = (name: string): string =>
  name.replace(/[^a-zA-Z0-9_.+-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '') || 'berth-engine';

const dockerEndpoint = (e: { host: string; tls?: { certDir: string; verify?: boolean } }): string => {
  const parts = [`host=${e.host}`];
  if (e.tls) {
    const dir = e.tls.certDir.replace(/\/+$/, '');
    parts.push(`ca=${dir}/ca.pem`, `cert=${dir}/cert.pem`, `key=${dir}/key.pem`);
    if (e.tls.verify === false) parts.push('skip-tls-verify=true');
  }
  return parts.join(',');
};

/** `docker cp` has no volume side: a throw-away container does it. */
const volumeCopy = (volume: string, dir: string, path: string) =>
  `${docker('run', '--rm', '-v', `${volume}:/volume`)} -v "$PWD":/upload:ro ${[
    'busybox',
    'cp',
    `/upload/${path}`,
    `${dir.replace(/\/+$/, '')}/${path}`.replace(/^\/?/, '/volume/'),
  ]
    .map(shellWord)
    .join(' ')}`;

const join = (dir: string, path: string) => `${dir.replace(/\/+$/, '')}/${path}`;

/**
 * Every call or stream that changes something, and its command. null: it has no docker CLI
 * equivalent (Berth's own settings, a host shell, a chunk of an upload whose commit is journaled).
 */
export const JOURNAL_MAP: Record<string, Mapper | null> = {
  // containers
  'containers.start': (i) => docker('start', short(i.id)),
  'containers.stop': (i) =>
    docker('stop', i.timeoutSeconds !== undefined && '-t', i.timeoutSeconds?.toString(), short(i.id)),
  'containers.restart': (i) =>
    docker('restart', i.timeoutSeconds !== undefined && '-t', i.timeoutSeconds?.toString(), short(i.id)),
  'containers.remove': (i) => docker('rm', i.force && '-f', i.removeVolumes && '-v', short(i.id)),
  'containers.kill': (i) =>
    docker('kill', i.signal !== 'SIGKILL' && '-s', i.signal !== 'SIGKILL' && i.signal, short(i.id)),
  'containers.pause': (i) => docker('pause', short(i.id)),
  'containers.unpause': (i) => docker('unpause', short(i.id)),
  'containers.rename': (i) => docker('rename', short(i.id), i.name),
  'containers.prune': (i, o) => {
    const ids: string[] = o?.removed ?? i.ids;
    return ids.length ? docker('rm', ...ids.map(short)) : undefined;
  },
  'containers.run': (i) => formatRunCommand(RunSpec.parse(i.spec), { createOnly: !i.start }),
  'containers.recreate': (i) => [
    docker('stop', short(i.id)),
    docker('rm', short(i.id)),
    formatRunCommand(RunSpec.parse(i.spec)),
  ],
  'containers.commit': (i) =>
    docker(
      'commit',
      !!i.message && '-m',
      i.message || undefined,
      !!i.author && '-a',
      i.author || undefined,
      !i.pause && '--pause=false',
      short(i.id),
      `${i.repo}:${i.tag}`,
    ),
  'containers.uploadChunk': null,
  'containers.uploadCommit': (i) =>
    capped((i.files as { path: string }[]).map((f) => docker('cp', f.path, `${short(i.id)}:${join(i.dir, f.path)}`))),

  // images
  'images.tag': (i) => docker('tag', i.source, i.target),
  'images.remove': (i) => docker('rmi', i.force && '-f', i.noPrune && '--no-prune', ...i.refs.map(short)),
  'images.prune': (i, o) => {
    const skipped = new Set((o?.skipped ?? []).map((s: { id: string }) => s.id));
    const ids = (i.ids as string[]).filter((id) => !skipped.has(id));
    return ids.length ? docker('rmi', ...ids.map(short)) : undefined;
  },
  'images.pull': (i) => docker('pull', !!i.platform && '--platform', i.platform, i.ref),
  'images.push': (i) => docker('push', i.ref),
  'images.build': (i) => {
    const ctx = i.contextPath as string;
    return docker(
      'build',
      i.dockerfile !== 'Dockerfile' && '-f',
      i.dockerfile !== 'Dockerfile' && join(ctx, i.dockerfile),
      ...each(i.tags as string[], '-t'),
      ...pairs(i.buildArgs, '--build-arg'),
      !!i.target && '--target',
      i.target,
      i.noCache && '--no-cache',
      i.pull && '--pull',
      ...pairs(i.labels, '--label'),
      !!i.platform && '--platform',
      i.platform,
      ctx,
    );
  },
  'images.save': (i) => docker('save', '-o', i.path, ...i.refs),
  'images.load': (i) => docker('load', '-i', i.path),
  'images.import': (i) =>
    docker(
      'import',
      ...each(i.changes as string[], '-c'),
      !!i.message && '-m',
      i.message,
      !!i.platform && '--platform',
      i.platform,
      i.path,
      i.ref,
    ),

  // volumes
  'volumes.create': (i) =>
    docker(
      'volume',
      'create',
      i.driver !== 'local' && '--driver',
      i.driver !== 'local' && i.driver,
      ...pairs(i.driverOpts, '--opt'),
      ...pairs(i.labels, '--label'),
      i.name,
    ),
  'volumes.remove': (i) => docker('volume', 'rm', i.name),
  'volumes.prune': (i, o) => {
    const names: string[] = o?.removed ? o.removed.map((r: { name: string }) => r.name) : i.names;
    return names.length ? docker('volume', 'rm', ...names) : undefined;
  },
  'volumes.uploadChunk': null,
  'volumes.uploadCommit': (i) =>
    capped((i.files as { path: string }[]).map((f) => volumeCopy(i.name, i.dir ?? '/', f.path))),

  // networks
  'networks.create': (i) =>
    docker(
      'network',
      'create',
      i.driver !== 'bridge' && '--driver',
      i.driver !== 'bridge' && i.driver,
      !!i.subnet && '--subnet',
      i.subnet,
      !!i.gateway && '--gateway',
      i.gateway,
      !!i.ipRange && '--ip-range',
      i.ipRange,
      i.internal && '--internal',
      i.attachable && '--attachable',
      i.ipv6 && '--ipv6',
      !!i.ipv6Subnet && '--subnet',
      i.ipv6Subnet,
      ...pairs(i.labels, '--label'),
      ...pairs(i.options, '-o'),
      i.name,
    ),
  'networks.remove': (i) => docker('network', 'rm', short(i.id)),
  'networks.prune': (i, o) => {
    const ids: string[] = o?.removed ? o.removed.map((r: { name: string }) => r.name) : i.ids.map(short);
    return ids.length ? docker('network', 'rm', ...ids) : undefined;
  },
  'networks.connect': (i) =>
    docker(
      'network',
      'connect',
      ...each(i.aliases as string[], '--alias'),
      !!i.ipv4 && '--ip',
      i.ipv4,
      !!i.ipv6 && '--ip6',
      i.ipv6,
      short(i.id),
      short(i.container),
    ),
  'networks.disconnect': (i) => docker('network', 'disconnect', i.force && '-f', short(i.id), short(i.container)),

  // registries (never the password: the CLI reads it from stdin)
  'registries.login': (i) =>
    docker('login', '-u', i.username, '--password-stdin', i.server !== 'docker.io' && i.server),
  'registries.logout': (i) => docker('logout', i.server !== 'docker.io' && i.server),

  // engines: Berth's engines are the CLI's contexts
  'engines.add': (i) => docker('context', 'create', contextName(i.name), '--docker', dockerEndpoint(i)),
  'engines.update': (i) => docker('context', 'update', contextName(i.name), '--docker', dockerEndpoint(i)),
  'engines.remove': (i, _o, names) => docker('context', 'rm', contextName(names.engine(i.id) ?? i.id)),
  'engines.activate': (i, _o, names) => docker('context', 'use', contextName(names.engine(i.id) ?? i.id)),

  // terminal
  'terminal.exec': (i) =>
    docker(
      'exec',
      '-it',
      !!i.user && '-u',
      i.user,
      !!i.workdir && '-w',
      i.workdir,
      ...each(i.env as string[], '-e'),
      short(i.id),
      i.shell ?? 'sh',
    ),
  'terminal.attach': (i) =>
    docker('attach', i.detachKeys !== 'ctrl-p,ctrl-q' && `--detach-keys=${i.detachKeys}`, short(i.id)),
  'terminal.host': null,

  // system
  'system.prune': (_i, o) => {
    const of = (kind: string) =>
      ((o?.removed ?? []) as { kind: string; id: string; name: string }[]).filter((r) => r.kind === kind);
    const lines: string[] = [];
    const ids = (kind: string, f: (r: { id: string; name: string }) => string) => of(kind).map(f);
    if (of('container').length) lines.push(docker('rm', ...ids('container', (r) => r.name || short(r.id))));
    if (of('network').length) lines.push(docker('network', 'rm', ...ids('network', (r) => r.name)));
    if (of('volume').length) lines.push(docker('volume', 'rm', ...ids('volume', (r) => r.id)));
    if (of('image').length) lines.push(docker('rmi', ...ids('image', (r) => short(r.id))));
    for (const r of of('buildCache')) lines.push(docker('builder', 'prune', '-a', '-f', '--filter', `id=${r.id}`));
    return lines.length ? lines : undefined;
  },

  // Berth's own settings have no docker command.
  'settings.update': null,
};

/** The contract's schema for a call or stream, to fill in defaults as main will. */
function schemaOf(name: string): { safeParse(v: unknown): { success: boolean; data?: unknown } } | undefined {
  if (Object.prototype.hasOwnProperty.call(calls, name)) return calls[name as CallName].input;
  if (Object.prototype.hasOwnProperty.call(streams, name)) return streams[name as StreamName].input;
  return undefined;
}

/**
 * The docker CLI line(s) equivalent to a call that succeeded, or undefined
 * when it changed nothing (read-only calls) or has no CLI equivalent.
 */
export function commandFor(
  name: string,
  input: unknown,
  output: unknown,
  names: NameBook = noNames,
): string | undefined {
  const map = JOURNAL_MAP[name];
  if (!map) return undefined;
  // Main accepted this input through the same schema; one it would refuse changed nothing.
  const parsed = schemaOf(name)?.safeParse(input ?? {});
  if (!parsed?.success) return undefined;
  try {
    const lines = map(parsed.data, output, names);
    if (lines === undefined) return undefined;
    const text = (Array.isArray(lines) ? lines : [lines]).join('\n');
    return text || undefined;
  } catch {
    return undefined;
  }
}

/** The journal as a POSIX shell script: stops at the first command that fails. */
export function toShellScript(commands: readonly string[], header?: string): string {
  return ['#!/bin/sh', ...(header ? [`# ${header.replace(/\n/g, ' ')}`] : []), 'set -e', '', ...commands, ''].join(
    '\n',
  );
}
