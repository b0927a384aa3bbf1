#!/usr/bin/env node
// Soak run (issue 7): mixed traffic and faults against the fault server of the test suite, for
// a bounded time, through HttpAgent and HttpsAgent; reports requests, errors by kind, retries
// (isRetryableReuseError, once), close reasons, heap used and open file descriptors at start
// and end. Not part of `npm test`.
//
//   npm run soak                      # 3 minutes (npm run build first: it uses dist/)
//   node --expose-gc bench/soak.mjs --seconds 60 [--concurrency 16] [--seed 1] [--json out.json]
//
// The fault server is __tests__/helpers/fault-server.ts, transpiled on the fly with the
// project's TypeScript (it imports nothing but Node's modules).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

// ---- arguments ---------------------------------------------------------------------------------
function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const SECONDS = Number(arg('seconds', '180'));
const CONCURRENCY = Number(arg('concurrency', '16'));
const SEED = Number(arg('seed', String(Date.now() % 2 ** 31)));
const JSON_OUT = arg('json', undefined);
const REPORT_EVERY_MS = Number(arg('report-every', '30')) * 1000;
if (!(SECONDS > 0) || !(CONCURRENCY > 0)) {
  console.error('usage: soak.mjs [--seconds N] [--concurrency N] [--seed N] [--json file]');
  process.exit(1);
}

// ---- what is measured ----------------------------------------------------------------------------
const fdCount = () => {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return NaN; // not Linux
  }
};
const heapUsed = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
const processStart = { fds: fdCount(), heapUsed: heapUsed() };

// ---- the pieces ----------------------------------------------------------------------------------
const distEntry = join(root, 'dist/cjs/index.js');
if (!existsSync(distEntry)) {
  console.error('dist/ is missing: run `npm run build` first (npm run soak does).');
  process.exit(1);
}
const { HttpAgent, HttpsAgent, isRetryableReuseError, CLOSE_REASONS } = require(distEntry);
const ts = require('typescript');
const workDir = mkdtempSync(join(tmpdir(), 'upstream-keepalive-soak-'));
const faultSource = readFileSync(join(root, '__tests__/helpers/fault-server.ts'), 'utf8');
const transpiled = ts.transpileModule(faultSource, {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
});
writeFileSync(join(workDir, 'fault-server.cjs'), transpiled.outputText);
const { FaultServer, send, pause } = require(join(workDir, 'fault-server.cjs'));
const selfsigned = require('selfsigned');

/** mulberry32 */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);

/** The traffic mix: weight, path, send options. */
const MIX = [
  [55, '/ok', {}],
  [5, '/ok?len=65536', {}],
  [4, '/slow?ms=50', {}],
  [4, '/ok', { method: 'POST', body: 'x'.repeat(512), headers: { 'content-length': 512 } }],
  [3, '/chunked-trailers', {}],
  [2, '/early-hints', {}],
  [2, '/continue', { method: 'POST', body: 'hello', headers: { expect: '100-continue', 'content-length': 5 } }],
  [2, '/early?then=drain', { method: 'POST', headers: { 'content-length': 10 }, bodyParts: [{ data: 'hello' }, { data: 'world', afterMs: 10 }] }],
  [3, '/close', {}],
  [2, '/close-keep-open', {}],
  [2, '/http10', {}],
  [1, '/http10-keepalive', {}],
  [1.5, '/reset-headers', {}],
  [1.5, '/reset-body', {}],
  [1.5, '/reset-on-request', {}],
  [1, '/extra-bytes', {}],
  [2, '/extra-bytes-later', {}],
  [1, '/short-length', {}],
  [1, '/long-length?then=fin', {}],
  [2, '/half-close', {}],
  [1, '/half-close-later', {}],
  [0.5, '/stall-headers', { timeout: 200 }],
  [0.5, '/long-length?then=stall', { timeout: 200 }],
  [1, '/upgrade', { headers: { connection: 'upgrade', upgrade: 'echo' }, upgrade: true }],
  [0.5, '/early?then=close', { method: 'POST', headers: { 'content-length': 10 }, bodyParts: [{ data: 'hello' }, { data: 'world', afterResponse: true, afterMs: 50 }] }],
];
const totalWeight = MIX.reduce((a, [w]) => a + w, 0);
function pick() {
  let r = random() * totalWeight;
  for (const entry of MIX) {
    r -= entry[0];
    if (r <= 0) return entry;
  }
  return MIX[0];
}

