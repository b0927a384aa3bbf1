// The figures of a run, from the load generator's window and the snapshots taken at its start
// and end, and their summary over the rounds (used by bench/run.mjs).
import { ratioToNode, summarize, WIDE_SPREAD } from './stats.mjs';

function deltaCounts(end = {}, start = {}) {
  const out = {};
  for (const [k, n] of Object.entries(end)) if (n - (start[k] ?? 0) > 0) out[k] = n - (start[k] ?? 0);
  return out;
}

/** Numeric fields of an object (getStats().warm, whatever keys the build has): end − start. */
function deltaNumbers(end, start = {}) {
  const out = {};
  for (const [k, n] of Object.entries(end)) if (typeof n === 'number') out[k] = n - (start?.[k] ?? 0);
  return out;
}

/** The figures of one run of `contender` in `scenario`. */
export function figures({ scenario, settings }, load, marks) {
  const { start, end } = marks;
  const C = settings.connections;
  const be = end.backend;
  const responses = load.responses;
  const cpu = end.proxy.cpuMicros - start.proxy.cpuMicros;
  const out = {
    reqPerSec: load.reqPerSec,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    responses,
    windowMs: load.elapsedMs,
    // How long the warm-up before the window took and how many responses it saw (bench/window.mjs).
    warmup: load.warmup ?? null,
    upstreamConnections: be.connections,
    backendRequests: be.requests,
    newConnectionsInWindow: be.connections - start.backend.connections,
    requestsInWindow: be.requests - start.backend.requests,
    timeWait: end.timeWait.count,
    timeWaitSample: end.timeWait.sample,
    cpuPerRequestMicros: responses > 0 ? cpu / responses : null,
    maxRssMiB: end.proxy.maxRssKiB != null ? end.proxy.maxRssKiB / 1024 : null,
    // What the clients saw: failed requests (connection errors, timeouts) and non-2xx answers
    // (a proxy answers 502 when its upstream request fails).
    errors: load.errors + load.non2xx,
    clientErrors: load.errors,
    non2xx: load.non2xx,
    errorCodes: load.errorCodes,
    // What the proxy saw fail on its upstream side (http-proxy 'error' events; NGINX's error
    // log), whether or not the client then got an error (NGINX retries some).
    proxyErrors: end.proxy.errors - start.proxy.errors,
    proxyErrorCodes: deltaCounts(end.proxy.errorCodes, start.proxy.errorCodes),
  };
  // Upstream requests that went out on a connection opened for them rather than a reused one
  // (a TCP, and over TLS a TLS, handshake on the request's path), in the window and over the
  // whole run; counted by the Node proxies and the direct client, not by NGINX.
  if (end.proxy.onNewConnection !== undefined) {
    out.onNewConnection = end.proxy.onNewConnection - (start.proxy.onNewConnection ?? 0);
    out.upstreamResponsesInWindow = end.proxy.upstreamResponses - (start.proxy.upstreamResponses ?? 0);
    out.onNewConnectionTotal = end.proxy.onNewConnection;
    out.onNewConnectionShare = out.upstreamResponsesInWindow > 0 ? out.onNewConnection / out.upstreamResponsesInWindow : null;
  }
  // Ideal connection count: every client's connection once, plus one renewal per request
  // limit (maxRequestsPerSocket, NGINX's keepalive_requests).
  out.idealConnections = C + be.requests / (scenario.renewEvery ?? settings.agentMaxRequestsPerSocket);
  // CPU the machine spent in the window on anything but this run's processes (other work on a
  // shared machine), as a share of all its cores: the noise under this run's figures.
  if (start.machine && end.machine && end.driverCpu != null && !scenario.parallel) {
    // (In the direct scenario the client is the "proxy": its CPU is counted once.)
    const driverCpu = scenario.driver === 'client' ? 0 : end.driverCpu - start.driverCpu;
    const ours = cpu + (be.cpuMicros - start.backend.cpuMicros) + driverCpu;
    const busy = end.machine.busyMicros - start.machine.busyMicros;
    const total = end.machine.totalMicros - start.machine.totalMicros;
    out.foreignCpuShare = total > 0 ? Math.max(0, busy - ours) / total : null;
  }
  out.connectionsPerIdeal = be.connections / out.idealConnections;
  out.connectionsPerRequest = be.requests > 0 ? be.connections / be.requests : null;
  if (scenario.backend.tls) {
    const resumed = be.tlsResumed - start.backend.tlsResumed;
    const full = be.tlsFull - start.backend.tlsFull;
    out.backendTlsResumed = resumed;
    out.backendTlsFull = full;
    const a0 = start.proxy.agentStats;
    const a1 = end.proxy.agentStats;
    if (a1 && a1.tlsResumed !== undefined) {
      // Ours: from getStats(); the backend's count is kept as a cross-check.
      const r = a1.tlsResumed - (a0?.tlsResumed ?? 0);
      const f = a1.tlsFull - (a0?.tlsFull ?? 0);
      out.tlsSource = 'getStats()';
      out.tlsResumed = r;
      out.tlsHandshakes = r + f;
    } else {
      out.tlsSource = 'backend isSessionReused()';
      out.tlsResumed = resumed;
      out.tlsHandshakes = resumed + full;
    }
    out.tlsResumedShare = out.tlsHandshakes > 0 ? out.tlsResumed / out.tlsHandshakes : null;
  }
  if (end.proxy.agentStats) {
    const s = end.proxy.agentStats;
    out.agent = { created: s.created, reused: s.reused, requests: s.requests, closed: s.closed };
    // Warm replacements, where the build counts them (getStats().warm: opened / used / wasted).
    if (s.warm && typeof s.warm === 'object') {
      out.agent.warm = s.warm;
      out.warmInWindow = deltaNumbers(s.warm, start.proxy.agentStats?.warm);
    }
  }
  return out;
}

export const NUMERIC = [
  'reqPerSec',
  'p50Ms',
  'p99Ms',
  'upstreamConnections',
  'connectionsPerIdeal',
  'connectionsPerRequest',
  'newConnectionsInWindow',
  'timeWait',
  'cpuPerRequestMicros',
  'maxRssMiB',
  'tlsResumedShare',
  'onNewConnection',
  'errors',
  'proxyErrors',
  'foreignCpuShare',
];
const RATIO_METRICS = ['reqPerSec', 'p50Ms', 'p99Ms', 'upstreamConnections', 'cpuPerRequestMicros', 'maxRssMiB'];

/** Medians, spreads and ratios to Node's agent of every contender's runs in one scenario. */
export function summarizeScenario(title, runs, labels) {
  const out = { title, contenders: {} };
  for (const [c, list] of Object.entries(runs)) {
    const summary = {};
    for (const m of NUMERIC) summary[m] = summarize(list.map((r) => r[m]));
    const entry = { label: labels[c], runs: list, summary, wide: [] };
    for (const m of ['reqPerSec', 'p50Ms', 'p99Ms', 'cpuPerRequestMicros']) {
      if (summary[m].spread !== null && summary[m].spread > WIDE_SPREAD) entry.wide.push(m);
    }
    if (runs.node && c !== 'node') {
      entry.ratioToNode = {};
      for (const m of RATIO_METRICS) entry.ratioToNode[m] = ratioToNode(list, runs.node, m);
    }
    out.contenders[c] = entry;
  }
  return out;
}
