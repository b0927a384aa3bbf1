// http-proxy-middleware 3 under express 5, with upstream-keepalive: the agent in the `agent`
// option, onProxyRes in `on: { proxyRes }` (in v2: the `onProxyRes` option), and an `on.error`
// handler (the default one answers 500 to every error it does not know, ours included).
//
//   npm run build && node examples/clients/http-proxy-middleware.mjs [--https]   (--https: HTTPS upstream)
//
// Prints one JSON line: what the loopback backend saw and the agent's getStats(), for 200
// requests at concurrency 10 through the proxy (its clients send `Connection: close`), for the
// request limit, and for the errors as `on.error` receives them.
import http from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { ErrorCodes, HttpAgent, HttpsAgent, onProxyRes } from '../../dist/esm/index.mjs';
import { parseArgs, runScenarios } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();

async function startApp(agent, target) {
  const failures = new Map(); // request id → the error on.error received, for the example's client
  const app = express();
  app.use(
    createProxyMiddleware({
      target,
      agent,
      on: {
        proxyRes: onProxyRes,
        error: (err, req, res) => {
          failures.set(req.headers['x-request-id'], err);
          // NGINX answers 504 when the upstream connect timed out, 502 otherwise.
          const status = err.code === ErrorCodes.CONNECT_TIMEOUT ? 504 : 502;
          if ('writeHead' in res && !res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(`upstream error: ${err.code ?? err.message}\n`);
        },
      },
    }),
  );
  const server = http.createServer(app);
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
  client: 'http-proxy-middleware',
  protocol,
  makeAgent: (options) => (protocol === 'https' ? new HttpsAgent(options) : new HttpAgent(options)),
  connect: async ({ agent, target }) => {
    const app = await startApp(agent, target);
    const clientAgent = new http.Agent({ keepAlive: true });
    return {
      send: (path, headers) => get(app.url + path, clientAgent, headers, app.failures),
      async close() {
        clientAgent.destroy();
        app.server.closeAllConnections();
        await new Promise((resolve) => app.server.close(resolve));
      },
    };
  },
});
console.log(JSON.stringify(result));
