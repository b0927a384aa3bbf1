// Draws the charts of a benchmark result (vega-lite specs, compiled to vega, rendered to SVG
// headless) into docs/benchmarks/, and with `docs: true` writes docs/benchmarks.md from it.
//
//   node bench/render.mjs bench/results/<file>.json [--docs]
//
// Everything shown is read from the JSON file: nothing is typed in by hand.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import * as vl from 'vega-lite';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const chartsDir = join(root, 'docs', 'benchmarks');
const docFile = join(root, 'docs', 'benchmarks.md');

const ORDER = ['none', 'node', 'agentkeepalive', 'ours', 'nginx'];
const COLORS = { none: '#bab0ac', node: '#4c78a8', agentkeepalive: '#72b7b2', ours: '#e45756', nginx: '#54a24b' };
const SCENARIO_ORDER = ['direct', 'proxy', 'close', 'https', 'short-keepalive'];
const LABELS = {
  none: 'no agent (a new upstream connection per request; http-proxy without an agent)',
  node: "Node's http.Agent, keepAlive: true",
  agentkeepalive: 'agentkeepalive 4.6 (defaults)',
  ours: 'upstream-keepalive (defaults)',
  nginx: 'NGINX, keepalive 32',
};
const SHORT = {
  direct: 'direct (no proxy)',
  proxy: 'through the proxy',
  close: 'clients: Connection: close',
  https: 'HTTPS upstream',
  'short-keepalive': 'backend keepalive 5 s',
};

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

function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function range(m, digits) {
  if (!m || m.median === null) return '—';
  if (m.n < 2 || m.min === m.max) return fmt(m.median, digits);
  return `${fmt(m.median, digits)} <sub>${fmt(m.min, digits)}–${fmt(m.max, digits)}</sub>`;
}

function ratio(r) {
  if (!r) return '—';
  const mark = r.verdict === 'no clear difference' ? ' ≈' : '';
  return `${fmt(r.ratio, 2)}${mark}`;
}

function scenarioTable(report, name) {
  const sc = report.scenarios[name];
  const tls = Object.values(sc.contenders).some((e) => e.summary.tlsResumedShare?.n);
  const head = ['contender', 'req/s', '× Node', 'p50 ms', 'p99 ms', 'p99 × Node', 'upstream connections', 'TIME_WAIT left', 'proxy CPU µs/req', 'proxy maxRSS MiB'];
  if (tls) head.push('TLS resumed');
  head.push('client errors per run', 'upstream errors at the proxy per run', 'other CPU in the window');
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const c of ORDER) {
    const e = sc.contenders[c];
    if (!e) continue;
    const s = e.summary;
    const r = e.ratioToNode ?? {};
    const cells = [
      `${LABELS[c] ?? e.label}${e.wide.length ? ' ⚠' : ''}`,
      range(s.reqPerSec, 0),
      c === 'node' ? '1' : ratio(r.reqPerSec),
      range(s.p50Ms, 2),
      range(s.p99Ms, 2),
      c === 'node' ? '1' : ratio(r.p99Ms),
      range(s.upstreamConnections, 0),
      range(s.timeWait, 0),
      range(s.cpuPerRequestMicros, 0),
      range(s.maxRssMiB, 0),
    ];
    if (tls) {
      const runs = e.runs.filter((x) => x.tlsHandshakes > 0);
      const resumed = runs.reduce((a, x) => a + x.tlsResumed, 0);
      const hs = runs.reduce((a, x) => a + x.tlsHandshakes, 0);
      cells.push(hs ? `${fmt((resumed / hs) * 100, 1)} % of ${hs} (${e.runs[0].tlsSource})` : '—');
    }
    cells.push(e.runs.map((x) => x.errors).join(' / '), e.runs.map((x) => x.proxyErrors).join(' / '));
    cells.push(s.foreignCpuShare?.n ? `${fmt(s.foreignCpuShare.median * 100, 0)} % <sub>${fmt(s.foreignCpuShare.min * 100, 0)}–${fmt(s.foreignCpuShare.max * 100, 0)}</sub>` : '—');
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const notes = [];
  for (const c of ORDER) {
    const e = sc.contenders[c];
    if (e?.wide.length) {
      const names = e.wide.map((m) => METRIC_NAMES[m] ?? m).join(', ');
      notes.push(`⚠ ${c}: the runs spread over more than ${Math.round((report.settings.wideSpread ?? 0.15) * 100)} % of the median for ${names}: too wide to conclude on these.`);
    }
  }
  const ours = sc.contenders.ours;
  if (ours) {
    const closed = {};
    for (const x of ours.runs) for (const [k, n] of Object.entries(x.agent?.closed ?? {})) closed[k] = (closed[k] ?? 0) + n;
    const list = Object.entries(closed).filter(([, n]) => n > 0);
    notes.push(`Ours, connections closed by reason (getStats().closed, all runs): ${list.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`);
  }
  const errs = [];
  for (const c of ORDER) {
    const e = sc.contenders[c];
    if (!e) continue;
    const codes = {};
    for (const x of e.runs) {
      for (const [k, n] of Object.entries(x.errorCodes ?? {})) codes[`client ${k}`] = (codes[`client ${k}`] ?? 0) + n;
      if (x.non2xx) codes['client non-2xx'] = (codes['client non-2xx'] ?? 0) + x.non2xx;
      for (const [k, n] of Object.entries(x.proxyErrorCodes ?? {})) codes[`at the proxy: ${k}`] = (codes[`at the proxy: ${k}`] ?? 0) + n;
    }
    const list = Object.entries(codes);
    if (list.length) errs.push(`${c}: ${list.map(([k, n]) => `${k} × ${n}`).join(', ')}`);
  }
  if (errs.length) notes.push(`Errors by kind: ${errs.join('; ')}.`);
  return `${lines.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}

const METRIC_NAMES = { reqPerSec: 'req/s', p50Ms: 'p50', p99Ms: 'p99', cpuPerRequestMicros: 'CPU per request' };

const VERDICT = { met: '✅ met', 'not met': '❌ not met', inconclusive: '⚠ inconclusive (the runs straddle the target)', 'n/a': '— n/a' };

function targetsTable(report) {
  const lines = ['| target | where we stand | figures per run (client errors + upstream errors for the error targets) |', '| --- | --- | --- |'];
  for (const t of report.targets) {
    const digits = t.values.every((v) => Number.isInteger(v)) ? 0 : 3;
    const shown = t.id === 'https-resumed' ? t.values.map((v) => `${fmt(v * 100, 1)} %`) : t.values.map((v) => fmt(v, digits));
    let figures = `${shown.join(', ')} (${t.unit})`;
    if (t.id === 'close-connections') {
      // Connections beyond the first per client are renewals: a socket that reached its own
      // request limit (maxRequestsPerSocket) or lifetime was replaced.
      const runs = report.scenarios.close?.contenders.ours?.runs ?? [];
      const renewals = runs.map((r) => (r.agent?.closed.max_requests ?? 0) + (r.agent?.closed.max_lifetime ?? 0));
      if (renewals.some((n) => n > 0)) figures += `; of which renewals at maxRequestsPerSocket / maxSocketLifetime: ${renewals.join(', ')}`;
      if (t.contrast?.node?.median != null) figures += `; Node's agent: ${fmt(t.contrast.node.median, 3)} connections per request`;
    }
    if (t.others) {
      const others = Object.entries(t.others)
        .filter(([c]) => c !== 'ours')
        .map(([c, v]) => `${c} ${v.join('/')}`);
      figures += `; others: ${others.join(', ')}`;
    }
    lines.push(`| ${t.goal} | ${VERDICT[t.verdict] ?? t.verdict} | ${figures} |`);
  }
  return lines.join('\n');
}

