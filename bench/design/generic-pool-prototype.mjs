// The generic-pool prototype, measured against our HttpAgent and Node's own agent.
//
//   npm run build && node bench/design/generic-pool-prototype.mjs
//
// Everything runs on 127.0.0.1; every loop is bounded; the process exits by itself.
// The printed tables are the ones quoted in docs/design.md ("Why not generic-pool").
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import genericPool from 'generic-pool';
import upstreamKeepalive from '../../dist/cjs/index.js';

const { HttpAgent } = upstreamKeepalive;
const noop = () => {};
const kUses = Symbol('prototype.uses');
const kConn = Symbol('server.connection');

// ---- the prototype --------------------------------------------------------------------------

/**
 * An honest generic-pool agent: one pool per origin (Node's pool key), a factory that opens a
 * TCP connection with the options Node's agent would use, validation of the socket on borrow,
 * generic-pool's idle eviction, `max` sockets per origin, and the request limit done as well as
 * generic-pool allows (mark the last request `Connection: close` if its headers are not yet
 * written, destroy the socket after it in any case).
 */
class GenericPoolAgent extends http.Agent {
  constructor(options = {}) {
    super({ keepAlive: true });
    this.proto = {
      max: 10,
      maxRequestsPerSocket: Infinity,
      idleTimeoutMillis: 60_000,
      evictionRunIntervalMillis: 0, // generic-pool's default: idleTimeoutMillis is then never applied
      testOnBorrow: true,
      fifo: false, // most recently used first, like Node's `lifo` and ours
      acquireTimeoutMillis: undefined,
      ...options,
    };
    /** @type {Map<string, import('generic-pool').Pool<net.Socket>>} */
    this.pools = new Map();
    /** Measurement hook, called when acquire() resolves: (req, socket) => void. */
    this.probe = null;
    this.connectAttempts = 0;
  }

  poolFor(name, options) {
    let pool = this.pools.get(name);
    if (pool !== undefined) return pool;
    const host = options.host ?? 'localhost';
    const port = Number(options.port ?? 80);
    const factory = {
      create: () =>
        new Promise((resolve, reject) => {
          this.connectAttempts++;
          const socket = net.connect({ host, port, keepAlive: true, keepAliveInitialDelay: this.keepAliveMsecs });
          socket.once('error', reject);
          socket.once('connect', () => {
            socket.removeListener('error', reject);
            // While idle nobody else listens: without this an ECONNRESET on an idle socket crashes.
            socket.on('error', noop);
            // A borrowed socket that closes (error, Connection: close, server close) leaves the pool.
            socket.on('close', () => {
              if (pool.isBorrowedResource(socket)) pool.destroy(socket).catch(noop);
            });
            socket[kUses] = 0;
            resolve(socket);
          });
        }),
      destroy: async (socket) => {
        socket.destroy();
      },
      validate: async (socket) => !socket.destroyed && socket.writable && !socket.readableEnded,
    };
    const p = this.proto;
    pool = genericPool.createPool(factory, {
      max: p.max,
      min: 0,
      testOnBorrow: p.testOnBorrow,
      idleTimeoutMillis: p.idleTimeoutMillis,
      evictionRunIntervalMillis: p.evictionRunIntervalMillis,
      fifo: p.fifo,
      acquireTimeoutMillis: p.acquireTimeoutMillis,
    });
    this.pools.set(name, pool);
    return pool;
  }

