// What the bench prints on the terminal (used by bench/run.mjs): a line per run, a table per
// scenario, the overhead step and the targets. docs/benchmarks.md comes from bench/doc.mjs.
import { WIDE_SPREAD } from './stats.mjs';

export function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** One run, on one line. */
export function line(r) {
  return (
    `${fmt(r.reqPerSec, 0)} req/s  p50 ${fmt(r.p50Ms, 2)} ms  p99 ${fmt(r.p99Ms, 2)} ms  ` +
    `upstream conns ${r.upstreamConnections}  TIME_WAIT ${r.timeWait}  errors ${r.errors}` +
    (r.onNewConnection != null ? `  on a new conn ${r.onNewConnection}` : '') +
    (r.tlsResumedShare != null ? `  TLS resumed ${fmt(r.tlsResumedShare * 100, 1)}%` : '') +
    (r.warmInWindow ? `  warm ${Object.entries(r.warmInWindow).map(([k, n]) => `${k} ${n}`).join(' ')}` : '')
  );
}

/** Totals of getStats().warm over the runs of a contender (null when the build has none). */
export function warmTotals(runs) {
  const with_ = runs.filter((r) => r.agent?.warm);
  if (with_.length === 0) return null;
  const out = {};
  for (const r of with_) for (const [k, n] of Object.entries(r.agent.warm)) if (typeof n === 'number') out[k] = (out[k] ?? 0) + n;
  return out;
}

