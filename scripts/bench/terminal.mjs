/**
 * Terminal benchmark: output throughput into the embedded terminal against
 * the raw rate of `docker exec <c> cat <file>` to /dev/null, measured in the
 * same run on the same machine, and keystroke echo latency.
 *
 * It drives the built app (out/, from `npm run build`) in web mode in real
 * Chromium, through the UI: New session → Shell → the bench container.
 * Environment: BENCH_MB (file size, default 64; 4 with --quick), BENCH_RUNS
 * (default 3), BENCH_ECHO (echo samples, default 40), CHROMIUM_PATH,
 * BENCH_PROFILE=1|tree (a CPU profile of the page during one run) or trace (its
 * main thread by kind of work: script, messages, style, layout, paint).
 */
import { once } from 'node:events';
import { cpus } from 'node:os';
import {
  IMAGE,
  LABEL,
  closeAll,
  docker,
  launchBrowser,
  median,
  percentile,
  round,
  save,
  startProfile,
  startTrace,
  startWeb,
  timeDocker,
} from './common.mjs';

/** Run a command in the container and wait for it (no TTY). */
async function execWait(container, cmd) {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  stream.resume();
  await once(stream, 'end');
  return (await exec.inspect()).ExitCode;
}

/**
 * `docker exec [-t] <c> cat <file> > /dev/null`, timed. With -t the output
 * goes through a pty in the container and the engine's TTY copy, as a
 * terminal's does: the engine's own limit for a terminal, about half the
 * plain rate here.
 */
async function rawCat(id, file, tty = false) {
  return timeDocker(['exec', ...(tty ? ['-t'] : []), id, 'cat', file], { stderr: 'inherit' });
}

/**
 * xterm.js alone, the ceiling for any terminal built on it: the same bytes
 * (the bench line, as the pty sends it, with \r\n) written straight into a
 * bare Terminal of the same size in a blank page of the same browser, in 64 KiB
 * chunks as a stream delivers them (at most 2 MiB queued), until parsed and drawn. No socket, no
 * engine, no Berth.
 */
async function xtermAlone(browser, bytes, size) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.setContent('<div id="t" style="width:1200px;height:740px"></div>');
    await page.addStyleTag({ path: 'node_modules/@xterm/xterm/css/xterm.css' });
    await page.addScriptTag({ path: 'node_modules/@xterm/xterm/lib/xterm.js' });
    return await page.evaluate(
      async ({ total, cols, rows }) => {
        const term = new window.Terminal({ cols, rows, scrollback: 10_000 });
        term.open(document.getElementById('t'));
        const line = new TextEncoder().encode(
          'berth bench line 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKL\r\n',
        );
        const chunk = new Uint8Array(65536).map((_, i) => line[i % line.length]);
        const t0 = performance.now();
        // Flow control as a stream's: at most 2 MiB queued (xterm discards writes beyond 50 MB).
        let pending = 0;
        let wake = () => {};
        for (let left = total; left > 0;) {
          const n = Math.min(left, chunk.length);
          left -= n;
          pending += n;
          term.write(n === chunk.length ? chunk : chunk.subarray(0, n), () => {
            pending -= n;
            wake();
          });
          while (pending > 2 * 1048576) await new Promise((r) => (wake = r));
        }
        while (pending > 0) await new Promise((r) => (wake = r));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const seconds = (performance.now() - t0) / 1000;
        term.dispose();
        return seconds;
      },
      { total: bytes, cols: size?.cols ?? 160, rows: size?.rows ?? 40 },
    );
  } finally {
    await context.close();
  }
}

