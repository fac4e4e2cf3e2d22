/**
 * `docker run …` lines <-> RunSpec, pure and shared by renderer, main and tests.
 *
 * parseRunLine: a line as people keep it in their notes (line continuations, quotes, `sudo`,
 * a `$ ` prompt) is split into words as a POSIX shell would (shell-quote, plus the checks it
 * lacks: unbalanced quotes, backticks, `#` inside a word, several commands), then its flags
 * are read as the docker CLI reads them (pflag: `--flag value`, `--flag=value`, `-it`,
 * `-p8080:80`, `-dp 80:80`). Whatever Berth cannot honour is reported by name, never dropped.
 *
 * runArgs / formatRunCommand: the inverse, for the live command shown under the form.
 * parseRunLine(formatRunCommand(spec)).spec equals spec for every valid spec (tested with fast-check).
 */
import { parse as shellParse } from 'shell-quote';
import {
  MOUNT_OPTIONS,
  NEW_CONTAINER_NAME,
  PORT_PROTOCOLS,
  RESTART_POLICIES,
  emptyRunSpec,
  normalizeMount,
  type MountSpec,
  type PortSpec,
  type RunSpec,
} from './containers.contract';

export type RunLineIssueCode =
  | 'not_docker_run'
  | 'unbalanced_quote'
  | 'shell_variable'
  | 'command_substitution'
  | 'shell_operator'
  | 'unsupported_flag'
  | 'unknown_flag'
  | 'missing_value'
  | 'bad_value'
  | 'missing_image'
  | 'needs_file';

export interface RunLineIssue {
  code: RunLineIssueCode;
  /** The flag as written (`--security-opt`, `-a`), when the issue is about one. */
  flag?: string;
  /** The offending value, variable name, operator or quote. */
  value?: string;
  /** English detail. The UI translates by code. */
  message: string;
}

export interface ParsedRunLine {
  spec: RunSpec;
  /** `docker create` (made, not started) rather than `docker run`. */
  createOnly: boolean;
  issues: RunLineIssue[];
}

// ------------------------------------------------------------------------------------------
// Value grammars shared by the parser, the form's validation and main's builder.
// ------------------------------------------------------------------------------------------

const PORT_RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[A-Za-z0-9_.-]+)?$/;
export const VOLUME_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const ENV_KEY = /^[^=\0]+$/;

export const isIp = (s: string): boolean => IPV4.test(s) || (IPV6.test(s) && s.includes(':') && s.length <= 45);

/** "80" or "8000-8010": [start, end], or undefined. `allowZero` for host ports. */
export function portRange(s: string, allowZero = false): [number, number] | undefined {
  const m = PORT_RANGE.exec(s);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || b < a || (!allowZero && a === 0)) return undefined;
  return [a, b];
}

/** Why a port row is wrong (field -> English message), empty when it is fine. */
export function portProblems(p: PortSpec): Partial<Record<keyof PortSpec, string>> {
  const out: Partial<Record<keyof PortSpec, string>> = {};
  const c = portRange(p.containerPort);
  if (!c) out.containerPort = `invalid container port "${p.containerPort}"`;
  if (p.hostIp && !isIp(p.hostIp)) out.hostIp = `invalid IP address "${p.hostIp}"`;
  if (p.hostPort) {
    const h = portRange(p.hostPort, true);
    if (!h) out.hostPort = `invalid host port "${p.hostPort}"`;
    else if (c && c[1] !== c[0] && h[1] - h[0] !== c[1] - c[0]) {
      out.hostPort = `host range ${p.hostPort} and container range ${p.containerPort} differ in size`;
    }
  }
  return out;
}

/** `-p [ip:][hostPort:]containerPort[/proto]`, as the CLI's nat.ParsePortSpec reads it. */
export function parsePortText(raw: string): PortSpec | string {
  const parts = raw.split(':');
  const n = parts.length;
  let containerPart = parts[n - 1] ?? '';
  let hostPort = '';
  let hostIp = '';
  if (n === 2) hostPort = parts[0] ?? '';
  else if (n >= 3) {
    hostPort = parts[n - 2] ?? '';
    hostIp = parts.slice(0, n - 2).join(':');
  }
  if (hostIp.startsWith('[') && hostIp.endsWith(']')) hostIp = hostIp.slice(1, -1);
  let proto = 'tcp';
  const slash = containerPart.indexOf('/');
  if (slash >= 0) {
    proto = containerPart.slice(slash + 1).toLowerCase() || 'tcp';
    containerPart = containerPart.slice(0, slash);
  }
  if (!(PORT_PROTOCOLS as readonly string[]).includes(proto)) return `invalid protocol "${proto}" in "${raw}"`;
  const spec: PortSpec = { hostIp, hostPort, containerPort: containerPart, proto: proto as PortSpec['proto'] };
  const problems = Object.values(portProblems(spec));
  return problems.length ? `${problems[0]} in "${raw}"` : spec;
}

export function formatPort(p: PortSpec): string {
  const proto = p.proto === 'tcp' ? '' : `/${p.proto}`;
  const ip = p.hostIp ? (p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp) : '';
  if (ip) return `${ip}:${p.hostPort}:${p.containerPort}${proto}`;
  if (p.hostPort) return `${p.hostPort}:${p.containerPort}${proto}`;
  return `${p.containerPort}${proto}`;
}

/** `--expose 80[-90][/proto]`. */
export function exposeProblem(raw: string): string | undefined {
  const [port = '', proto = 'tcp', ...rest] = raw.split('/');
  if (rest.length || !(PORT_PROTOCOLS as readonly string[]).includes(proto.toLowerCase()) || !portRange(port)) {
    return `invalid port "${raw}"`;
  }
  return undefined;
}

