// The benchmark: `npm run bench` (full, ~8 minutes on 2 cores) or `npm run bench -- --quick`
// (~2 minutes). See bench/README.md for the scenarios, the figures and the targets.
//
// Every run starts its own processes: the backend (bench/backend.mjs), the proxy
// (bench/proxy.mjs, or NGINX) and the load generator (bench/loadgen.mjs, autocannon), or for the
// "direct" scenario the backend and a client using the agent (bench/client.mjs). Contenders run
// interleaved (A B C A B C ...); the report gives medians over the runs and ratios to Node's
// agent measured in the same pass. Results: bench/results/<date>-node<version>[-quick].json;
// charts and docs/benchmarks.md: bench/render.mjs.
//
// Options:
//   --quick                 short runs (2 rounds, 0.7 s warm-up + 1 s windows; short-keepalive: 1 round, 2 gaps)
//   --runs N                rounds per scenario (default 3, quick 2)
//   --scenarios a,b         among: direct, proxy, close, https, short-keepalive (default: all)
//   --contenders a,b        among: none, node, agentkeepalive, ours, nginx (default: all found)
//   --connections N         concurrent clients (default 32)
//   --measure-ms N          measured window per run (default 4000, quick 1000)
//   --warmup-ms N           warm-up before it (default 1000, quick 500)
//   --gaps-ms a,b,c         idle gaps of the short-keepalive scenario (default 4975,4985,4990,4995,5000;
//                           quick 4985,4995)
//   --burst-runs N          rounds of the short-keepalive scenario (default 3, quick 1)
//   --profile               write CPU profiles (--cpu-prof) of the Node proxies to bench/results/profiles/
//   --no-settle             do not wait for a quiet machine before each run (--settle: do, in --quick)
//   --no-render             do not draw charts / write docs/benchmarks.md
//   --docs                  also write docs/benchmarks.md from a --quick run (a full run always does)
import { execFileSync, fork } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { findNginx, startNginx } from './nginx.mjs';
import { judge, ratioToNode, summarize, WIDE_SPREAD } from './stats.mjs';
import { loadAverage, machine, machineCpu, newTimeWait, settle, timeWaitEntries, timeWaitSource } from './sys.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);

// Every process of the bench loads one copy of the build, taken now: a rebuild of dist/ while
// the bench runs (tests, another terminal) then changes nothing under it. The copy lives under
// bench/ so that it resolves its dependencies from the project's node_modules.
const distSnapshot = join(here, 'results', `.dist-${process.pid}`);
for (let i = 0; !existsSync(join(root, 'dist/cjs/index.js')); i++) {
  if (i === 60) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  await sleep(1000); // a build in progress elsewhere
}
cpSync(join(root, 'dist/cjs'), distSnapshot, { recursive: true });
const build = gitState();
process.on('exit', () => rmSync(distSnapshot, { recursive: true, force: true }));
const pkg = require(join(distSnapshot, 'index.js'));

/** The commit the build was made from, and whether lib/ had changes not committed yet. */
function gitState() {
  try {
    const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), libChanged: git('status', '--porcelain', '--', 'lib').length > 0 };
  } catch {
    return { commit: null, libChanged: null }; // not a git checkout
  }
}

// ---- options ------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const value = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('quick');
const settings = {
  mode: quick ? 'quick' : 'full',
  runs: Number(value('runs') ?? (quick ? 2 : 3)),
  connections: Number(value('connections') ?? 32),
  warmupMs: Number(value('warmup-ms') ?? (quick ? 700 : 1000)),
  measureMs: Number(value('measure-ms') ?? (quick ? 1000 : 4000)),
  // The short-keepalive scenario: bursts separated by idle gaps just under the backend's 5 s
  // keepalive timeout (Node's default), where a pooled connection races the server's close. The
  // upstream connections go idle over the last milliseconds of a burst, before the gap is
  // counted from the burst's end, so the gaps sweep a few ms to tens of ms below 5000 ms.
  burstRequests: quick ? 300 : 500,
  gapsMs: value('gaps-ms')?.split(',').map(Number) ?? (quick ? [4985, 4995] : [4975, 4985, 4990, 4995, 5000]),
  burstRuns: Number(value('burst-runs') ?? (quick ? 1 : 3)),
  burstSlotMs: quick ? 600 : 900,
  // The HTTPS backend closes a connection after this many requests (as an NGINX or Node
  // backend with a request limit does), so every run opens new upstream connections whose TLS
  // handshakes can resume a session.
  httpsBackendRequestsPerSocket: 100,
  bodyBytes: 128,
  profile: flag('profile'),
  // Before each run, wait (up to 10 s; 90 s in all) for the machine to be under 10 % busy (full
  // runs; --settle for quick ones, --no-settle to skip).
  settle: flag('settle') || (!quick && !flag('no-settle')),
  agentMaxRequestsPerSocket: pkg.DEFAULT_POOL_OPTIONS.maxRequestsPerSocket,
  wideSpread: WIDE_SPREAD,
};

