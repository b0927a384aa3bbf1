// One reverse proxy of `npm run demo` (examples/demo.mjs), in its own process: plain http-proxy,
// every option at its default and no helper installed, with one contender's upstream agent.
// Not an example itself (the examples test skips paths that start with "_").
//
// argv[2]: JSON { contender: 'none' | 'node' | 'ours', target }.
//   none  http-proxy without an agent (its default: a new upstream connection per request)
//   node  new http.Agent({ keepAlive: true })
//   ours  new HttpAgent() (upstream-keepalive, every option at its default)
// IPC: sends {type: 'ready', port}; answers {type: 'stats', id} with this process's upstream
// errors and, for ours, getStats(); {type: 'close', id}: closes the agent (ours: agent.close(),
// whose pooled connections then close as agent_closed) and answers with getStats() before and
// after; exits on {type: 'exit'}.
import http from 'node:http';
import httpProxy from 'http-proxy';
import { HttpAgent } from '../../dist/esm/index.mjs';

const { contender, target } = JSON.parse(process.argv[2]);
const agents = {
  none: () => undefined,
  node: () => new http.Agent({ keepAlive: true }),
  ours: () => new HttpAgent(),
};
const agent = agents[contender]();

const proxy = httpProxy.createProxyServer({ target, agent });
let errors = 0;
proxy.on('error', (_err, _req, res) => {
  errors++;
  if (!res.headersSent) res.writeHead(502);
  res.end();
});
const server = http.createServer((req, res) => proxy.web(req, res));
server.on('clientError', (_err, socket) => socket.destroy());

const stats = () => (typeof agent?.getStats === 'function' ? agent.getStats() : null);

process.on('message', async (msg) => {
  if (msg.type === 'stats') process.send({ type: 'stats', id: msg.id, errors, stats: stats() });
  else if (msg.type === 'close') {
    const before = stats();
    if (typeof agent?.close === 'function') await agent.close();
    else agent?.destroy();
    process.send({ type: 'close', id: msg.id, errors, before, after: stats() });
  } else if (msg.type === 'exit') {
    server.closeAllConnections();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