const isMountOption = (s: string): s is MountSpec['options'][number] =>
  (MOUNT_OPTIONS as readonly string[]).includes(s);

/** Is this `-v` source a host path (bind) rather than a volume name? */
const isHostPath = (s: string) => /^[/~.$`]/.test(s);

/** `-v` as the CLI reads it: `/path` (anonymous), `name:/path[:mode]`, `/host:/path[:mode]`. */
export function parseVolumeText(raw: string): MountSpec | string {
  const parts = raw.split(':');
  let source = '';
  let target: string;
  let mode = '';
  if (parts.length === 1) target = parts[0] ?? '';
  else if (parts.length === 2) {
    if ((parts[1] ?? '').startsWith('/')) [source, target] = parts as [string, string];
    else return `"${raw}": an anonymous volume takes no mode; use --mount type=volume,target=…,readonly`;
  } else if (parts.length === 3) [source, target, mode] = parts as [string, string, string];
  else return `invalid volume specification "${raw}"`;
  if (!target.startsWith('/')) return `invalid volume specification "${raw}": the container path must be absolute`;
  const options: MountSpec['options'] = [];
  for (const tok of mode ? mode.split(',') : []) {
    if (!isMountOption(tok)) return `invalid mode "${tok}" in "${raw}"`;
    options.push(tok);
  }
  if (options.includes('ro') && options.includes('rw')) return `"${raw}": both ro and rw`;
  const readOnly = options.includes('ro');
  if (!source) return { type: 'anonymous', source: '', target, readOnly, options, viaMount: false };
  if (isHostPath(source)) return { type: 'bind', source, target, readOnly, options, viaMount: false };
  if (!VOLUME_NAME_RE.test(source)) return `invalid volume name "${source}" in "${raw}"`;
  return { type: 'volume', source, target, readOnly, options, viaMount: false };
}

/** The CLI reads --mount as CSV: fields may be quoted, with "" for a quote. */
function splitCsv(raw: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (quoted) {
      if (ch === '"' && raw[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) return undefined;
  out.push(cur);
  return out;
}

const csvField = (s: string) => (/[",\s]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];
const truthy = (v: string | undefined) => v === undefined || ['1', 'true'].includes(v.toLowerCase());
const boolValue = (v: string | undefined) => v === undefined || ['1', 'true', '0', 'false'].includes(v.toLowerCase());

/** `--mount type=volume|bind,source=…,target=…[,readonly][,volume-nocopy][,bind-propagation=…]`. */
export function parseMountText(raw: string): MountSpec | string {
  const fields = splitCsv(raw);
  if (!fields) return `unbalanced quote in --mount "${raw}"`;
  let type = 'volume';
  let source = '';
  let target = '';
  const options: MountSpec['options'] = [];
  let readOnly = false;
  for (const f of fields) {
    const eq = f.indexOf('=');
    const key = (eq < 0 ? f : f.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : f.slice(eq + 1);
    switch (key) {
      case 'type':
        type = value ?? '';
        break;
      case 'source':
      case 'src':
        source = value ?? '';
        break;
      case 'target':
      case 'destination':
      case 'dst':
        target = value ?? '';
        break;
      case 'readonly':
      case 'ro':
        if (!boolValue(value)) return `invalid value for ${key}: "${value}"`;
        readOnly = truthy(value);
        break;
      case 'volume-nocopy':
        if (!boolValue(value)) return `invalid value for volume-nocopy: "${value}"`;
        if (truthy(value)) options.push('nocopy');
        break;
      case 'bind-propagation':
        if (!value || !PROPAGATIONS.includes(value)) return `invalid bind-propagation "${value ?? ''}"`;
        options.push(value as MountSpec['options'][number]);
        break;
      default:
        return `--mount option "${key}" is not supported by Berth`;
    }
  }
  if (type !== 'volume' && type !== 'bind') return `--mount type "${type}" is not supported by Berth (volume or bind)`;
  if (!target.startsWith('/')) return `--mount "${raw}": target must be an absolute path`;
  if (type === 'bind' && !source) return `--mount "${raw}": a bind mount needs a source`;
  if (type === 'bind' && options.includes('nocopy')) return `--mount "${raw}": volume-nocopy is for volumes`;
  if (type === 'volume' && options.some((o) => PROPAGATIONS.includes(o))) {
    return `--mount "${raw}": bind-propagation is for bind mounts`;
  }
  if (type === 'volume' && source && !VOLUME_NAME_RE.test(source)) return `invalid volume name "${source}"`;
  const mountType = type === 'bind' ? 'bind' : source ? 'volume' : 'anonymous';
  return normalizeMount({ type: mountType, source, target, readOnly, options, viaMount: true });
}

export function formatVolume(m: MountSpec): string {
  const n = normalizeMount(m);
  if (n.viaMount) {
    const f = [`type=${n.type === 'bind' ? 'bind' : 'volume'}`];
    if (n.source) f.push(`source=${csvField(n.source)}`);
    f.push(`target=${csvField(n.target)}`);
    if (n.readOnly) f.push('readonly');
    for (const o of n.options) {
      if (o === 'nocopy') f.push('volume-nocopy');
      else if (PROPAGATIONS.includes(o)) f.push(`bind-propagation=${o}`);
    }
    return f.join(',');
  }
  const head = n.source ? `${n.source}:${n.target}` : n.target;
  return n.options.length ? `${head}:${n.options.join(',')}` : head;
}

/** Why a mount row is wrong (field -> English message). */
export function mountProblems(m: MountSpec): Partial<Record<'source' | 'target' | 'options', string>> {
  const out: Partial<Record<'source' | 'target' | 'options', string>> = {};
  if (!m.target.startsWith('/')) out.target = 'the container path must be absolute';
  else if (!m.viaMount && m.target.includes(':')) out.target = 'a path with ":" needs --mount';
  if (m.type === 'volume' && !VOLUME_NAME_RE.test(m.source)) out.source = `invalid volume name "${m.source}"`;
  if (m.type === 'bind') {
    if (!m.source) out.source = 'a bind mount needs a host path';
    else if (!m.source.startsWith('/') && !m.source.startsWith('~/') && m.source !== '~') {
      out.source = 'the host path must be absolute';
    } else if (!m.viaMount && m.source.includes(':')) out.source = 'a path with ":" needs --mount';
  }
  if (m.type === 'anonymous' && !m.viaMount && m.options.length) {
    out.options = 'an anonymous -v volume takes no mode (use --mount)';
  }
  if (m.options.includes('ro') && m.options.includes('rw')) out.options = 'both ro and rw';
  if (m.viaMount && m.options.some((o) => !['ro', 'nocopy', ...PROPAGATIONS].includes(o))) {
    out.options = `--mount takes only readonly, volume-nocopy and bind-propagation`;
  }
  return out;
}

/** The docker CLI's RAMInBytes: "512m", "1.5g", "100" (bytes); binary multiples. */
export function parseBytesText(raw: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(raw.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  const mult = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 }[unit] ?? 1;
  const v = Math.floor(Number(m[1]) * mult);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** Bytes as the shortest exact docker size ("512m", "1g", "1000"). */
export function formatBytesText(n: number): string {
  for (const [u, m] of [
    ['p', 2 ** 50],
    ['t', 2 ** 40],
    ['g', 2 ** 30],
    ['m', 2 ** 20],
    ['k', 2 ** 10],
  ] as const) {
    if (n >= m && n % m === 0) return `${n / m}${u}`;
  }
  return String(n);
}

/** `--cap-add net_admin` -> CAP_NET_ADMIN, as the CLI normalises it. */
export function normalizeCapability(c: string): string {
  const up = c.trim().toUpperCase();
  if (up === 'ALL' || up === 'RESET' || up.startsWith('CAP_')) return up;
  return `CAP_${up}`;
}

/** `--restart no|always|unless-stopped|on-failure[:N]`. */
export function parseRestartText(raw: string): RunSpec['restart'] | string {
  const [name = '', retries, ...rest] = raw.split(':');
  const policy = name === '' ? 'no' : name;
  if (rest.length || !(RESTART_POLICIES as readonly string[]).includes(policy))
    return `invalid restart policy "${raw}"`;
  if (retries !== undefined) {
    if (policy !== 'on-failure') return `maximum retry count can only be used with 'on-failure'`;
    if (!/^\d{1,7}$/.test(retries)) return `invalid maximum retry count "${retries}"`;
  }
  return { name: policy as RunSpec['restart']['name'], maxRetries: retries === undefined ? 0 : Number(retries) };
}

const CPUS = /^\d{1,6}(\.\d{1,9})?$/;

// ------------------------------------------------------------------------------------------
// Words, as a POSIX shell splits them.
// ------------------------------------------------------------------------------------------

const VAR_MARK = '\u0001';
const SUB_MARK = '\u0002';

/** Index of the backtick closing the one at `start`, or -1. */
function closingBacktick(line: string, start: number): number {
  for (let k = start + 1; k < line.length; k++) {
    if (line[k] === '\\') k++;
    else if (line[k] === '`') return k;
  }
  return -1;
}