export async function run({ quick = false } = {}) {
  const MB = Number(process.env.BENCH_MB ?? (quick ? 4 : 64));
  const RUNS = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3));
  const ECHO = Number(process.env.BENCH_ECHO ?? (quick ? 10 : 40));
  const version = await docker.version();
  const container = await docker.createContainer({
    Image: IMAGE,
    name: `berth-bench-terminal-${process.pid}`,
    Cmd: ['sleep', '3600'],
    Labels: LABEL,
    HostConfig: { NetworkMode: 'none' },
  });
  let web;
  let browser;
  try {
    await container.start();
    const file = '/tmp/berth-bench.txt';
    // Printable lines of 64 bytes: what a chatty program prints.
    const code = await execWait(container, [
      'sh',
      '-c',
      `yes 'berth bench line 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKL' | head -c ${MB * 1024 * 1024} > ${file}`,
    ]);
    if (code !== 0) throw new Error('could not write the bench file');
    const bytes = MB * 1024 * 1024;

    await rawCat(container.id, file); // warm the page cache
    const raw = [];
    const rawTty = [];
    for (let i = 0; i < RUNS; i++) {
      raw.push(await rawCat(container.id, file));
      rawTty.push(await rawCat(container.id, file, true));
    }

    web = await startWeb();
    browser = await launchBrowser();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(web.url);
    await page.getByRole('button', { name: 'Terminal', exact: true }).click();
    await page.getByRole('button', { name: 'New session' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Shell', exact: true }).check();
    await dialog.getByLabel('Container').selectOption(container.id);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('.term-tab[data-status="open"]').waitFor();
    const tab = await page.locator('.term-tab').first().getAttribute('data-tab');
    const typeUntil = (data, needle, timeoutMs = 300_000) =>
      page.evaluate(([id, d, n, t]) => window.berthTerminals.typeUntil(id, d, n, t), [tab, data, needle, timeoutMs]);
    /**
     * Wait until the shell sits at its prompt and has gone quiet. Busybox's line
     * editor asks the terminal for the cursor position (ESC[6n) after every
     * prompt, and a key that arrives around xterm's reply is dropped — the same
     * with `docker exec -it` in any terminal. Typing the next command or key
     * before that exchange is over loses keystrokes, and the run then waited
     * for a needle that never came.
     */
    const settle = async (timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      let last;
      let quiet = 0;
      while (Date.now() < deadline) {
        const text = await page.evaluate((id) => window.berthTerminals.text(id).slice(-200), tab);
        quiet = text === last && /#\s*$/.test(text) ? quiet + 1 : 0;
        if (quiet >= 3) return;
        last = text;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the shell did not come back to its prompt: ${JSON.stringify(last)}`);
    };
    /** A command typed at a settled prompt; resolves once `needle` is drawn and the prompt is back. */
    const command = async (line, needle) => {
      await settle();
      const ms = await typeUntil(line, needle);
      if (ms < 0) throw new Error(`the terminal did not show ${needle} in time`);
      return ms;
    };
    await command('echo ready-$((1+1))\r', 'ready-2');
    const renderer = await page.evaluate((id) => window.berthTerminals.renderer(id), tab);

    // Warm-up, then the measured runs: from the keystroke to the end marker parsed and drawn.
    await command(`head -c 1000000 ${file}; echo warm-$((1+1))\r`, 'warm-2');
    // BENCH_PROFILE=1|tree: where the page spends its time during one run.
    if (process.env.BENCH_PROFILE) {
      await settle();
      const start = process.env.BENCH_PROFILE === 'trace' ? startTrace : startProfile;
      const stop = await start(page, 'one terminal run');
      await command(`cat ${file}; echo prof-$((1+1))\r`, 'prof-2');
      await stop();
    }
    const term = [];
    for (let i = 0; i < RUNS; i++) {
      term.push((await command(`cat ${file}; echo bench-$((40+${i}))-end\r`, `bench-${40 + i}-end`)) / 1000);
    }

    const size = await page.evaluate((id) => window.berthTerminals.size(id), tab);
    const alone = [];
    for (let i = 0; i < RUNS; i++) alone.push(await xtermAlone(browser, bytes, size));

    // Keystroke echo: a key typed at the prompt until the shell's echo is drawn.
    // Each key is bounded in time; a lost key is counted, the line cleared and the prompt awaited again.
    const echo = [];
    let lost = 0;
    await command('clear\r', '#');
    await settle();
    for (let i = 0; echo.length < ECHO && i < ECHO * 2; i++) {
      const ch = 'abcdefghij'[echo.length % 10];
      const ms = await typeUntil(ch, ch, 5000);
      if (ms >= 0) echo.push(ms);
      else lost++;
      if (ms < 0 || echo.length % 10 === 0) {
        await typeUntil('\x15', '', 2000);
        await settle();
      }
    }

    const rawS = median(raw);
    const rawTtyS = median(rawTty);
    const termS = median(term);
    const aloneS = median(alone);
    const result = {
      machine: { cpus: cpus().length, node: process.version, engine: version.Version, api: version.ApiVersion },
      fileMB: MB,
      runs: RUNS,
      renderer,
      raw: {
        secondsMedian: round(rawS, 3),
        mbPerSecond: round(bytes / 1048576 / rawS),
        seconds: raw.map((x) => round(x, 3)),
      },
      rawTty: {
        secondsMedian: round(rawTtyS, 3),
        mbPerSecond: round(bytes / 1048576 / rawTtyS),
        seconds: rawTty.map((x) => round(x, 3)),
      },
      terminal: {
        secondsMedian: round(termS, 3),
        mbPerSecond: round(bytes / 1048576 / termS),
        seconds: term.map((x) => round(x, 3)),
      },
      /** The same bytes written straight into a bare xterm.js Terminal in this browser: the ceiling. */
      xtermAlone: {
        secondsMedian: round(aloneS, 3),
        mbPerSecond: round(bytes / 1048576 / aloneS),
        seconds: alone.map((x) => round(x, 3)),
      },
      /** Terminal throughput as a share of the raw rate (the goal: at least 0.5). */
      ratio: round(rawS / termS, 3),
      /** …and of the raw rate through a pty (`docker exec -t`), what any terminal's output goes through. */
      ratioTty: round(rawTtyS / termS, 3),
      /** …and of xterm.js alone: what Berth's path (engine, main, socket, flow control) costs on top of parsing and drawing. */
      ratioXterm: round(aloneS / termS, 3),
      echoMs: {
        p50: round(percentile(echo, 50), 1),
        p95: round(percentile(echo, 95), 1),
        max: round(Math.max(...echo), 1),
        samples: echo.length,
        lost,
      },
    };
    save('terminal', result);
    return result;
  } finally {
    await closeAll({ browser, web });
    await container.remove({ force: true }).catch(() => {});
  }
}
