// Startup: process start → containers list interactive (web mode): the
// server prints its URL, the page loads, the rows of `docker ps -a` are there
// and a button answers.
import { readFileSync, statSync } from 'node:fs';
import { docker, launchBrowser, round, save, startWeb } from './common.mjs';

/**
 * KiB of JavaScript the built page evaluates to start: the entry script and
 * the chunks it imports statically (Vite lists them as modulepreload links).
 * The other panels' chunks are preloaded too but marked data-lazy: fetched
 * with the page, evaluated only when first shown or when the page is idle.
 * Read from the build, not from the page's resource timings, which count both.
 */
export function initialScriptKiB(dir = 'out/renderer') {
  const html = readFileSync(`${dir}/index.html`, 'utf8');
  const files = [...html.matchAll(/<(?:script|link)\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => (tag.startsWith('<script') || /rel="modulepreload"/.test(tag)) && !/\sdata-lazy\b/.test(tag))
    .map((tag) => /\s(?:src|href)="\.?\/?([^"]+\.js)"/.exec(tag)?.[1])
    .filter(Boolean);
  return files.reduce((k, f) => k + statSync(`${dir}/${f}`).size, 0) / 1024;
}

export async function run({ runs = 5 } = {}) {
  const browser = await launchBrowser();
  const times = [];
  const serverTimes = [];
  const pageTimes = [];
  for (let i = 0; i < runs; i++) {
    const web = await startWeb();
    serverTimes.push(web.readyAt - web.t0);
    const page = await browser.newPage();
    await page.goto(web.url);
    const expected = (await docker.listContainers({ all: true })).length;
    await page.getByLabel('Show stopped containers').setChecked(true);
    // The page's own share: from its navigation start to the rows being there.
    const pageMs = await (
      await page.waitForFunction(
        (n) =>
          document.querySelector('[data-testid="containers-count"]')?.textContent?.includes(String(n)) &&
          performance.now(),
        expected,
      )
    ).jsonValue();
    times.push(performance.now() - web.t0);
    pageTimes.push(pageMs);
    await page.close();
    web.stop();
    await new Promise((r) => web.proc.once('exit', r));
  }
  await browser.close();
  const sorted = [...times].sort((a, b) => a - b);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = {
    runs,
    medianMs: round(sorted[Math.floor(sorted.length / 2)]),
    minMs: round(sorted[0]),
    maxMs: round(sorted.at(-1)),
    /** Process start until the server printed its URL. */
    serverMedianMs: round(median(serverTimes)),
    /** The page's navigation start until the rows were there. */
    pageMedianMs: round(median(pageTimes)),
    /** JavaScript in the initial bundle (entry + static imports), uncompressed. */
    initialScriptKiB: round(initialScriptKiB()),
  };
  save('startup', result);
  return result;
}
