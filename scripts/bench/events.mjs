// Event latency: a container created/started/stopped/removed through the
// engine API → the row changes in the page (web mode, Chromium); in the same
// run, a bare dockerode events subscriber. Reports p50/p95 and the ratio.
import { IMAGE, LABEL, docker, launchBrowser, percentile, round, save, startWeb } from './common.mjs';

export async function run({ rounds = 30 } = {}) {
  const web = await startWeb();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(web.url);
  await page.getByLabel('Show stopped containers').setChecked(true);
  await page.locator('footer[data-engine-state="connected"]').waitFor();
  // In the page: record when each row appears, changes state or goes away.
  await page.evaluate(() => {
    window.__seen = [];
    const note = (id, what) => window.__seen.push({ id, what, t: performance.timeOrigin + performance.now() });
    new MutationObserver((muts) => {
      for (const m of muts) {
        if (m.type === 'attributes' && m.target.dataset?.id) note(m.target.dataset.id, m.target.dataset.state);
        for (const n of m.addedNodes) if (n.dataset?.id) note(n.dataset.id, n.dataset.state);
        for (const n of m.removedNodes) if (n.dataset?.id) note(n.dataset.id, 'gone');
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });

  // The bare subscriber, in this process.
  const bare = [];
  const events = await docker.getEvents({ filters: JSON.stringify({ type: ['container'] }) });
  events.on('data', (buf) => {
    for (const line of buf.toString().split('\n')) {
      if (!line.trim()) continue;
      try {
        const ev = JSON.parse(line);
        bare.push({ id: ev.id ?? ev.Actor?.ID, action: ev.Action, t: Date.now() });
      } catch {
        /* partial line: ignore in the bench */
      }
    }
  });

  const waitPage = async (id, what, since) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const hit = await page.evaluate(
        ({ id, what, since }) => window.__seen.find((s) => s.id === id && s.what === what && s.t >= since),
        { id, what, since },
      );
      if (hit) return hit.t;
      if (Date.now() > deadline) throw new Error(`page never showed ${what} for ${id}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const waitBare = async (id, action, since) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const hit = bare.find((b) => b.id === id && b.action === action && b.t >= since);
      if (hit) return hit.t;
      if (Date.now() > deadline) throw new Error(`no ${action} event for ${id}`);
      await new Promise((r) => setTimeout(r, 1));
    }
  };

  const berth = [];
  const raw = [];
  const lag = [];
  const measure = async (id, action, state, t0) => {
    const tb = await waitBare(id, action, t0);
    const tp = await waitPage(id, state, t0);
    raw.push(tb - t0);
    berth.push(tp - t0);
    lag.push(Math.max(0, tp - tb));
  };
  for (let i = 0; i < rounds; i++) {
    let t0 = Date.now();
    const c = await docker.createContainer({
      Image: IMAGE,
      Cmd: ['sleep', '600'],
      Labels: LABEL,
      HostConfig: { NetworkMode: 'none', Init: true },
    });
    await measure(c.id, 'create', 'created', t0);
    t0 = Date.now();
    await c.start();
    await measure(c.id, 'start', 'running', t0);
    t0 = Date.now();
    await c.stop({ t: 0 });
    await measure(c.id, 'die', 'exited', t0);
    t0 = Date.now();
    await c.remove();
    await measure(c.id, 'destroy', 'gone', t0);
  }
  events.destroy();
  await browser.close();
  web.stop();
  const result = {
    changes: berth.length,
    berth: { p50: round(percentile(berth, 50)), p95: round(percentile(berth, 95)) },
    bareSubscriber: { p50: round(percentile(raw, 50)), p95: round(percentile(raw, 95)) },
    /** How long after the bare subscriber got the event the row changed. */
    eventToUi: { p50: round(percentile(lag, 50)), p95: round(percentile(lag, 95)) },
  };
  result.ratioP50 = round(result.berth.p50 / Math.max(1, result.bareSubscriber.p50), 2);
  result.ratioP95 = round(result.berth.p95 / Math.max(1, result.bareSubscriber.p95), 2);
  save('events', result);
  return result;
}
