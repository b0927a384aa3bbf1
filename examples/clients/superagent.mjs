// superagent with upstream-keepalive: `.agent(agent)` on each request.
//
//   npm run build && node examples/clients/superagent.mjs [--https]
//
// Prints one JSON line: what the loopback backend saw and the agent's getStats(), for 200
// requests at concurrency 10, for the request limit, and for the errors (superagent rejects
// with the agent's own error, its `code` intact).
//
// superagent sets its headers with req.setHeader() after it has created the request, too late
// for the agent to strip a `Connection: close` (see docs/clients.md): a proxy built on
// superagent forwards its client's headers through stripHopByHopHeaders(), as here.
import superagent from 'superagent';
import { HttpAgent, HttpsAgent, stripHopByHopHeaders } from '../../dist/esm/index.mjs';
import { parseArgs, runScenarios } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();

const result = await runScenarios({
  client: 'superagent',
  protocol,
  makeAgent: (options) => (protocol === 'https' ? new HttpsAgent(options) : new HttpAgent(options)),
  connect: ({ agent, target }) => ({
    // A superagent request starts when it is awaited (or .end() / .then() is called): .then() starts it now.
    send: (path, headers) =>
      superagent
        .get(target + path)
        .agent(agent)
        .set(stripHopByHopHeaders(headers))
        .then((res) => res.text),
  }),
});
console.log(JSON.stringify(result));