/** Index of the parenthesis closing the one at `open` (nesting and quotes respected), or -1. */
function closingParen(line: string, open: number): number {
  let depth = 0;
  let q = '';
  for (let k = open; k < line.length; k++) {
    const c = line[k];
    if (q) {
      if (c === '\\' && q === '"') k++;
      else if (c === q) q = '';
    } else if (c === '\\') k++;
    else if (c === "'" || c === '"') q = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return k;
  }
  return -1;
}

/**
 * Split a line into words as /bin/sh would, without expanding anything: variables, command
 * substitutions and operators are reported (the words keep the text as written).
 */
export function shellWords(line: string): { words: string[]; issues: RunLineIssue[] } {
  const issues: RunLineIssue[] = [];
  const subs: string[] = [];
  // 1. What shell-quote does not do: line continuations, `#` inside a word (a comment only at
  //    the start of a word), backticks, unbalanced quotes, a second command on the next line.
  let text = '';
  let quote: '' | "'" | '"' = '';
  let rest = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    const next = line[i + 1];
    if (quote === "'") {
      text += ch;
      if (ch === "'") quote = '';
      continue;
    }
    if (ch === '\\') {
      if (next === '\n') {
        i++;
        continue;
      }
      if (next === '\r' && line[i + 2] === '\n') {
        i += 2;
        continue;
      }
      text += ch + (next ?? '');
      i++;
      continue;
    }
    // Command substitution, `…` or $(…): kept as written (a placeholder through shell-quote).
    const sub = ch === '`' ? closingBacktick(line, i) : ch === '$' && next === '(' ? closingParen(line, i + 1) : -1;
    if (sub > 0) {
      const written = line.slice(i, sub + 1);
      subs.push(written);
      issues.push({
        code: 'command_substitution',
        value: written,
        message: `the line runs a command (${written}); Berth does not run it and keeps the text as written`,
      });
      text += `${SUB_MARK}${subs.length - 1}${SUB_MARK}`;
      i = sub;
      continue;
    }
    if (quote === '"') {
      text += ch;
      if (ch === '"') quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      text += ch;
      continue;
    }
    if (ch === '#' && text.length > 0 && !/\s/.test(text[text.length - 1] as string)) {
      text += '\\#';
      continue;
    }
    if (ch === '#') {
      // A comment: the rest of this line is ignored, as the shell does.
      const nl = line.indexOf('\n', i);
      if (nl < 0) break;
      i = nl - 1;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && next === '\n')) {
      if (!text.trim()) continue;
      rest = line.slice(i).trim();
      break;
    }
    text += ch;
  }
  if (quote) {
    issues.push({
      code: 'unbalanced_quote',
      value: quote,
      message: `unbalanced ${quote === '"' ? 'double' : 'single'} quote`,
    });
    return { words: [], issues };
  }
  if (rest) {
    issues.push({
      code: 'shell_operator',
      value: '\\n',
      message: 'more than one command: only the first line is read',
    });
  }
  // 2. shell-quote splits words and reports operators; variables come back marked.
  const tokens = shellParse(text, (key) => `${VAR_MARK}${key}${VAR_MARK}`);
  const words: string[] = [];
  for (const tok of tokens) {
    if (typeof tok === 'string') {
      words.push(
        tok
          .replace(new RegExp(`${VAR_MARK}([^${VAR_MARK}]*)${VAR_MARK}`, 'g'), (_m, name: string) => {
            if (!name) return '$';
            const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
            issues.push({
              code: 'shell_variable',
              value: name,
              message: `contains the shell variable $${name}: a shell would replace it; Berth keeps the text as written`,
            });
            return plain ? `$${name}` : `\${${name}}`;
          })
          .replace(new RegExp(`${SUB_MARK}(\\d+)${SUB_MARK}`, 'g'), (_m, k: string) => subs[Number(k)] ?? ''),
      );
      continue;
    }
    if ('comment' in tok) break;
    if ('op' in tok && tok.op === 'glob') {
      words.push(tok.pattern);
      continue;
    }
    const op = 'op' in tok ? tok.op : '?';
    if (op === '(' || op === ')') {
      // `$(…)`: the marker before it was an empty variable name.
      if (words.length && words[words.length - 1]?.endsWith('$')) {
        words[words.length - 1] = (words[words.length - 1] as string).slice(0, -1);
        if (words[words.length - 1] === '') words.pop();
      }
      issues.push({
        code: 'command_substitution',
        value: '$(…)',
        message: 'the line runs a command with $(…); Berth does not run it',
      });
      break;
    }
    issues.push({
      code: 'shell_operator',
      value: op,
      message: `the shell operator "${op}" ends the docker command; what follows is not read`,
    });
    break;
  }
  return { words, issues };
}

