import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
}

/** ssh_config(5) host patterns: `*`, `?`, negation with `!`. */
function matches(patterns: string[], host: string): boolean {
  let ok = false;
  for (const p of patterns) {
    const neg = p.startsWith('!');
    const re = new RegExp(
      '^' +
        (neg ? p.slice(1) : p)
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.') +
        '$',
      'i',
    );
    if (re.test(host)) {
      if (neg) return false;
      ok = true;
    }
  }
  return ok;
}

const expandHome = (p: string, home: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : p);

/**
 * The parts of the user's ~/.ssh/config that matter to reach an engine:
 * HostName, User, Port, IdentityFile — first value wins, as ssh does.
 */
export function readSshConfig(host: string, file = join(homedir(), '.ssh', 'config'), home = homedir()): SshHostConfig {
  const out: SshHostConfig = { identityFiles: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  let active = true; // options before the first Host apply to all
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+)\s*=?\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').replace(/^"(.*)"$/, '$1');
    if (key === 'host') {
      active = matches(value.split(/\s+/), host);
      continue;
    }
    if (key === 'match') {
      active = false; // Match blocks are not supported: skip them rather than guess
      continue;
    }
    if (!active) continue;
    if (key === 'hostname' && out.hostName === undefined) out.hostName = value;
    else if (key === 'user' && out.user === undefined) out.user = value;
    else if (key === 'port' && out.port === undefined) out.port = Number(value);
    else if (key === 'identityfile') out.identityFiles.push(expandHome(value, home));
  }
  return out;
}