const SCENARIOS = {
  direct: {
    title: 'Direct: a client using the agent, no proxy',
    driver: 'client',
    backend: { keepAliveTimeout: 65_000 },
  },
  proxy: {
    title: 'Through the proxy (clients keep their connections alive)',
    driver: 'autocannon',
    backend: { keepAliveTimeout: 65_000 },
  },
  close: {
    title: 'Through the proxy, clients send Connection: close',
    driver: 'close',
    backend: { keepAliveTimeout: 65_000 },
  },
  https: {
    title: `Through the proxy to an HTTPS backend (closes each connection after ${settings.httpsBackendRequestsPerSocket} requests)`,
    driver: 'autocannon',
    backend: { keepAliveTimeout: 65_000, tls: true, maxRequestsPerSocket: settings.httpsBackendRequestsPerSocket },
  },
  'short-keepalive': {
    title: `Through the proxy to a backend with a 5 s keepalive timeout, idle gaps of ${settings.gapsMs.join(' / ')} ms`,
    driver: 'bursts',
    parallel: true,
    // The backend hints `Keep-Alive: timeout=5` and closes an idle connection exactly 5 s after
    // its last response (see bench/backend.mjs for why not Node 20's own timer, which waits 6 s).
    backend: { keepAliveTimeout: 5000, strictIdleMs: 5000 },
  },
};

const CONTENDERS = {
  none: 'no agent (a new upstream connection per request; http-proxy without an agent)',
  node: "Node's http.Agent, keepAlive: true",
  agentkeepalive: 'agentkeepalive 4.6 (defaults)',
  ours: 'upstream-keepalive (defaults)',
  nginx: 'NGINX, keepalive 32',
};

