/**
 * Berth's own log: what main prints (console.*) also goes to a file, so that a user can send it with a bug
 * report. Plain Node (no Electron): the desktop app puts it in Electron's logs folder, web mode in the folder
 * `defaultLogDir()` names. The file is bounded: past `maxBytes` it becomes berth.1.log (berth.1 becomes berth.2…)
 * and at most `keep` old files stay. Secrets are masked before anything is written.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFileOptions {
  dir: string;
  /** File name of the current log (default berth.log; old ones are berth.1.log, berth.2.log…). */
  name?: string;
  /** Size at which the file rotates (default 1 MiB). */
  maxBytes?: number;
  /** How many rotated files to keep (default 3). */
  keep?: number;
}

const SECRET_KEYS =
  'password|passwd|pass|secret|token|identitytoken|registrytoken|auth|authorization|x-registry-auth|api[_-]?key|credentials?';
const MASK = '***';

/**
 * Text with secrets masked: `token=…` in URLs and query strings, JSON and key=value fields named like a secret
 * (password, token, auth…), Authorization / X-Registry-Auth header values, `user:password@` in URLs, and the
 * values of `--password` (and of `-p` after `login`).
 */
export function redactSecrets(text: string): string {
  return (
    text
      // "password": "…", 'auth': '…'  (JSON and JS object dumps)
      .replace(
        new RegExp(`(["']?(?:${SECRET_KEYS})["']?\\s*:\\s*)(["'])(?:\\\\.|(?!\\2).)*\\2`, 'gi'),
        (_m, head: string, q: string) => `${head}${q}${MASK}${q}`,
      )
      // Authorization: Bearer abc / X-Registry-Auth: eyJ…  (header lines)
      .replace(
        /\b(authorization|x-registry-auth)(\s*[:=]\s*)(?:(basic|bearer)\s+)?[^\s,;'"}]+/gi,
        (_m, k, sep, scheme) => (scheme ? `${k}${sep}${scheme} ${MASK}` : `${k}${sep}${MASK}`),
      )
      // token=…, password=…  (query strings, env-like pairs)
      .replace(new RegExp(`\\b(${SECRET_KEYS})=[^\\s&#,;'"]+`, 'gi'), `$1=${MASK}`)
      // scheme://user:password@host
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, `$1:${MASK}@`)
      // --password secret / --password=secret, and docker login … -p secret (elsewhere -p publishes a port)
      .replace(/(\s--password)(=|\s+)(?!-)\S+/g, `$1$2${MASK}`)
      .replace(/(\blogin\b[^\n]*?\s-p)(=|\s+)(?!-)\S+/g, `$1$2${MASK}`)
  );
}

/** One log line: ISO time, level, the message with secrets masked, one line per entry (newlines kept visible). */
export function formatLogLine(level: LogLevel, args: unknown[], now = new Date()): string {
  const text = redactSecrets(format(...args)).replace(/\r?\n/g, '\n    ');
  return `${now.toISOString()} ${level.toUpperCase().padEnd(5)} ${text}\n`;
}

/** An append-only file that rotates by size; it never throws (a log that fails must not take the app down). */
export class RotatingLogFile {
  readonly path: string;
  private fd: number | undefined;
  private size = 0;
  private failed = false;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(private readonly opts: LogFileOptions) {
    this.path = join(opts.dir, opts.name ?? 'berth.log');
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.keep = opts.keep ?? 3;
    this.open();
  }

  /** Whether the file could be opened (and written) so far. */
  get ok(): boolean {
    return !this.failed && this.fd !== undefined;
  }

  write(line: string): void {
    if (!this.ok) return;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      writeSync(this.fd as number, line);
      this.size += bytes;
    } catch {
      this.fail();
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    try {
      mkdirSync(this.opts.dir, { recursive: true, mode: 0o700 });
      this.fd = openSync(this.path, 'a', 0o600);
      this.size = statSync(this.path).size;
    } catch {
      this.fail();
    }
  }

  private rotated(n: number): string {
    return this.path.replace(/(\.log)?$/, (ext) => `.${n}${ext || ''}`);
  }

