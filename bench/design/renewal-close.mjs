// How a renewal (maxRequestsPerSocket reached) ends, measured: 20 keep-alive clients loop
// through a plain http-proxy (no helper) for a few seconds; prints what the proxy's clients
// saw, the upstream connections, which side kept TIME_WAIT, and the CPU per request.
//
//   npm run build && node bench/design/renewal-close.mjs [path/to/dist/cjs/index.js] [--ms 3000]
//
// Run it against a build that marks the last request with `Connection: close` (before the
// change) and one that closes after the last response (after), and compare.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const dist = resolve(args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'dist/cjs/index.js');
const ms = Number(args[args.indexOf('--ms') + 1] ?? 3000) || 3000;
const { HttpAgent } = require(dist);
const httpProxy = require('http-proxy');

const listen = (server) => new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
let upstreamConnections = 0;
const backend = http.createServer((req, res) => res.end('ok'));
backend.on('connection', () => upstreamConnections++);
const backendPort = await listen(backend);
const agent = new HttpAgent({ maxRequestsPerSocket: 50 });
const proxy = httpProxy.createProxyServer({ target: `http://127.0.0.1:${backendPort}`, agent });
proxy.on('error', (_e, _req, res) => res.writeHead?.(502).end());
let clientConnections = 0;
const front = http.createServer((req, res) => proxy.web(req, res));
front.keepAliveTimeout = 30_000;
front.on('connection', () => clientConnections++);
const frontPort = await listen(front);

const clients = new http.Agent({ keepAlive: true, maxSockets: 20 });
let requests = 0;
let closes = 0;
const cpu0 = process.cpuUsage();
const end = Date.now() + ms;
await Promise.all(
  Array.from({ length: 20 }, async () => {
    while (Date.now() < end) {
      await new Promise((done, fail) =>
        http
          .get(`http://127.0.0.1:${frontPort}/`, { agent: clients }, (res) => {
            requests++;
            if (/close/i.test(String(res.headers.connection))) closes++;
            res.resume();
            res.on('end', done);
          })
          .on('error', fail),
      );
    }
  }),
);
const cpu = process.cpuUsage(cpu0);
clients.destroy();
agent.destroy();
await new Promise((r) => setTimeout(r, 300));

/** TIME_WAIT sockets (state 06) on loopback whose local or remote port is the backend's. */
function timeWait() {
  const hex = backendPort.toString(16).toUpperCase().padStart(4, '0');
  let backendSide = 0;
  let proxySide = 0;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] !== '06') continue;
    if (f[1]?.endsWith(`:${hex}`)) backendSide++;
    else if (f[2]?.endsWith(`:${hex}`)) proxySide++;
  }
  return { backendSide, proxySide };
}
const tw = timeWait();
console.log(
  JSON.stringify({
    build: dist,
    requests,
    clientConnections,
    clientResponsesWithClose: closes,
    upstreamConnections,
    timeWait: tw,
    cpuMicrosPerRequest: +((cpu.user + cpu.system) / requests).toFixed(1),
  }),
);
front.closeAllConnections();
front.close();
backend.closeAllConnections();
backend.close();
proxy.close();
