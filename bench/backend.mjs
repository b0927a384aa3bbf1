// The upstream of every benchmark scenario, in its own process (started by bench/run.mjs).
//
// An HTTP or HTTPS server on 127.0.0.1 that answers every request with the same small body and
// counts what the upstream side of a proxy costs: TCP connections accepted, requests served,
// and for HTTPS the handshakes that resumed a session (`isSessionReused()`) or were full.
//
// Configuration comes as JSON in argv[2]: { tls: {key, cert} | null, keepAliveTimeout, maxRequestsPerSocket,
// strictIdleMs, bodyBytes }.
// IPC: sends {type: 'ready', port}; answers {type: 'snapshot', id} with {type: 'snapshot', id, counters}.
import http from 'node:http';
import https from 'node:https';

const config = JSON.parse(process.argv[2] ?? '{}');
const body = Buffer.alloc(config.bodyBytes ?? 128, 'x');
const counters = { connections: 0, requests: 0, tlsResumed: 0, tlsFull: 0 };

// With `strictIdleMs`, an idle connection is closed exactly that long after its last response,
// as Node 18 and earlier (and servers like Apache httpd) do. Node 20's own keepalive timer allows
// a second more than the `Keep-Alive: timeout=N` hint it sends (measured: an idle connection
// closes 6.0 s after the response with keepAliveTimeout 5000), which hides the race between a
// pooled connection's reuse and the server's close that this scenario is about.
const kIdle = Symbol('idleTimer');
function armIdleClose(socket) {
  clearTimeout(socket[kIdle]);
  socket[kIdle] = setTimeout(() => socket.destroy(), config.strictIdleMs);
}

function handle(req, res) {
  counters.requests++;
  if (config.strictIdleMs) {
    clearTimeout(req.socket[kIdle]);
    res.on('finish', () => armIdleClose(req.socket));
  }
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
}

const server = config.tls ? https.createServer({ key: config.tls.key, cert: config.tls.cert }, handle) : http.createServer(handle);
// Node's default is 5000 ms; the "short keepalive" scenario keeps it, the others raise it so that
// the backend never closes a pooled connection during a run.
server.keepAliveTimeout = config.keepAliveTimeout ?? 5000;
// The HTTPS scenario's backend closes a connection after this many requests (0: no limit).
if (config.maxRequestsPerSocket) server.maxRequestsPerSocket = config.maxRequestsPerSocket;
server.headersTimeout = Math.max(server.keepAliveTimeout + 1000, 60_000);
server.on('connection', () => counters.connections++);
if (config.tls) {
  server.on('secureConnection', (socket) => {
    if (socket.isSessionReused()) counters.tlsResumed++;
    else counters.tlsFull++;
  });
}
// A client that goes away mid-exchange is part of the load (aborted runs end this way).
server.on('clientError', (_err, socket) => socket.destroy());

server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));

process.on('message', (msg) => {
  if (msg.type === 'snapshot') {
    const u = process.cpuUsage();
    process.send({ type: 'snapshot', id: msg.id, counters: { ...counters, cpuMicros: u.user + u.system } });
  }
  else if (msg.type === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
