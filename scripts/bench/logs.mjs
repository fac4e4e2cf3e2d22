/**
 * Logs benchmark, web mode in real Chromium, against the engine in the same run.
 *
 * 1. A container that wrote 1,000,000 lines (about 60 bytes each, numbered).
 *    Berth: open its logs view (Terminal → New session → Logs) until the last
 *    line is drawn, then type a search for it until the match is counted; then
 *    the view's largest tail (50,000 lines, its bound) until drawn.
 *    Engine: `docker logs <c> > /dev/null` (every line), and the same tails
 *    (`--tail 1000`, `--tail 50000`). Rates are lines per second; `ratio` is
 *    the view's rate on its largest tail against the CLI reading the whole log.
 * 2. Follow: a container printing about 50,000 lines a second for 20 s while
 *    the view follows it. The page's input latency (a key typed into the search
 *    box until the next frame), its longest task, how far behind the engine the
 *    view is at the end, and the JS heap before, at most during, and after.
 *
 * Environment: BENCH_LINES (default 1,000,000; 100,000 with --quick),
 * BENCH_FOLLOW_RATE (lines/s, default 50,000), BENCH_FOLLOW_SECONDS (default
 * 20; 5 with --quick), CHROMIUM_PATH, BENCH_PROFILE=1|tree (CPU profiles of
 * the page loading the largest tail and following).
 */
import { cpus } from 'node:os';
import {
  IMAGE,
  LABEL,
  closeAll,
  docker,
  launchBrowser,
  median,
  pageMetrics,
  percentile,
  round,
  save,
  startProfile,
  startWeb,
  timeDocker,
} from './common.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** One log line, as `sed` writes it in the container: numbered, about 60 bytes. */
const SED = 's/.*/& GET \\/api\\/items?id=& HTTP\\/1.1 200 OK 12ms bench/';
const lineOf = (n) => `${n} GET /api/items?id=${n} HTTP/1.1 200 OK 12ms bench`;

async function waitExit(container) {
  const r = await container.wait();
  if (r.StatusCode !== 0) throw new Error(`log writer exited with ${r.StatusCode}`);
}

/** `docker logs [args] <c>` with stdout and stderr to /dev/null, timed in seconds. */
async function cliLogs(id, args = []) {
  return timeDocker(['logs', ...args, id]);
}

/** The newest line the engine has for a container (its number), via the API. */
async function engineLast(container) {
  const buf = await container.logs({ stdout: true, stderr: true, tail: 1, follow: false });
  const text = Buffer.isBuffer(buf) ? buf.subarray(8).toString() : String(buf);
  return Number(/(\d+) GET/.exec(text)?.[1] ?? NaN);
}

