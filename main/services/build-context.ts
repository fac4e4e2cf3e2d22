/**
 * The build context as the docker CLI sends it: the context folder as a tar,
 * filtered by `.dockerignore` with Docker's own matching rules (via
 * @balena/dockerignore, a port of moby's fileutils), owned by root, with the
 * Dockerfile and `.dockerignore` always included.
 */
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import ignore from '@balena/dockerignore';
import { pack } from 'tar-stream';
import { BerthError } from '../../preload/contract/errors';

export interface ContextEntry {
  /** Path inside the context, `/`-separated. */
  rel: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
  mtime: Date;
}

export interface BuildContext {
  /** The Dockerfile's path inside the context, `/`-separated (the `dockerfile` build parameter). */
  dockerfile: string;
  entries: ContextEntry[];
  /** Bytes of file content that will be sent. */
  totalBytes: number;
  /** The .dockerignore patterns in effect (with Docker's own additions). */
  patterns: string[];
}

/** Reads `.dockerignore` lines as the CLI does: comments and blank lines dropped, each cleaned. */
export function parseDockerignore(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let neg = false;
    if (line.startsWith('!')) {
      neg = true;
      line = line.slice(1).trim();
    }
    if (!line) continue;
    // Backslash is the path separator on Windows, an escape character elsewhere (as in the CLI).
    let clean = posix.normalize(sep === '\\' ? line.replace(/\\/g, '/') : line);
    clean = clean.replace(/^\/+/, '').replace(/\/+$/, '');
    if (!clean || clean === '.') clean = '.';
    out.push(neg ? `!${clean}` : clean);
  }
  return out;
}

/** A pattern matcher with Docker's semantics, plus the walk-time directory rule of moby's TarWithOptions. */
export class DockerignoreMatcher {
  private readonly ig;
  private readonly exclusions: string[];

  constructor(readonly patterns: string[]) {
    this.ig = ignore({ ignorecase: false }).add(patterns);
    this.exclusions = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  }

  ignores(rel: string): boolean {
    return this.patterns.length > 0 && this.ig.ignores(rel);
  }

  /** An ignored directory is still walked when an exception pattern may re-include something inside it. */
  mustDescend(relDir: string): boolean {
    const dirSlash = `${relDir}/`;
    return this.exclusions.some((p) => `${p}/`.startsWith(dirSlash));
  }
}

/** Docker always sends the Dockerfile and .dockerignore (the daemon reads them), whatever the patterns say. */
export function withBuildFiles(patterns: string[], dockerfile: string): string[] {
  const m = new DockerignoreMatcher(patterns);
  const out = [...patterns];
  if (m.ignores('.dockerignore')) out.push('!.dockerignore');
  if (m.ignores(dockerfile)) out.push(`!${dockerfile}`);
  return out;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * The context must be a folder and the Dockerfile a file inside it
 * ("build without a Dockerfile" is refused here, before anything is sent).
 * Returns the Dockerfile's path inside the context, `/`-separated.
 */
export async function validateBuildContext(contextPath: string, dockerfile: string): Promise<string> {
  const root = resolve(contextPath);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new BerthError('invalid_input', `the build context ${contextPath} is not a folder`);
  }
  const dfAbs = resolve(root, dockerfile);
  const dfRel = relative(root, dfAbs);
  if (!dfRel || dfRel.startsWith('..') || isAbsolute(dfRel)) {
    throw new BerthError('invalid_input', `the Dockerfile (${dockerfile}) must be inside the build context`);
  }
  const dfStat = await stat(dfAbs).catch(() => undefined);
  if (!dfStat?.isFile()) {
    throw new BerthError(
      'invalid_input',
      `build without a Dockerfile: ${toPosix(dfRel)} was not found in the build context ${contextPath}`,
    );
  }
  return toPosix(dfRel);
}

/**
 * Checks the context and the Dockerfile, reads .dockerignore and lists what
 * will be sent (lexical order, as filepath.Walk does). Nothing is read yet.
 */