// ------------------------------------------------------------------------------------------
// Flags
// ------------------------------------------------------------------------------------------

interface Ctx {
  spec: RunSpec;
  issue(code: RunLineIssueCode, flag: string, value: string | undefined, message: string): void;
}

type Apply = (ctx: Ctx, value: string, flag: string) => void;
interface FlagDef {
  takesValue: boolean;
  apply?: Apply;
  /** Known to the CLI, not to Berth: reported. */
  unsupported?: string;
}

const bool =
  (set: (s: RunSpec, v: boolean) => void): FlagDef['apply'] =>
  (ctx, value, flag) => {
    const v = value.toLowerCase();
    if (!['true', 'false', '1', '0', 't', 'f'].includes(v)) {
      ctx.issue('bad_value', flag, value, `${flag} takes true or false, not "${value}"`);
      return;
    }
    set(ctx.spec, ['true', '1', 't'].includes(v));
  };

type ListKey = { [K in keyof RunSpec]-?: RunSpec[K] extends string[] ? K : never }[keyof RunSpec];
type TextKey = { [K in keyof RunSpec]-?: RunSpec[K] extends string ? K : never }[keyof RunSpec];

const push =
  (key: ListKey, check?: (v: string) => string | undefined): Apply =>
  (ctx, value, flag) => {
    const problem = check?.(value);
    if (problem) ctx.issue('bad_value', flag, value, problem);
    (ctx.spec[key] as string[]).push(value);
  };

const setText =
  (key: TextKey): Apply =>
  (ctx, value) => {
    (ctx.spec[key] as string) = value;
  };

const setBytes =
  (key: 'memory' | 'memoryReservation' | 'shmSize' | 'memorySwap'): Apply =>
  (ctx, value, flag) => {
    const n = key === 'memorySwap' && value === '-1' ? -1 : parseBytesText(value);
    if (n === undefined) ctx.issue('bad_value', flag, value, `invalid size "${value}" (e.g. 512m, 2g)`);
    else ctx.spec[key] = n;
  };

const setInt =
  (set: (s: RunSpec, n: number) => void, min: number, max: number): Apply =>
  (ctx, value, flag) => {
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      ctx.issue('bad_value', flag, value, `${flag} takes a whole number from ${min} to ${max}`);
    } else set(ctx.spec, Number(value));
  };

const kv = (what: string) => (v: string) => (v.includes('=') && !v.startsWith('=') ? undefined : `not ${what}=value`);

const V = (apply: Apply): FlagDef => ({ takesValue: true, apply });
const B = (set: (s: RunSpec, v: boolean) => void): FlagDef => ({ takesValue: false, apply: bool(set) });
const NO_VALUE = (why: string): FlagDef => ({ takesValue: false, unsupported: why });
const NO = (why: string): FlagDef => ({ takesValue: true, unsupported: why });

