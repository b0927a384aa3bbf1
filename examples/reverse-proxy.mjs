// A reverse proxy on http-proxy with upstream-keepalive: NGINX's
//
//   upstream backend { server 127.0.0.1:PORT; keepalive 32; keepalive_requests 100; }
//   location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
//
// in Node. The agent pools the upstream connections (and strips the clients' Connection: close,
// as proxy_set_header Connection "" does); onProxyRes keeps the upstream's hop-by-hop headers
// (Connection, Keep-Alive, ...) out of the responses, so each client gets the proxy's own.
//
//   npm run build && node examples/reverse-proxy.mjs
//
// It starts a loopback backend and the proxy, sends a bounded amount of traffic through the
// proxy from three kinds of client, prints one JSON line with what everyone saw and the agent's
// getStats(), closes everything and exits.
import http from 'node:http';
import net from 'node:net';
import httpProxy from 'http-proxy';
import { ErrorCodes, HttpAgent, onProxyRes } from '../dist/esm/index.mjs';
import { compactStats, runConcurrently, startBackend } from './_shared/loopback.mjs';

// The backend hints `Keep-Alive: timeout=5`: the agent closes idle upstream sockets after 4 s
// (the hint minus agentKeepAliveTimeoutBuffer), before the backend would.
const backend = await startBackend({ keepAliveTimeout: 5000 });

const agent = new HttpAgent({ maxIdleSockets: 32, maxRequestsPerSocket: 100 });
const proxy = httpProxy.createProxyServer({ target: backend.url, agent });
proxy.on('proxyRes', onProxyRes);
proxy.on('error', (err, req, res) => {
  // What NGINX answers: 504 when the upstream connect timed out, 502 for the rest
  // (a full or timed-out queue included).
  const status = err.code === ErrorCodes.CONNECT_TIMEOUT ? 504 : 502;
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(`upstream error: ${err.code ?? err.message}\n`);
});

const server = http.createServer((req, res) => {
  if (req.url === '/_stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(agent.getStats()));
    return;
  }
  proxy.web(req, res);
});
server.keepAliveTimeout = 3000; // the proxy's own hint to its clients: Keep-Alive: timeout=3
let clientConnections = 0;
server.on('connection', () => clientConnections++);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const proxyUrl = `http://127.0.0.1:${server.address().port}`;

/** One GET through the proxy; resolves with the status and the headers the client saw. */
function get(path, options) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${proxyUrl}${path}`, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, keepAlive: res.headers['keep-alive'] ?? null, body }));
    });
    req.on('error', reject);
  });
}

/** One HTTP/1.0 GET over a raw socket, as ApacheBench sends it; resolves at EOF (bounded). */
function getHttp10(path) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.address().port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.0\r\nHost: proxy\r\n\r\n`));
    const timer = setTimeout(() => socket.destroy(new Error('no EOF within 5 s')), 5000);
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (text += d));
    socket.on('error', reject);
    socket.on('end', () => {
      clearTimeout(timer);
      resolve({ statusLine: text.split('\r\n', 1)[0], connection: /\r\nconnection: *([^\r]*)/i.exec(text)?.[1] ?? null });
    });
  });
}

// a) Keep-alive clients: 300 requests at concurrency 10 over Node's keep-alive agent.
const clientAgent = new http.Agent({ keepAlive: true, maxSockets: 10 });
const keepAliveSeen = [];
await runConcurrently(300, 10, async () => keepAliveSeen.push(await get('/', { agent: clientAgent })));
const keepAliveClientConnections = clientConnections;

// b) Clients that send Connection: close (curl -H 'Connection: close', ab without -k): each
//    connection to the proxy closes after one response, the upstream connections stay pooled.
const closeSeen = [];
await runConcurrently(50, 5, async () => closeSeen.push(await get('/', { agent: false, headers: { connection: 'close' } })));

// c) An HTTP/1.0 client, which reads until the connection closes.
const http10 = await getHttp10('/');

const stats = JSON.parse((await get('/_stats', { agent: false })).body);
clientAgent.destroy();
const distinct = (list, key) => [...new Set(list.map((r) => `${r[key]}`))];
console.log(
  JSON.stringify({
    example: 'reverse-proxy',
    clients: {
      keepAlive: { requests: keepAliveSeen.length, connectionsToProxy: keepAliveClientConnections, statuses: distinct(keepAliveSeen, 'status'), connection: distinct(keepAliveSeen, 'connection'), keepAlive: distinct(keepAliveSeen, 'keepAlive') },
      connectionClose: { requests: closeSeen.length, statuses: distinct(closeSeen, 'status'), connection: distinct(closeSeen, 'connection'), keepAlive: distinct(closeSeen, 'keepAlive') },
      http10,
    },
    upstream: backend.summary(),
    stats: compactStats(stats),
  }),
);

await agent.close();
server.closeAllConnections();
await new Promise((resolve) => server.close(resolve));
await backend.close();