  addRequest(req, options) {
    const name = this.getName(options);
    const pool = this.poolFor(name, options);
    pool.acquire().then(
      (socket) => {
        this.probe?.(req, socket);
        if (req.destroyed) {
          // Aborted while waiting: Node's onSocket emits 'free' for the unused socket.
          socket.once('free', () => pool.release(socket).catch(noop));
          req.onSocket(socket);
          return;
        }
        socket[kUses]++;
        const last = socket[kUses] >= this.proto.maxRequestsPerSocket;
        if (last && !req.headersSent) req.setHeader('Connection', 'close');
        socket.once('free', () => {
          // Node's http client emits 'free' after a complete keep-alive exchange.
          socket._httpMessage = null;
          if (last) {
            pool.destroy(socket).catch(noop);
          } else {
            socket.unref(); // as Node's keepSocketAlive
            pool.release(socket).catch(noop);
          }
        });
        req.once('close', () => {
          // A request that failed on its socket: the socket never comes back through 'free'.
          process.nextTick(() => {
            if (socket.destroyed && pool.isBorrowedResource(socket)) pool.destroy(socket).catch(noop);
          });
        });
        if (socket[kUses] > 1) {
          socket.ref(); // as Node's reuseSocket
          req.reusedSocket = true;
        }
        req.onSocket(socket);
      },
      (err) => req.onSocket(undefined, err), // as Node's agent does when createConnection fails
    );
  }

  /** drain() waits for every borrowed socket to come back: bounded, for a socket that never does. */
  async close() {
    for (const pool of this.pools.values()) {
      await Promise.race([pool.drain(), sleep(200)]);
      await pool.clear();
    }
  }
}

// ---- loopback servers and a client helper ----------------------------------------------------

/**
 * An http server that records, per connection, the `Connection` header of every request.
 * `idleCloseAfter` (ms): the server ends (FIN) a connection idle that long, without announcing
 * it in a `Keep-Alive` hint (as a load balancer or a server with an unannounced timeout does).
 */
async function recordingServer({ idleCloseAfter } = {}) {
  const connections = [];
  const server = http.createServer((req, res) => {
    const conn = req.socket[kConn];
    clearTimeout(conn.idleTimer);
    conn.requests.push(req.headers.connection ?? '(none)');
    const delay = Number(new URL(req.url, 'http://x').searchParams.get('delay') ?? 0);
    const send = () => res.end('ok');
    if (delay > 0) setTimeout(send, delay);
    else send();
    if (idleCloseAfter !== undefined) {
      res.on('finish', () => {
        conn.idleTimer = setTimeout(() => req.socket.end(), idleCloseAfter);
      });
    }
  });
  server.on('connection', (socket) => {
    const conn = { id: connections.length + 1, requests: [], idleTimer: undefined };
    socket[kConn] = conn;
    socket.on('close', () => clearTimeout(conn.idleTimer));
    connections.push(conn);
  });
  // No Keep-Alive hint and no idle close of Node's own: the server's behaviour is only the above.
  server.keepAliveTimeout = 0;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    connections,
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** One GET; resolves when the response has been read to its end. `giveUpAfter` (ms) bounds a hang. */
function get(agent, port, { path = '/', deferEnd = false, giveUpAfter } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent });
    let socket = null;
    let timer;
    if (giveUpAfter !== undefined) {
      timer = setTimeout(() => {
        const err = new Error(`no response and no error in ${giveUpAfter} ms`);
        err.code = `hangs (given up after ${giveUpAfter} ms)`;
        reject(err); // a request bound to an already destroyed socket emits nothing, even when destroyed
        req.destroy(err);
      }, giveUpAfter);
    }
    req.on('socket', (s) => (socket = s));
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ req, socket });
      });
    });
    if (deferEnd) setImmediate(() => req.end());
    else req.end();
  });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const ms = (x) => `${x.toFixed(0)} ms`;

async function closeAgent(agent) {
  if (agent instanceof GenericPoolAgent) await agent.close();
  else agent.destroy();
}

// ---- 1. the last request of a connection -----------------------------------------------------

async function lastRequest(makeAgent, { deferEnd = false, idleBeforeLast = 0 } = {}) {
  const srv = await recordingServer();
  const agent = makeAgent();
  let acquired = 0;
  let sentAtAcquire = 0;
  if (agent instanceof GenericPoolAgent) {
    agent.probe = (req) => {
      acquired++;
      if (req.headersSent) sentAtAcquire++;
    };
  }
  for (let i = 0; i < 10; i++) {
    if (idleBeforeLast > 0 && i % 5 === 4) await sleep(idleBeforeLast);
    await get(agent, srv.port, { deferEnd });
  }
  await tick();
  const perConn = srv.connections.map((c) => c.requests.length);
  const full = srv.connections.filter((c) => c.requests.length === 5);
  const marked = full.filter((c) => c.requests[4] === 'close').length;
  await closeAgent(agent);
  await srv.close();
  let text = `${marked}/${full.length} (requests per connection: ${perConn.join(', ')})`;
  if (agent instanceof GenericPoolAgent) text += `; headersSent when acquire() resolved: ${sentAtAcquire}/${acquired}`;
  return text;
}