const nginx = findNginx();
const wantedScenarios = value('scenarios')?.split(',') ?? Object.keys(SCENARIOS);
let wantedContenders = value('contenders')?.split(',') ?? Object.keys(CONTENDERS);
for (const s of wantedScenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s}`);
for (const c of wantedContenders) if (!CONTENDERS[c]) throw new Error(`unknown contender ${c}`);
if (!nginx && wantedContenders.includes('nginx')) {
  log('nginx: no binary found (Debian: apt-get install nginx-light); NGINX is skipped');
  wantedContenders = wantedContenders.filter((c) => c !== 'nginx');
}

function contendersOf(scenario) {
  // NGINX is a proxy: it has no part in the direct scenario.
  return wantedContenders.filter((c) => !(scenario === 'direct' && c === 'nginx'));
}

function log(...args) {
  process.stderr.write(`${args.join(' ')}\n`);
}

// ---- processes ------------------------------------------------------------------------------------

const children = new Set();

function forkChild(script, config, execArgv = []) {
  const child = fork(join(here, script), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.exited = new Promise((resolve) => child.on('exit', resolve));
  // Listened for at once: a child may be ready before the orchestrator gets round to it.
  child.ready = nextMessage(child, 'ready');
  child.loaded = nextMessage(child, 'loaded');
  child.ready.catch(() => {});
  child.loaded.catch(() => {});
  return child;
}

function nextMessage(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.type !== type) return;
      cleanup();
      resolve(msg);
    };
    const onExit = (code) => {
      cleanup();
      reject(new Error(`child exited (${code}) while waiting for '${type}'`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

let snapshotId = 0;
async function snapshot(child) {
  const id = ++snapshotId;
  const reply = new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.type === 'snapshot' && msg.id === id) {
        child.off('message', onMessage);
        resolve(msg);
      }
    };
    child.on('message', onMessage);
    child.once('exit', () => reject(new Error('child exited during a snapshot')));
  });
  child.send({ type: 'snapshot', id });
  return reply;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.send({ type: 'exit' });
  } catch {
    // already gone
  }
  await Promise.race([child.exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await child.exited;
  }
}

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(130));
}

// ---- one run ----------------------------------------------------------------------------------------

const SETTLE_BUDGET_MS = 90_000;
let settleSpentMs = 0;
let tls;
let tmpRoot;
let profileDir;

/**
 * Starts the processes of one contender in one scenario. Returns a handle whose `go()` starts
 * the load and resolves with the run's raw figures.
 */
async function prepare(scenarioName, contender, round) {
  const scenario = SCENARIOS[scenarioName];
  const b = scenario.backend;
  const backend = forkChild('backend.mjs', {
    tls: b.tls ? tls : null,
    keepAliveTimeout: b.keepAliveTimeout,
    maxRequestsPerSocket: b.maxRequestsPerSocket ?? 0,
    strictIdleMs: b.strictIdleMs ?? 0,
    bodyBytes: settings.bodyBytes,
  });
  const execArgv = [];
  if (settings.profile && contender !== 'nginx') {
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${scenarioName}-${contender}-r${round}.cpuprofile`);
  }
  // Every process starts at once; the proxy and the load generator learn the backend's and the
  // proxy's addresses by message.
  const C = settings.connections;
  let proxy = null; // a Node proxy process
  let ngx = null; // or NGINX
  let driver;
  let driverConfig;
  if (scenario.driver === 'client') {
    driver = forkChild(
      'client.mjs',
      { contender, tls: !!b.tls, dist: distSnapshot, connections: C, warmupMs: settings.warmupMs, measureMs: settings.measureMs },
      execArgv,
    );
  } else {
    driver = forkChild('loadgen.mjs', {});
    if (contender !== 'nginx') proxy = forkChild('proxy.mjs', { contender, tls: !!b.tls, dist: distSnapshot }, execArgv);
  }
  const { port: backendPort } = await backend.ready;
  const timeWaitBefore = timeWaitEntries(backendPort);
  const target = `${b.tls ? 'https' : 'http'}://127.0.0.1:${backendPort}`;
  if (scenario.driver === 'client') {
    driverConfig = { target };
  } else {
    let proxyPort;
    if (contender === 'nginx') {
      ngx = await startNginx(nginx, target, mkdtempSync(join(tmpRoot, 'nginx-')));
      proxyPort = ngx.port;
    } else {
      await proxy.loaded;
      proxy.send({ type: 'start', target });
      proxyPort = (await proxy.ready).port;
    }
    const url = `http://127.0.0.1:${proxyPort}/`;
    const common = { url, port: proxyPort, connections: C, warmupMs: settings.warmupMs, measureMs: settings.measureMs };
    driverConfig =
      scenario.driver === 'bursts'
        ? { ...common, mode: 'bursts', burstRequests: settings.burstRequests, gapsMs: settings.gapsMs }
        : { ...common, mode: scenario.driver };
  }
  await driver.ready;

  const proxySnapshot = async (markMsg) => {
    if (markMsg.proxy) return markMsg.proxy; // the direct client reports its own
    if (ngx) return { ...ngx.usage(), ...ngx.upstreamErrors(), agentStats: null };
    return (await snapshot(proxy)).proxy;
  };

  const go = async () => {
    const marks = {};
    // Before the load starts: wait (bounded) for the machine to be quiet, and record how busy it was.
    let quiet = null;
    if (settings.settle && !SCENARIOS[scenarioName].parallel) {
      // Bounded: at most 10 s per run, and 90 s over the whole bench.
      quiet = await settle({ maxWaitMs: Math.min(10_000, Math.max(0, SETTLE_BUDGET_MS - settleSpentMs)) });
      settleSpentMs += quiet.waitedMs;
    }
    driver.on('message', async (msg) => {
      if (msg.type !== 'mark') return;
      const [be, px] = await Promise.all([snapshot(backend), proxySnapshot(msg)]);
      marks[msg.phase] = { backend: be.counters, proxy: px, driverCpu: msg.driverCpuMicros, machine: machineCpu(), at: performance.now() };
      if (msg.phase === 'end') marks.end.timeWait = newTimeWait(backendPort, timeWaitBefore);
      driver.send({ type: 'marked' });
    });
    const resultMsg = nextMessage(driver, 'result');
    driver.send({ type: 'go', config: driverConfig });
    const { result } = await resultMsg;
    await Promise.all([stopChild(driver), proxy && stopChild(proxy), ngx?.stop(), stopChild(backend)]);
    const out = figures(scenarioName, contender, result, marks);
    if (quiet) {
      out.busyBeforeShare = quiet.busyShare;
      out.settleWaitMs = quiet.waitedMs;
    }
    return out;
  };
  return { go };
}

