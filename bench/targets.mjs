// The targets of issue #14 and the earlier ones, judged over every run (used by bench/run.mjs).
// Goals, not assertions: the bench reports where we stand, it does not fail.
import { judge } from './stats.mjs';

/**
 * @param scenarios  the summarised scenarios of this bench run
 * @param settings   the bench's settings
 * @param overhead   bench/overhead.mjs's result, or null when that step did not run
 * @param fetchStep  bench/fetch.mjs's result, or null when that step did not run
 * @param proxyTurns bench/proxy-turns.mjs's result, or null when that step did not run
 */
export function targets(scenarios, settings, overhead, fetchStep = null, proxyTurns = null) {
  const t = [];
  const ours = (s) => scenarios[s]?.contenders.ours;
  const node = (s) => scenarios[s]?.contenders.node;
  const paired = (s, metric) => {
    const o = ours(s);
    const n = node(s);
    if (!o || !n) return [];
    return o.runs.map((r, i) => (n.runs[i] ? r[metric] / n.runs[i][metric] : NaN));
  };
  const perRound = "× Node's agent, per round";
  const turns = proxyTurns?.contenders;
  if (turns?.ours && turns.node) {
    // The headline judged on the batches taken in turn (bench/proxy-turns.mjs): the scenario's
    // three rounds, minutes apart in fresh processes, spread too widely on this machine to judge it.
    const q = (r) => [r.q25, r.median, r.q75];
    const perBatch = `× Node's agent: lower quartile, median, upper quartile of the ratios of ${proxyTurns.batches} batches taken in turn (bench/proxy-turns.mjs)`;
    t.push({ id: 'proxy-rps', goal: "Through plain http-proxy (no helper), defaults: our req/s ≥ 1.00 × Node's agent", ...judge(q(turns.ours.reqPerSecRatio), '>=', 1.0), unit: perBatch });
    t.push({ id: 'proxy-p99', goal: "Through plain http-proxy (no helper), defaults: our p99 latency ≤ 1.05 × Node's agent", ...judge(q(turns.ours.p99Ratio), '<=', 1.05), unit: perBatch });
  } else if (ours('proxy') && node('proxy')) {
    t.push({
      id: 'proxy-rps',
      goal: "Through plain http-proxy (no helper), defaults: our req/s ≥ 1.00 × Node's agent",
      ...judge(paired('proxy', 'reqPerSec'), '>=', 1.0),
      unit: perRound,
    });
    t.push({
      id: 'proxy-p99',
      goal: "Through plain http-proxy (no helper), defaults: our p99 latency ≤ 1.05 × Node's agent",
      ...judge(paired('proxy', 'p99Ms'), '<=', 1.05),
      unit: perRound,
    });
  }
  if (ours('proxy')) {
    t.push({
      id: 'proxy-connections',
      goal: 'Upstream connections opened ≤ 1.05 × ideal (concurrency + requests / maxRequestsPerSocket)',
      ...judge(ours('proxy').runs.map((r) => r.connectionsPerIdeal), '<=', 1.05),
      unit: '× ideal, per run',
    });
  }
  if (ours('direct') && node('direct')) {
    t.push({
      id: 'direct-rps',
      goal: "Direct (no proxy), defaults: our req/s ≥ 1.00 × Node's agent",
      ...judge(paired('direct', 'reqPerSec'), '>=', 1.0),
      unit: perRound,
    });
  }
  const oh = overhead?.agents;
  if (oh?.ours && oh.node) {
    const q = oh.ours.cpuRatioToNode;
    t.push({
      id: 'direct-cpu',
      goal: "Direct (no proxy), defaults: our CPU per request ≤ 1.02 × Node's agent (bench/overhead.mjs)",
      ...judge([q.q25, q.median, q.q75], '<=', 1.02),
      unit: `× Node's agent: lower quartile, median, upper quartile of the ratios of ${overhead.batches} batches`,
    });
  }
  if (ours('close')) {
    // A client's `Connection: close` must never cost an upstream connection: past one per client
    // connection, the only new ones are renewals (a connection at its request limit or lifetime
    // replaced, as NGINX replaces one at keepalive_requests / keepalive_time).
    const renewals = (r) => (r.agent?.closed.max_requests ?? 0) + (r.agent?.closed.max_lifetime ?? 0);
    t.push({
      id: 'close-connections',
      goal: `Clients sending Connection: close: our upstream connections, renewals aside, ≤ concurrency (${settings.connections})`,
      ...judge(ours('close').runs.map((r) => r.upstreamConnections - renewals(r)), '<=', settings.connections),
      unit: 'connections opened less renewals, per run',
      renewals: ours('close').runs.map(renewals),
      contrast: node('close') ? { node: node('close').summary.connectionsPerRequest } : undefined,
    });
  }
  if (ours('https')) {
    t.push({
      id: 'https-resumed',
      goal: 'HTTPS: ≥ 95 % of new upstream connections resume TLS (after the warm-up)',
      ...judge(ours('https').runs.map((r) => r.tlsResumedShare), '>=', 0.95),
      unit: 'share of handshakes in the window, per run',
    });
  }
  if (ours('https-renew') && node('https-renew')) {
    t.push({
      id: 'https-renew-p99',
      goal: `HTTPS, ours renewing every ${settings.renewEvery} requests: our p99 ≤ 1.1 × Node's agent (which never renews)`,
      ...judge(paired('https-renew', 'p99Ms'), '<=', 1.1),
      unit: perRound,
    });
  }
  if (ours('https-renew')) {
    const sc = scenarios['https-renew'];
    t.push({
      id: 'https-renew-path',
      goal:
        `HTTPS, ours renewing every ${settings.renewEvery} requests: no handshake on a request's path where a warm replacement ` +
        'was possible (in the window every renewal is: the pool holds its connections from the warm-up on)',
      ...judge(ours('https-renew').runs.map((r) => r.onNewConnection), '<=', 0),
      unit: "upstream requests sent on a connection opened for them (proxyRes.req.reusedSocket === false) in the window, per run",
      others: Object.fromEntries(Object.entries(sc.contenders).map(([c, e]) => [c, e.runs.map((r) => r.onNewConnection ?? '—')])),
    });
  }
  const f = fetchStep?.contenders;
  if (f?.['fetch+ours']) {
    const o = f['fetch+ours'];
    const perBatch = "× Node's default fetch dispatcher: lower quartile, median, upper quartile of the per-batch ratios";
    t.push({
      id: 'fetch-rps',
      goal: "fetch() with our dispatcher, defaults: req/s ≥ 0.97 × undici's default dispatcher (Node's fetch without one)",
      ...judge([o.reqPerSecRatio.q25, o.reqPerSecRatio.median, o.reqPerSecRatio.q75], '>=', 0.97),
      unit: perBatch,
    });
    t.push({
      id: 'fetch-p99',
      goal: "fetch() with our dispatcher, defaults: p99 ≤ 1.1 × undici's default dispatcher",
      ...judge([o.p99Ratio.q25, o.p99Ratio.median, o.p99Ratio.q75], '<=', 1.1),
      unit: perBatch,
    });
    t.push({
      id: 'fetch-errors',
      goal: 'fetch() with our dispatcher: zero errors, and zero on the short-keepalive backend with idle gaps (5 s server timeout)',
      ...judge([o.errors, fetchStep.shortKeepAlive.ours.errors], '<=', 0),
      unit: 'errors: the batches, the short-keepalive bursts',
      others: { default: [f['fetch+default']?.errors ?? '—', fetchStep.shortKeepAlive.default.errors] },
    });
  }
  for (const s of Object.keys(scenarios)) {
    if (!ours(s)) continue;
    t.push({
      id: `errors-${s}`,
      goal: `Zero errors for us: ${s}`,
      ...judge(ours(s).runs.map((r) => r.errors + r.proxyErrors), '<=', 0),
      unit: 'client-visible errors + upstream errors at the proxy, per run',
      others: Object.fromEntries(
        Object.entries(scenarios[s].contenders).map(([c, e]) => [c, e.runs.map((r) => `${r.errors}+${r.proxyErrors}`)]),
      ),
    });
  }
  return t;
}