/** Every `docker run` flag, by long name. */
const FLAGS: Record<string, FlagDef> = {
  name: V((ctx, v, flag) => {
    if (!NEW_CONTAINER_NAME.test(v)) ctx.issue('bad_value', flag, v, `invalid container name "${v}"`);
    ctx.spec.name = v;
  }),
  platform: V(setText('platform')),
  detach: B((s, v) => (s.detach = v)),
  interactive: B((s, v) => (s.interactive = v)),
  tty: B((s, v) => (s.tty = v)),
  rm: B((s, v) => (s.autoRemove = v)),
  publish: V((ctx, v, flag) => {
    const p = parsePortText(v);
    if (typeof p === 'string') ctx.issue('bad_value', flag, v, p);
    else ctx.spec.ports.push(p);
  }),
  'publish-all': B((s, v) => (s.publishAll = v)),
  expose: V(push('expose', exposeProblem)),
  volume: V((ctx, v, flag) => {
    const m = parseVolumeText(v);
    if (typeof m === 'string') ctx.issue('bad_value', flag, v, m);
    else {
      // Kept, so the form shows the row to fix: a relative or shell-made path is the shell's to resolve.
      if (m.type === 'bind' && mountProblems(m).source) {
        ctx.issue('bad_value', flag, v, `"${m.source}": the host path must be absolute`);
      }
      ctx.spec.mounts.push(m);
    }
  }),
  mount: V((ctx, v, flag) => {
    const m = parseMountText(v);
    if (typeof m === 'string') ctx.issue('bad_value', flag, v, m);
    else ctx.spec.mounts.push(m);
  }),
  tmpfs: V(push('tmpfs', (v) => (v.startsWith('/') ? undefined : 'the tmpfs path must be absolute'))),
  'volumes-from': V(push('volumesFrom')),
  network: V((ctx, v, flag) => {
    if (ctx.spec.network && ctx.spec.network !== v) {
      ctx.issue('unsupported_flag', flag, v, 'Berth attaches one network at creation; connect others afterwards');
      return;
    }
    if (/[=,]/.test(v)) ctx.issue('unsupported_flag', flag, v, 'the advanced --network syntax is not supported');
    ctx.spec.network = v;
  }),
  'network-alias': V(push('networkAliases')),
  env: V(push('env', (v) => (ENV_KEY.test(v.split('=')[0] ?? '') ? undefined : `invalid environment variable "${v}"`))),
  'env-file': NO('pick the file in the form (Environment → Load file); Berth cannot read your shell\u2019s files'),
  label: V(push('labels', (v) => (v.startsWith('=') || !v ? `invalid label "${v}"` : undefined))),
  'label-file': NO('Berth cannot read your shell\u2019s files; add the labels in the form'),
  restart: V((ctx, v, flag) => {
    const r = parseRestartText(v);
    if (typeof r === 'string') ctx.issue('bad_value', flag, v, r);
    else ctx.spec.restart = r;
  }),
  workdir: V(setText('workdir')),
  user: V(setText('user')),
  hostname: V(setText('hostname')),
  memory: V(setBytes('memory')),
  'memory-reservation': V(setBytes('memoryReservation')),
  'memory-swap': V(setBytes('memorySwap')),
  'shm-size': V(setBytes('shmSize')),
  cpus: V((ctx, v, flag) => {
    if (!CPUS.test(v)) ctx.issue('bad_value', flag, v, `invalid number of CPUs "${v}"`);
    else ctx.spec.cpus = v;
  }),
  'cpu-shares': V(setInt((s, n) => (s.cpuShares = n), 0, 262144)),
  'cpuset-cpus': V(setText('cpusetCpus')),
  privileged: B((s, v) => (s.privileged = v)),
  pid: V(setText('pid')),
  ipc: V(setText('ipc')),
  uts: V(setText('uts')),
  'cap-add': V((ctx, v) => ctx.spec.capAdd.push(normalizeCapability(v))),
  'cap-drop': V((ctx, v) => ctx.spec.capDrop.push(normalizeCapability(v))),
  device: V(push('devices')),
  init: B((s, v) => (s.init = v)),
  'read-only': B((s, v) => (s.readOnly = v)),
  'stop-signal': V(setText('stopSignal')),
  'stop-timeout': V(setInt((s, n) => (s.stopTimeout = n), -1, 86400)),
  'add-host': V(push('extraHosts', (v) => (/^[^:=]+[:=].+$/.test(v) ? undefined : `not host:ip`))),
  dns: V(push('dns', (v) => (isIp(v) ? undefined : `invalid IP address "${v}"`))),
  'dns-search': V(push('dnsSearch')),
  'dns-option': V(push('dnsOptions')),
  'log-driver': V(setText('logDriver')),
  'log-opt': V(push('logOpts', kv('key'))),
  ulimit: V(push('ulimits', (v) => (/^[a-z]+=-?\d+(:-?\d+)?$/.test(v) ? undefined : `not name=soft[:hard]`))),
  sysctl: V(push('sysctls', kv('key'))),
  'group-add': V(push('groupAdd')),
  entrypoint: V((ctx, v) => (ctx.spec.entrypoint = [v])),
  // Known to the CLI, not (yet) to Berth: reported by name.
  attach: NO('Berth starts containers in the background; use the terminal to attach'),
  'sig-proxy': NO_VALUE('only meaningful for an attached CLI'),
  'detach-keys': NO('set detach keys in the terminal instead'),
  cidfile: NO('Berth does not write container id files'),
  pull: NO('Berth runs local images only; pull first in the images panel'),
  quiet: NO_VALUE('only affects the CLI\u2019s pull output'),
  'disable-content-trust': NO_VALUE('content trust is not supported'),
  'security-opt': NO('security options are not supported'),
  userns: NO('user namespace mode is not supported'),
  cgroupns: NO('cgroup namespace mode is not supported'),
  'cgroup-parent': NO('not supported'),
  gpus: NO('GPUs are not supported'),
  'health-cmd': NO('health checks are not supported'),
  'health-interval': NO('health checks are not supported'),
  'health-retries': NO('health checks are not supported'),
  'health-timeout': NO('health checks are not supported'),
  'health-start-period': NO('health checks are not supported'),
  'health-start-interval': NO('health checks are not supported'),
  'no-healthcheck': NO_VALUE('health checks are not supported'),
  ip: NO('fixed IP addresses are not supported'),
  ip6: NO('fixed IP addresses are not supported'),
  link: NO('legacy links are not supported; use a user-defined network'),
  'link-local-ip': NO('not supported'),
  'mac-address': NO('not supported'),
  'memory-swappiness': NO('not supported'),
  'kernel-memory': NO('not supported'),
  'oom-kill-disable': NO_VALUE('not supported'),
  'oom-score-adj': NO('not supported'),
  'pids-limit': NO('not supported'),
  'blkio-weight': NO('not supported'),
  'blkio-weight-device': NO('not supported'),
  'device-read-bps': NO('not supported'),
  'device-write-bps': NO('not supported'),
  'device-read-iops': NO('not supported'),
  'device-write-iops': NO('not supported'),
  'device-cgroup-rule': NO('not supported'),
  'cpu-period': NO('not supported'),
  'cpu-quota': NO('not supported'),
  'cpu-rt-period': NO('not supported'),
  'cpu-rt-runtime': NO('not supported'),
  'cpu-count': NO('not supported'),
  'cpu-percent': NO('not supported'),
  'cpuset-mems': NO('not supported'),
  domainname: NO('not supported'),
  isolation: NO('not supported'),
  runtime: NO('not supported'),
  'storage-opt': NO('not supported'),
  'volume-driver': NO('not supported'),
  annotation: NO('not supported'),
  'use-api-socket': NO_VALUE('not supported'),
  help: NO_VALUE('not a container setting'),
};

