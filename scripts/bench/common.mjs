// Shared pieces of `npm run bench`: web mode as a black box (the built app),
// Chromium through playwright-core, dockerode for the raw engine, labelled
// resources removed afterwards, and small statistics helpers.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { pack } from 'tar-stream';

const require = createRequire(import.meta.url);
export const Docker = require('dockerode');
export const docker = new Docker({ socketPath: process.env.BERTH_TEST_SOCKET ?? '/var/run/docker.sock' });
export const RUN = randomBytes(3).toString('hex');
export const LABEL = { 'berth.bench': RUN };
export const IMAGE = 'berth-test/busybox:latest';

export function percentile(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
export const median = (values) => percentile(values, 50);

/** `docker <args>` with stdout (and stderr unless `stderr` is 'inherit') to /dev/null, timed in seconds. */
export async function timeDocker(args, { stderr = 'null' } = {}) {
  const devnull = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const p = spawn('docker', args, { stdio: ['ignore', devnull, stderr === 'inherit' ? 'inherit' : devnull] });
  const [code] = await once(p, 'exit');
  if (code !== 0) throw new Error(`docker ${args.join(' ')} exited with ${code}`);
  return (performance.now() - t0) / 1000;
}

export const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * Start `node out/main/web.js --port 0`; resolves with its URL, pid and start
 * time. BENCH_NODE_ARGS adds node options, e.g. `--cpu-prof --cpu-prof-dir=…`
 * to profile main.
 */
export async function startWeb() {
  const t0 = performance.now();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, 'out/main/web.js', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let readyAt = NaN;
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = /Open (http:\/\/\S+)/.exec(buf);
      if (m) {
        readyAt = performance.now();
        resolve(m[1]);
      }
    });
    proc.once('exit', () => reject(new Error('web mode exited')));
  });
  return { url, proc, pid: proc.pid, t0, readyAt, stop: () => proc.kill('SIGTERM') };
}

/** Close the browser and stop web mode (waiting for it to exit), whichever of them was started. */
export async function closeAll({ browser, web }) {
  await browser?.close().catch(() => {});
  if (web && web.proc.exitCode === null) {
    const exited = new Promise((r) => web.proc.once('exit', r));
    web.stop();
    await exited;
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** CPU seconds (user+system) a process has used so far, from /proc. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
}
export function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** JS heap and main-thread busy time of a page, through the DevTools protocol. */
export async function pageMetrics(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const get = (n) => metrics.find((m) => m.name === n)?.value ?? NaN;
  return { heapMiB: get('JSHeapUsedSize') / 2 ** 20, taskSeconds: get('TaskDuration'), nodes: get('Nodes') };
}

/** Removes what benchmarks made: this run's and any earlier run's that was cut short (benchmarks never overlap). */
export async function cleanup() {
  const filters = JSON.stringify({ label: ['berth.bench'] });
  const containers = await docker.listContainers({ all: true, filters });
  for (let i = 0; i < containers.length; i += 20) {
    await Promise.all(
      containers.slice(i, i + 20).map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => {}),
      ),
    );
  }
  const vols = (await docker.listVolumes({ filters })).Volumes ?? [];
  for (let i = 0; i < vols.length; i += 20)
    await Promise.all(
      vols.slice(i, i + 20).map((v) =>
        docker
          .getVolume(v.Name)
          .remove()
          .catch(() => {}),
      ),
    );
  const nets = await docker.listNetworks({ filters });
  for (const n of nets)
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  const images = await docker.listImages({ filters: JSON.stringify({ reference: ['berth-bench-*'] }) });
  for (const img of images)
    for (const tag of img.RepoTags ?? [])
      await docker
        .getImage(tag)
        .remove({ noprune: true })
        .catch(() => {});
}

const runInfo = {};
/** What every result of this run records (index.mjs sets it): smoke-run sizes or not, and the machine. */
export function setRunInfo(info) {
  Object.assign(runInfo, info);
}

/** Where results go: bench-results/, or bench-results/quick/ for smoke runs, which never overwrite recorded figures. */
export const resultsDir = () => (runInfo.quick ? 'bench-results/quick' : 'bench-results');

export function save(name, result) {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    `${dir}/${name}.json`,
    JSON.stringify({ scenario: name, date: new Date().toISOString(), ...runInfo, ...result }, null, 2) + '\n',
  );
}

/** Run `fn` on n items with bounded concurrency. */
export async function pool(items, n, fn) {
  const out = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k], k);
      }
    }),
  );
  return out;
}

/** The offline busybox image the tests use (from Debian's busybox-static), imported unless present. */
export async function ensureImage() {
  try {
    await docker.getImage(IMAGE).inspect();
    return;
  } catch {
    /* import it */
  }
  const tar = pack();
  for (const dir of ['bin/', 'tmp/', 'etc/'])
    tar.entry({ name: dir, type: 'directory', mode: dir === 'tmp/' ? 0o1777 : 0o755 });
  tar.entry({ name: 'etc/passwd', mode: 0o644 }, 'root:x:0:0:root:/root:/bin/sh\n');
  tar.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync('/bin/busybox'));
  for (const a of ['sh', 'cat', 'echo', 'sleep', 'yes', 'head', 'ls', 'seq', 'true']) {
    tar.entry({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' });
  }
  tar.finalize();
  const stream = await docker.importImage(tar, {
    repo: 'berth-test/busybox',
    tag: 'latest',
    changes: ['CMD ["/bin/sh"]'],
  });
  await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())));
}

/**
 * A CPU profile of the page (BENCH_PROFILE=1: self time by function;
 * BENCH_PROFILE=tree: also time including callees, recursion counted more
 * than once). Returns stop(), which prints the top entries.
 */
export async function startProfile(page, label) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach().catch(() => {});
    const self = new Map();
    profile.samples.forEach((n, i) => self.set(n, (self.get(n) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const where = (n) => `${n.callFrame.functionName} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    const top = profile.nodes
      .map((n) => [Math.round((self.get(n.id) ?? 0) / 1000), where(n)])
      .sort((a, b) => b[0] - a[0])
      .slice(0, 30);
    console.log(`profile of ${label} (ms self):`, JSON.stringify(top, null, 1));
    if (process.env.BENCH_PROFILE === 'tree') {
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const total = (n) => (self.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + total(byId.get(c)), 0);
      const incl = new Map();
      for (const n of profile.nodes) incl.set(where(n), (incl.get(where(n)) ?? 0) + total(n));
      const topIncl = [...incl]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 40)
        .map(([k, v]) => [Math.round(v / 1000), k]);
      console.log(`profile of ${label} (ms inclusive):`, JSON.stringify(topIncl));
    }
  };
}

/**
 * BENCH_PROFILE=trace: where the page's main thread spends its time by kind (script, style, layout, paint,
 * receiving messages…), from a DevTools trace: what a CPU profile shows only as "(program)". BENCH_TRACE_CATEGORIES
 * changes what is recorded (e.g. add `toplevel,blink,mojom` for finer events). Returns a function that stops and
 * prints the self time per event name.
 */
export async function startTrace(page, label) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    categories: process.env.BENCH_TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach().catch(() => {});
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const mine = events.filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid);
    // Self time per event name: an event's duration less that of the events nested directly in it.
    mine.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const self = new Map();
    const stack = [];
    for (const e of mine) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - (e.dur ?? 0));
      self.set(e.name, (self.get(e.name) ?? 0) + (e.dur ?? 0));
      stack.push(e);
    }
    const top = [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([k, v]) => [Math.round(v / 1000), k]);
    console.log(`trace of ${label} (ms self, page main thread):`, JSON.stringify(top));
  };
}
