// The benchmark: `npm run bench` (full, ~15–17 minutes on 2 cores) or `npm run bench -- --quick`
// (~2.5 minutes). See bench/README.md for the scenarios, the figures and the targets, and
// bench/config.mjs for the options.
//
// Every run starts its own processes: the backend (bench/backend.mjs), the proxy
// (bench/proxy.mjs, or NGINX) and the load generator (bench/loadgen.mjs, autocannon), or for the
// "direct" scenario the backend and a client using the agent (bench/client.mjs). Contenders run
// interleaved (A B C A B C ...); the report gives medians over the runs and ratios to Node's
// agent measured in the same pass. The "overhead" step runs bench/overhead.mjs (one client
// process, the server in another, agents rotated batch by batch: the client's CPU per request). Results:
// bench/results/<date>-node<version>[-quick].json; charts and docs/benchmarks.md: bench/render.mjs.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CONTENDERS, defaultOrder, parseOptions, scenariosOf, STEPS } from './config.mjs';
import { figures, summarizeScenario } from './figures.mjs';
import { findNginx, startNginx } from './nginx.mjs';
import { line, printFetch, printOverhead, printProxyTurns, printTable, printTargets } from './print.mjs';
import { forkChild, nextMessage, snapshot, stopChild } from './procs.mjs';
import { loadAverage, machine, machineCpu, newTimeWait, settle, timeWaitEntries, timeWaitSource } from './sys.mjs';
import { targets } from './targets.mjs';

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

const options = parseOptions(process.argv.slice(2), { defaultMaxRequestsPerSocket: pkg.DEFAULT_POOL_OPTIONS.maxRequestsPerSocket });
const { settings, quick, flag } = options;
const SCENARIOS = scenariosOf(settings);
const nginx = findNginx();
const wantedScenarios = options.scenarios ?? defaultOrder(SCENARIOS);
let wantedContenders = options.contenders ?? Object.keys(CONTENDERS);
for (const s of wantedScenarios) if (!SCENARIOS[s] && !STEPS.includes(s)) throw new Error(`unknown scenario ${s}`);
for (const c of wantedContenders) if (!CONTENDERS[c]) throw new Error(`unknown contender ${c}`);
if (!nginx && wantedContenders.includes('nginx')) {
  log('nginx: no binary found (Debian: apt-get install nginx-light); NGINX is skipped');
  wantedContenders = wantedContenders.filter((c) => c !== 'nginx');
}

function contendersOf(scenario) {
  // NGINX is a proxy: it has no part in the direct scenario.
  const only = SCENARIOS[scenario].only;
  return wantedContenders.filter((c) => !(scenario === 'direct' && c === 'nginx') && (!only || only.includes(c)));
}

function log(...args) {
  process.stderr.write(`${args.join(' ')}\n`);
}

// ---- one run ----------------------------------------------------------------------------------------

const SETTLE_BUDGET_MS = 90_000;
let settleSpentMs = 0;
let tls;
let tmpRoot;
let profileDir;

/**
 * The warm-up of a scenario's runs (bench/window.mjs `warmUp`): `warmupMs`, then until every
 * connection has had about one request limit's worth of requests (the scenario's limit for ours,
 * or the backend's when it closes sooner; 20 % over it for the jitter), at most `warmupMaxMs`.
 * The same for every contender of the scenario.
 */
function warmupOf(scenario) {
  const ours = scenario.agentOptions?.ours?.maxRequestsPerSocket ?? settings.agentMaxRequestsPerSocket;
  const limit = Math.min(ours, scenario.backend.maxRequestsPerSocket || Infinity);
  const warmupResponses = Number.isFinite(limit) ? Math.ceil(limit * 1.2) * settings.connections : 0;
  return { warmupMs: settings.warmupMs, warmupResponses, warmupMaxMs: settings.warmupMaxMs };
}

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
  const agentOptions = scenario.agentOptions?.[contender];
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
      { contender, tls: !!b.tls, dist: distSnapshot, agentOptions, connections: C, ...warmupOf(scenario), measureMs: settings.measureMs },
      execArgv,
    );
  } else {
    driver = forkChild('loadgen.mjs', {});
    if (contender !== 'nginx') proxy = forkChild('proxy.mjs', { contender, tls: !!b.tls, dist: distSnapshot, helper: scenario.helper === true, agentOptions }, execArgv);
  }
  const { port: backendPort } = await backend.ready;
  const timeWaitBefore = timeWaitEntries(backendPort);
  const target = `${b.tls ? 'https' : 'http'}://127.0.0.1:${backendPort}`;
  if (scenario.driver === 'client') {
    driverConfig = { target };
  } else {
    let proxyPort;
    if (contender === 'nginx') {
      ngx = await startNginx(nginx, target, mkdtempSync(join(tmpRoot, 'nginx-')), scenario.nginx);
      proxyPort = ngx.port;
    } else {
      await proxy.loaded;
      proxy.send({ type: 'start', target });
      proxyPort = (await proxy.ready).port;
    }
    const url = `http://127.0.0.1:${proxyPort}/`;
    const common = { url, port: proxyPort, connections: C, ...warmupOf(scenario), measureMs: settings.measureMs };
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
    if (settings.settle && !scenario.parallel) {
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
    const out = figures({ scenario, settings }, result, marks);
    if (quiet) {
      out.busyBeforeShare = quiet.busyShare;
      out.settleWaitMs = quiet.waitedMs;
    }
    return out;
  };
  return { go };
}