function deltaCounts(end = {}, start = {}) {
  const out = {};
  for (const [k, n] of Object.entries(end)) if (n - (start[k] ?? 0) > 0) out[k] = n - (start[k] ?? 0);
  return out;
}

/** The figures of one run, from the load generator's window and the two snapshots. */
function figures(scenarioName, contender, load, marks) {
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
  // Ideal connection count: every client's connection once, plus one renewal per
  // maxRequestsPerSocket requests (NGINX's keepalive_requests).
  out.idealConnections = C + be.requests / settings.agentMaxRequestsPerSocket;
  // CPU the machine spent in the window on anything but this run's processes (other work on a
  // shared machine), as a share of all its cores: the noise under this run's figures.
  const scenario = SCENARIOS[scenarioName];
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
  if (SCENARIOS[scenarioName].backend.tls) {
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
  }
  return out;
}

// ---- the passes -----------------------------------------------------------------------------------

const NUMERIC = [
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
  'errors',
  'proxyErrors',
  'foreignCpuShare',
];
const RATIO_METRICS = ['reqPerSec', 'p50Ms', 'p99Ms', 'upstreamConnections', 'cpuPerRequestMicros', 'maxRssMiB'];

async function runScenario(name) {
  const scenario = SCENARIOS[name];
  const contenders = contendersOf(name);
  const runs = Object.fromEntries(contenders.map((c) => [c, []]));
  const rounds = scenario.parallel ? settings.burstRuns : settings.runs;
  for (let round = 1; round <= rounds; round++) {
    if (scenario.parallel) {
      // All contenders at once, each with its own backend, proxy and load generator, their
      // bursts staggered so that they do not overlap (most of the time is idle gaps).
      log(`[${name}] round ${round}/${rounds}: ${contenders.join(', ')} side by side, staggered by ${settings.burstSlotMs} ms`);
      const prepared = [];
      for (const c of contenders) prepared.push(await prepare(name, c, round));
      const results = await Promise.all(
        prepared.map(async (p, i) => {
          await sleep(i * settings.burstSlotMs);
          return p.go();
        }),
      );
      results.forEach((r, i) => {
        runs[contenders[i]].push(r);
        log(`  ${contenders[i].padEnd(15)} ${line(r)}`);
      });
    } else {
      for (const c of contenders) {
        const p = await prepare(name, c, round);
        const r = await p.go();
        runs[c].push(r);
        log(`[${name}] round ${round}/${rounds} ${c.padEnd(15)} ${line(r)}`);
      }
    }
  }
  return summarizeScenario(name, runs);
}

function line(r) {
  return (
    `${fmt(r.reqPerSec, 0)} req/s  p50 ${fmt(r.p50Ms, 2)} ms  p99 ${fmt(r.p99Ms, 2)} ms  ` +
    `upstream conns ${r.upstreamConnections}  TIME_WAIT ${r.timeWait}  errors ${r.errors}` +
    (r.tlsResumedShare != null ? `  TLS resumed ${fmt(r.tlsResumedShare * 100, 1)}%` : '')
  );
}