export async function prepareBuildContext(
  contextPath: string,
  dockerfile: string,
  opts: { signal?: AbortSignal; maxEntries?: number } = {},
): Promise<BuildContext> {
  const root = resolve(contextPath);
  const dockerfileRel = await validateBuildContext(contextPath, dockerfile);
  const ignoreText = await readFile(join(root, '.dockerignore'), 'utf8').catch(() => '');
  const patterns = withBuildFiles(parseDockerignore(ignoreText), dockerfileRel);
  const matcher = new DockerignoreMatcher(patterns);
  const maxEntries = opts.maxEntries ?? 1_000_000;

  const entries: ContextEntry[] = [];
  let totalBytes = 0;
  const walk = async (dirAbs: string, dirRel: string): Promise<void> => {
    if (opts.signal?.aborted) throw new BerthError('cancelled', 'cancelled');
    const names = (await readdir(dirAbs)).sort();
    for (const name of names) {
      const abs = join(dirAbs, name);
      const rel = dirRel ? `${dirRel}/${name}` : name;
      const ls = await lstat(abs);
      const isDir = ls.isDirectory();
      if (matcher.ignores(rel)) {
        if (isDir && matcher.mustDescend(rel)) await walk(abs, rel);
        continue;
      }
      let type: ContextEntry['type'];
      if (isDir) type = 'directory';
      else if (ls.isSymbolicLink()) type = 'symlink';
      else if (ls.isFile()) type = 'file';
      else continue; // sockets, fifos, devices: not sent
      entries.push({ rel, type, size: type === 'file' ? ls.size : 0, mode: ls.mode & 0o7777, mtime: ls.mtime });
      if (entries.length > maxEntries) {
        throw new BerthError('invalid_input', `the build context has more than ${maxEntries} entries`);
      }
      if (type === 'file') totalBytes += ls.size;
      if (isDir) await walk(abs, rel);
    }
  };
  await walk(root, '');
  return { dockerfile: dockerfileRel, entries, totalBytes, patterns };
}

/**
 * Streams the listed entries as a tar (uid/gid 0, as the CLI sends them).
 * `onBytes` counts file content sent; the stream errors when the signal aborts.
 */
export function packBuildContext(
  contextPath: string,
  ctx: BuildContext,
  opts: { signal?: AbortSignal; onBytes?: (sent: number) => void } = {},
): Readable {
  const root = resolve(contextPath);
  const tar = pack();
  let sent = 0;
  opts.signal?.addEventListener('abort', () => tar.destroy(new Error('cancelled')), { once: true });
  const run = async () => {
    for (const e of ctx.entries) {
      if (opts.signal?.aborted) throw new BerthError('cancelled', 'cancelled');
      const abs = join(root, ...e.rel.split('/'));
      const base = { mode: e.mode, mtime: e.mtime, uid: 0, gid: 0, uname: '', gname: '' };
      if (e.type === 'directory') {
        tar.entry({ ...base, name: `${e.rel}/`, type: 'directory' });
      } else if (e.type === 'symlink') {
        tar.entry({ ...base, name: e.rel, type: 'symlink', linkname: await readlink(abs) });
      } else {
        if (e.size === 0) {
          tar.entry({ ...base, name: e.rel, type: 'file', size: 0 }, '');
          continue;
        }
        const entry = tar.entry({ ...base, name: e.rel, type: 'file', size: e.size });
        // Bounded to the size listed: a file that grows meanwhile cannot break the tar.
        const src = createReadStream(abs, { start: 0, end: e.size - 1 });
        src.on('data', (chunk) => {
          sent += chunk.length;
          opts.onBytes?.(sent);
        });
        await pipeline(src, entry);
      }
    }
    tar.finalize();
  };
  run().catch((err: unknown) => tar.destroy(err instanceof Error ? err : new Error(String(err))));
  return tar as unknown as Readable;
}
