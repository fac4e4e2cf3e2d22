// Static Electron security scan (Electronegativity) of the built app in out/.
// Fails on any high-severity finding; prints every finding. Offline: the
// Electron version is given, so it does not try to fetch release data.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-scan-'));
const out = join(dir, 'report.sarif');
try {
  const run = spawnSync(process.execPath, [cli, '-i', 'out', '-e', electronVersion, '-r', '-o', out], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    process.exit(run.status ?? 1);
  }
  const sarif = JSON.parse(readFileSync(out, 'utf8'));
  const results = sarif.runs?.[0]?.results ?? [];
  const high = results.filter((r) => r.level === 'error');
  for (const r of results) {
    const loc = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    console.log(
      `${r.level === 'error' ? 'HIGH' : r.level.toUpperCase()}  ${r.ruleId}  ${loc}  ${r.message?.text ?? ''}`,
    );
  }
  console.log(`electronegativity (Electron ${electronVersion}): ${results.length} finding(s), ${high.length} high`);
  process.exit(high.length ? 1 : 0);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
