// http-proxy with upstream-keepalive: the agent in the proxy's `agent` option, and
// onProxyRes on the 'proxyRes' event so the upstream's Connection / Keep-Alive (and the other
// hop-by-hop headers) do not reach the proxy's clients. examples/reverse-proxy.mjs is the
// longer walk-through.
//
//   npm run build && node examples/clients/http-proxy.mjs [--https]     (--https: HTTPS upstream)
//
// Prints one JSON line: what the loopback backend saw and the agent's getStats(), for 200
// requests at concurrency 10 through the proxy (its clients send `Connection: close`), for the
// request limit, and for the errors: http-proxy's 'error' event gets the agent's own error
// (QueueFullError, QueueTimeoutError, ConnectTimeoutError); the proxy answers 502 / 504.
import http from 'node:http';
import httpProxy from 'http-proxy';
import { ErrorCodes, HttpAgent, HttpsAgent, onProxyRes } from '../../dist/esm/index.mjs';
import { parseArgs, runScenarios } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();

/** The status NGINX answers with: 504 when the upstream connect timed out, 502 otherwise. */
const statusFor = (err) => (err.code === ErrorCodes.CONNECT_TIMEOUT ? 504 : 502);

async function startProxy(agent, target) {
  const proxy = httpProxy.createProxyServer({ target, agent });
  proxy.on('proxyRes', onProxyRes);
  const failures = new Map(); // request id → the error http-proxy reported, for the example's client
  proxy.on('error', (err, req, res) => {
    failures.set(req.headers['x-request-id'], err);
    if (!res.headersSent) res.writeHead(statusFor(err), { 'content-type': 'text/plain' });
    res.end(`upstream error: ${err.code ?? err.message}\n`);
  });
  const server = http.createServer((req, res) => proxy.web(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, failures, url: `http://127.0.0.1:${server.address().port}` };
}

let nextId = 0;
function get(url, clientAgent, headers, failures) {
  const id = String(++nextId);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: clientAgent, headers: { ...headers, 'x-request-id': id } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) resolve();
        else reject(failures.get(id) ?? new Error(`status ${res.statusCode}`));
      });
    });
    req.on('error', reject);
  });
}

const result = await runScenarios({
  client: 'http-proxy',
  protocol,
  makeAgent: (options) => (protocol === 'https' ? new HttpsAgent(options) : new HttpAgent(options)),
  connect: async ({ agent, target }) => {
    const proxy = await startProxy(agent, target);
    const clientAgent = new http.Agent({ keepAlive: true }); // the proxy's client: Node's own agent
    return {
      send: (path, headers) => get(proxy.url + path, clientAgent, headers, proxy.failures),
      async close() {
        clientAgent.destroy();
        proxy.server.closeAllConnections();
        await new Promise((resolve) => proxy.server.close(resolve));
      },
    };
  },
});
console.log(JSON.stringify(result));
