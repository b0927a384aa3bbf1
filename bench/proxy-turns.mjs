// The headline scenario (plain http-proxy, no helper, every option at its default) measured so
// that a noisy machine cancels out: the proxies of every contender run side by side, idle but
// for their turn, and one load generator sends them short batches in turn, rotated batch by
// batch, as bench/overhead.mjs does for the direct client.
//
//   npm run build && node bench/proxy-turns.mjs [--batches 20] [--batch-ms 1000] [--connections 32]
//                                               [--warmup-ms 1000] [--warmup-max-ms 12000]
//                                               [--warmup-responses N] [--dist <dir of the CommonJS build>] [--json]
//                                               [--variant name=JSON ...]
//
// `npm run bench` runs it as its "proxy-turns" step, right after the `proxy` scenario, and judges
// the headline's req/s and p99 targets on it: the scenario's rounds are minutes apart, in fresh
// processes, and on this 2-core machine the same contender's rounds spread by tens of per cent,
// which no three rounds can resolve.
//
// Processes: one backend (bench/backend.mjs), one proxy per contender (bench/proxy.mjs, the same
// as the scenario's), and this one, the load generator (autocannon as a library, `connections`
// keep-alive clients, a fresh set per batch). Each proxy is first warmed up alone, past the first
// renewal wave of our request limit (see bench/window.mjs `warmUp`). A batch: autocannon against
// one proxy; its first 50 ms (the clients connecting) are not counted, then `batch-ms` are. Per
// batch: req/s, p99 of every response's latency, and the proxy's CPU time per upstream response
// (its own `process.cpuUsage()`). The ratios to Node's agent are taken batch by batch, against
// Node's batch of the same turn; the report gives their median and interquartile range.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { numberOption } from './child-server.mjs';
import { forkChild, snapshot, stopChild } from './procs.mjs';
import { median, quartiles, rotatedBatches } from './stats.mjs';
import { Window } from './window.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const argv = process.argv.slice(2);
const opt = (name, dflt) => numberOption(argv, name, dflt);
const distIndex = argv.indexOf('--dist');
const dist = distIndex >= 0 ? argv[distIndex + 1] : join(dirname(fileURLToPath(import.meta.url)), '../dist/cjs/index.js');
const BATCHES = opt('batches', 20);
const BATCH_MS = opt('batch-ms', 1000);
const CONNECTIONS = opt('connections', 32);
const RAMP_MS = 50;
const WARMUP = {
  warmupMs: opt('warmup-ms', 1000),
  warmupMaxMs: opt('warmup-max-ms', 12_000),
  // One renewal wave of the default request limit (1000), 20 % over it for the jitter.
  warmupResponses: opt('warmup-responses', Math.ceil(1000 * 1.2) * CONNECTIONS),
};
// NGINX and `none` take no part: the targets compare ours with Node's agent.
const BASE_CONTENDERS = ['node', 'agentkeepalive', 'ours'];
/**
 * `--variant name=JSON` (repeatable): one more contender, ours built with those agent options
 * (`1e12` stands for "out of reach", JSON having no Infinity), to see what a feature costs
 * against Node's agent in the same turns; e.g. `--variant no-renewals='{"maxRequestsPerSocket":1e12}'`.
 */
const VARIANTS = Object.fromEntries(
  argv.flatMap((a, i) => {
    if (a !== '--variant') return [];
    const spec = argv[i + 1] ?? '';
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new Error(`--variant wants name=JSON, got ${JSON.stringify(spec)}`);
    const name = spec.slice(0, eq);
    if (BASE_CONTENDERS.includes(name)) throw new Error(`--variant ${name}: the name of a contender`);
    return [[name, JSON.parse(spec.slice(eq + 1))]];
  }),
);
const CONTENDERS = [...BASE_CONTENDERS, ...Object.keys(VARIANTS)];

/** Autocannon against `url` until `until()` resolves; every response goes to `window`. */
async function load(url, window, until) {
  let done;
  const finished = new Promise((resolve, reject) => {
    done = (err, res) => (err ? reject(err) : resolve(res));
  });
  // The duration is only a bound: `until` stops it.
  const instance = autocannon({ url, connections: CONNECTIONS, duration: 120, sampleInt: 100, timeout: 10 }, done);
  instance.on('response', (_client, status, _bytes, latencyMs) => window.response(status, latencyMs));
  instance.on('reqError', (err) => window.error(err));
  await until();
  instance.stop();
  await finished;
}

