// `npm run demo`: a reverse proxy (http-proxy) in front of a loopback backend, with clients that
// send `Connection: close` (as many load balancers, health checkers and HTTP/1.0 clients do).
// The same requests go through the proxy three times: with no upstream agent (http-proxy's
// default), with Node's keepalive agent, and with upstream-keepalive's HttpAgent. The backend
// counts the connections the proxy opens to it; the table compares them, the TIME_WAIT sockets
// they leave behind, throughput, latency, and why our agent closed its connections.
//
// Every figure printed is measured in this run. Everything runs in this one process on
// 127.0.0.1, so the throughput and latency figures are indicative: `npm run bench` measures with
// separate processes, repeated runs and ratios (see bench/README.md). TIME_WAIT sockets are
// counted with `ss` where it is installed, else from /proc/net/tcp{,6} (TIME_WAIT_FROM=proc
// forces the latter). The progress bar goes to stderr, and only when it is a terminal.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createHistogram } from 'node:perf_hooks';
import httpProxy from 'http-proxy';
import { HttpAgent, onProxyRes } from '../dist/esm/index.mjs';

const REQUESTS = 3000; // per contender
const CONCURRENCY = 16; // clients in flight, each request on its own connection to the proxy

const contenders = [
  { name: 'no agent', agent: () => undefined },
  { name: "Node's agent", agent: () => new http.Agent({ keepAlive: true }) },
  { name: 'upstream-keepalive', agent: () => new HttpAgent() },
];

// ---- progress bar (stderr, plain ANSI; none when stderr is not a terminal) --------------------

