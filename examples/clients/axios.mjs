// axios with upstream-keepalive: `httpAgent` for http: URLs, `httpsAgent` for https: URLs.
//
//   npm run build && node examples/clients/axios.mjs [--https]
//
// Prints one JSON line: what the loopback backend saw and the agent's getStats(), for 200
// requests at concurrency 10 (the caller's `Connection: close` stripped), for the request
// limit, and for the errors (axios rejects with an AxiosError whose `code` is the agent's code
// and whose `cause` is the agent's error).
//
// `proxy: false`: otherwise axios honours HTTP_PROXY / HTTPS_PROXY from the environment and
// sends the request to that proxy, through the agent, which then pools connections to the proxy.
import axios from 'axios';
import { HttpAgent, HttpsAgent } from '../../dist/esm/index.mjs';
import { parseArgs, runScenarios } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();

const result = await runScenarios({
  client: 'axios',
  protocol,
  makeAgent: (options) => (protocol === 'https' ? new HttpsAgent(options) : new HttpAgent(options)),
  connect: ({ agent, target }) => {
    const api = axios.create({ baseURL: target, httpAgent: agent, httpsAgent: agent, proxy: false, responseType: 'text' });
    return { send: (path, headers) => api.get(path, { headers }) };
  },
});
console.log(JSON.stringify(result));
