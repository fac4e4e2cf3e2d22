// The end of `npm run bench`: bench-results/summary.md (the headline figures
// of every scenario in bench-results/*.json, with their baseline or goal, and
// the machine) and bench-results/summary.svg (a bar chart of the comparisons).
// `node scripts/bench/summary.mjs` rewrites both from the JSON files alone.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const DIR = 'bench-results';

/** A path into a result: 'view.tail50000LinesPerSecond'. */
const at = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
const fmt = (n) =>
  typeof n !== 'number' || !Number.isFinite(n)
    ? '—'
    : Math.abs(n) >= 1000
      ? Math.round(n).toLocaleString('en-US')
      : String(Math.round(n * 1000) / 1000);

/**
 * The headline metrics per scenario: [label, path, unit, comparison?]. A
 * comparison is either a baseline measured in the same run ({ vs, label }) or
 * a goal ({ min } / { max }).
 */
const METRICS = {
  startup: [
    ['process start → all rows shown (median)', 'medianMs', 'ms'],
    ['process start → server ready (median)', 'serverMedianMs', 'ms'],
    ['page navigation → all rows shown (median)', 'pageMedianMs', 'ms'],
    ['initial JavaScript (uncompressed)', 'initialScriptKiB', 'KiB'],
  ],
  events: [
    [
      'engine event → row updated, p50',
      'berth.p50',
      'ms',
      { vs: 'bareSubscriber.p50', label: 'bare dockerode subscriber' },
    ],
    [
      'engine event → row updated, p95',
      'berth.p95',
      'ms',
      { vs: 'bareSubscriber.p95', label: 'bare dockerode subscriber' },
    ],
    ['Berth p95 / bare subscriber p95', 'ratioP95', '×', { max: 2 }],
    ['event received → row updated, p95', 'eventToUi.p95', 'ms', { max: 100 }],
  ],
  scale: [
    ['containers panel, all 1,000 rows (list already loaded)', 'panels.containers.ms', 'ms', { max: 200 }],
    ['images panel, all rows (first open: includes loading the list)', 'panels.images.ms', 'ms'],
    ['volumes panel, all rows', 'panels.volumes.ms', 'ms'],
    ['networks panel, all rows', 'panels.networks.ms', 'ms'],
    [
      'containers rendered in the DOM',
      'panels.containers.domRows',
      'rows',
      { vs: 'totals.containers', label: 'containers' },
    ],
    ['filter 1,000 containers', 'filterContainersMs', 'ms'],
    ['renderer heap', 'rendererHeapMiB', 'MiB', { max: 250 }],
    ['main RSS', 'mainRssMiB', 'MiB'],
  ],
  idle: [
    ['main CPU at idle', 'mainCpuPercent', '%', { max: 1 }],
    ['renderer main thread at idle', 'rendererMainThreadPercent', '%', { max: 1 }],
    ['main RSS', 'mainRssMiB', 'MiB'],
    ['renderer heap', 'rendererHeapMiB', 'MiB'],
  ],
  terminal: [
    ['terminal throughput', 'terminal.mbPerSecond', 'MB/s', { vs: 'raw.mbPerSecond', label: 'raw `docker exec`' }],
    ['share of the raw rate', 'ratio', '×', { min: 0.5 }],
    ['share of the raw rate through a pty', 'ratioTty', '×'],
    [
      'xterm.js alone, same bytes, same browser',
      'xtermAlone.mbPerSecond',
      'MB/s',
      { vs: 'raw.mbPerSecond', label: 'raw `docker exec`' },
    ],
    ['share of xterm.js alone', 'ratioXterm', '×'],
    ['keystroke → echo, p95', 'echoMs.p95', 'ms'],
  ],
  logs: [
    [
      'logs view, 50,000-line tail',
      'view.tail50000LinesPerSecond',
      'lines/s',
      { vs: 'cli.allLinesPerSecond', label: '`docker logs`' },
    ],
    ['share of the CLI rate', 'ratio', '×', { min: 0.5 }],
    ['open → last line drawn', 'view.lastLineSeconds', 's'],
    ['search → match counted', 'view.searchSeconds', 's'],
    ['following: key → frame, p95', 'follow.keyToFrameMs.p95', 'ms'],
  ],
};

/**
 * Bar groups for the chart: [title, unit, scenario, bars]; a bar is [label, path, baseline?].
 * Bars scale within their group: the units differ from one group to the next.
 */
const CHART = [
  [
    'Startup',
    'ms',
    'startup',
    [
      ['server ready', 'serverMedianMs'],
      ['page → rows', 'pageMedianMs'],
      ['process → rows', 'medianMs'],
    ],
  ],
  [
    'Panel open → all rows, at scale',
    'ms',
    'scale',
    [
      ['1,000 containers', 'panels.containers.ms'],
      ['500 image tags', 'panels.images.ms'],
      ['300 volumes', 'panels.volumes.ms'],
      ['100 networks', 'panels.networks.ms'],
    ],
  ],
  [
    'Event → UI, p50',
    'ms',
    'events',
    [
      ['Berth', 'berth.p50'],
      ['bare subscriber', 'bareSubscriber.p50', true],
    ],
  ],
  [
    'Terminal throughput',
    'MB/s',
    'terminal',
    [
      ['Berth terminal', 'terminal.mbPerSecond'],
      ['raw docker exec', 'raw.mbPerSecond', true],
      ['raw, through a pty', 'rawTty.mbPerSecond', true],
      ['xterm.js alone', 'xtermAlone.mbPerSecond', true],
    ],
  ],
  [
    'Logs throughput',
    'lines/s',
    'logs',
    [
      ['Berth logs view', 'view.tail50000LinesPerSecond'],
      ['docker logs', 'cli.allLinesPerSecond', true],
    ],
  ],
];

