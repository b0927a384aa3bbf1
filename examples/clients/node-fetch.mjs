// node-fetch 3 (ESM only) with upstream-keepalive: pass the agent as `agent`.
//
//   npm run build && node examples/clients/node-fetch.mjs [--https]
//
// Prints one JSON line: what the loopback backend saw and the agent's getStats(), for 200
// requests at concurrency 10 (the caller's `Connection: close` stripped), for the request
// limit, and for the errors (node-fetch reports them as a FetchError of type 'system' whose
// `code` is ours).
//
// Without an agent, node-fetch 3 uses Node's global agent (keep-alive since Node 19, but none of this pool's limits).
// Read (or cancel) every response body: the socket goes back to the pool only when it is read.
import fetch from 'node-fetch';
import { HttpAgent, HttpsAgent } from '../../dist/esm/index.mjs';
import { parseArgs, runScenarios } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();

const result = await runScenarios({
  client: 'node-fetch',
  protocol,
  makeAgent: (options) => (protocol === 'https' ? new HttpsAgent(options) : new HttpAgent(options)),
  connect: ({ agent, target }) => ({
    send: async (path, headers) => {
      const res = await fetch(target + path, { agent, headers });
      await res.text();
    },
  }),
});
console.log(JSON.stringify(result));
