// The backend of `npm run demo` (examples/demo.mjs), in its own process: one HTTP server on
// 127.0.0.1 per contender, each on its own port, each counting the TCP connections opened to it
// and the requests it served. Not an example itself (the examples test skips paths that start
// with "_").
//
// argv[2]: JSON { names: [contender names] }.
// IPC: sends {type: 'ready', ports: {name: port}}; answers {type: 'counters', id} with
// {type: 'counters', id, counters: {name: {connections, requests}}}; exits on {type: 'exit'}.
import http from 'node:http';

const { names } = JSON.parse(process.argv[2]);
const servers = {};
const counters = {};
const body = 'hello from the backend\n';

for (const name of names) {
  const count = { connections: 0, requests: 0 };
  const server = http.createServer((req, res) => {
    count.requests++;
    req.resume();
    res.end(body);
  });
  // Long enough that no pooled connection is closed by the backend while the other contenders
  // take their turn.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', () => count.connections++);
  servers[name] = server;
  counters[name] = count;
}

const ports = {};
await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) =>
        servers[name].listen(0, '127.0.0.1', () => {
          ports[name] = servers[name].address().port;
          resolve();
        }),
      ),
  ),
);

process.on('message', (msg) => {
  if (msg.type === 'counters') process.send({ type: 'counters', id: msg.id, counters });
  else if (msg.type === 'exit') {
    for (const server of Object.values(servers)) server.closeAllConnections();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', ports });
