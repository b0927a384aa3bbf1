// Draws the charts of a benchmark result (vega-lite specs, compiled to vega, rendered to SVG
// headless) into docs/benchmarks/, and with `docs: true` writes docs/benchmarks.md from it
// (the page itself: bench/doc.mjs).
//
//   node bench/render.mjs bench/results/<file>.json [--docs]
//
// Everything shown is read from the JSON file: nothing is typed in by hand.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { doc, ORDER, SCENARIO_ORDER, SHORT } from './doc.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const chartsDir = join(root, 'docs', 'benchmarks');
const docFile = join(root, 'docs', 'benchmarks.md');

const COLORS = { none: '#bab0ac', node: '#4c78a8', agentkeepalive: '#72b7b2', ours: '#e45756', nginx: '#54a24b' };

function rows(report, metric) {
  const out = [];
  for (const s of SCENARIO_ORDER) {
    const sc = report.scenarios[s];
    if (!sc) continue;
    for (const c of ORDER) {
      const e = sc.contenders[c];
      const m = e?.summary[metric];
      if (!m || m.median === null) continue;
      out.push({ scenario: SHORT[s], contender: c, median: m.median, min: m.min, max: m.max });
    }
  }
  return out;
}

function ratioRows(report, metric) {
  const out = [];
  for (const s of SCENARIO_ORDER) {
    const sc = report.scenarios[s];
    if (!sc?.contenders.node) continue;
    for (const c of ORDER) {
      if (c === 'node') {
        out.push({ scenario: SHORT[s], contender: c, median: 1, min: 1, max: 1 });
        continue;
      }
      const r = sc.contenders[c]?.ratioToNode?.[metric];
      if (!r) continue;
      out.push({ scenario: SHORT[s], contender: c, median: r.ratio, min: r.pairedMin, max: r.pairedMax });
    }
  }
  return out;
}

/** Bars (median) with a rule from min to max, one panel per scenario. */
function barSpec(values, { title, yTitle, log = false, independent = true, ratio = false }) {
  const contenders = ORDER.filter((c) => values.some((v) => v.contender === c));
  // Ratios: log scale, bars drawn from 1 (above: more than Node's agent, below: less).
  // Counts on a log scale: bars drawn from 1 (every count here is at least 1).
  const yScale = ratio ? { type: 'log' } : log ? { type: 'log', domainMin: 1 } : { zero: true };
  const layer = [
    {
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'contender', type: 'nominal', sort: contenders, title: null, axis: { labelAngle: -40 } },
        y: { field: 'median', type: 'quantitative', title: yTitle, scale: yScale },
        ...(ratio || log ? { y2: { datum: 1 } } : {}),
        color: {
          field: 'contender',
          type: 'nominal',
          scale: { domain: contenders, range: contenders.map((c) => COLORS[c]) },
          legend: null,
        },
        tooltip: [{ field: 'contender' }, { field: 'median', format: '.3~r' }, { field: 'min', format: '.3~r' }, { field: 'max', format: '.3~r' }],
      },
    },
    {
      mark: { type: 'rule', color: '#333', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'contender', type: 'nominal', sort: contenders },
        y: { field: 'min', type: 'quantitative' },
        y2: { field: 'max' },
      },
    },
  ];
  if (ratio) {
    layer.push({ mark: { type: 'rule', color: '#4c78a8', strokeDash: [4, 3] }, encoding: { y: { datum: 1 } } });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 14 },
    data: { values },
    facet: { column: { field: 'scenario', type: 'nominal', title: null, sort: SCENARIO_ORDER.map((s) => SHORT[s]) } },
    spec: { width: 130, height: 170, layer },
    resolve: { scale: { x: 'independent', ...(independent ? { y: 'independent' } : {}) } },
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
  };
}

async function toSvg(spec) {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Renders the charts of `jsonFile` (and docs/benchmarks.md when `docs`). Returns the files written. */
export async function render(jsonFile, { docs = true } = {}) {
  const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  mkdirSync(chartsDir, { recursive: true });
  const charts = [
    {
      name: 'throughput-ratio',
      title: "Requests per second relative to Node's agent (log scale; bars: median ratio; lines: min–max of the rounds paired)",
      spec: barSpec(ratioRows(report, 'reqPerSec'), { title: "Requests per second, × Node's agent (log scale, higher is better)", yTitle: "× Node's agent", ratio: true }),
    },
    {
      name: 'throughput',
      title: 'Requests per second (median, min–max)',
      spec: barSpec(rows(report, 'reqPerSec'), { title: 'Requests per second (higher is better)', yTitle: 'req/s' }),
    },
    {
      name: 'latency-p99',
      title: 'p99 latency in ms (median, min–max)',
      spec: barSpec(rows(report, 'p99Ms'), { title: 'p99 latency, ms (lower is better)', yTitle: 'ms' }),
    },
    {
      name: 'upstream-connections',
      title: 'Upstream connections opened per run (log scale)',
      spec: barSpec(rows(report, 'upstreamConnections'), { title: 'Upstream connections opened per run (log scale, lower is better)', yTitle: 'connections', log: true }),
    },
    {
      name: 'proxy-cpu',
      title: 'Proxy CPU time per request, µs',
      spec: barSpec(rows(report, 'cpuPerRequestMicros'), { title: 'Proxy CPU time per request, µs (lower is better)', yTitle: 'µs / request' }),
    },
  ];
  const written = [];
  for (const c of charts) {
    c.file = join(chartsDir, `${c.name}.svg`);
    writeFileSync(c.file, await toSvg(c.spec));
    written.push(c.file);
  }
  if (docs) {
    writeFileSync(docFile, doc(report, jsonFile, charts, root));
    written.push(docFile);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv.slice(2).find((a) => a.endsWith('.json'));
  if (!file) {
    console.error('usage: node bench/render.mjs bench/results/<file>.json [--docs]');
    process.exit(2);
  }
  const written = await render(file, { docs: process.argv.includes('--docs') });
  for (const f of written) console.log(`wrote ${relative(root, f)} (from ${basename(file)})`);
}