async function main() {
  const backend = forkChild('backend.mjs', { tls: null, keepAliveTimeout: 65_000, maxRequestsPerSocket: 0, strictIdleMs: 0, bodyBytes: 128 });
  // A variant is ours with its agent options (`agentOptions` is undefined for the others).
  const proxies = Object.fromEntries(
    CONTENDERS.map((c) => [c, forkChild('proxy.mjs', { contender: c in VARIANTS ? 'ours' : c, tls: false, dist, helper: false, agentOptions: VARIANTS[c] })]),
  );
  const { port: backendPort } = await backend.ready;
  const urls = {};
  for (const [c, proxy] of Object.entries(proxies)) {
    await proxy.loaded;
    proxy.send({ type: 'start', target: `http://127.0.0.1:${backendPort}` });
    urls[c] = `http://127.0.0.1:${(await proxy.ready).port}/`;
  }

  // Each proxy warmed up alone: its pool filled, its code optimised, its first renewal wave past.
  const warmups = {};
  for (const c of CONTENDERS) {
    const w = new Window();
    const t0 = performance.now();
    await load(urls[c], w, async () => {
      await sleep(WARMUP.warmupMs);
      while (w.seen < WARMUP.warmupResponses && performance.now() - t0 < WARMUP.warmupMaxMs) await sleep(20);
    });
    warmups[c] = { ms: Math.round(performance.now() - t0), responses: w.seen };
  }

  async function batch(c) {
    const w = new Window();
    let before;
    let after;
    await load(urls[c], w, async () => {
      await sleep(RAMP_MS);
      [before] = await Promise.all([snapshot(proxies[c]), w.start()]);
      await sleep(BATCH_MS);
      w.stop();
      after = await snapshot(proxies[c]);
    });
    const r = w.result();
    const responses = after.proxy.upstreamResponses - before.proxy.upstreamResponses;
    return {
      reqPerSec: r.reqPerSec,
      p99Ms: r.p99Ms,
      cpuPerRequest: responses > 0 ? (after.proxy.cpuMicros - before.proxy.cpuMicros) / responses : null,
      errors: r.errors + r.non2xx,
      proxyErrors: after.proxy.errors - before.proxy.errors,
    };
  }
  const runs = await rotatedBatches(CONTENDERS, BATCHES, batch);

  const ratios = (c, metric) => quartiles(runs[c].map((r, i) => r[metric] / runs.node[i][metric]));
  const result = { batches: BATCHES, batchMs: BATCH_MS, connections: CONNECTIONS, node: process.version, warmup: WARMUP, variants: VARIANTS, contenders: {} };
  for (const c of CONTENDERS) {
    const stats = (await snapshot(proxies[c])).proxy.agentStats;
    result.contenders[c] = {
      reqPerSec: median(runs[c].map((r) => r.reqPerSec)),
      reqPerSecRatio: ratios(c, 'reqPerSec'),
      p99Ms: median(runs[c].map((r) => r.p99Ms)),
      p99Ratio: ratios(c, 'p99Ms'),
      cpuPerRequestMicros: median(runs[c].map((r) => r.cpuPerRequest)),
      cpuRatio: ratios(c, 'cpuPerRequest'),
      errors: runs[c].reduce((n, r) => n + r.errors, 0),
      proxyErrors: runs[c].reduce((n, r) => n + r.proxyErrors, 0),
      warmup: warmups[c],
      // Ours: close reasons and warm replacements over the whole step.
      closed: stats ? stats.closed : null,
      warm: stats?.warm ?? null,
    };
  }
  await Promise.all([...Object.values(proxies).map(stopChild), stopChild(backend)]);

  const iqr = (q) => `${q.median.toFixed(3)} (${q.q25.toFixed(3)}–${q.q75.toFixed(3)})`;
  console.log(`${BATCHES} batches × ${BATCH_MS} ms per contender through plain http-proxy, ${CONNECTIONS} connections, contenders rotated batch by batch (Node ${process.version})`);
  console.log('contender        req/s    req/s × Node (median, IQR)   p99 ms   p99 × Node (median, IQR)   proxy CPU µs/req   CPU × Node (median, IQR)   errors');
  for (const [c, a] of Object.entries(result.contenders)) {
    console.log(
      `${c.padEnd(16)} ${String(Math.round(a.reqPerSec)).padStart(5)}    ${iqr(a.reqPerSecRatio).padEnd(28)} ${a.p99Ms.toFixed(2).padStart(6)}   ${iqr(a.p99Ratio).padEnd(26)} ${a.cpuPerRequestMicros.toFixed(1).padStart(16)}   ${iqr(a.cpuRatio).padEnd(26)} ${a.errors}+${a.proxyErrors}`,
    );
  }
  if (argv.includes('--json')) console.log(JSON.stringify(result));
}

await main();
