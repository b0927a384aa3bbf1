// A reverse proxy in front of three instances of one service, built from the NGINX
// configuration people copy (with loopback addresses):
//
//   upstream api_backend {
//       server 127.0.0.1:A weight=5;
//       server 127.0.0.1:B weight=3;
//       server 127.0.0.1:C backup;
//       keepalive 64; keepalive_timeout 60s; keepalive_requests 10000; keepalive_time 1h;
//   }
//   location / { proxy_pass http://api_backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
//
//   npm run build && node examples/upstreams.mjs
//
// It starts the three backends and an http-proxy whose target is the group's name, sends 400
// requests through it, stops both primaries (the backup takes over, no request fails), starts
// one again (it gets traffic back after fail_timeout), and prints one JSON line with what each
// backend saw and the agent's getStats().upstreams; then closes everything and exits.
import http from 'node:http';
import httpProxy from 'http-proxy';
import { HttpAgent, onProxyRes } from '../dist/esm/index.mjs';
import { runConcurrently } from './_shared/loopback.mjs';

/** A backend that counts the connections and requests it saw, and the Host header of each request. */
async function backend(name, port = 0) {
  const seen = { name, connections: 0, requests: 0, hosts: new Set() };
  const server = http.createServer((req, res) => {
    seen.requests++;
    seen.hosts.add(req.headers.host);
    res.end(name);
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', () => seen.connections++);
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    seen,
    port: server.address().port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const a = await backend('a');
const b = await backend('b');
const c = await backend('c');

const agent = HttpAgent.fromNginx(`
  upstream api_backend {
      server 127.0.0.1:${a.port} weight=5 fail_timeout=1s;
      server 127.0.0.1:${b.port} weight=3 fail_timeout=1s;
      server 127.0.0.1:${c.port} backup;
      keepalive 64;
      keepalive_timeout 60s;
      keepalive_requests 10000;
      keepalive_time 1h;
  }
`);
const stateChanges = [];
agent.on('upstreamStateChange', (change) => stateChanges.push(`${change.address}: ${change.from} -> ${change.to}`));

// changeOrigin: the backends get `Host: api_backend`, as NGINX's default `proxy_set_header Host $proxy_host`.
const proxy = httpProxy.createProxyServer({ target: 'http://api_backend', agent, changeOrigin: true });
proxy.on('proxyRes', onProxyRes);
proxy.on('error', (err, _req, res) => {
  if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
  res.end(`upstream error: ${err.code ?? err.message}\n`);
});
const server = http.createServer((req, res) => proxy.web(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const proxyUrl = `http://127.0.0.1:${server.address().port}/`;
const clientAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** One GET through the proxy: the status and which backend answered. */
function get() {
  return new Promise((resolve, reject) => {
    http
      .get(proxyUrl, { agent: clientAgent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, from: body }));
      })
      .on('error', reject);
  });
}

/** `n` requests at concurrency `k`: how many each backend answered, and the failures. */
async function phase(n, k) {
  const from = {};
  let failed = 0;
  await runConcurrently(n, k, async () => {
    const r = await get();
    if (r.status === 200) from[r.from] = (from[r.from] ?? 0) + 1;
    else failed++;
  });
  return { from, failed };
}

// 1. Both primaries up: weighted round robin, 5 : 3, the backup idle.
const normal = await phase(400, 8);
// 2. Both primaries stopped: every request goes to the backup, none fails.
const aPort = a.port;
await a.close();
await b.close();
const primariesDown = await phase(100, 4);
// 3. One primary back: after fail_timeout (1 s) one request probes it, then it gets its share.
const revived = await backend('a', aPort);
await new Promise((resolve) => setTimeout(resolve, 1100));
const oneBack = await phase(100, 4);

const stats = agent.getStats();
console.log(
  JSON.stringify({
    example: 'upstreams',
    phases: { normal, primariesDown, oneBack },
    backends: [a.seen, b.seen, c.seen, revived.seen].map((s) => ({ ...s, hosts: [...s.hosts] })),
    stateChanges,
    upstreams: stats.upstreams.map((g) => ({
      name: g.name,
      picks: g.picks,
      servers: g.peers.map((p) => ({ address: p.address, backup: p.backup, state: p.state, requests: p.requests, failures: p.failures, open: p.open, idle: p.idle })),
    })),
    upstreamConnections: stats.created,
  }),
);

clientAgent.destroy();
await agent.close();
server.closeAllConnections();
await new Promise((resolve) => server.close(resolve));
await Promise.all([c.close(), revived.close()]);
