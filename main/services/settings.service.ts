import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Settings, SettingsPatch } from '../../preload/contract/settings.contract';

/** Where web mode keeps its settings: $XDG_CONFIG_HOME/berth or ~/.config/berth. */
export function defaultSettingsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'berth', 'settings.json');
}

/** Write a file so that a crash at any moment leaves either the old or the new content, never a torn one. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  // Make the rename itself durable.
  try {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    /* not every platform can fsync a directory */
  }
}

/**
 * Settings persisted as JSON with atomic writes. A file that does not parse
 * or validate is kept aside (settings.json.corrupt-<time>) and defaults are
 * used; nothing is silently overwritten. Without a file (tests), in memory.
 */
export class SettingsService extends EventEmitter {
  private current: Settings;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file?: string) {
    super();
    this.current = this.load();
  }

  get(): Settings {
    return this.current;
  }

  private load(): Settings {
    if (!this.file) return Settings.parse({});
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch {
      return Settings.parse({});
    }
    try {
      return Settings.parse(JSON.parse(raw));
    } catch {
      try {
        renameSync(this.file, `${this.file}.corrupt-${Date.now()}`);
      } catch {
        /* keep going with defaults */
      }
      return Settings.parse({});
    }
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const parsed = SettingsPatch.parse(patch) as Record<string, unknown>;
    // Only the keys the patch names: parsing fills defaults for the others, which must not reset them.
    const named = Object.fromEntries(Object.keys(patch).map((k) => [k, parsed[k] ?? undefined]));
    const next = Settings.parse({ ...this.current, ...named });
    // `language: null` (or undefined, over IPC) in a patch means "follow the system again".
    if ('language' in patch && patch.language == null) delete next.language;
    this.current = next;
    const file = this.file;
    if (file) {
      const data = JSON.stringify(next, null, 2) + '\n';
      this.writing = this.writing.then(() => writeFileAtomic(file, data)).catch(() => {});
      await this.writing;
    }
    this.emit('changed', next);
    return next;
  }

  /** Resolves once every queued write has landed. */
  flush(): Promise<void> {
    return this.writing;
  }
}
