// `npm run demo`: a reverse proxy (plain http-proxy, no helper, every option at its default) in
// front of a loopback backend, with clients that send `Connection: close` (as many load
// balancers, health checkers and HTTP/1.0 clients do). Three contenders: no upstream agent
// (http-proxy's default), Node's keepalive agent, and upstream-keepalive's HttpAgent. The backend
// counts the connections each proxy opens to it; the table compares them, the TIME_WAIT sockets
// they leave behind, throughput, latency, and why our agent closed its connections.
//
// Run like `npm run bench`, at a smaller scale: backend, proxies and load generator are separate
// processes (the backend: examples/_shared/demo-backend.mjs; one proxy process per contender:
// examples/_shared/demo-proxy.mjs; this process sends the requests), each contender first gets
// an unmeasured warm-up (pools filled, code optimised by the JIT), then the measured rounds run
// every contender in turn, in a rotated order; req/s and latencies are medians over the rounds.
// Every figure printed is measured in this run. TIME_WAIT sockets are counted with `ss` where it
// is installed, else from /proc/net/tcp{,6} (TIME_WAIT_FROM=proc forces the latter).
//
//   node examples/demo.mjs [--rounds 5] [--requests 2000] [--warmup 1500] [--concurrency 16] [--deadline-ms 35000] [--json]
//
// Progress goes to stderr: a bar on a terminal, a line per step otherwise. --json also prints
// the figures as one JSON line.
import { fork } from 'node:child_process';
import http from 'node:http';
import { createHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { newTimeWait, timeWaitEntries, timeWaitSource } from './_shared/time-wait.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : dflt);
const ROUNDS = opt('rounds', 5);
const REQUESTS = opt('requests', 2000); // per contender and round
const WARMUP = opt('warmup', 1500); // per contender, not measured
const CONCURRENCY = opt('concurrency', 16); // clients in flight, each request on its own connection to the proxy
// On a busy machine the demo measures fewer rounds rather than run past a minute: no round starts after this.
const ROUND_DEADLINE_MS = opt('deadline-ms', 35_000);

const contenders = [
  { key: 'none', name: 'no agent' },
  { key: 'node', name: "Node's agent" },
  { key: 'ours', name: 'upstream-keepalive' },
];

// ---- progress: a bar on a terminal (stderr), else a line per step -------------------------------

const tty = process.stderr.isTTY === true;
const total = contenders.length * (WARMUP + ROUNDS * REQUESTS);
let doneAll = 0;
let lastDraw = 0;
function progress(label) {
  doneAll++;
  if (!tty) return;
  const t = performance.now();
  if (doneAll < total && t - lastDraw < 50) return;
  lastDraw = t;
  const width = Math.max(10, Math.min(40, (process.stderr.columns || 80) - 60));
  const filled = Math.round((width * doneAll) / total);
  const pct = `${Math.floor((100 * doneAll) / total)}%`.padStart(4);
  process.stderr.write(`\r\x1b[2K${label.padEnd(34)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${pct}`);
}
function step(text) {
  if (tty) process.stderr.write('\r\x1b[2K');
  else process.stderr.write(`${text}\n`);
}

// ---- child processes ------------------------------------------------------------------------------

const children = new Set();
function start(script, config) {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
let lastId = 0;
/** Sends {type, id} and resolves with the child's answer of the same type and id. */
function ask(child, type, wantId = true) {
  const id = ++lastId;
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.type !== type || (wantId && msg.id !== id)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg);
    };
    const onExit = (code) => reject(new Error(`a demo process exited (${code}) while waiting for '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (wantId) child.send({ type, id });
  });
}

// ---- the load -------------------------------------------------------------------------------------

/** One client request on a new connection, sending `Connection: close`; resolves with its latency (ms). */
function request(port) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

/** `count` requests through the proxy on `port`, CONCURRENCY at a time: req/s, p50, p99 (ms), failures. */
async function load(port, count, label) {
  const latency = createHistogram();
  let sent = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < count) {
        sent++;
        try {
          latency.record(Math.max(1, Math.round((await request(port)) * 1000))); // µs
        } catch {
          failed++;
        }
        progress(label);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { reqPerSec: count / seconds, p50: latency.percentile(50) / 1000, p99: latency.percentile(99) / 1000, failed };
}

// ---- main -----------------------------------------------------------------------------------------

const startedAt = performance.now();
const backend = start('./_shared/demo-backend.mjs', { names: contenders.map((c) => c.key) });
const { ports } = await ask(backend, 'ready', false);
const timeWaitBefore = Object.fromEntries(contenders.map((c) => [c.key, timeWaitEntries(ports[c.key])]));
const proxies = {};
await Promise.all(
  contenders.map(async (c) => {
    proxies[c.key] = start('./_shared/demo-proxy.mjs', { contender: c.key, target: `http://127.0.0.1:${ports[c.key]}` });
    proxies[c.key].port = (await ask(proxies[c.key], 'ready', false)).port;
  }),
);

