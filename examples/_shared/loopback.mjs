// Shared by the client examples (not an example itself: the examples test skips paths that
// start with "_"). A loopback backend that records what it saw, a bounded concurrent runner,
// and the scenarios every client example runs:
//
//   pooled        200 requests at concurrency 10, each sent with the caller's `Connection: close`
//   requestLimit  the same with maxRequestsPerSocket: 7, limitJitter: 0
//   errors        a full queue, a queue timeout, and (HTTPS) a TLS handshake that never ends
//
// Every figure printed is measured in the run: what the backend saw, and agent.getStats().
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import selfsigned from 'selfsigned';

export const REQUESTS = 200;
export const CONCURRENCY = 10;
export const REQUEST_LIMIT = 7;
/** No scenario may take longer than this; the example then fails instead of hanging. */
const SCENARIO_DEADLINE_MS = 30_000;

/** `--https` runs the example over TLS (HttpsAgent and an HTTPS backend with a fresh self-signed certificate). */
export function parseArgs(argv = process.argv.slice(2)) {
  return { protocol: argv.includes('--https') ? 'https' : 'http' };
}

let cert;
/** A self-signed certificate for 127.0.0.1, made once per run. */
export async function selfSignedCert() {
  cert ??= await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  return { key: cert.private, cert: cert.cert };
}

/**
 * A backend on 127.0.0.1 that counts connections and records, per request, the connection it
 * came on, its position there and its Connection header. `/slow` answers after `slowMs`.
 */