// ---- 2. a total idle cap of 3 across two origins ----------------------------------------------

/** Three requests to A that finish in a known order, then two to B: which idle sockets remain? */
async function idleCap(makeAgent, { tryEvict = false } = {}) {
  const a = await recordingServer();
  const b = await recordingServer();
  const agent = makeAgent();
  const released = async (port, n) => {
    const done = await Promise.all(Array.from({ length: n }, (_, i) => get(agent, port, { path: `/?delay=${10 + 20 * i}` })));
    await tick();
    return done.map((d) => d.socket); // in release order (the delays order them)
  };
  const aSockets = await released(a.port, 3);
  await released(b.port, 2);
  const idleOf = (port) => {
    if (agent instanceof GenericPoolAgent) return agent.pools.get(agent.getName({ host: '127.0.0.1', port }))?.available ?? 0;
    return agent.freeSockets[agent.getName({ host: '127.0.0.1', port })]?.length ?? 0;
  };
  const closedA = () =>
    aSockets
      .map((s, i) => (s.destroyed ? `A${i + 1}` : null))
      .filter(Boolean)
      .join(', ') || 'none';
  let text = `idle A ${idleOf(a.port)} + B ${idleOf(b.port)}; closed: ${closedA()}`;
  if (tryEvict) {
    // Evicting A's least recently used idle socket: generic-pool's destroy() is for borrowed resources only.
    const poolA = agent.pools.get(agent.getName({ host: '127.0.0.1', port: a.port }));
    const err = await poolA.destroy(aSockets[0]).then(
      () => 'ok',
      (e) => e.message,
    );
    text += `; poolA.destroy(idle A1) → "${err}"`;
    // The only way to close an idle resource: borrow it, then destroy it. acquire() picks by `fifo`, not by us.
    for (let i = 0; i < 2; i++) await poolA.destroy(await poolA.acquire());
    await tick();
    text += `; acquire()+destroy() ×2 closed: ${closedA()}`;
  }
  await closeAgent(agent);
  await a.close();
  await b.close();
  return text;
}

// ---- 3. a server that closes idle connections -------------------------------------------------

/** The server ends idle connections after 100 ms: how long the dead idle socket stays counted; then one request. */
async function deadIdle(makeAgent) {
  const srv = await recordingServer({ idleCloseAfter: 100 });
  const agent = makeAgent();
  const { socket } = await get(agent, srv.port);
  await tick();
  const name = agent.getName({ host: '127.0.0.1', port: srv.port });
  const counted = () => {
    if (agent instanceof GenericPoolAgent) return agent.pools.get(name).size > 0;
    return (agent.sockets[name]?.length ?? 0) + (agent.freeSockets[name]?.length ?? 0) > 0;
  };
  const t0 = performance.now();
  const limit = 1600;
  let dead;
  let gone;
  while (performance.now() - t0 < limit) {
    await sleep(5);
    const t = performance.now() - t0;
    if (dead === undefined && socket.destroyed) dead = t;
    if (!counted()) {
      gone = t;
      break;
    }
  }
  const t1 = performance.now();
  const outcome = await get(agent, srv.port, { giveUpAfter: 1000 }).then(
    () => 'ok',
    (e) => `fails: ${e.code ?? e.message}`,
  );
  const latency = performance.now() - t1;
  await closeAgent(agent);
  await srv.close();
  const deadText = dead === undefined ? 'not closed' : `closed at ${ms(dead)}`;
  const goneText = gone === undefined ? `still counted at ${ms(limit)}` : `uncounted at ${ms(gone)}`;
  return `${deadText}, ${goneText}; next request ${outcome} in ${latency.toFixed(1)} ms`;
}