function summarizeScenario(name, runs) {
  const out = { title: SCENARIOS[name].title, contenders: {} };
  for (const [c, list] of Object.entries(runs)) {
    const summary = {};
    for (const m of NUMERIC) summary[m] = summarize(list.map((r) => r[m]));
    const entry = { label: CONTENDERS[c], runs: list, summary, wide: [] };
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

// ---- targets --------------------------------------------------------------------------------------

function targets(scenarios) {
  const t = [];
  const ours = (s) => scenarios[s]?.contenders.ours;
  const node = (s) => scenarios[s]?.contenders.node;
  const paired = (s, metric) => {
    const o = ours(s);
    const n = node(s);
    if (!o || !n) return [];
    return o.runs.map((r, i) => (n.runs[i] ? r[metric] / n.runs[i][metric] : NaN));
  };
  if (ours('proxy') && node('proxy')) {
    t.push({
      id: 'proxy-rps',
      goal: "Through the proxy, our req/s ≥ 0.97 × Node's agent (defaults)",
      ...judge(paired('proxy', 'reqPerSec'), '>=', 0.97),
      unit: "× Node's agent, per round",
    });
    t.push({
      id: 'proxy-p99',
      goal: "Through the proxy, our p99 latency ≤ 1.1 × Node's agent",
      ...judge(paired('proxy', 'p99Ms'), '<=', 1.1),
      unit: "× Node's agent, per round",
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
  if (ours('close')) {
    t.push({
      id: 'close-connections',
      goal: `Clients sending Connection: close: our upstream connections ≤ concurrency (${settings.connections})`,
      ...judge(ours('close').runs.map((r) => r.upstreamConnections), '<=', settings.connections),
      unit: 'connections, per run',
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

// ---- report ----------------------------------------------------------------------------------------

function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function printTable(name, sc) {
  const rows = [];
  const head = ['contender', 'req/s', '×Node', 'p50 ms', 'p99 ms', '×Node', 'upstream conns', 'TIME_WAIT', 'CPU µs/req', 'maxRSS MiB', 'TLS resumed', 'errors', 'upstream errs', 'other CPU'];
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
  const wide = Object.entries(sc.contenders).filter(([, e]) => e.wide.length);
  for (const [c, e] of wide) {
    console.log(`  * ${c}: the runs spread over more than ${WIDE_SPREAD * 100}% of the median for ${e.wide.join(', ')}: too wide to conclude on these`);
  }
  const o = sc.contenders.ours;
  if (o?.runs.at(-1)?.agent) {
    const closed = Object.entries(o.runs.at(-1).agent.closed).filter(([, n]) => n > 0);
    console.log(`  ours, closed by reason (last run): ${closed.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  }
}

// ---- main -------------------------------------------------------------------------------------------

const started = Date.now();
const loadBefore = loadAverage();
tmpRoot = mkdtempSync(join(os.tmpdir(), 'upstream-keepalive-bench-'));
if (settings.profile) {
  profileDir = join(here, 'results', 'profiles');
  mkdirSync(profileDir, { recursive: true });
}
if (wantedScenarios.some((s) => SCENARIOS[s].backend.tls)) {
  const selfsigned = require('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' });
  tls = { key: pems.private, cert: pems.cert };
}
log(
  `upstream-keepalive bench (${settings.mode}): ${settings.runs} rounds, ${settings.connections} connections, ` +
    `windows ${settings.warmupMs} + ${settings.measureMs} ms; TIME_WAIT from ${timeWaitSource()}; ` +
    `nginx ${nginx ? nginx.version : 'absent'}; load average ${loadBefore.join(' ')}`,
);

const scenarios = {};
try {
  for (const name of wantedScenarios) {
    scenarios[name] = await runScenario(name);
    printTable(name, scenarios[name]);
  }
} finally {
  rmSync(tmpRoot, { recursive: true, force: true });
}

const report = {
  schema: 1,
  date: new Date().toISOString(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  settleWaitSeconds: Math.round(settleSpentMs / 1000),
  node: process.version,
  nginx: nginx?.version ?? null,
  build,
  machine: machine(),
  loadAverage: { before: loadBefore, after: loadAverage() },
  timeWaitSource: timeWaitSource(),
  settings,
  contenders: Object.fromEntries(wantedContenders.map((c) => [c, CONTENDERS[c]])),
  scenarios,
  targets: targets(scenarios),
};

console.log('\nTargets (ours):');
for (const t of report.targets) {
  const vals = t.values.map((v) => fmt(v, Number.isInteger(v) ? 0 : 3)).join(', ');
  console.log(`  [${t.verdict}] ${t.goal}: ${vals} (${t.unit})`);
}

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
// <date>-<HHMM UTC>-node<version>[-quick].json: several runs a day keep their own files.
const stamp = `${report.date.slice(0, 10)}-${report.date.slice(11, 13)}${report.date.slice(14, 16)}`;
const file = join(resultsDir, `${stamp}-node${process.version.slice(1)}${quick ? '-quick' : ''}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nresults: ${relative(root, file)} (${report.durationSeconds} s; load average before ${loadBefore.join(' ')}, after ${report.loadAverage.after.join(' ')})`);

if (!flag('no-render')) {
  const { render } = await import('./render.mjs');
  const written = await render(file, { docs: !quick || flag('docs') });
  for (const f of written) console.log(`wrote ${relative(root, f)}`);
}
