// Startup: process start → containers list interactive (web mode): the
// server prints its URL, the page loads, the rows of `docker ps -a` are there
// and a button answers.
import { docker, launchBrowser, round, save, startWeb } from './common.mjs';

export async function run({ runs = 5 } = {}) {
  const browser = await launchBrowser();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const web = await startWeb();
    const page = await browser.newPage();
    await page.goto(web.url);
    const expected = (await docker.listContainers({ all: true })).length;
    await page.getByLabel('Show stopped containers').setChecked(true);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="containers-count"]')?.textContent?.includes(String(n)),
      expected,
    );
    times.push(performance.now() - web.t0);
    await page.close();
    web.stop();
    await new Promise((r) => web.proc.once('exit', r));
  }
  await browser.close();
  const sorted = [...times].sort((a, b) => a - b);
  const result = {
    runs,
    medianMs: round(sorted[Math.floor(sorted.length / 2)]),
    minMs: round(sorted[0]),
    maxMs: round(sorted.at(-1)),
  };
  save('startup', result);
  return result;
}
