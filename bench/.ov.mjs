// The agent's own CPU cost per request, measured so that a noisy machine cancels out:
//
//   npm run build && node bench/overhead.mjs [--batches 40] [--requests 2000] [--connections 32]
//                                            [--dist <dir of the CommonJS build>] [--json]
//
// `npm run bench` runs it too (its "overhead" step, on the bench's copy of the build) and
// reports it in docs/benchmarks.md; --json prints the figures as one JSON line at the end.
//
// A loopback server runs in a child process; this process is the client, and it sends batches
// of requests through each agent in turn (Node's keepalive agent, agentkeepalive, ours), batch
// after batch, each a fraction of a second, so that whatever else the machine does falls on
// all agents alike. The figure per batch is the client process's CPU time (user + system) per
// request: Node's HTTP client plus the agent, nothing of the server (which would dilute the
// ratio). The report gives each agent's median, the median of its per-batch ratio to Node's
// agent in the same turn, and the per-batch difference in µs per request.
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { forkServer, numberOption, serveParent } from './child-server.mjs';
import { median, quartiles, rotatedBatches } from './stats.mjs';

const require = createRequire(import.meta.url);
const AgentKeepAlive = require('agentkeepalive');
const argv = process.argv.slice(2);

if (argv[0] === '--serve') {
  // The child: the loopback server, its port sent to the parent; it ends with the parent.
  const body = Buffer.alloc(128, 'x');
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 65_000;
  serveParent(server);
} else {
  await main();
}

async function main() {
  const opt = (name, dflt) => numberOption(argv, name, dflt);
  const distIndex = argv.indexOf('--dist');
  const pkg = require(distIndex >= 0 ? argv[distIndex + 1] : '../dist/cjs/index.js');
  const BATCHES = opt('batches', 40);
  const REQUESTS = opt('requests', 2000);
  const CONNECTIONS = opt('connections', 32);

  const { port, stop } = await forkServer(fileURLToPath(import.meta.url), ['--serve']);

  const agents = {
    node: new http.Agent({ keepAlive: true }),
    inf: new pkg.HttpAgent({ maxRequestsPerSocket: Infinity }), off: new pkg.HttpAgent({ maxRequestsPerSocket: Infinity, maxSocketLifetime: Infinity, validateAfterIdle: 0, warmReplacement: false, stripConnectionClose: false }),
    // maxRequestsPerSocket at its default: the renewals are part of our cost.
    ours: new pkg.HttpAgent(),
  };

  function get(agent) {
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('error', reject);
        })
        .on('error', reject);
    });
  }

  async function batch(agent) {
    let left = REQUESTS;
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (left > 0) {
          left--;
          await get(agent);
        }
      }),
    );
    const u = process.cpuUsage(u0);
    return { cpuPerRequest: (u.user + u.system) / REQUESTS, reqPerSec: REQUESTS / ((performance.now() - t0) / 1000) };
  }

  const names = Object.keys(agents);
  for (const name of names) await batch(agents[name]); // warm-up: pools filled, code optimised
  const runs = await rotatedBatches(names, BATCHES, (name) => batch(agents[name]));

  /** Lower quartile, median and upper quartile of the per-batch ratios of `metric` to Node's agent. */
  function ratioQuartiles(name, metric) {
    return quartiles(runs[name].map((r, i) => r[metric] / runs.node[i][metric]));
  }

  /** Lower quartile, median and upper quartile of the per-batch differences of `metric` from Node's agent. */
  function differenceQuartiles(name, metric) {
    return quartiles(runs[name].map((r, i) => r[metric] - runs.node[i][metric]));
  }


  const result = { batches: BATCHES, requests: REQUESTS, connections: CONNECTIONS, node: process.version, process: 'client', agents: {} };
  for (const name of names) {
    const cpu = runs[name].map((r) => r.cpuPerRequest);
    result.agents[name] = {
      cpuPerRequestMicros: { median: median(cpu), min: Math.min(...cpu), max: Math.max(...cpu) },
      cpuRatioToNode: ratioQuartiles(name, 'cpuPerRequest'),
      cpuMicrosOverNode: differenceQuartiles(name, 'cpuPerRequest'),
      reqPerSec: median(runs[name].map((r) => r.reqPerSec)),
      reqPerSecRatioToNode: ratioQuartiles(name, 'reqPerSec'),
      // Ours: getStats() after every batch (close reasons, warm replacements where the build counts them).
      stats: typeof agents[name].getStats === 'function' ? agents[name].getStats() : null,
    };
  }

  console.log(`${BATCHES} batches × ${REQUESTS} requests per agent, ${CONNECTIONS} in flight, client process only, server in another (Node ${process.version})`);
  console.log('agent            CPU µs/request (median, min–max)   CPU × Node per batch (median, IQR)   µs over Node (median, IQR)   req/s (median)   req/s × Node (median, IQR)');
  const iqr = (q, digits = 3) => `${q.median.toFixed(digits)} (${q.q25.toFixed(digits)}–${q.q75.toFixed(digits)})`;
  for (const name of names) {
    const a = result.agents[name];
    const c = a.cpuPerRequestMicros;
    console.log(
      `${name.padEnd(16)} ${c.median.toFixed(1).padStart(6)} (${c.min.toFixed(1)}–${c.max.toFixed(1)})`.padEnd(52) +
        iqr(a.cpuRatioToNode).padEnd(37) +
        iqr(a.cpuMicrosOverNode, 2).padEnd(29) +
        `${Math.round(a.reqPerSec)}`.padEnd(17) +
        iqr(a.reqPerSecRatioToNode),
    );
  }
  if (argv.includes('--json')) console.log(JSON.stringify(result));
  for (const a of Object.values(agents)) a.destroy();
  stop();
}