const runs = Object.fromEntries(contenders.map((c) => [c.key, []]));
for (const c of contenders) {
  const r = await load(proxies[c.key].port, WARMUP, `warm-up: ${c.name}`);
  runs[c.key].failed = r.failed;
  step(`warm-up (not measured)  ${c.name.padEnd(18)} ${WARMUP} requests`);
}
let rounds = 0;
for (let round = 0; round < ROUNDS; round++) {
  if (round > 0 && performance.now() - startedAt > ROUND_DEADLINE_MS) {
    step(`the machine is busy: ${round} of ${ROUNDS} rounds measured, no new round after ${Math.round(ROUND_DEADLINE_MS / 1000)} s`);
    break;
  }
  rounds++;
  // Rotated order: no contender always runs first, or always right after the same one.
  for (let i = 0; i < contenders.length; i++) {
    const c = contenders[(round + i) % contenders.length];
    const r = await load(proxies[c.key].port, REQUESTS, `round ${round + 1}/${ROUNDS}: ${c.name}`);
    runs[c.key].push(r);
    step(`round ${round + 1}/${ROUNDS}  ${c.name.padEnd(18)} ${REQUESTS} requests  ${Math.round(r.reqPerSec)} req/s  p99 ${r.p99.toFixed(2)} ms`);
  }
}

// TIME_WAIT before anything closes the pooled connections; then the agents are closed.
const { counters } = await ask(backend, 'counters');
const rows = [];
for (const c of contenders) {
  const closing = await ask(proxies[c.key], 'close');
  const list = runs[c.key];
  const med = (f) => median(list.map(f));
  rows.push({
    key: c.key,
    name: c.name,
    connections: counters[c.key].connections,
    requests: counters[c.key].requests,
    timeWait: newTimeWait(ports[c.key], timeWaitBefore[c.key]),
    reqPerSec: med((r) => r.reqPerSec),
    p50: med((r) => r.p50),
    p99: med((r) => r.p99),
    // The contender's median over Node's agent's median, as `npm run bench` reports it.
    reqPerSecVsNode: med((r) => r.reqPerSec) / median(runs.node.map((r) => r.reqPerSec)),
    p99VsNode: med((r) => r.p99) / median(runs.node.map((r) => r.p99)),
    errors: list.failed + list.reduce((n, r) => n + r.failed, 0),
    proxyErrors: closing.errors,
    stats: closing.before ? { during: closing.before, atClose: closing.after } : null,
  });
}
for (const child of [...children]) child.send({ type: 'exit' });
const seconds = (performance.now() - startedAt) / 1000;
step(`done in ${seconds.toFixed(1)} s`);