// ---- the passes -----------------------------------------------------------------------------------

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
  const out = summarizeScenario(scenario.title, runs, CONTENDERS);
  out.helper = scenario.helper ?? null;
  out.agentOptions = scenario.agentOptions ?? null;
  out.nginx = scenario.nginx ?? null;
  return out;
}

/** bench/overhead.mjs on the bench's copy of the build; its table goes to stderr, its JSON line is kept. */
async function runOverhead() {
  log(`[overhead] bench/overhead.mjs: ${settings.overheadBatches} batches × ${settings.overheadRequests} requests per agent`);
  const args = [join(here, 'overhead.mjs'), '--batches', String(settings.overheadBatches), '--requests', String(settings.overheadRequests)];
  args.push('--connections', String(settings.connections), '--dist', join(distSnapshot, 'index.js'), '--json');
  return jsonStep(args, 'overhead.mjs');
}

/** bench/fetch.mjs on the bench's copy of the build; its table goes to stderr, its JSON line is kept. */
async function runFetch() {
  log(`[fetch] bench/fetch.mjs: ${settings.fetchBatches} batches × ${settings.fetchRequests} requests per contender`);
  const args = [join(here, 'fetch.mjs'), '--batches', String(settings.fetchBatches), '--requests', String(settings.fetchRequests)];
  args.push('--connections', String(settings.connections), '--gaps', String(settings.fetchGaps), '--dist', distSnapshot, '--json');
  return jsonStep(args, 'fetch.mjs');
}

/** bench/proxy-turns.mjs on the bench's copy of the build; its table goes to stderr, its JSON line is kept. */
async function runProxyTurns() {
  log(`[proxy-turns] bench/proxy-turns.mjs: ${settings.turnsBatches} batches × ${settings.turnsBatchMs} ms per contender`);
  const args = [join(here, 'proxy-turns.mjs'), '--batches', String(settings.turnsBatches), '--batch-ms', String(settings.turnsBatchMs)];
  args.push('--connections', String(settings.connections), '--dist', distSnapshot, '--json');
  args.push('--warmup-ms', String(settings.warmupMs), '--warmup-max-ms', String(settings.warmupMaxMs));
  args.push('--warmup-responses', String(Math.ceil(settings.agentMaxRequestsPerSocket * 1.2) * settings.connections));
  return jsonStep(args, 'proxy-turns.mjs');
}

/** Runs a step's script (node `args`) and returns the JSON line it printed last. */
async function jsonStep(args, script) {
  const stdout = await new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (err, out, errOut) => (err ? reject(new Error(`${script} failed: ${errOut}`)) : resolve(out))),
  );
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines.findLast((l) => l.startsWith('{')));
}

// ---- main -------------------------------------------------------------------------------------------

const started = Date.now();
const loadBefore = loadAverage();
tmpRoot = mkdtempSync(join(os.tmpdir(), 'upstream-keepalive-bench-'));
if (settings.profile) {
  profileDir = join(here, 'results', 'profiles');
  mkdirSync(profileDir, { recursive: true });
}
if (wantedScenarios.some((s) => SCENARIOS[s]?.backend.tls)) {
  const selfsigned = require('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' });
  tls = { key: pems.private, cert: pems.cert };
}
log(
  `upstream-keepalive bench (${settings.mode}): ${settings.runs} rounds, ${settings.connections} connections, ` +
    `windows ${settings.warmupMs} (up to ${settings.warmupMaxMs}) + ${settings.measureMs} ms; TIME_WAIT from ${timeWaitSource()}; ` +
    `nginx ${nginx ? nginx.version : 'absent'}; load average ${loadBefore.join(' ')}`,
);

const scenarios = {};
let overhead = null;
let fetchStep = null;
let proxyTurns = null;
try {
  for (const name of wantedScenarios) {
    if (name === 'overhead') {
      overhead = await runOverhead();
      printOverhead(overhead);
      continue;
    }
    if (name === 'fetch') {
      fetchStep = await runFetch();
      printFetch(fetchStep);
      continue;
    }
    if (name === 'proxy-turns') {
      proxyTurns = await runProxyTurns();
      printProxyTurns(proxyTurns);
      continue;
    }
    scenarios[name] = await runScenario(name);
    printTable(scenarios[name]);
  }
} finally {
  rmSync(tmpRoot, { recursive: true, force: true });
}

const report = {
  schema: 2,
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
  overhead,
  fetch: fetchStep,
  proxyTurns,
  targets: targets(scenarios, settings, overhead, fetchStep, proxyTurns),
};
printTargets(report.targets);

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
