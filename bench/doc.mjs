// docs/benchmarks.md from a bench result (used by bench/render.mjs): the targets, a table per
// scenario, the overhead step. Everything shown is read from the JSON report.
import { relative, join } from 'node:path';

export const ORDER = ['none', 'node', 'agentkeepalive', 'ours', 'nginx'];
export const SCENARIO_ORDER = ['direct', 'proxy', 'proxy-helper', 'close', 'https', 'https-renew', 'short-keepalive'];
export const LABELS = {
  none: 'no agent (a new upstream connection per request; http-proxy without an agent)',
  node: "Node's http.Agent, keepAlive: true",
  agentkeepalive: 'agentkeepalive 4.6 (defaults)',
  ours: 'upstream-keepalive (defaults)',
  nginx: 'NGINX, keepalive 32',
};
export const SHORT = {
  direct: 'direct (no proxy)',
  proxy: 'plain http-proxy',
  'proxy-helper': 'http-proxy + helper',
  close: 'clients: Connection: close',
  https: 'HTTPS upstream',
  'https-renew': 'HTTPS, ours renew / 100',
  'short-keepalive': 'backend keepalive 5 s',
};

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

const sumCounts = (objects) => {
  const out = {};
  for (const o of objects) for (const [k, n] of Object.entries(o ?? {})) if (typeof n === 'number') out[k] = (out[k] ?? 0) + n;
  return out;
};
const listCounts = (o, all = false) =>
  Object.entries(o)
    .filter(([, n]) => all || n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

function scenarioTable(report, name) {
  const sc = report.scenarios[name];
  const tls = Object.values(sc.contenders).some((e) => e.summary.tlsResumedShare?.n);
  const newConn = tls ? "handshakes on a request's path (window)" : 'requests on a new upstream connection (window)';
  const head = ['contender', 'req/s', '× Node', 'p50 ms', 'p99 ms', 'p99 × Node', 'upstream connections', newConn, 'TIME_WAIT left', 'proxy CPU µs/req', 'proxy maxRSS MiB'];
  if (tls) head.push('TLS resumed');
  head.push('client errors per run', 'upstream errors at the proxy per run', 'other CPU in the window');
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const c of ORDER) {
    const e = sc.contenders[c];
    if (!e) continue;
    const s = e.summary;
    const r = e.ratioToNode ?? {};
    const set = sc.agentOptions?.[c];
    const label = set
      ? `${(LABELS[c] ?? e.label).replace(/ \(defaults\)$/, '')} (${Object.entries(set).map(([k, v]) => `${k}: ${v}`).join(', ')}; every other option at its default)`
      : c === 'nginx' && sc.nginx?.keepaliveRequests
        ? `${LABELS.nginx}, keepalive_requests ${sc.nginx.keepaliveRequests}`
        : (LABELS[c] ?? e.label);
    const cells = [
      `${label}${e.wide.length ? ' ⚠' : ''}`,
      range(s.reqPerSec, 0),
      c === 'node' ? '1' : ratio(r.reqPerSec),
      range(s.p50Ms, 2),
      range(s.p99Ms, 2),
      c === 'node' ? '1' : ratio(r.p99Ms),
      range(s.upstreamConnections, 0),
      s.onNewConnection?.n ? e.runs.map((x) => x.onNewConnection).join(' / ') : '—',
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
  notes.push(
    `"${newConn}": upstream requests of the measured window, per run, that went out on a connection opened for them rather than a reused one (\`reusedSocket === false\`, counted ${name === 'direct' ? 'by the client' : 'in the proxy on `proxyRes`'}; not counted for NGINX).`,
  );
  const ours = sc.contenders.ours;
  if (ours) {
    const list = listCounts(sumCounts(ours.runs.map((x) => x.agent?.closed)));
    notes.push(`Ours, connections closed by reason (getStats().closed, all runs): ${list || 'none'}.`);
    const warm = ours.runs.some((x) => x.agent?.warm) ? sumCounts(ours.runs.map((x) => x.agent?.warm)) : null;
    if (warm) notes.push(`Ours, warm replacements (getStats().warm, all runs): ${listCounts(warm, true)}.`);
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

function overheadSection(report) {
  const o = report.overhead;
  if (!o) return '';
  const lines = [
    '| agent | CPU µs/request | CPU × Node (median <sub>IQR</sub>) | µs over Node (median <sub>IQR</sub>) | req/s | req/s × Node (median <sub>IQR</sub>) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const iqr = (q) => `${fmt(q.median, 3)} <sub>${fmt(q.q25, 3)}–${fmt(q.q75, 3)}</sub>`;
  for (const c of ORDER) {
    const a = o.agents[c];
    if (!a) continue;
    const cpu = a.cpuPerRequestMicros;
    const over = a.cpuMicrosOverNode;
    const overCell = over ? `${fmt(over.median, 2)} <sub>${fmt(over.q25, 2)}–${fmt(over.q75, 2)}</sub>` : '—';
    lines.push(`| ${LABELS[c]} | ${fmt(cpu.median, 1)} <sub>${fmt(cpu.min, 1)}–${fmt(cpu.max, 1)}</sub> | ${iqr(a.cpuRatioToNode)} | ${overCell} | ${fmt(a.reqPerSec, 0)} | ${iqr(a.reqPerSecRatioToNode)} |`);
  }
  const where =
    o.process === 'client'
      ? `CPU is the client process's (user + system) per request: Node's HTTP client and the agent; the loopback server
runs in a process of its own and is not counted.`
      : `CPU is the process's (user + system) per request, the loopback server included (a run before the server moved to
its own process: the ratios are diluted by the server's share).`;
  return `## Direct: the agents' own CPU cost per request (bench/overhead.mjs)

One client process, ${o.batches} batches of ${o.requests.toLocaleString('en-US')} requests per agent, ${o.connections} in flight, the agents
rotated batch by batch so that whatever else the machine does falls on all alike. ${where}
"× Node" is the median of the per-batch ratios to Node's agent in the same turn, "µs over Node" the median of the
per-batch differences, each with the interquartile range. The agents share the process (and so Node's HTTP client
code, which the JIT then optimises for both): measured alone, each in a process of its own, the difference is about
the same in µs.

${lines.join('\n')}
`;
}

function proxyTurnsSection(report) {
  const p = report.proxyTurns;
  if (!p) return '';
  const lines = [
    '| contender | req/s | req/s × Node (median <sub>IQR</sub>) | p99 ms | p99 × Node (median <sub>IQR</sub>) | proxy CPU µs/request | CPU × Node (median <sub>IQR</sub>) | errors (client + upstream) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const iqr = (q) => `${fmt(q.median, 3)} <sub>${fmt(q.q25, 3)}–${fmt(q.q75, 3)}</sub>`;
  for (const c of ORDER) {
    const a = p.contenders[c];
    if (!a) continue;
    lines.push(`| ${LABELS[c]} | ${fmt(a.reqPerSec, 0)} | ${iqr(a.reqPerSecRatio)} | ${fmt(a.p99Ms, 2)} | ${iqr(a.p99Ratio)} | ${fmt(a.cpuPerRequestMicros, 1)} | ${iqr(a.cpuRatio)} | ${a.errors} + ${a.proxyErrors} |`);
  }
  const ours = p.contenders.ours;
  const closed = ours?.closed ? Object.entries(ours.closed).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none' : null;
  const warm = ours?.warm ? Object.entries(ours.warm).map(([k, n]) => `${k} ${n}`).join(', ') : null;
  return `## Through plain http-proxy, in turns (bench/proxy-turns.mjs)

The headline scenario measured so that the machine's noise falls on every contender alike: one backend, one
proxy per contender (the same \`proxy.mjs\`, no helper, every option at its default), all running side by side,
and one load generator (autocannon, ${p.connections} connections, a fresh set per batch) that sends them batches in turn,
rotated batch by batch: ${p.batches} batches of ${p.batchMs} ms per contender, after each proxy was warmed up alone past the
first renewal wave (${p.warmup.warmupResponses.toLocaleString('en-US')} responses, at most ${p.warmup.warmupMaxMs} ms). "× Node" is the median of the per-batch
ratios to Node's agent's batch of the same turn, with the interquartile range; CPU is the proxy process's per
upstream response. Between its batches a proxy sits idle for the others' turns, longer than
\`validateAfterIdle\` (1 s): ours gives the first request on each idle connection its validation turn, as it would
after any lull. The headline's req/s and p99 targets are judged here.

${lines.join('\n')}
${closed !== null ? `\n- Ours over the step: closed by reason ${closed}; warm replacements ${warm ?? '—'}.\n` : ''}`;
}

function fetchSection(report) {
  const f = report.fetch;
  if (!f) return '';
  const lines = [
    '| contender | req/s | req/s × peer (median <sub>IQR</sub>) | p99 ms | p99 × peer | CPU µs/request | CPU × peer | errors | peer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const iqr = (q) => `${fmt(q.median, 3)} <sub>${fmt(q.q25, 3)}–${fmt(q.q75, 3)}</sub>`;
  for (const [name, c] of Object.entries(f.contenders)) {
    lines.push(`| \`${name}\` | ${fmt(c.reqPerSec, 0)} | ${iqr(c.reqPerSecRatio)} | ${fmt(c.p99Ms, 2)} | ${iqr(c.p99Ratio)} | ${fmt(c.cpuPerRequestMicros, 1)} | ${iqr(c.cpuRatio)} | ${c.errors} | \`${c.peer}\` |`);
  }
  const sk = f.shortKeepAlive;
  return `## fetch() and undici.request: the dispatchers (bench/fetch.mjs)

One client process (the backend in its own), ${f.batches} batches of ${f.requests.toLocaleString('en-US')} requests per contender, ${f.connections} in flight,
contenders rotated batch by batch; Node ${f.node}, undici ${f.undici}. \`fetch+ours\`: Node's built-in \`fetch\` with
\`KeepAliveDispatcher\` at its defaults; \`fetch+default\`: Node's built-in \`fetch\` with its own dispatcher; \`fetch+pool\`:
with \`undici.Pool\` of ${f.connections} connections; \`request+*\`: \`undici.request\` with ours and with \`undici.Agent\`. "× peer" is
the median of the per-batch ratios to the peer in the same turn, with the interquartile range.

${lines.join('\n')}

Short keepalive (a backend that closes an idle connection exactly 5 s after its last response, bursts after
idle gaps of ${sk.gapsMs.join(', ')} ms): ours ${sk.ours.errors} errors in ${sk.ours.requests} requests; Node's default dispatcher
${sk.default.errors} in ${sk.default.requests}.
`;
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
      // Renewals: sockets that reached their own request limit (maxRequestsPerSocket) or
      // lifetime, each replaced by one new connection.
      const runs = report.scenarios.close?.contenders.ours?.runs ?? [];
      const opened = runs.map((r) => r.upstreamConnections);
      figures += `; opened in all: ${opened.join(', ')}, of which renewals at maxRequestsPerSocket / maxSocketLifetime: ${(t.renewals ?? []).join(', ')}`;
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

function helperLine(helped) {
  const which = helped.length
    ? `The package's \`onProxyRes\` hop-by-hop helper is installed (for every contender) in ${helped.map((n) => `\`${n}\``).join(', ')} only.`
    : 'No scenario installs the `onProxyRes` helper.';
  return `The headline scenario, \`proxy\`, is plain \`http-proxy\`: no helper, every option of the proxy and of each agent at its default.\n${which}\n`;
}

/** The page. `root`: the repository; `charts`: [{title, file}]. */
export function doc(report, jsonFile, charts, root) {
  const m = report.machine;
  const s = report.settings;
  const rel = (f) => relative(join(root, 'docs'), f).split('\\').join('/');
  const scenarios = SCENARIO_ORDER.filter((n) => report.scenarios[n]);
  const helped = scenarios.filter((n) => report.scenarios[n].helper === true);
  const section = (n) => `## ${report.scenarios[n].title}\n\n${scenarioTable(report, n)}${n === 'proxy' ? `\n${proxyTurnsSection(report)}` : ''}`;
  return `# Benchmarks

<!-- Generated by bench/render.mjs from ${relative(root, jsonFile)}; do not edit by hand: run \`npm run bench\`. -->

Measured on **${m.cores} cores, ${m.model}** (${m.memoryGiB} GiB, ${m.platform}), **Node ${report.node}**,
${report.nginx ? `**NGINX ${report.nginx}**` : 'NGINX absent (skipped)'}, on ${report.date.slice(0, 10)} (${report.settings.mode} run, ${report.durationSeconds} s),
package built from ${report.build?.commit ? `commit ${report.build.commit}${report.build.libChanged ? ' with uncommitted changes in lib/' : ''}` : 'an unknown commit'}.
Load average (1, 5, 15 min) before the run: ${report.loadAverage.before.join(', ')}; after: ${report.loadAverage.after.join(', ')}.
Raw figures, every run: [${relative(root, jsonFile)}](../${relative(root, jsonFile).split('\\').join('/')}).
How the bench works and how to read it: [bench/README.md](../bench/README.md).

Settings: ${s.connections} concurrent clients; ${s.runs} rounds, contenders interleaved (A B C … A B C …);
warm-up ${s.warmupMs} ms${s.warmupMaxMs ? `, longer until every connection has had about one request limit of requests (120 % of it, the first renewal wave: see bench/README.md), at most ${s.warmupMaxMs} ms in all,` : ''} then a ${s.measureMs} ms measured window per run; ${s.bodyBytes}-byte responses;
short-keepalive: ${s.burstRuns} round${s.burstRuns === 1 ? '' : 's'} of bursts of ${s.burstRequests} requests after idle gaps of ${s.gapsMs.join(', ')} ms;
every process (backend, proxy, load generator) on its own, all on 127.0.0.1; TIME_WAIT counted with \`${report.timeWaitSource === 'ss' ? 'ss' : '/proc/net/tcp{,6}'}\`.
${report.schema >= 2 ? helperLine(helped) : ''}"Other CPU" is the share of all cores busy in the window outside this run's processes (other work
on the machine, and network processing the kernel charges to no process): the noise under a run.
Each figure is the median over the rounds, with min–max in small type; "× Node" is the median of a
contender over the median of Node's agent in the same pass, marked ≈ when the rounds paired one by one
do not all fall on the same side of 1 (no clear difference).

## Where we stand

${targetsTable(report)}

## Charts

${charts.map((c) => `![${c.title}](${rel(c.file)})`).join('\n\n')}

${scenarios.map((n) => section(n) + (n === 'direct' ? `\n${overheadSection(report)}\n${fetchSection(report)}` : '')).join('\n')}${report.scenarios.direct ? '' : `\n${overheadSection(report)}\n${fetchSection(report)}`}
## Contenders

${Object.keys(report.contenders)
  .map((k) => `- \`${k}\`: ${LABELS[k] ?? report.contenders[k]}`)
  .join('\n')}

Details of each contender's configuration: [bench/README.md](../bench/README.md#contenders).
`;
}