// ---- 4. Node's maps ---------------------------------------------------------------------------

async function nodeMaps(makeAgent) {
  const srv = await recordingServer();
  const agent = makeAgent();
  const counts = (map) => {
    const n = Object.values(map).reduce((sum, list) => sum + list.length, 0);
    return n;
  };
  const snap = () => {
    let text = `sockets ${counts(agent.sockets)}, freeSockets ${counts(agent.freeSockets)}, requests ${counts(agent.requests)}`;
    if (agent instanceof GenericPoolAgent) {
      const pool = agent.pools.get(agent.getName({ host: '127.0.0.1', port: srv.port }));
      text += ` (generic-pool's own: borrowed ${pool.borrowed}, available ${pool.available}, pending ${pool.pending})`;
    }
    return text;
  };
  const inFlight = Promise.all([get(agent, srv.port, { path: '/?delay=60' }), get(agent, srv.port, { path: '/?delay=60' })]);
  await sleep(30);
  const during = snap();
  await inFlight;
  await tick();
  const idle = snap();
  await closeAgent(agent);
  await srv.close();
  return `in flight (1 active, 1 queued): ${during}; idle: ${idle}`;
}

// ---- extra: nothing listens on the port ------------------------------------------------------

async function refused(makeAgent) {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise((resolve) => probe.close(resolve));
  const agent = makeAgent();
  const t0 = performance.now();
  const outcome = await get(agent, port).then(
    () => 'ok',
    (e) => `${e.code ?? e.name}`,
  );
  const t = performance.now() - t0;
  const attempts = agent instanceof GenericPoolAgent ? `, ${agent.connectAttempts} connect attempts` : ', 1 connect attempt';
  // Let generic-pool's retry loop notice the timed-out request is gone before closing.
  await sleep(20);
  await closeAgent(agent);
  return `fails with ${outcome} after ${t.toFixed(1)} ms${attempts}`;
}

// ---- 5. throughput ---------------------------------------------------------------------------