const ALIASES: Record<string, string> = { net: 'network', 'net-alias': 'network-alias' };

const SHORT: Record<string, string> = {
  a: 'attach',
  c: 'cpu-shares',
  d: 'detach',
  e: 'env',
  h: 'hostname',
  i: 'interactive',
  l: 'label',
  m: 'memory',
  p: 'publish',
  P: 'publish-all',
  q: 'quiet',
  t: 'tty',
  u: 'user',
  v: 'volume',
  w: 'workdir',
};

/** Read a `docker run …` (or `docker create …`) line into a spec, reporting what is not honoured. */
export function parseRunLine(line: string): ParsedRunLine {
  const spec = emptyRunSpec();
  spec.detach = false;
  const { words, issues } = shellWords(line.trim());
  const ctx: Ctx = {
    spec,
    issue: (code, flag, value, message) =>
      issues.push({ code, ...(flag ? { flag } : {}), ...(value !== undefined ? { value } : {}), message }),
  };
  const result = (createOnly: boolean): ParsedRunLine => {
    spec.mounts = spec.mounts.map(normalizeMount);
    return { spec, createOnly, issues };
  };
  if (!words.length) {
    if (!issues.length) ctx.issue('not_docker_run', '', undefined, 'the line is empty');
    return result(false);
  }

  let i = 0;
  if (words[i] === '$') i++;
  if (words[i] === 'sudo') {
    i++;
    while (words[i]?.startsWith('-')) i++;
  }
  if (words[i] === 'docker' || words[i]?.endsWith('/docker')) i++;
  else {
    ctx.issue('not_docker_run', '', words[i], 'not a docker command: expected "docker run …"');
    return result(false);
  }
  while (words[i]?.startsWith('-')) {
    ctx.issue(
      'unsupported_flag',
      (words[i] as string).split('=')[0] as string,
      undefined,
      'global docker options are not supported',
    );
    i++;
  }
  let createOnly = false;
  if (words[i] === 'container') i++;
  if (words[i] === 'run') i++;
  else if (words[i] === 'create') {
    createOnly = true;
    i++;
  } else {
    ctx.issue('not_docker_run', '', words[i], 'not "docker run" or "docker create"');
    return result(false);
  }

  const applyFlag = (display: string, long: string, inline: string | undefined, nextWord: () => string | undefined) => {
    const def = FLAGS[ALIASES[long] ?? long];
    if (!def) {
      ctx.issue('unknown_flag', display, inline, `unknown flag ${display}`);
      return;
    }
    if (def.unsupported) {
      const value = inline ?? (def.takesValue ? nextWord() : undefined);
      ctx.issue('unsupported_flag', display, value, def.unsupported);
      return;
    }
    let value = inline;
    if (def.takesValue && value === undefined) {
      value = nextWord();
      if (value === undefined) {
        ctx.issue('missing_value', display, undefined, `${display} needs a value`);
        return;
      }
    }
    def.apply?.(ctx, value ?? 'true', display);
  };

  const next = () => (i < words.length ? (words[i++] as string) : undefined);
  while (i < words.length) {
    const w = words[i] as string;
    if (w === '--') {
      i++;
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      i++;
      const eq = w.indexOf('=');
      const long = eq < 0 ? w.slice(2) : w.slice(2, eq);
      applyFlag(`--${long}`, long, eq < 0 ? undefined : w.slice(eq + 1), next);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      i++;
      // Combined short flags: -it, -dit, -p8080:80, -dp 80:80, -e=A=1.
      let k = 1;
      while (k < w.length) {
        const c = w[k] as string;
        const long = SHORT[c];
        if (!long) {
          ctx.issue('unknown_flag', `-${c}`, undefined, `unknown shorthand flag -${c}`);
          k++;
          continue;
        }
        const def = FLAGS[long];
        if (def?.takesValue) {
          let inline: string | undefined = w.slice(k + 1);
          if (inline.startsWith('=')) inline = inline.slice(1);
          else if (inline === '') inline = undefined;
          applyFlag(`-${c}`, long, inline, next);
          break;
        }
        if (w[k + 1] === '=') {
          applyFlag(`-${c}`, long, w.slice(k + 2), next);
          break;
        }
        applyFlag(`-${c}`, long, undefined, next);
        k++;
      }
      continue;
    }
    break;
  }
  const image = next();
  if (image === undefined) ctx.issue('missing_image', '', undefined, 'no image: the line ends before one');
  else spec.image = image;
  spec.cmd = words.slice(i);
  return result(createOnly);
}

