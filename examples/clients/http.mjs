// Node's own http.request / https.request with upstream-keepalive: pass the agent as `agent`.
//
//   npm run build && node examples/clients/http.mjs [--https]
//
// Prints one JSON line: what the loopback backend saw and the agent's getStats(), for 200
// requests at concurrency 10 (the caller's `Connection: close` stripped), for the request
// limit, and for the errors (the request's 'error' event gets the agent's own error:
// QueueFullError, QueueTimeoutError, ConnectTimeoutError, each with its `code`).
//
// Give Connection (and any other header) in the request options: a header set with
// req.setHeader() after http.request() returns is not seen by the agent (see docs/clients.md).
import http from 'node:http';
import https from 'node:https';
import { HttpAgent, HttpsAgent } from '../../dist/esm/index.mjs';
import { parseArgs, runScenarios } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();

function send(agent, url, headers) {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { agent, headers }, (res) => {
      res.resume(); // read the body: the socket goes back to the pool when the response ends
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const result = await runScenarios({
  client: 'http',
  protocol,
  makeAgent: (options) => (protocol === 'https' ? new HttpsAgent(options) : new HttpAgent(options)),
  connect: ({ agent, target }) => ({ send: (path, headers) => send(agent, target + path, headers) }),
});
console.log(JSON.stringify(result));