// ---- run -----------------------------------------------------------------------------------------
const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
  keyType: 'ec',
  curve: 'P-256',
  algorithm: 'sha256',
  extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
});
const tlsMaterial = { key: pems.private, cert: pems.cert };

// Three backends: 1 s idle timeout without a hint (the race), 2 s with `Keep-Alive: timeout=2`,
// and TLS with a 1 s idle timeout without a hint.
const backends = [
  { name: 'http, 1 s, no hint', server: await FaultServer.start({ keepAlive: { ms: 1000 }, maxRecords: 200 }) },
  { name: 'http, 2 s, hint', server: await FaultServer.start({ keepAlive: { ms: 2000, hint: 2 }, maxRecords: 200 }) },
  { name: 'https, 1 s, no hint', server: await FaultServer.start({ keepAlive: { ms: 1000 }, tls: tlsMaterial, maxRecords: 200 }) },
];
const poolOptions = { maxSockets: 16, maxIdleSockets: 12, maxRequestsPerSocket: 200, maxSocketLifetime: 30_000, idleTimeout: 10_000 };
const agents = {
  http: new HttpAgent(poolOptions),
  https: new HttpsAgent({ ...poolOptions, ca: tlsMaterial.cert }),
};

/** Paths that never misbehave: an error on one of them is the keep-alive race (or a bug). */
const BENIGN = new Set(['/ok', '/ok?len=65536', '/slow?ms=50', '/chunked-trailers', '/early-hints', '/continue', '/early?then=drain']);

const totals = {
  benign: { requests: 0, errors: 0, errorsByKind: {}, retried: 0, retriedOk: 0 },
  requests: 0,
  responses: 0,
  upgrades: 0,
  closedWithoutResponse: 0,
  deadlines: 0,
  errors: 0,
  errorsByKind: {},
  byBackend: {},
};
const bump = (obj, key) => (obj[key] = (obj[key] ?? 0) + 1);

function record(o, backend, path) {
  totals.requests++;
  if (BENIGN.has(path)) {
    totals.benign.requests++;
    if (o.kind !== 'response') {
      totals.benign.errors++;
      bump(totals.benign.errorsByKind, `${o.kind}: ${o.error?.code ?? '-'} (${o.error?.message ?? ''})${o.reusedSocket ? ', reused socket' : ''}`);
    }
  }
  const b = (totals.byBackend[backend] ??= { requests: 0, errors: 0 });
  b.requests++;
  if (o.kind === 'response') totals.responses++;
  else if (o.kind === 'upgrade') totals.upgrades++;
  else if (o.kind === 'closed') totals.closedWithoutResponse++;
  else if (o.kind === 'deadline') totals.deadlines++;
  else {
    totals.errors++;
    b.errors++;
    bump(totals.errorsByKind, `${o.error?.code ?? '?'} (${o.error?.message ?? ''})${o.reusedSocket ? ', reused socket' : ''}`);
  }
}

// Start figures: modules loaded, servers listening, agents made, no traffic yet.
const start = { fds: fdCount(), heapUsed: heapUsed() };
const started = performance.now();
const endAt = started + SECONDS * 1000;
// A hard bound on the whole run, in case anything hangs.
const killer = setTimeout(() => {
  console.error(`soak: still running ${SECONDS + 60} s after start; aborting`);
  process.exit(2);
}, (SECONDS + 60) * 1000);
killer.unref();

