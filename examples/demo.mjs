// A short demonstration: the same 300 requests (concurrency 10) through Node's default agent,
// Node's keepalive agent, and upstream-keepalive's HttpAgent, against a local server that counts
// the connections it accepts. Every figure printed is measured in this run.
import http from 'node:http';
import { HttpAgent } from '../dist/cjs/index.js';

const REQUESTS = 300;
const CONCURRENCY = 10;

function startServer() {
  let connections = 0;
  const server = http.createServer((req, res) => res.end('ok'));
  server.keepAliveTimeout = 5000; // Node's default: the server hints Keep-Alive: timeout=5
  server.on('connection', () => connections++);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: server.address().port, count: () => connections }),
    ),
  );
}

function get(port, agent, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent, headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
  });
}

async function run(label, agent, headers) {
  const { server, port, count } = await startServer();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        await get(port, agent, headers);
      }
    }),
  );
  const ms = performance.now() - started;
  const row = { label, connections: count(), reqPerSec: Math.round((REQUESTS / ms) * 1000) };
  if (agent && typeof agent.getStats === 'function') row.stats = agent.getStats();
  agent?.destroy?.();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return row;
}

const rows = [];
rows.push(await run("Node's default agent (no keepalive)", new http.Agent({ keepAlive: false })));
rows.push(await run("Node's agent, keepAlive: true", new http.Agent({ keepAlive: true })));
rows.push(await run("Node's agent, client sends Connection: close", new http.Agent({ keepAlive: true }), { connection: 'close' }));
rows.push(await run('upstream-keepalive HttpAgent', new HttpAgent()));
rows.push(await run('HttpAgent, client sends Connection: close', new HttpAgent(), { connection: 'close' }));
rows.push(await run('HttpAgent, maxRequestsPerSocket: 50', new HttpAgent({ maxRequestsPerSocket: 50 })));

console.log(`${REQUESTS} requests, concurrency ${CONCURRENCY}, to a local server (Node ${process.version})\n`);
console.log('agent'.padEnd(48) + 'connections'.padStart(12) + 'req/s'.padStart(10));
for (const r of rows) console.log(r.label.padEnd(48) + String(r.connections).padStart(12) + String(r.reqPerSec).padStart(10));
const last = rows[rows.length - 1].stats;
console.log(`\nHttpAgent with maxRequestsPerSocket 50: created ${last.created}, reused ${last.reused}, ` +
  `requests ${last.requests}, closed by reason ${JSON.stringify(Object.fromEntries(Object.entries(last.closed).filter(([, n]) => n > 0)))}`);
console.log('(req/s are from one short run on this machine: indicative only; see bench/ for measured comparisons)');
