// The agent's own CPU cost per request, measured so that a noisy machine cancels out:
//
//   npm run build && node bench/overhead.mjs [--batches 40] [--requests 2000] [--connections 32]
//
// One process holds a loopback server and a client; the client sends batches of requests
// through each agent in turn (Node's keepalive agent, agentkeepalive, ours), batch after batch,
// each a fraction of a second, so that whatever else the machine does falls on all agents
// alike. The figure per batch is the process's CPU time (user + system) per request; the report
// gives each agent's median and the median of its per-batch ratio to Node's agent in the same
// turn. Server and client costs are the same for every agent: the differences are the agents'.
import http from 'node:http';
import { createRequire } from 'node:module';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
const AgentKeepAlive = require('agentkeepalive');
const pkg = require('../dist/cjs/index.js');

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const BATCHES = opt('batches', 40);
const REQUESTS = opt('requests', 2000);
const CONNECTIONS = opt('connections', 32);

const body = Buffer.alloc(128, 'x');
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const agents = {
  node: new http.Agent({ keepAlive: true }),
  agentkeepalive: new AgentKeepAlive(),
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
const runs = Object.fromEntries(names.map((n) => [n, []]));
for (let b = 0; b < BATCHES; b++) {
  // Rotate the order every batch so that no agent always follows the same one.
  for (let i = 0; i < names.length; i++) {
    const name = names[(b + i) % names.length];
    runs[name].push(await batch(agents[name]));
  }
  if (process.stderr.isTTY) process.stderr.write(`\r${b + 1}/${BATCHES}`);
}
if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');

console.log(`${BATCHES} batches × ${REQUESTS} requests per agent, ${CONNECTIONS} in flight, one process (Node ${process.version})`);
console.log('agent            CPU µs/request (median, min–max)   × Node per batch (median, IQR)   req/s (median)');
for (const name of names) {
  const cpu = runs[name].map((r) => r.cpuPerRequest);
  const ratios = runs[name].map((r, i) => r.cpuPerRequest / runs.node[i].cpuPerRequest).sort((a, b) => a - b);
  const q = (p) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))];
  console.log(
    `${name.padEnd(16)} ${median(cpu).toFixed(1).padStart(6)} (${Math.min(...cpu).toFixed(1)}–${Math.max(...cpu).toFixed(1)})`.padEnd(52) +
      `${median(ratios).toFixed(3)} (${q(0.25).toFixed(3)}–${q(0.75).toFixed(3)})`.padEnd(33) +
      `${Math.round(median(runs[name].map((r) => r.reqPerSec)))}`,
  );
}
for (const a of Object.values(agents)) a.destroy();
server.close();
