// `npm run bench [-- scenario …] [--quick]`: runs the benchmark scenarios
// against the local engine and the built app (npm run bench builds first),
// prints each result and writes bench-results/<scenario>.json, then
// bench-results/summary.md and summary.svg from all the results there.
// --quick: small sizes, for a smoke run that only checks the harness works
// (CI runs it); its results go to bench-results/quick/.
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { cleanup, docker, ensureImage, resultsDir, setRunInfo } from './common.mjs';
import { writeSummary } from './summary.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));

const scenarios = {
  startup: async () => (await import('./startup.mjs')).run(quick ? { runs: 2 } : {}),
  events: async () => (await import('./events.mjs')).run(quick ? { rounds: 3 } : { rounds: 30 }),
  scale: async () =>
    (await import('./scale.mjs')).run(
      quick ? { counts: { containers: 40, images: 20, volumes: 15, networks: 5 } } : {},
    ),
  idle: async () => (await import('./idle.mjs')).run(quick ? { containers: 3, seconds: 5 } : {}),
};
for (const extra of ['terminal', 'logs']) {
  const file = new URL(`./${extra}.mjs`, import.meta.url);
  if (existsSync(file)) scenarios[extra] = async () => (await import(file.href)).run({ quick });
}

await ensureImage();
const version = await docker.version();
setRunInfo({
  quick,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim(),
    node: process.version,
    engine: version.Version,
    api: version.ApiVersion,
  },
});
const names = wanted.length ? wanted : Object.keys(scenarios);
let failed = 0;
for (const name of names) {
  const run = scenarios[name];
  if (!run) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
    failed++;
    continue;
  }
  console.log(`\n== ${name}${quick ? ' (quick)' : ''}`);
  try {
    console.log(JSON.stringify(await run(), null, 2));
  } catch (err) {
    failed++;
    console.error(`${name} failed: ${err?.stack ?? err}`);
  } finally {
    await cleanup();
  }
}
try {
  const { md, svg } = await writeSummary(docker, resultsDir());
  console.log(`\nsummary: ${md}, ${svg}`);
} catch (err) {
  failed++;
  console.error(`summary failed: ${err?.stack ?? err}`);
}
process.exit(failed ? 1 : 0);