  private rotate(): void {
    this.close();
    rmSync(this.rotated(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 1; n--) {
      try {
        renameSync(this.rotated(n), this.rotated(n + 1));
      } catch {
        /* not there yet */
      }
    }
    if (this.keep > 0) renameSync(this.path, this.rotated(1));
    else rmSync(this.path, { force: true });
    this.open();
  }

  private fail(): void {
    this.failed = true;
    try {
      this.close();
    } catch {
      /* already gone */
    }
  }
}

type ConsoleLike = Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
const LEVEL_OF: Record<keyof ConsoleLike, LogLevel> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
};

/**
 * Everything main prints through `target` (the console) also goes to `file`, secrets masked. What reaches the
 * terminal is unchanged. Returns the function that undoes it.
 */
export function teeConsole(file: RotatingLogFile, target: ConsoleLike = console): () => void {
  const originals = new Map<keyof ConsoleLike, (...args: unknown[]) => void>();
  for (const method of Object.keys(LEVEL_OF) as (keyof ConsoleLike)[]) {
    const original = target[method].bind(target) as (...args: unknown[]) => void;
    originals.set(method, target[method] as (...args: unknown[]) => void);
    target[method] = (...args: unknown[]) => {
      original(...args);
      file.write(formatLogLine(LEVEL_OF[method], args));
    };
  }
  return () => {
    for (const [method, fn] of originals) target[method] = fn;
  };
}

/**
 * Where web mode keeps its log unless told otherwise (`--log-dir` or BERTH_LOG_DIR): the platform's place for
 * an app's logs. Linux: $XDG_STATE_HOME/berth/logs (~/.local/state/berth/logs); macOS: ~/Library/Logs/Berth;
 * Windows: %LOCALAPPDATA%\Berth\logs.
 */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BERTH_LOG_DIR) return env.BERTH_LOG_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Logs', 'Berth');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Berth', 'logs');
  return join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'berth', 'logs');
}

/**
 * Start Berth's log file in `dir` and send the console there too; says what is running on its first line.
 * `file` is undefined when the folder cannot be written (the console still works).
 */
export function startLogFile(dir: string, about: string, options: Omit<LogFileOptions, 'dir'> = {}) {
  const file = new RotatingLogFile({ dir, ...options });
  if (!file.ok) {
    console.warn(`[berth] cannot write a log file in ${dir}: messages go to the console only`);
    return { file: undefined, stop: () => {} };
  }
  const untee = teeConsole(file);
  console.info(`[berth] ${about}`);
  return {
    file: file.path,
    stop: () => {
      untee();
      file.close();
    },
  };
}

interface StatusLike {
  state: string;
  endpoint: string;
  error?: string | undefined;
  engineVersion?: string | undefined;
}

/** One log line per change of the engine connection (not one per reconnect attempt). */
export function watchEngineStatus(
  engine: { on(event: 'status', listener: (s: StatusLike) => void): unknown },
  write: (line: string) => void = (line) => console.info(line),
): void {
  let last = '';
  engine.on('status', (s) => {
    const line =
      s.state === 'connected'
        ? `[berth] engine connected: ${s.endpoint}${s.engineVersion ? ` (Docker ${s.engineVersion})` : ''}`
        : s.state === 'disconnected'
          ? `[berth] engine unreachable: ${s.endpoint}${s.error ? ` — ${s.error}` : ''}`
          : `[berth] engine connecting: ${s.endpoint}`;
    if (line === last) return;
    last = line;
    write(line);
  });
}

/**
 * The last resort for an error nothing caught (a stray socket error, a promise nobody awaited): it is written to
 * Berth's log with its stack, masked like every line, and the app keeps running, as Electron's own default does
 * for main, instead of vanishing with the user's open terminals and logs. Returns a function that removes it.
 */
export function logUncaught(
  proc: Pick<NodeJS.Process, 'on' | 'off'> = process,
  write: (line: string) => void = (line) => console.error(line),
): () => void {
  const say = (kind: string) => (err: unknown) =>
    write(`[berth] ${kind}: ${err instanceof Error ? (err.stack ?? err.message) : format(err)}`);
  const onException = say('uncaught exception');
  const onRejection = say('unhandled rejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