// ------------------------------------------------------------------------------------------
// Spec -> words -> text
// ------------------------------------------------------------------------------------------

/** The words after `docker run` that make this spec, grouped: each flag with its value; image and command last. */
function runArgGroups(spec: RunSpec, opts: { createOnly?: boolean } = {}): string[][] {
  const g: string[][] = [];
  const flag = (name: string, value: string) => {
    // A value that looks like a flag is glued on, so no reader mistakes it for one.
    if (value.startsWith('-')) g.push([`${name}=${value}`]);
    else g.push([name, value]);
  };
  const each = (name: string, values: readonly string[]) => values.forEach((v) => flag(name, v));
  if (spec.name) flag('--name', spec.name);
  if (spec.platform) flag('--platform', spec.platform);
  const shorts = `${spec.detach && !opts.createOnly ? 'd' : ''}${spec.interactive ? 'i' : ''}${spec.tty ? 't' : ''}`;
  if (shorts) g.push([`-${shorts}`]);
  if (spec.autoRemove) g.push(['--rm']);
  for (const p of spec.ports) flag('-p', formatPort(p));
  if (spec.publishAll) g.push(['-P']);
  each('--expose', spec.expose);
  for (const m of spec.mounts) flag(m.viaMount ? '--mount' : '-v', formatVolume(m));
  each('--tmpfs', spec.tmpfs);
  each('--volumes-from', spec.volumesFrom);
  if (spec.network) flag('--network', spec.network);
  each('--network-alias', spec.networkAliases);
  each('-e', spec.env);
  each('--label', spec.labels);
  if (spec.restart.name !== 'no') {
    flag(
      '--restart',
      spec.restart.name === 'on-failure' && spec.restart.maxRetries
        ? `on-failure:${spec.restart.maxRetries}`
        : spec.restart.name,
    );
  }
  if (spec.workdir) flag('-w', spec.workdir);
  if (spec.user) flag('-u', spec.user);
  if (spec.hostname) flag('--hostname', spec.hostname);
  if (spec.memory) flag('--memory', formatBytesText(spec.memory));
  if (spec.memoryReservation) flag('--memory-reservation', formatBytesText(spec.memoryReservation));
  if (spec.memorySwap) flag('--memory-swap', spec.memorySwap < 0 ? '-1' : formatBytesText(spec.memorySwap));
  if (spec.shmSize) flag('--shm-size', formatBytesText(spec.shmSize));
  if (spec.cpus) flag('--cpus', spec.cpus);
  if (spec.cpuShares) flag('--cpu-shares', String(spec.cpuShares));
  if (spec.cpusetCpus) flag('--cpuset-cpus', spec.cpusetCpus);
  if (spec.privileged) g.push(['--privileged']);
  if (spec.pid) flag('--pid', spec.pid);
  if (spec.ipc) flag('--ipc', spec.ipc);
  if (spec.uts) flag('--uts', spec.uts);
  each('--cap-add', spec.capAdd);
  each('--cap-drop', spec.capDrop);
  each('--device', spec.devices);
  if (spec.init) g.push(['--init']);
  if (spec.readOnly) g.push(['--read-only']);
  if (spec.stopSignal) flag('--stop-signal', spec.stopSignal);
  if (spec.stopTimeout !== undefined) flag('--stop-timeout', String(spec.stopTimeout));
  each('--add-host', spec.extraHosts);
  each('--dns', spec.dns);
  each('--dns-search', spec.dnsSearch);
  each('--dns-option', spec.dnsOptions);
  if (spec.logDriver) flag('--log-driver', spec.logDriver);
  each('--log-opt', spec.logOpts);
  each('--ulimit', spec.ulimits);
  each('--sysctl', spec.sysctls);
  each('--group-add', spec.groupAdd);
  // docker run can only say a one-word entrypoint: further words go before the command
  // (the process run is the same; inspect then splits it differently).
  if (spec.entrypoint) flag('--entrypoint', spec.entrypoint[0] ?? '');
  g.push([spec.image, ...(spec.entrypoint?.slice(1) ?? []), ...spec.cmd]);
  return g;
}

/** The words after `docker run` that make this spec. */
export function runArgs(spec: RunSpec, opts: { createOnly?: boolean } = {}): string[] {
  return runArgGroups(spec, opts).flat();
}