function median(xs) {
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const int = (x) => Math.round(x).toLocaleString('en-US');
const ms = (x) => `${x.toFixed(2)} ms`;
const counts = (o) =>
  Object.entries(o)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';
const minus = (a, b) => Object.fromEntries(Object.entries(a).map(([k, n]) => [k, n - (b[k] ?? 0)]));
const ours = rows.find((r) => r.key === 'ours');
const warm = ours.stats?.during.warm; // warm replacements, where the build counts them

const table = [
  ['', ...rows.map((r) => r.name)],
  ['upstream connections opened', ...rows.map((r) => int(r.connections))],
  ['requests the backend served', ...rows.map((r) => int(r.requests))],
  ['TIME_WAIT sockets left', ...rows.map((r) => int(r.timeWait))],
  ['requests per second (median)', ...rows.map((r) => int(r.reqPerSec))],
  ["  × Node's agent", ...rows.map((r) => r.reqPerSecVsNode.toFixed(2))],
  ['latency p50 (median)', ...rows.map((r) => ms(r.p50))],
  ['latency p99 (median)', ...rows.map((r) => ms(r.p99))],
  ["  × Node's agent", ...rows.map((r) => r.p99VsNode.toFixed(2))],
  ['errors (clients / proxy upstream)', ...rows.map((r) => `${int(r.errors)} / ${int(r.proxyErrors)}`)],
  ['closed during the run, by reason', ...rows.map((r) => (r.stats ? counts(r.stats.during.closed) : 'not counted'))],
  ['closed by agent.close() at the end', ...rows.map((r) => (r.stats ? counts(minus(r.stats.atClose.closed, r.stats.during.closed)) : 'not counted'))],
];
if (warm && typeof warm === 'object') {
  const all = Object.entries(warm).map(([k, n]) => `${k} ${n}`).join(', ');
  table.push(['warm replacements (getStats().warm)', ...rows.map((r) => (r === ours ? all : '—'))]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ');

const perRun = contenders.length * (WARMUP + rounds * REQUESTS);
console.log(
  `Through plain http-proxy, ${CONCURRENCY} clients at a time, each request on a new connection with Connection: close ` +
    `(Node ${process.version}, 127.0.0.1).\nPer contender: ${int(WARMUP)} warm-up requests (not measured), then ${rounds}${rounds < ROUNDS ? ` (of ${ROUNDS}: the machine was busy)` : ''} ` +
    `measured rounds of ${int(REQUESTS)}, interleaved with the other contenders; ${int(perRun)} requests in ${seconds.toFixed(0)} s.\n`,
);
console.log(line(table[0]));
for (const row of table.slice(1)) console.log(line(row));
const none = rows.find((r) => r.key === 'none');
const node = rows.find((r) => r.key === 'node');
const perConnection = (r) => (r.requests / Math.max(1, r.connections)).toFixed(1);
console.log(
  `\nRequests per upstream connection: no agent ${perConnection(none)}, Node's agent ${perConnection(node)} ` +
    `(the client's Connection: close is forwarded upstream), upstream-keepalive ${perConnection(ours)} ` +
    `(stripConnectionClose removes it; ${int(ours.stats?.during.idle ?? 0)} connections were still pooled at the end).` +
    `\nConnections, requests and TIME_WAIT cover every request, warm-up included; TIME_WAIT is counted with ${timeWaitSource},` +
    `\non the backend's ports only, after the last request and before the agents were closed. Req/s and latencies are` +
    `\nmedians of the measured rounds; "× Node's agent" divides a median by Node's agent's. Backend, proxies and` +
    `\nclients are separate processes on one machine; \`npm run bench\` measures the same "clients send Connection:` +
    `\nclose" case, and others, with more rounds and every figure per run (bench/README.md).` +
    `\nNode's agent and the no-agent proxy keep no record of why connections closed ("not counted").`,
);
if (argv.includes('--json')) {
  console.log(JSON.stringify({ demo: 'reverse-proxy', rounds, requests: REQUESTS, warmup: WARMUP, concurrency: CONCURRENCY, seconds, rows }));
}
