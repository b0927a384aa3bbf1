// got (ESM only) with upstream-keepalive: got takes one agent per protocol, `agent: { http, https }`.
//
//   npm run build && node examples/clients/got.mjs [--https]
//
// Prints one JSON line: what the loopback backend saw and the agent's getStats(), for 200
// requests at concurrency 10 (the caller's `Connection: close` stripped), for the request
// limit, and for the errors (got reports them as a RequestError whose `code` is ours).
import got from 'got';
import { HttpAgent, HttpsAgent } from '../../dist/esm/index.mjs';
import { parseArgs, runScenarios } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();

const result = await runScenarios({
  client: 'got',
  protocol,
  makeAgent: (options) => (protocol === 'https' ? new HttpsAgent(options) : new HttpAgent(options)),
  // got would retry some network errors (ECONNRESET, ETIMEDOUT, ...); the agent's own codes are
  // not among them, so a full queue or a connect timeout fails at once.
  connect: ({ agent, target }) => ({
    send: (path, headers) => got(target + path, { agent: { http: agent, https: agent }, headers }).text(),
  }),
});
console.log(JSON.stringify(result));