const THROUGHPUT_SERVER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((req, res) => res.end('ok'));
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(() => parentPort.close()); });
`;

async function run(agent, port, total, concurrency) {
  let next = 0;
  const loop = async () => {
    while (next < total) {
      next++;
      await get(agent, port);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return total / ((performance.now() - t0) / 1000);
}

async function throughput(agents) {
  const worker = new Worker(THROUGHPUT_SERVER, { eval: true });
  const port = await new Promise((resolve) => worker.once('message', resolve));
  const modes = [
    ['5,000 sequential', 1],
    ['5,000 at concurrency 10', 10],
  ];
  const results = new Map(); // `${mode}|${agent}` -> [rps]
  // Warm-up: JIT and connections, not counted.
  for (const [, make] of agents) {
    const agent = make();
    await run(agent, port, 1000, 10);
    await closeAgent(agent);
  }
  for (let round = 0; round < 3; round++) {
    for (const [mode, concurrency] of modes) {
      for (const [label, make] of agents) {
        const agent = make();
        const rps = await run(agent, port, 5000, concurrency);
        await closeAgent(agent);
        const key = `${mode}|${label}`;
        results.set(key, [...(results.get(key) ?? []), rps]);
      }
    }
  }
  worker.postMessage('close');
  await new Promise((resolve) => worker.once('exit', resolve));
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const rows = [];
  for (const [mode] of modes) {
    const base = median(results.get(`${mode}|${agents[0][0]}`));
    const cells = agents.map(([label]) => {
      const m = median(results.get(`${mode}|${label}`));
      return `${Math.round(m).toLocaleString('en-US')} (×${(m / base).toFixed(2)})`;
    });
    rows.push([mode, ...cells]);
  }
  return rows;
}

// ---- main -------------------------------------------------------------------------------------

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

const started = performance.now();
const node = () => new http.Agent({ keepAlive: true });
const ours = (o = {}) => new HttpAgent(o);
const proto = (o = {}) => new GenericPoolAgent(o);

const rows = [];
/** Progress on stderr, so that stdout is exactly the tables. */
const step = (what) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${what}\n`);
step('1. last request');
rows.push([
  '1. limit 5 requests/connection, 10 sequential `http.get`: 5th request of each connection sent with `Connection: close`',
  await lastRequest(() => ours({ maxRequestsPerSocket: 5, limitJitter: 0 })),
  await lastRequest(() => proto({ maxRequestsPerSocket: 5 })),
]);
rows.push([
  '1b. same, but `req.end()` called one `setImmediate` later',
  await lastRequest(() => ours({ maxRequestsPerSocket: 5, limitJitter: 0 }), { deferEnd: true }),
  await lastRequest(() => proto({ maxRequestsPerSocket: 5 }), { deferEnd: true }),
]);
rows.push([
  '1c. same as 1, but the socket idles 1.1 s before each 5th request (past our `validateAfterIdle` default of 1 s)',
  await lastRequest(() => ours({ maxRequestsPerSocket: 5, limitJitter: 0 }), { idleBeforeLast: 1100 }),
  await lastRequest(() => proto({ maxRequestsPerSocket: 5 }), { idleBeforeLast: 1100 }),
]);
step('2. idle cap');
rows.push([
  '2. idle cap 3 across origins: 3 released on A (A1 first), then 2 on B',
  await idleCap(() => ours({ maxIdleSockets: 3 })),
  await idleCap(() => proto({ fifo: false }), { tryEvict: true }),
]);
rows.push([
  '2b. same, prototype with generic-pool\'s default `fifo: true` (reuse order oldest first)',
  '—',
  await idleCap(() => proto({ fifo: true }), { tryEvict: true }),
]);
step('3. dead idle socket');
rows.push([
  '3. server closes idle connections after 100 ms (max 1 socket); idle timeout 1 s, eviction run every 250 ms',
  await deadIdle(() => ours({ maxSockets: 1, idleTimeout: 1000 })),
  await deadIdle(() => proto({ max: 1, idleTimeoutMillis: 1000, evictionRunIntervalMillis: 250 })),
]);
rows.push([
  '3b. same, generic-pool\'s default `evictionRunIntervalMillis: 0`',
  '—',
  await deadIdle(() => proto({ max: 1, idleTimeoutMillis: 1000 })),
]);
rows.push([
  '3c. same, without `testOnBorrow`',
  '—',
  await deadIdle(() => proto({ max: 1, idleTimeoutMillis: 1000, testOnBorrow: false })),
]);
step("4. Node's maps");
rows.push([
  '4. Node\'s maps, max 1 socket, 2 requests',
  await nodeMaps(() => ours({ maxSockets: 1 })),
  await nodeMaps(() => proto({ max: 1 })),
]);
rows.push([
  '4 (reference: Node\'s `http.Agent`)',
  await nodeMaps(() => new http.Agent({ keepAlive: true, maxSockets: 1 })),
  '',
]);
step('5. connection refused');
rows.push([
  '5. nothing listens on the port (prototype: `acquireTimeoutMillis: 1000`)',
  await refused(() => ours()),
  await refused(() => proto({ acquireTimeoutMillis: 1000 })),
]);

step('throughput');
const tp = await throughput([
  ["Node's http.Agent({keepAlive:true})", node],
  ['HttpAgent (ours, defaults)', () => ours()],
  ['generic-pool prototype (max 10, limit 1000)', () => proto({ max: 10, maxRequestsPerSocket: 1000 })],
]);

console.log(`generic-pool prototype vs upstream-keepalive — ${new Date().toISOString()}, Node ${process.version}, ${process.platform}/${process.arch}`);
console.log('');
console.log(table(['measurement', 'HttpAgent (ours)', 'generic-pool prototype'], rows));
console.log('');
console.log('Throughput, requests/second, median of 3 interleaved rounds (ratio to Node\'s agent):');
console.log('');
console.log(table(['workload', "Node's http.Agent({keepAlive:true})", 'HttpAgent (ours, defaults)', 'generic-pool prototype (max 10, limit 1000)'], tp));
console.log('');
console.log(`total ${(performance.now() - started) / 1000 | 0} s`);