export async function startBackend({ protocol = 'http', keepAliveTimeout = 5000, slowMs = 300 } = {}) {
  const connections = [];
  const seen = [];
  const bySocket = new Map();
  const onRequest = (req, res) => {
    const conn = bySocket.get(req.socket);
    conn.requests++;
    seen.push({ connection: conn.id, index: conn.requests, connectionHeader: req.headers.connection ?? null });
    const reply = () => res.end(`c${conn.id}r${conn.requests}`);
    if (req.url.startsWith('/slow')) setTimeout(reply, slowMs);
    else reply();
  };
  const tls = protocol === 'https' ? await selfSignedCert() : undefined;
  const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = keepAliveTimeout;
  server.on(tls ? 'secureConnection' : 'connection', (socket) => {
    const conn = { id: connections.length + 1, requests: 0 };
    connections.push(conn);
    bySocket.set(socket, conn);
    socket.on('close', () => bySocket.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${protocol}://127.0.0.1:${server.address().port}`,
    ca: tls?.cert,
    seen,
    /** What the backend saw, as plain data. */
    summary() {
      return {
        connections: connections.length,
        requests: seen.length,
        perConnection: connections.map((c) => c.requests),
        /** The position on its connection of every request that arrived with `Connection: close`. */
        connectionCloseAt: seen.filter((r) => /(^|,)\s*close\s*(,|$)/i.test(r.connectionHeader ?? '')).map((r) => r.index),
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A TCP server that accepts connections and never speaks: a TLS handshake with it never ends. */
export async function startSilentServer() {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  let accepted = 0;
  server.on('connection', () => accepted++);
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    accepted: () => accepted,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Runs `total` calls of `fn`, `concurrency` at a time; fails past the deadline. */
export async function runConcurrently(total, concurrency, fn) {
  const deadline = Date.now() + SCENARIO_DEADLINE_MS;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        if (Date.now() > deadline) throw new Error(`not done within ${SCENARIO_DEADLINE_MS} ms`);
        const i = next++;
        await fn(i);
      }
    }),
  );
}

/** Polls `check` every 5 ms until it holds; fails after `ms`. */
export async function until(check, ms, what) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** getStats() totals, without the per-origin breakdown, and only the close reasons that occurred. */
export function compactStats(stats) {
  const { origins: _origins, closed, ...totals } = stats;
  return { ...totals, closed: Object.fromEntries(Object.entries(closed).filter(([, n]) => n > 0)) };
}

/** The parts of an error a caller looks at: its class, name, code, and its cause's code when it wraps one. */
export function describeError(err) {
  if (err === undefined) return null;
  return {
    class: err.constructor?.name ?? null,
    name: err.name ?? null,
    code: err.code ?? null,
    causeCode: err.cause?.code ?? null,
    type: err.type ?? null, // node-fetch's FetchError: 'system' for a network-level failure
    message: err.message,
  };
}

/** Awaits `promise` and returns its rejection, or undefined if it resolved. */
async function failureOf(promise) {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err;
  }
}

/**
 * Runs the scenarios with one client.
 * @param client    the client's name, printed
 * @param protocol  'http' or 'https' (the backend's)
 * @param makeAgent (options) => an HttpAgent or HttpsAgent
 * @param connect   ({ agent, target }) => { send(path, headers), close?() }: `send` makes one
 *                  request to `target + path` through the client (through a proxy that uses
 *                  `agent`, for the proxy examples) and resolves when the response was read in
 *                  full, or rejects with the error the client (or the proxy) reported.
 */
export async function runScenarios({ client, protocol, makeAgent, connect }) {
  const tlsOptions = protocol === 'https' ? { ca: (await selfSignedCert()).cert } : {};
  const result = { example: client, protocol, requests: REQUESTS, concurrency: CONCURRENCY };
  /** One agent and one connected client for one target; everything closed after `body`. */
  const withClient = async (target, agentOptions, body) => {
    const agent = makeAgent({ ...tlsOptions, ...agentOptions });
    const conn = await connect({ agent, target });
    try {
      return await body(conn, agent);
    } finally {
      await conn.close?.();
      await agent.close();
    }
  };

  // 1. Pooling, with the caller's Connection: close stripped.
  {
    const backend = await startBackend({ protocol });
    const agent = await withClient(backend.url, {}, async (conn, agent) => {
      await runConcurrently(REQUESTS, CONCURRENCY, () => conn.send('/', { Connection: 'close' }));
      return agent;
    });
    result.pooled = { callerSent: 'Connection: close', server: backend.summary(), stats: compactStats(agent.getStats()) };
    await backend.close();
  }

  // 2. The request limit (NGINX keepalive_requests), exact with limitJitter: 0.
  {
    const backend = await startBackend({ protocol });
    const agent = await withClient(backend.url, { maxRequestsPerSocket: REQUEST_LIMIT, limitJitter: 0 }, async (conn, agent) => {
      await runConcurrently(REQUESTS, CONCURRENCY, () => conn.send('/', {}));
      return agent;
    });
    result.requestLimit = { maxRequestsPerSocket: REQUEST_LIMIT, server: backend.summary(), stats: compactStats(agent.getStats()) };
    await backend.close();
  }

  // 3. Errors, as the client reports them.
  result.errors = {};
  for (const [name, options, slowMs] of [
    ['queueFull', { maxSockets: 1, maxQueuedRequests: 0 }, 300],
    ['queueTimeout', { maxSockets: 1, queueTimeout: 100 }, 600],
  ]) {
    const backend = await startBackend({ protocol, slowMs });
    const [err, agent] = await withClient(backend.url, options, async (conn, agent) => {
      const occupying = conn.send('/slow', {}); // takes the only socket
      await until(() => backend.seen.length === 1, 5000, 'the first request');
      const failure = await failureOf(conn.send('/', {}));
      await occupying;
      return [failure, agent];
    });
    result.errors[name] = { error: describeError(err), serverRequests: backend.seen.length, stats: compactStats(agent.getStats()) };
    await backend.close();
  }
  if (protocol === 'https') {
    const silent = await startSilentServer();
    const [err, agent] = await withClient(silent.url, { connectTimeout: 200 }, async (conn, agent) => [await failureOf(conn.send('/', {})), agent]);
    result.errors.connectTimeout = { error: describeError(err), serverConnections: silent.accepted(), stats: compactStats(agent.getStats()) };
    await silent.close();
  }
  return result;
}