let lastReport = started;
async function worker() {
  for (let n = 0; performance.now() < endAt && n < 10_000_000; n++) {
    const backend = backends[Math.floor(random() * backends.length)];
    const agent = backend.server.protocol === 'https' ? agents.https : agents.http;
    const [, path, options] = pick();
    const url = `${backend.server.url}${path}`;
    let o = await send(agent, url, { deadline: 5000, ...options });
    // The retry recipe, on requests that should have succeeded (a faulty path fails again).
    if (BENIGN.has(path) && o.kind === 'error' && isRetryableReuseError(o.error, o.req)) {
      totals.benign.retried++;
      record(o, backend.name, path);
      o = await send(agent, url, { deadline: 5000, ...options });
      if (o.kind === 'response') totals.benign.retriedOk++;
    }
    record(o, backend.name, path);
    // Think time: mostly short, sometimes an idle gap around the backends' 1 s timeout.
    const r = random();
    await pause(r < 0.9 ? Math.floor(random() * 20) : 900 + Math.floor(random() * 200));
    const t = performance.now();
    if (t - lastReport >= REPORT_EVERY_MS) {
      lastReport = t;
      const s = agents.http.getStats();
      console.log(
        `[${Math.round((t - started) / 1000)} s] requests ${totals.requests}, errors ${totals.errors}, deadlines ${totals.deadlines}, ` +
          `http active ${s.active} idle ${s.idle}, fds ${fdCount()}, heap after gc ${mb(heapUsed())}`,
      );
    }
  }
}

console.log(`soak: ${SECONDS} s, ${CONCURRENCY} workers, seed ${SEED}, node ${process.version}; start: ${start.fds} fds, heap ${mb(start.heapUsed)}`);
await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
const elapsed = (performance.now() - started) / 1000;

const statsBeforeClose = { http: agents.http.getStats(), https: agents.https.getStats() };
const balanced = Object.fromEntries(
  Object.entries(statsBeforeClose).map(([k, s]) => [k, s.created === Object.values(s.closed).reduce((a, b) => a + b, 0) + s.active + s.idle]),
);
const closeWithin = (agent, ms) =>
  Promise.race([agent.close().then(() => true), new Promise((r) => setTimeout(() => r(false), ms).unref())]);
const closedInTime = { http: await closeWithin(agents.http, 5000), https: await closeWithin(agents.https, 5000) };
const statsAfterClose = { http: agents.http.getStats(), https: agents.https.getStats() };
// The server reads the last FINs a moment later.
for (let i = 0; i < 200 && backends.some((b) => b.server.open > 0); i++) await pause(10);
const serverConnections = backends.map((b) => ({ backend: b.name, connections: b.server.connections.at(-1)?.id ?? 0, openAtEnd: b.server.open }));
// End figures: the same state as at start (servers listening, agents closed, no connection).
const end = { fds: fdCount(), heapUsed: heapUsed() };
for (const b of backends) await b.server.close();
rmSync(workDir, { recursive: true, force: true });
await pause(100);
const final = { fds: fdCount(), heapUsed: heapUsed() };
const closeReasons = (s) => Object.fromEntries(CLOSE_REASONS.map((r) => [r, s.closed[r]]).filter(([, n]) => n > 0));
const report = {
  seconds: Math.round(elapsed),
  concurrency: CONCURRENCY,
  seed: SEED,
  node: process.version,
  requests: totals.requests,
  requestsPerSecond: Math.round(totals.requests / elapsed),
  responses: totals.responses,
  upgrades: totals.upgrades,
  closedWithoutResponse: totals.closedWithoutResponse,
  errors: totals.errors,
  errorsByKind: totals.errorsByKind,
  benign: totals.benign,
  deadlines: totals.deadlines,
  byBackend: totals.byBackend,
  agents: Object.fromEntries(
    Object.entries(statsAfterClose).map(([k, s]) => [
      k,
      { created: s.created, reused: s.reused, requests: s.requests, closed: closeReasons(s), balancedBeforeClose: balanced[k], closeResolved: closedInTime[k], activeAfterClose: s.active, idleAfterClose: s.idle },
    ]),
  ),
  serverConnections,
  // process start (nothing loaded) / start (loaded, servers up, no traffic) / end (traffic done,
  // agents closed, servers still up) / final (servers closed)
  fds: { processStart: processStart.fds, start: start.fds, end: end.fds, final: final.fds },
  heapUsedMB: Object.fromEntries(
    Object.entries({ processStart, start, end, final }).map(([k, v]) => [k, +(v.heapUsed / 1048576).toFixed(1)]),
  ),
  gcExposed: typeof globalThis.gc === 'function',
};
console.log(JSON.stringify(report, null, 2));
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, null, 2));
const ok = totals.deadlines === 0 && serverConnections.every((c) => c.openAtEnd === 0) && end.fds <= start.fds && Object.values(balanced).every(Boolean) && Object.values(closedInTime).every(Boolean);
clearTimeout(killer);
process.exitCode = ok ? 0 : 1;