export function printTable(sc) {
  const rows = [];
  const head = ['contender', 'req/s', '×Node', 'p50 ms', 'p99 ms', '×Node', 'upstream conns', 'on new conn', 'TIME_WAIT', 'CPU µs/req', 'maxRSS MiB', 'TLS resumed', 'errors', 'upstream errs', 'other CPU'];
  for (const [c, e] of Object.entries(sc.contenders)) {
    const s = e.summary;
    const r = e.ratioToNode ?? {};
    rows.push([
      c + (e.wide.length ? ' *' : ''),
      fmt(s.reqPerSec.median, 0),
      c === 'node' ? '1' : fmt(r.reqPerSec?.ratio, 2),
      fmt(s.p50Ms.median, 2),
      fmt(s.p99Ms.median, 2),
      c === 'node' ? '1' : fmt(r.p99Ms?.ratio, 2),
      fmt(s.upstreamConnections.median, 0),
      fmt(s.onNewConnection.median, 0),
      fmt(s.timeWait.median, 0),
      fmt(s.cpuPerRequestMicros.median, 0),
      fmt(s.maxRssMiB.median, 0),
      s.tlsResumedShare.n ? `${fmt(s.tlsResumedShare.median * 100, 1)}%` : '—',
      e.runs.map((x) => x.errors).join('/'),
      e.runs.map((x) => x.proxyErrors).join('/'),
      s.foreignCpuShare.n ? `${fmt(s.foreignCpuShare.median * 100, 0)}%` : '—',
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmtRow = (r) => r.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join('  ');
  console.log(`\n${sc.title}`);
  console.log(fmtRow(head));
  for (const r of rows) console.log(fmtRow(r));
  for (const [c, e] of Object.entries(sc.contenders).filter(([, x]) => x.wide.length)) {
    console.log(`  * ${c}: the runs spread over more than ${WIDE_SPREAD * 100}% of the median for ${e.wide.join(', ')}: too wide to conclude on these`);
  }
  console.log('  "on new conn": upstream requests in the window sent on a connection opened for them (a handshake on their path)');
  const o = sc.contenders.ours;
  if (o?.runs.at(-1)?.agent) {
    const closed = Object.entries(o.runs.at(-1).agent.closed).filter(([, n]) => n > 0);
    console.log(`  ours, closed by reason (last run): ${closed.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
    const warm = warmTotals(o.runs);
    if (warm) console.log(`  ours, warm replacements (getStats().warm, all runs): ${Object.entries(warm).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
}

export function printOverhead(result) {
  console.log(`\nDirect, client process only (bench/overhead.mjs): ${result.batches} batches × ${result.requests} requests per agent, ${result.connections} in flight, agents rotated batch by batch`);
  console.log('agent            CPU µs/req (median)   CPU × Node (median, IQR)   µs over Node (median, IQR)   req/s (median)   req/s × Node (median, IQR)');
  const iqr = (q, digits = 3) => (q ? `${fmt(q.median, digits)} (${fmt(q.q25, digits)}–${fmt(q.q75, digits)})` : '—');
  for (const [name, a] of Object.entries(result.agents)) {
    console.log(
      `${name.padEnd(16)} ${fmt(a.cpuPerRequestMicros.median, 1).padStart(19)}   ${iqr(a.cpuRatioToNode).padEnd(26)} ${iqr(a.cpuMicrosOverNode, 2).padEnd(28)} ${fmt(a.reqPerSec, 0).padStart(14)}   ${iqr(a.reqPerSecRatioToNode)}`,
    );
  }
}

export function printFetch(result) {
  console.log(`\nfetch() and undici.request (bench/fetch.mjs): ${result.batches} batches × ${result.requests} requests per contender, ${result.connections} in flight, Node ${result.node}, undici ${result.undici}`);
  console.log('contender        req/s   req/s × peer (median, IQR)   p99 ms   p99 × peer   CPU µs/req   errors   (peer)');
  const iqr = (q) => `${fmt(q.median, 3)} (${fmt(q.q25, 3)}–${fmt(q.q75, 3)})`;
  for (const [name, c] of Object.entries(result.contenders)) {
    console.log(
      `${name.padEnd(16)} ${fmt(c.reqPerSec, 0).padStart(5)}   ${iqr(c.reqPerSecRatio).padEnd(28)} ${fmt(c.p99Ms, 2).padStart(6)}   ${fmt(c.p99Ratio.median, 3).padEnd(12)} ${fmt(c.cpuPerRequestMicros, 1).padStart(10)}   ${String(c.errors).padStart(6)}   (${c.peer})`,
    );
  }
  const sk = result.shortKeepAlive;
  console.log(`  short keepalive (gaps ${sk.gapsMs.join(', ')} ms): ours ${sk.ours.errors} errors in ${sk.ours.requests} requests; Node's default dispatcher ${sk.default.errors} in ${sk.default.requests}`);
}

export function printProxyTurns(result) {
  console.log(`\nThrough plain http-proxy, in turns (bench/proxy-turns.mjs): ${result.batches} batches × ${result.batchMs} ms per contender, ${result.connections} connections, contenders rotated batch by batch`);
  console.log('contender        req/s   req/s × Node (median, IQR)   p99 ms   p99 × Node (median, IQR)   proxy CPU µs/req   CPU × Node (median, IQR)   errors');
  const iqr = (q) => `${fmt(q.median, 3)} (${fmt(q.q25, 3)}–${fmt(q.q75, 3)})`;
  for (const [name, c] of Object.entries(result.contenders)) {
    console.log(
      `${name.padEnd(16)} ${fmt(c.reqPerSec, 0).padStart(5)}   ${iqr(c.reqPerSecRatio).padEnd(28)} ${fmt(c.p99Ms, 2).padStart(6)}   ${iqr(c.p99Ratio).padEnd(26)} ${fmt(c.cpuPerRequestMicros, 1).padStart(16)}   ${iqr(c.cpuRatio).padEnd(26)} ${c.errors}+${c.proxyErrors}`,
    );
  }
}

export function printTargets(targets) {
  console.log('\nTargets (ours):');
  for (const t of targets) {
    const vals = t.values.map((v) => fmt(v, Number.isInteger(v) ? 0 : 3)).join(', ');
    console.log(`  [${t.verdict}] ${t.goal}: ${vals} (${t.unit})`);
  }
}
