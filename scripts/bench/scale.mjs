// Scale: 1,000 containers (created, not started), 500 image tags, 300 volumes,
// 100 networks. Time from opening each panel to all rows available, DOM rows,
// and memory of main and the page. BENCH_PROFILE=1|tree|trace: a CPU profile
// or a trace of the page while each panel opens.
import {
  IMAGE,
  closeAll,
  LABEL,
  RUN,
  docker,
  launchBrowser,
  pageMetrics,
  pool,
  round,
  rssMiB,
  save,
  startProfile,
  startTrace,
  startWeb,
} from './common.mjs';

const COUNTS = { containers: 1000, images: 500, volumes: 300, networks: 100 };

async function seed(n) {
  const t0 = performance.now();
  await pool(
    Array.from({ length: n.containers }, (_, i) => i),
    8,
    (i) =>
      docker.createContainer({
        Image: IMAGE,
        name: `berth-bench-${RUN}-${i}`,
        Cmd: ['true'],
        Labels: LABEL,
        HostConfig: { NetworkMode: 'none' },
      }),
  );
  const img = docker.getImage(IMAGE);
  await pool(
    Array.from({ length: n.images }, (_, i) => i),
    8,
    (i) => img.tag({ repo: `berth-bench-${RUN}-img`, tag: `t${i}` }),
  );
  await pool(
    Array.from({ length: n.volumes }, (_, i) => i),
    8,
    (i) => docker.createVolume({ Name: `berth-bench-${RUN}-v${i}`, Labels: LABEL }),
  );
  // Networks get explicit subnets of their own (internal, no traffic): the default pools hold ~30.
  await pool(
    Array.from({ length: n.networks }, (_, i) => i),
    4,
    (i) =>
      docker.createNetwork({
        Name: `berth-bench-${RUN}-n${i}`,
        Internal: true,
        Labels: LABEL,
        IPAM: { Config: [{ Subnet: `10.214.${i}.0/24` }] },
      }),
  );
  return round((performance.now() - t0) / 1000);
}

/** Click a sidebar panel and wait until its count shows `expected` rows (or a given condition). */
async function openPanel(page, id, expectedAtLeast) {
  const prof = process.env.BENCH_PROFILE;
  const stop = prof ? await (prof === 'trace' ? startTrace : startProfile)(page, `opening ${id}`) : undefined;
  const t0 = performance.now();
  await page.locator(`nav [data-panel="${id}"]`).click();
  await page.waitForFunction(
    ({ n }) => {
      const text = document.querySelector('main .count, main [data-testid$="-count"]')?.textContent ?? '';
      const nums = (text.match(/\d+/g) ?? []).map(Number);
      return nums.some((x) => x >= n);
    },
    { n: expectedAtLeast },
    { timeout: 60_000 },
  );
  const ms = performance.now() - t0;
  await stop?.();
  const domRows = await page.locator('main tbody tr, main [role="row"]').count();
  return { ms: round(ms), domRows };
}

export async function run({ counts = COUNTS } = {}) {
  const seedSeconds = await seed(counts);
  const web = await startWeb();
  const browser = await launchBrowser();
  try {
    return await measure(web, browser, counts, seedSeconds);
  } finally {
    await closeAll({ browser, web });
  }
}

async function measure(web, browser, counts, seedSeconds) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(web.url);
  await page.locator('footer[data-engine-state="connected"]').waitFor();
  const totals = {
    containers: (await docker.listContainers({ all: true })).length,
    images: (await docker.listImages()).reduce((n, i) => n + Math.max(1, (i.RepoTags ?? []).length), 0),
    volumes: ((await docker.listVolumes()).Volumes ?? []).length,
    networks: (await docker.listNetworks()).length,
  };
  const panels = {};
  const available = await page
    .locator('nav [data-panel]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-panel')));
  for (const id of ['containers', 'images', 'volumes', 'networks']) {
    if (!available.includes(id)) continue;
    if (id === 'containers') await page.getByLabel('Show stopped containers').setChecked(true);
    // Leave the panel first so that opening it is measured from scratch.
    await page.locator(`nav [data-panel="${available.find((p) => p !== id)}"]`).click();
    panels[id] = await openPanel(page, id, counts[id]);
  }
  // Filtering the containers: type a fragment of the names and wait for the count of the rows that match it.
  await page.locator('nav [data-panel="containers"]').click();
  const fragment = `${RUN}-${Math.max(1, Math.floor(counts.containers / 10) - 1)}`;
  const matching = Array.from({ length: counts.containers }, (_, i) => `berth-bench-${RUN}-${i}`).filter((n) =>
    n.includes(fragment),
  ).length;
  const t0 = performance.now();
  await page.getByRole('searchbox').first().fill(fragment);
  await page.waitForFunction(
    (n) =>
      new RegExp(`^\\s*${n}\\b`).test(document.querySelector('[data-testid="containers-count"]')?.textContent ?? ''),
    matching,
    { timeout: 30_000 },
  );
  const filterMs = round(performance.now() - t0);
  await page.getByRole('searchbox').first().fill('');
  const metrics = await pageMetrics(page);
  const result = {
    counts,
    totals,
    seedSeconds,
    panels,
    filterContainersMs: filterMs,
    rendererHeapMiB: round(metrics.heapMiB),
    domNodes: metrics.nodes,
    mainRssMiB: round(rssMiB(web.pid)),
  };
  save('scale', result);
  return result;
}
