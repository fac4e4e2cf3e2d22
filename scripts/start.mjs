// `npm start`: build, then launch the desktop app. Where the Electron runtime
// is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, no internet, CI) say so in
// one clear message and point to web mode, without a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The runtime's path, read the way the electron package does, but never downloading. */
function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    if (!existsSync(pathFile)) return undefined;
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const electron = electronBinary();
if (!electron) {
  console.error(
    'Berth: the Electron runtime is not installed here (its download was skipped or failed).\n' +
      '  Run Berth in your browser instead:  npm run web\n' +
      '  Or fetch the runtime (needs internet):  node node_modules/electron/install.js',
  );
  process.exit(1);
}
const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(electron, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