export function readResults(dir = DIR) {
  if (!existsSync(dir)) return {};
  const out = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      const r = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
      if (r && typeof r.scenario === 'string') out[r.scenario] = r;
    } catch {
      /* not a result */
    }
  }
  return out;
}

function comparison(result, cmp) {
  if (!cmp) return '';
  if ('vs' in cmp) {
    const base = at(result, cmp.vs);
    return typeof base === 'number' ? `${cmp.label}: ${fmt(base)}` : '';
  }
  const v = cmp.value;
  if ('min' in cmp) return `goal ≥ ${cmp.min} ${v >= cmp.min ? '✓' : '✗'}`;
  return `goal ≤ ${cmp.max} ${v <= cmp.max ? '✓' : '✗'}`;
}

export function summaryMarkdown(results, machine) {
  const lines = ['# Berth benchmark summary', ''];
  lines.push('| scenario | metric | value | unit | baseline or goal |', '| --- | --- | ---: | --- | --- |');
  const order = [...Object.keys(METRICS), ...Object.keys(results).filter((k) => !(k in METRICS))];
  for (const name of order) {
    const r = results[name];
    if (!r) continue;
    const tag = r.quick ? `${name} (quick)` : name;
    for (const [label, path, unit, cmp] of METRICS[name] ?? []) {
      const value = at(r, path);
      if (typeof value !== 'number') continue;
      const c = comparison(r, cmp && !('vs' in cmp) ? { ...cmp, value } : cmp);
      lines.push(`| ${tag} | ${label} | ${fmt(value)} | ${unit} | ${c} |`);
    }
  }
  lines.push('', '| scenario | run at | machine |', '| --- | --- | --- |');
  for (const name of order) {
    const r = results[name];
    if (!r) continue;
    const m = r.machine ?? {};
    lines.push(
      `| ${name} | ${r.date ?? '—'} | ${[m.cpus && `${m.cpus} CPUs`, m.node, m.engine && `engine ${m.engine}`].filter(Boolean).join(', ') || '—'} |`,
    );
  }
  lines.push(
    '',
    `Machine (at summary time): ${machine.cpuModel}, ${machine.cores} cores, ${machine.memGiB} GiB RAM, ` +
      `Linux ${machine.kernel}; Node ${machine.node}; Docker Engine ${machine.engine} (API ${machine.api}). ` +
      `Load average ${machine.load} when the summary was written.`,
    '',
    'Baselines are measured in the same run on the same machine. "(quick)" marks smoke-run sizes, not figures to quote.',
    '',
  );
  return lines.join('\n');
}

const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

export function summarySvg(results) {
  const W = 640;
  const LABEL_W = 170;
  const BAR_W = 330;
  const BAR_H = 16;
  const parts = [];
  let y = 46;
  for (const [title, unit, scenario, bars] of CHART) {
    const r = results[scenario];
    const vals = bars.map(([label, path, base]) => [label, at(r, path), base]).filter(([, v]) => typeof v === 'number');
    if (!r || vals.length === 0) continue;
    const max = Math.max(...vals.map(([, v]) => v), 1e-9);
    parts.push(`<text x="12" y="${y}" class="h">${esc(title)} (${esc(unit)})${r.quick ? ' — quick run' : ''}</text>`);
    y += 8;
    vals.forEach(([label, v, base]) => {
      const w = Math.max(1, Math.round((v / max) * BAR_W));
      parts.push(
        `<text x="${LABEL_W - 8}" y="${y + 12}" class="l">${esc(label)}</text>`,
        `<rect x="${LABEL_W}" y="${y}" width="${w}" height="${BAR_H}" rx="2" class="${base ? 'c' : 'b'}"/>`,
        `<text x="${LABEL_W + w + 6}" y="${y + 12}" class="v">${esc(fmt(v))}</text>`,
      );
      y += BAR_H + 6;
    });
    y += 22;
  }
  if (parts.length === 0) parts.push(`<text x="12" y="${y}" class="l0">No results yet.</text>`);
  const H = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    '<style>.h{font-weight:bold;fill:#222}.l{text-anchor:end;fill:#333}.l0{fill:#333}.v{fill:#333}.b{fill:#2f6fde}.c{fill:#9aa5b1}</style>',
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    '<text x="12" y="18" class="h">Berth benchmarks (bars scale within each group; blue = Berth, grey = baseline)</text>',
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

export async function machineInfo(docker) {
  const c = cpus();
  let engine = '?';
  let api = '?';
  try {
    const v = await docker.version();
    engine = v.Version;
    api = v.ApiVersion;
  } catch {
    /* engine unreachable: say so in the summary */
  }
  return {
    cpuModel: c[0]?.model?.trim() ?? 'unknown CPU',
    cores: c.length,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    engine,
    api,
    load: loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

/** Write summary.md and summary.svg from every result in bench-results/. */
export async function writeSummary(docker, dir = DIR) {
  const results = readResults(dir);
  const machine = await machineInfo(docker);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/summary.md`, summaryMarkdown(results, machine));
  writeFileSync(`${dir}/summary.svg`, summarySvg(results));
  return { md: `${dir}/summary.md`, svg: `${dir}/summary.svg` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { docker } = await import('./common.mjs');
  console.log(await writeSummary(docker));
}