async function openLogs(page, containerId) {
  await page.getByRole('button', { name: 'Terminal', exact: true }).click();
  await page.getByRole('button', { name: 'New session' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Logs', exact: true }).check();
  await dialog.getByLabel('Container').selectOption(containerId);
  const t0 = performance.now();
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  return t0;
}

/** Resolves once a drawn line of the visible logs view has exactly this text. */
const lineDrawn = (page, text, timeout = 300_000) =>
  page.waitForFunction(
    (t) =>
      [...document.querySelectorAll('.logs-view:not([hidden]) .log-line .log-text')].some((e) => e.textContent === t),
    text,
    { timeout, polling: 'raf' },
  );

export async function run({ quick = false } = {}) {
  const LINES = Number(process.env.BENCH_LINES ?? (quick ? 100_000 : 1_000_000));
  const RATE = Number(process.env.BENCH_FOLLOW_RATE ?? 50_000);
  const FOLLOW_S = Number(process.env.BENCH_FOLLOW_SECONDS ?? (quick ? 5 : 20));
  const RUNS = quick ? 1 : 3;
  const version = await docker.version();
  const containers = [];
  let web;
  let browser;
  try {
    // 1. A written log.
    const written = await docker.createContainer({
      Image: IMAGE,
      name: `berth-bench-logs-${process.pid}`,
      Cmd: ['sh', '-c', `seq 1 ${LINES} | busybox sed '${SED}'`],
      Labels: LABEL,
      HostConfig: { NetworkMode: 'none' },
    });
    containers.push(written);
    await written.start();
    await waitExit(written);
    await cliLogs(written.id); // warm the page cache
    const cli = { all: [], tail1000: [], tail50000: [] };
    for (let i = 0; i < RUNS; i++) {
      cli.all.push(await cliLogs(written.id));
      cli.tail1000.push(await cliLogs(written.id, ['--tail', '1000']));
      cli.tail50000.push(await cliLogs(written.id, ['--tail', '50000']));
    }

    web = await startWeb();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(web.url);
    await page.locator('footer[data-engine-state="connected"]').waitFor();

    const last = lineOf(LINES);
    const view = { firstOpen: [], search: [], tail50000: [] };
    for (let i = 0; i < RUNS; i++) {
      const t0 = await openLogs(page, written.id);
      await lineDrawn(page, last);
      view.firstOpen.push((performance.now() - t0) / 1000);
      const logsView = page.locator('.logs-view:not([hidden])');
      const t1 = performance.now();
      await logsView.getByRole('searchbox', { name: 'Search' }).fill(`id=${LINES} `);
      await page.waitForFunction(
        () =>
          /\b1\b/.test(document.querySelector('.logs-view:not([hidden]) [data-testid="logs-hits"]')?.textContent ?? ''),
        null,
        { timeout: 60_000, polling: 'raf' },
      );
      view.search.push((performance.now() - t1) / 1000);
      await logsView.getByRole('searchbox', { name: 'Search' }).fill('');
      const stopTailProfile = process.env.BENCH_PROFILE && i === 0 ? await startProfile(page, 'tail 50000') : undefined;
      const t2 = performance.now();
      await logsView.getByLabel('Lines').selectOption('50000');
      await page.waitForFunction(
        (n) => {
          const text = document.querySelector('.logs-view:not([hidden]) [data-testid="logs-counts"]')?.textContent;
          return (text?.match(/[\d,]+/g) ?? []).map((x) => Number(x.replace(/,/g, ''))).at(-1) === n;
        },
        Math.min(50_000, LINES),
        { timeout: 300_000, polling: 'raf' },
      );
      await lineDrawn(page, last);
      view.tail50000.push((performance.now() - t2) / 1000);
      await stopTailProfile?.();
      await page.locator('.term-tab').last().locator('.term-tab-close').click();
    }

    // 2. Follow at about RATE lines a second: the shell paces itself on /proc/uptime (centiseconds).
    const chunk = Math.max(100, Math.round(RATE / 20));
    const follower = await docker.createContainer({
      Image: IMAGE,
      name: `berth-bench-follow-${process.pid}`,
      Cmd: [
        'sh',
        '-c',
        [
          'read up _ < /proc/uptime; s=${up%.*}${up#*.}; n=1',
          'while :; do',
          `  seq $n $((n+${chunk - 1})) | busybox sed '${SED}'; n=$((n+${chunk}))`,
          '  while :; do read up _ < /proc/uptime; c=${up%.*}${up#*.}',
          `    [ $((n*100)) -le $(( (c-s)*${RATE} )) ] && break; sleep 0.01; done`,
          'done',
        ].join('\n'),
      ],
      Labels: LABEL,
      HostConfig: { NetworkMode: 'none' },
    });
    containers.push(follower);
    await page.reload();
    await page.locator('footer[data-engine-state="connected"]').waitFor();
    const heapBefore = (await pageMetrics(page)).heapMiB;
    await follower.start();
    await openLogs(page, follower.id);
    const logsView = page.locator('.logs-view:not([hidden])');
    await logsView.locator('.log-line').first().waitFor();
    const search = logsView.getByRole('searchbox', { name: 'Search' });
    await search.focus();
    // In the page: each key's delay from the event's creation to the next frame, and the longest tasks.
    await page.evaluate(() => {
      const w = window;
      w.__bench = { keys: [], longest: 0 };
      document.addEventListener(
        'keydown',
        (e) => {
          const created = e.timeStamp;
          requestAnimationFrame(() => w.__bench.keys.push(performance.now() - created));
        },
        true,
      );
      try {
        new PerformanceObserver((l) => {
          for (const en of l.getEntries()) w.__bench.longest = Math.max(w.__bench.longest, en.duration);
        }).observe({ type: 'longtask' });
      } catch {
        /* no long task timing */
      }
    });
    const engineStart = await engineLast(follower);
    const stopProfile = process.env.BENCH_PROFILE ? await startProfile(page, 'following') : undefined;
    const t0 = performance.now();
    let heapMax = 0;
    const roundTrips = [];
    let k = 0;
    while (performance.now() - t0 < FOLLOW_S * 1000) {
      await page.keyboard.press(k++ % 2 ? 'Backspace' : 'q');
      const r0 = performance.now();
      await page.evaluate(() => 0);
      roundTrips.push(performance.now() - r0);
      if (k % 10 === 0) heapMax = Math.max(heapMax, (await pageMetrics(page)).heapMiB);
      await sleep(150);
    }
    const seconds = (performance.now() - t0) / 1000;
    const engineEnd = await engineLast(follower);
    await stopProfile?.();
    const shown = await page.evaluate(() => {
      const texts = [...document.querySelectorAll('.logs-view:not([hidden]) .log-line .log-text')].map(
        (e) => e.textContent ?? '',
      );
      return Math.max(0, ...texts.map((t) => Number(/^(\d+) GET/.exec(t)?.[1] ?? 0)));
    });
    const probe = await page.evaluate(() => window.__bench);
    const during = await pageMetrics(page);
    await follower.kill().catch(() => {});
    await page.locator('.term-tab').last().locator('.term-tab-close').click();
    await sleep(1000);
    const heapAfter = (await pageMetrics(page)).heapMiB;

    const cliAll = median(cli.all);
    const viewTail = median(view.tail50000);
    const tailN = Math.min(50_000, LINES);
    const result = {
      machine: { cpus: cpus().length, node: process.version, engine: version.Version, api: version.ApiVersion },
      lines: LINES,
      runs: RUNS,
      cli: {
        allSeconds: round(cliAll, 3),
        allLinesPerSecond: Math.round(LINES / cliAll),
        tail1000Seconds: round(median(cli.tail1000), 3),
        tail50000Seconds: round(median(cli.tail50000), 3),
      },
      view: {
        /** Opening the view (its default tail, 1,000 lines) until the last line is drawn. */
        lastLineSeconds: round(median(view.firstOpen), 3),
        /** Typing a search for the last line until its match is counted. */
        searchSeconds: round(median(view.search), 3),
        /** Its largest tail (its bound), until all lines are in and the last is drawn. */
        tail50000Seconds: round(viewTail, 3),
        tail50000LinesPerSecond: Math.round(tailN / viewTail),
      },
      /** The view's rate on its largest tail against the CLI reading the whole log (the goal: at least 0.5). */
      ratio: round(tailN / viewTail / (LINES / cliAll), 3),
      /** Like for like: the same 50,000-line tail through the view and through the CLI. */
      ratioSameTail: round(median(cli.tail50000) / viewTail, 3),
      follow: {
        seconds: round(seconds, 1),
        targetLinesPerSecond: RATE,
        engineLinesPerSecond: Math.round((engineEnd - engineStart) / seconds),
        /** How many lines the view was behind the engine when the run ended. */
        behindLines: engineEnd - shown,
        keyToFrameMs: {
          p50: round(percentile(probe.keys, 50)),
          p95: round(percentile(probe.keys, 95)),
          max: round(Math.max(...probe.keys)),
          samples: probe.keys.length,
        },
        evaluateRoundTripMs: { p50: round(percentile(roundTrips, 50)), p95: round(percentile(roundTrips, 95)) },
        longestTaskMs: round(probe.longest),
        heapMiB: {
          before: round(heapBefore),
          maxDuring: round(heapMax),
          end: round(during.heapMiB),
          after: round(heapAfter),
        },
        domNodes: during.nodes,
      },
    };
    save('logs', result);
    return result;
  } finally {
    await closeAll({ browser, web });
    for (const c of containers) await c.remove({ force: true }).catch(() => {});
  }
}