/**
 * Words a shell reads as they are: letters and digits of any script and `_ . , : / = @ % + -`, none of which a
 * POSIX shell (nor bash or zsh) gives a meaning inside a word. Everything special (quotes, `$`, backslash,
 * white space, `| & ; < > ( ) { } [ ] * ? ! # ~ ^` and the backquote) is outside the set. A leading `=` is
 * quoted too: zsh expands `=cmd` to a path.
 */
const SAFE_WORD = /^(?!=)[\p{L}\p{N}_.,:/=@%+-]+$/u;

/**
 * One word for a POSIX shell, quoted only when it must be, and then in single quotes (nothing is special inside
 * them; a quote becomes `'\''`): `-p 8080:80`, `-e A=b`, `'my container'`, `''` for the empty word.
 */
export function shellQuoteWord(w: string): string {
  if (SAFE_WORD.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/** A `-v ~/dir:/path` value: the `~/` stays bare so the shell (and Berth) reads it as the home folder. */
function quoteVolumeWord(w: string): string {
  return w.startsWith('~/') && w.length > 2 ? `~/${shellQuoteWord(w.slice(2))}` : shellQuoteWord(w);
}

/**
 * The `docker run …` line for a spec (what the form shows live and "copy as docker run" copies).
 * `multiline` puts each flag on its own line with ` \\` continuations, as people keep it in notes.
 */
export function formatRunCommand(spec: RunSpec, opts: { multiline?: boolean; createOnly?: boolean } = {}): string {
  const head = opts.createOnly ? 'docker create' : 'docker run';
  const lines = runArgGroups(spec, opts).map((group) =>
    group.map((w, k) => (k === 1 && group[0] === '-v' ? quoteVolumeWord(w) : shellQuoteWord(w))).join(' '),
  );
  return [head, ...lines].join(opts.multiline ? ' \\\n  ' : ' ');
}

/**
 * What is wrong with a spec, by field path ("ports.0.hostPort"), in English: the checks the
 * CLI makes before it asks the engine. Used by the form (inline) and by main (authoritative).
 */
export function specProblems(spec: RunSpec): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const add = (path: string, message: string) => out.push({ path, message });
  if (!spec.image.trim()) add('image', 'an image is required');
  if (spec.name && !NEW_CONTAINER_NAME.test(spec.name)) add('name', `invalid container name "${spec.name}"`);
  spec.ports.forEach((p, k) => {
    for (const [f, m] of Object.entries(portProblems(p))) add(`ports.${k}.${f}`, m);
  });
  spec.expose.forEach((e, k) => {
    const p = exposeProblem(e);
    if (p) add(`expose.${k}`, p);
  });
  spec.mounts.forEach((m, k) => {
    for (const [f, msg] of Object.entries(mountProblems(m))) add(`mounts.${k}.${f}`, msg);
  });
  const targets = new Map<string, number>();
  spec.mounts.forEach((m, k) => {
    const t = m.target.replace(/\/+$/, '') || '/';
    if (targets.has(t)) add(`mounts.${k}.target`, `duplicate mount point ${m.target}`);
    targets.set(t, k);
  });
  spec.tmpfs.forEach((t, k) => !t.startsWith('/') && add(`tmpfs.${k}`, 'the tmpfs path must be absolute'));
  spec.env.forEach((e, k) => {
    if (!ENV_KEY.test(e.split('=')[0] ?? '')) add(`env.${k}`, `invalid environment variable "${e}"`);
  });
  spec.labels.forEach((l, k) => (!l || l.startsWith('=')) && add(`labels.${k}`, `invalid label "${l}"`));
  if (spec.autoRemove && spec.restart.name !== 'no') {
    add('restart', 'conflicting options: a restart policy cannot be used with --rm');
  }
  if (spec.restart.maxRetries && spec.restart.name !== 'on-failure') {
    add('restart', "a maximum retry count can only be used with 'on-failure'");
  }
  if (spec.workdir && !spec.workdir.startsWith('/')) add('workdir', 'the working directory must be an absolute path');
  if (spec.cpus && !CPUS.test(spec.cpus)) add('cpus', `invalid number of CPUs "${spec.cpus}"`);
  if (spec.memorySwap > 0 && spec.memory && spec.memorySwap < spec.memory) {
    add('memorySwap', 'the memory+swap limit must be at least the memory limit');
  }
  if (spec.memorySwap && !spec.memory) add('memorySwap', 'set a memory limit to use --memory-swap');
  if (spec.memory && spec.memory < 6 * 1024 * 1024) add('memory', 'the minimum memory limit is 6m');
  spec.dns.forEach((d, k) => !isIp(d) && add(`dns.${k}`, `invalid IP address "${d}"`));
  spec.extraHosts.forEach((h, k) => !/^[^:=]+[:=].+$/.test(h) && add(`extraHosts.${k}`, 'not host:ip'));
  spec.logOpts.forEach((o, k) => kv('key')(o) && add(`logOpts.${k}`, 'not key=value'));
  spec.sysctls.forEach((o, k) => kv('key')(o) && add(`sysctls.${k}`, 'not key=value'));
  spec.ulimits.forEach((u, k) => !/^[a-z]+=-?\d+(:-?\d+)?$/.test(u) && add(`ulimits.${k}`, 'not name=soft[:hard]'));
  spec.devices.forEach((d, k) => !d.startsWith('/') && add(`devices.${k}`, 'the device path must be absolute'));
  if (spec.networkAliases.length && ['', 'default', 'bridge', 'host', 'none'].includes(spec.network)) {
    add('networkAliases', 'network aliases need a user-defined network');
  }
  return out;
}
