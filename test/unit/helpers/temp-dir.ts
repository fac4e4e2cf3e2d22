import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh temporary directory; `write` creates files (and their folders) under it. */
export function makeTempDir(prefix = 'berth-unit-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return {
    root,
    path: (...parts: string[]) => join(root, ...parts),
    write(relPath: string, content: string | Uint8Array) {
      const full = join(root, relPath);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export type TempDir = ReturnType<typeof makeTempDir>;
