// The reverse proxy of the benchmark, in its own process (started by bench/run.mjs): http-proxy
// in front of the backend, with the upstream agent under test.
//
// Configuration comes as JSON in argv[2]: { contender, tls, dist, helper, agentOptions }, and the
// backend's URL with {type: 'start', target} (the process is started before the backend is up,
// to save time).
// Contenders: 'none' (http-proxy without an agent: one connection per request), 'node'
// (Node's agent with keepAlive: true), 'agentkeepalive' (its defaults), 'ours' (HttpAgent /
// HttpsAgent with every option at its default, or `agentOptions` where a scenario sets some).
// `helper: true` installs the package's onProxyRes hop-by-hop listener; without it http-proxy
// runs as it comes, every option at its default but `secure: false` for the self-signed backend.
// IPC: sends {type: 'loaded'}, then after 'start' {type: 'ready', port}; answers
// {type: 'snapshot', id} with this process's CPU time, peak RSS, upstream errors, the upstream
// responses and how many of them came on a connection opened for their request
// (`proxyRes.req.reusedSocket === false`: a TCP / TLS handshake on the request's path) and, for
// 'ours', the agent's getStats().
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const httpProxy = require('http-proxy');
const AgentKeepAlive = require('agentkeepalive');

const config = JSON.parse(process.argv[2] ?? '{}');
// The orchestrator's copy of the build (see bench/run.mjs), or the project's.
const pkg = require(config.dist ?? '../dist/cjs/index.js');
const tls = config.tls === true;

function makeAgent(contender) {
  switch (contender) {
    case 'none':
      return undefined;
    case 'node':
      return tls ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    case 'agentkeepalive':
      return tls ? new AgentKeepAlive.HttpsAgent() : new AgentKeepAlive();
    case 'ours':
      return tls ? new pkg.HttpsAgent(config.agentOptions) : new pkg.HttpAgent(config.agentOptions);
    default:
      throw new Error(`unknown contender ${contender}`);
  }
}

const agent = makeAgent(config.contender);
const target = await new Promise((resolve) => {
  const onStart = (msg) => {
    if (msg.type !== 'start') return;
    process.off('message', onStart);
    resolve(msg.target);
  };
  process.on('message', onStart);
  process.send({ type: 'loaded' }); // messages that arrive before a listener are lost
});
// The backend's certificate is self-signed: `secure: false` (rejectUnauthorized: false), the
// same for every contender.
const proxy = httpProxy.createProxyServer({ target, agent, secure: false });
// With the helper, the upstream's hop-by-hop headers (Connection, Keep-Alive, ...) are kept out
// of the responses to the clients by the package's http-proxy listener, for every contender alike.
if (config.helper === true) proxy.on('proxyRes', pkg.onProxyRes);

// Upstream responses, and those whose request went out on a connection opened for it rather
// than a reused one (Node's agents set `reusedSocket` when they hand a pooled socket over).
let upstreamResponses = 0;
let onNewConnection = 0;
proxy.on('proxyRes', (proxyRes) => {
  upstreamResponses++;
  if (proxyRes.req?.reusedSocket === false) onNewConnection++;
});

let proxyErrors = 0;
const errorCodes = {};
proxy.on('error', (err, _req, res) => {
  proxyErrors++;
  const code = err.code ?? err.message;
  errorCodes[code] = (errorCodes[code] ?? 0) + 1;
  if (res && typeof res.writeHead === 'function' && !res.headersSent) {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  } else {
    res?.destroy?.();
  }
});

const server = http.createServer((req, res) => proxy.web(req, res));
server.keepAliveTimeout = 65_000;
server.on('clientError', (_err, socket) => socket.destroy());
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));

process.on('message', (msg) => {
  if (msg.type === 'snapshot') {
    process.send({
      type: 'snapshot',
      id: msg.id,
      proxy: {
        cpuMicros: cpuMicros(),
        maxRssKiB: process.resourceUsage().maxRSS,
        errors: proxyErrors,
        errorCodes: { ...errorCodes },
        upstreamResponses,
        onNewConnection,
        agentStats: typeof agent?.getStats === 'function' ? agent.getStats() : null,
      },
    });
  } else if (msg.type === 'exit') {
    // A normal exit, so that --cpu-prof (bench/run.mjs --profile) writes its profile.
    server.closeAllConnections();
    agent?.destroy?.();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}