const tty = process.stderr.isTTY === true;
let lastDraw = 0;
function progress(label, done, total) {
  if (!tty) return;
  const t = performance.now();
  if (done < total && t - lastDraw < 50) return;
  lastDraw = t;
  const width = Math.max(10, Math.min(40, (process.stderr.columns || 80) - 45));
  const filled = Math.round((width * done) / total);
  process.stderr.write(`\r\x1b[2K${label.padEnd(20)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
}
function progressDone() {
  if (tty) process.stderr.write('\r\x1b[2K');
}

// ---- TIME_WAIT: `ss` when installed, else /proc/net/tcp and /proc/net/tcp6 ---------------------

const hasSs = process.env.TIME_WAIT_FROM !== 'proc' && spawnSync('ss', ['-V'], { stdio: 'ignore' }).status === 0;
const timeWaitSource = hasSs ? 'ss -tan state time-wait' : '/proc/net/tcp{,6} (state 06)';

/**
 * TCP sockets in TIME_WAIT whose local or remote port is `port`, as "local remote" address pairs.
 * A port number gets reused, so a column counts only the entries that were not there before it.
 */
function timeWaitEntries(port) {
  const suffix = `:${port}`;
  const entries = new Set();
  if (hasSs) {
    const out = execFileSync('ss', ['-tan', 'state', 'time-wait', `( sport = ${suffix} or dport = ${suffix} )`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    // Columns: Recv-Q Send-Q Local-Address:Port Peer-Address:Port.
    for (const line of out.split('\n')) {
      const cols = line.trim().split(/\s+/);
      if (cols.length >= 4 && (cols[2].endsWith(suffix) || cols[3].endsWith(suffix))) entries.add(`${cols[2]} ${cols[3]}`);
    }
    return entries;
  }
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    // sl local_address rem_address st ...: addresses as HEXIP:HEXPORT; st 06 is TIME_WAIT.
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '06') continue;
      const local = parseInt(cols[1].split(':').pop(), 16);
      const remote = parseInt(cols[2].split(':').pop(), 16);
      if (local === port || remote === port) entries.add(`${cols[1]} ${cols[2]}`);
    }
  }
  return entries;
}

function newTimeWait(port, before) {
  return [...timeWaitEntries(port)].filter((key) => !before.has(key)).length;
}

// ---- the pieces ------------------------------------------------------------------------------------

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** A backend that counts the connections opened to it. A new one per contender: its own port. */
async function startBackend() {
  const backend = { connections: 0, requests: 0 };
  backend.server = http.createServer((req, res) => {
    backend.requests++;
    res.end('hello from the backend\n');
  });
  backend.server.on('connection', () => backend.connections++);
  backend.port = await listen(backend.server);
  return backend;
}

/** The reverse proxy: http-proxy with the contender's agent (none: a connection per request). */
async function startProxy(target, agent) {
  const proxy = httpProxy.createProxyServer({ target, agent });
  // The upstream's Connection / Keep-Alive headers describe the proxy's upstream connection, not
  // the client's: the package's listener keeps them out of the responses (for all three alike).
  proxy.on('proxyRes', onProxyRes);
  let errors = 0;
  proxy.on('error', (_err, _req, res) => {
    errors++;
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  const server = http.createServer((req, res) => proxy.web(req, res));
  const port = await listen(server);
  return { server, port, errors: () => errors };
}

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

async function run({ name, agent: makeAgent }) {
  const backend = await startBackend();
  const timeWaitBefore = timeWaitEntries(backend.port);
  const agent = makeAgent();
  const proxy = await startProxy(`http://127.0.0.1:${backend.port}`, agent);
  const latency = createHistogram();
  let sent = 0;
  let done = 0;
  let failed = 0;
  if (!tty) process.stderr.write(`${name}: ${REQUESTS} requests...\n`);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < REQUESTS) {
        sent++;
        try {
          latency.record(Math.max(1, Math.round((await request(proxy.port)) * 1000))); // µs
        } catch {
          failed++;
        }
        progress(name, ++done, REQUESTS);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  progressDone();
  const row = {
    name,
    connections: backend.connections,
    requests: backend.requests,
    timeWait: newTimeWait(backend.port, timeWaitBefore), // before anything else closes
    reqPerSec: REQUESTS / seconds,
    p50: latency.percentile(50) / 1000,
    p99: latency.percentile(99) / 1000,
    errors: failed + proxy.errors(),
    closed: null,
  };
  if (agent instanceof HttpAgent) {
    const during = agent.getStats();
    await agent.close(); // the pooled connections close now, as reason agent_closed
    row.closed = { during: during.closed, atClose: agent.getStats().closed, pooled: during.idle };
  } else {
    agent?.destroy();
  }
  proxy.server.close();
  backend.server.closeAllConnections();
  backend.server.close();
  return row;
}

// ---- main -----------------------------------------------------------------------------------------

const rows = [];
for (const c of contenders) rows.push(await run(c));

const int = (x) => Math.round(x).toLocaleString('en-US');
const ms = (x) => `${x.toFixed(2)} ms`;
const reasons = (counts) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

const minus = (a, b) => Object.fromEntries(Object.entries(a).map(([k, n]) => [k, n - (b[k] ?? 0)]));

const table = [
  ['', ...rows.map((r) => r.name)],
  ['upstream connections opened', ...rows.map((r) => int(r.connections))],
  ['requests the backend served', ...rows.map((r) => int(r.requests))],
  ['TIME_WAIT sockets left', ...rows.map((r) => int(r.timeWait))],
  ['requests per second', ...rows.map((r) => int(r.reqPerSec))],
  ['latency p50', ...rows.map((r) => ms(r.p50))],
  ['latency p99', ...rows.map((r) => ms(r.p99))],
  ['errors', ...rows.map((r) => int(r.errors))],
  ['closed during the run, by reason', ...rows.map((r) => (r.closed ? reasons(r.closed.during) : 'not counted'))],
  ['closed by agent.close() at the end', ...rows.map((r) => (r.closed ? reasons(minus(r.closed.atClose, r.closed.during)) : 'not counted'))],
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ');

console.log(
  `${REQUESTS} requests per column through http-proxy, ${CONCURRENCY} at a time, each from a client ` +
    `that sends Connection: close (Node ${process.version}, 127.0.0.1)\n`,
);
console.log(line(table[0]));
for (const row of table.slice(1)) console.log(line(row));
const [none, node, ours] = rows;
const perConnection = (r) => (r.requests / Math.max(1, r.connections)).toFixed(1);
console.log(
  `\nRequests per upstream connection: no agent ${perConnection(none)}, Node's agent ${perConnection(node)} ` +
    `(the client's Connection: close is forwarded upstream), upstream-keepalive ${perConnection(ours)} ` +
    `(stripConnectionClose removes it; ${int(ours.closed?.pooled ?? 0)} connections were still pooled at the end).` +
    `\nTIME_WAIT counted with ${timeWaitSource}, on the backend's port only, right after each column's last request.` +
    `\nNode's agent and the no-agent proxy keep no record of why connections closed ("not counted").` +
    `\nThroughput and latency come from one process running backend, proxy and clients: for measured` +
    `\ncomparisons (separate processes, repeated runs, ratios) run \`npm run bench\` (bench/README.md).`,
);