function doc(report, jsonFile, charts) {
  const m = report.machine;
  const s = report.settings;
  const rel = (f) => relative(join(root, 'docs'), f).split('\\').join('/');
  const scenarios = SCENARIO_ORDER.filter((n) => report.scenarios[n]);
  return `# Benchmarks

<!-- Generated by bench/render.mjs from ${relative(root, jsonFile)}; do not edit by hand: run \`npm run bench\`. -->

Measured on **${m.cores} cores, ${m.model}** (${m.memoryGiB} GiB, ${m.platform}), **Node ${report.node}**,
${report.nginx ? `**NGINX ${report.nginx}**` : 'NGINX absent (skipped)'}, on ${report.date.slice(0, 10)} (${report.settings.mode} run, ${report.durationSeconds} s),
package built from ${report.build?.commit ? `commit ${report.build.commit}${report.build.libChanged ? ' with uncommitted changes in lib/' : ''}` : 'an unknown commit'}.
Load average (1, 5, 15 min) before the run: ${report.loadAverage.before.join(', ')}; after: ${report.loadAverage.after.join(', ')}.
Raw figures, every run: [${relative(root, jsonFile)}](../${relative(root, jsonFile).split('\\').join('/')}).
How the bench works and how to read it: [bench/README.md](../bench/README.md).

Settings: ${s.connections} concurrent clients; ${s.runs} rounds, contenders interleaved (A B C … A B C …);
warm-up ${s.warmupMs} ms then a ${s.measureMs} ms measured window per run; ${s.bodyBytes}-byte responses;
short-keepalive: ${s.burstRuns} round${s.burstRuns === 1 ? '' : 's'} of bursts of ${s.burstRequests} requests after idle gaps of ${s.gapsMs.join(', ')} ms;
every process (backend, proxy, load generator) on its own, all on 127.0.0.1; TIME_WAIT counted with \`${report.timeWaitSource === 'ss' ? 'ss' : '/proc/net/tcp{,6}'}\`.
"Other CPU" is the share of all cores busy in the window outside this run's processes (other work
on the machine, and network processing the kernel charges to no process): the noise under a run.
Each figure is the median over the rounds, with min–max in small type; "× Node" is the median of a
contender over the median of Node's agent in the same pass, marked ≈ when the rounds paired one by one
do not all fall on the same side of 1 (no clear difference).

## Where we stand

${targetsTable(report)}

## Charts

${charts.map((c) => `![${c.title}](${rel(c.file)})`).join('\n\n')}

${scenarios.map((n) => `## ${report.scenarios[n].title}\n\n${scenarioTable(report, n)}`).join('\n')}
## Contenders

${Object.keys(report.contenders)
  .map((k) => `- \`${k}\`: ${LABELS[k] ?? report.contenders[k]}`)
  .join('\n')}

Details of each contender's configuration: [bench/README.md](../bench/README.md#contenders).
`;
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
    writeFileSync(docFile, doc(report, jsonFile, charts));
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
