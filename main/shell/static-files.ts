import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

export const mimeOf = (file: string): string => MIME[extname(file)] ?? 'application/octet-stream';

/**
 * The fixed allowlist of renderer files that may be served (by the app://
 * protocol and by web mode): what the build produced, keyed by URL path.
 * Nothing outside it is ever read, so no path can climb out of the folder.
 */
export function rendererFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set('/' + relative(dir, full).split(sep).join('/'), full);
    }
  };
  walk(dir);
  return files;
}

/** URL path → file, '/' meaning index.html. */
export function lookup(files: Map<string, string>, pathname: string): string | undefined {
  return files.get(pathname === '/' ? '/index.html' : pathname);
}
