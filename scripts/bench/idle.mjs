// Idle: CPU of main (the web-mode process) and of the page over a window with
// N running containers and the containers panel open. No polling means ~0.
import {
  IMAGE,
  LABEL,
  cpuSeconds,
  docker,
  launchBrowser,
  pageMetrics,
  pool,
  round,
  rssMiB,
  save,
  startWeb,
} from './common.mjs';

export async function run({ containers = 50, seconds = 60 } = {}) {
  await pool(
    Array.from({ length: containers }, (_, i) => i),
    8,
    async () => {
      const c = await docker.createContainer({
        Image: IMAGE,
        Cmd: ['sleep', '3600'],
        Labels: LABEL,
        HostConfig: { NetworkMode: 'none', Init: true },
      });
      await c.start();
    },
  );
  const web = await startWeb();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(web.url);
  await page.locator('footer[data-engine-state="connected"]').waitFor();
  await page.waitForTimeout(3000); // settle after the first load
  const main0 = cpuSeconds(web.pid);
  const page0 = await pageMetrics(page);
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const wall = (Date.now() - t0) / 1000;
  const main1 = cpuSeconds(web.pid);
  const page1 = await pageMetrics(page);
  const result = {
    containers,
    seconds: round(wall),
    mainCpuPercent: round(((main1 - main0) / wall) * 100, 2),
    rendererMainThreadPercent: round(((page1.taskSeconds - page0.taskSeconds) / wall) * 100, 2),
    mainRssMiB: round(rssMiB(web.pid)),
    rendererHeapMiB: round(page1.heapMiB),
  };
  await browser.close();
  web.stop();
  save('idle', result);
  return result;
}
