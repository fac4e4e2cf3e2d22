import type Docker from 'dockerode';
import { BerthError } from '../../preload/contract/errors';

/**
 * Ids, names and references go into the engine's URL paths
 * (`/containers/{id}/json`). The contract's schemas check each against the
 * engine's grammar; this is the last line, at the one place every request
 * passes: a path that is not clean never leaves main.
 *
 * Why it matters: the engine answers a non-clean path (`//`, `.` or `..`
 * segments) with a 301 to the cleaned one, and docker-modem follows
 * redirects. Over the unix socket the redirect URL is invalid and throws
 * inside an HTTP response handler: an uncaught exception, and the call never
 * settles. Over TCP it would follow to whatever endpoint the cleaned path
 * names (`/images/a/../../info` → `/info`).
 */

/** One path segment: what ids, names, references and API words are made of (`localhost:5000`, `[::1]:5000`, `a@sha256:…`). */
const SEGMENT = /^[A-Za-z0-9_.:@+[\]-]+$/;

/** Why a request path may not be sent, or undefined when it is clean. The query string is the modem's (encoded). */
export function enginePathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'the request has no path';
  const q = path.indexOf('?');
  const p = q === -1 ? path : path.slice(0, q);
  if (!p.startsWith('/')) return 'the path must start with /';
  const segments = p.slice(1).split('/');
  for (const s of segments) {
    if (s === '') return 'empty path segment (//)';
    if (s === '.' || s === '..') return `"${s}" path segment`;
    if (!SEGMENT.test(s)) return `unexpected character in path segment ${JSON.stringify(s.slice(0, 80))}`;
  }
  return undefined;
}

type Dial = (options: { path?: string }, callback?: (err: unknown, data?: unknown) => void) => unknown;

/**
 * Refuse, before any byte is sent, a request whose path is not clean: the
 * call fails with invalid_input instead of reaching the engine. Returns the
 * same client.
 */
export function guardEnginePaths<T extends Docker>(docker: T): T {
  const modem = docker.modem as unknown as { dial: Dial; __berthGuarded?: boolean };
  if (modem.__berthGuarded) return docker;
  const dial: Dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const problem = enginePathProblem(options?.path);
    if (problem === undefined) return dial(options, callback);
    const err = new BerthError('invalid_input', `refused to send an engine request: ${problem}`);
    if (!callback) throw err;
    process.nextTick(() => callback(err));
    return undefined;
  };
  modem.__berthGuarded = true;
  return docker;
}
