/**
 * Renewals nobody downstream notices: a connection retired by the agent's own limits costs a
 * proxy's clients nothing (no `Connection: close`, no closed connection), and its replacement
 * is opened in the background so the next request does not wait for a handshake.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import httpProxy from 'http-proxy';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { HttpAgent } from '../lib';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { lookupThatHangsAfter, lookupThatThrowsAfter } from './helpers/lookup';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

const CLIENTS = 20;
const REQUESTS = 2000;

interface Front {
  url: string;
  /** Client connections the proxy accepted. */
  connections: () => number;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<Front> {
  let connections = 0;
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A plain http-proxy: no helper, no listener of ours. */
async function plainProxy(target: string, agent: AnyAgent): Promise<Front> {
  const proxy = httpProxy.createProxyServer({ target, agent });
  proxy.on('error', (_err, _req, res) => {
    if (res instanceof http.ServerResponse) res.writeHead(502).end();
  });
  const front = await listen(http.createServer((req, res) => proxy.web(req, res)));
  const close = front.close;
  return { ...front, close: async () => (await close(), proxy.close()) };
}

/** http-proxy-middleware under express: no helper either. */
async function middlewareProxy(target: string, agent: AnyAgent): Promise<Front> {
  const app = express();
  app.use(createProxyMiddleware({ target, agent, changeOrigin: false }));
  return listen(http.createServer(app));
}

/** `total` GETs from `CLIENTS` keep-alive client connections; the replies' Connection headers. */
async function drive(url: string, total: number, path = '/'): Promise<string[]> {
  const client = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const seen: string[] = [];
  let next = 0;
  const deadline = Date.now() + 60_000;
  const worker = async (): Promise<void> => {
    while (next < total && Date.now() < deadline) {
      next++;
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${url}${path}`, { agent: client }, (res) => {
            seen.push(String(res.headers.connection));
            res.resume();
            res.on('end', resolve);
          })
          .on('error', reject);
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: CLIENTS }, worker));
  } finally {
    client.destroy();
  }
  return seen;
}

describe.each([
  ['http-proxy', plainProxy],
  ['http-proxy-middleware under express', middlewareProxy],
] as const)('renewals through %s with no helper installed', (_name, makeProxy) => {
  test(`${CLIENTS} keep-alive clients, ${REQUESTS} requests, maxRequestsPerSocket: 50: the proxy keeps its ${CLIENTS} client connections`, async () => {
    const upstream = await TestServer.start();
    const agent = new HttpAgent({ maxRequestsPerSocket: 50 });
    const proxy = await makeProxy(upstream.url, agent);
    try {
      const replies = await drive(proxy.url, REQUESTS);
      expect(replies).toHaveLength(REQUESTS);
      expect(replies.filter((c) => c !== 'keep-alive')).toEqual([]);
      expect(proxy.connections()).toBe(CLIENTS);
      // The upstream saw the renewals: no connection past the limit, many renewed.
      expect(upstream.requests).toHaveLength(REQUESTS);
      expect(Math.max(...upstream.perConnection())).toBeLessThanOrEqual(50);
      await waitFor(() => agent.getStats().closed.max_requests >= REQUESTS / 50 - CLIENTS, 3000, 'the renewals');
      expect(agent.getStats().closed.max_requests).toBeGreaterThanOrEqual(REQUESTS / 50 - CLIENTS);
    } finally {
      agent.destroy();
      await proxy.close();
      await upstream.close();
    }
  });

  test("a server's own Connection: close still reaches the proxy's client", async () => {
    const upstream = await TestServer.start({
      handler: (req, res) => {
        if (req.url === '/bye') res.setHeader('connection', 'close');
        res.end('ok');
      },
    });
    const agent = new HttpAgent();
    const proxy = await makeProxy(upstream.url, agent);
    try {
      const [reply] = await drive(proxy.url, 1, '/bye');
      expect(reply).toBe('close');
      await waitFor(() => agent.getStats().closed.server_close === 1, 2000, 'the upstream close');
    } finally {
      agent.destroy();
      await proxy.close();
      await upstream.close();
    }
  });
});

describe.each(PROTOCOLS)('%s: warm replacement', (protocol) => {
  test('maxRequestsPerSocket: 5, sequential requests: the request after each renewal finds its connection already established', async () => {
    const server = await TestServer.start({ protocol });
    // TCP connections the server accepted (for TLS, before the handshake).
    let accepted = 0;
    server.server.on('connection', () => accepted++);
    const agent = await makeAgent(protocol, { maxRequestsPerSocket: 5, limitJitter: 0 });
    try {
      for (let i = 1; i <= 20; i++) {
        const acceptedBefore = accepted;
        const reply = await request(agent, `${server.url}/${i}`);
        const seen = server.requests[i - 1]!;
        if (i > 5 && i % 5 === 1) {
          // The first request of each new connection went out on a connection taken from the
          // pool, which the server had accepted before the request was made (over TLS its
          // handshake, with session resumption, was under way or done).
          expect([i, seen.connection <= acceptedBefore, reply.reusedSocket]).toEqual([i, true, true]);
        }
      }
      expect(server.perConnection().slice(0, 4)).toEqual([5, 5, 5, 5]);
      // After the 20th, one more replacement was opened; nothing asked for it.
      await waitFor(() => server.connections.length === 5, 3000, 'the last replacement');
      const stats = agent.getStats();
      expect(stats.warm).toEqual({ opened: 4, used: 3, wasted: 0 });
      expect(stats.created).toBe(5);
      expect(stats.idle).toBe(1);
      if (protocol === 'https') expect(server.resumed).toBeGreaterThanOrEqual(4);
      agent.destroy();
      await waitFor(() => agent.getStats().warm.wasted === 1, 2000, 'the unused replacement counted as wasted');
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('no replacement for an origin without recent demand', async () => {
    const server = await TestServer.start({ protocol });
    const agent = await makeAgent(protocol, { maxRequestsPerSocket: 1, limitJitter: 0 });
    try {
      await request(agent, server.url);
      await sleep(1100); // longer than the demand window
      await request(agent, server.url);
      await sleep(50);
      expect(server.connections).toHaveLength(2);
      expect(agent.getStats().warm.opened).toBe(0);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('never beyond maxSockets or maxIdleSockets', async () => {
    const server = await TestServer.start({ protocol });
    // maxSockets: 1 leaves no room for a replacement beside the connection it would replace.
    const one = await makeAgent(protocol, { maxRequestsPerSocket: 3, limitJitter: 0, maxSockets: 1 });
    try {
      for (let i = 0; i < 9; i++) await request(one, server.url);
      expect(one.getStats().warm.opened).toBe(0);
      expect(server.perConnection()).toEqual([3, 3, 3]);
    } finally {
      one.destroy();
    }
    const other = await TestServer.start({ protocol });
    const full = await makeAgent(protocol, { maxRequestsPerSocket: 3, limitJitter: 0, maxIdleSockets: 1 });
    try {
      await request(full, other.url);
      for (let i = 0; i < 9; i++) {
        await request(full, server.url);
        await sleep(5);
        expect(full.getStats().idle).toBeLessThanOrEqual(1);
      }
      expect(full.getStats().warm.opened).toBeGreaterThan(0);
    } finally {
      full.destroy();
      await other.close();
      await server.close();
    }
  });

  test('warmReplacement: false renews on the request path, as before', async () => {
    const server = await TestServer.start({ protocol });
    const agent = await makeAgent(protocol, { maxRequestsPerSocket: 5, limitJitter: 0, warmReplacement: false });
    try {
      const reused: boolean[] = [];
      for (let i = 0; i < 10; i++) reused.push((await request(agent, server.url)).reusedSocket);
      expect(reused).toEqual([false, true, true, true, true, false, true, true, true, true]);
      await sleep(50);
      expect(server.perConnection()).toEqual([5, 5]);
      expect(agent.getStats().warm).toEqual({ opened: 0, used: 0, wasted: 0 });
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});

describe('a warm replacement that cannot connect', () => {
  test('is given up after at most 3 s (nobody waits for it, and a pending connect keeps a process alive), whatever connectTimeout says', async () => {
    const server = await TestServer.start();
    // The first connection resolves; the replacement's lookup never answers, so it stays connecting.
    const { lookup, calls } = lookupThatHangsAfter(1);
    const agent = new HttpAgent({ maxRequestsPerSocket: 2, limitJitter: 0, connectTimeout: 60_000, lookup });
    try {
      const url = `http://upstream.test:${server.port}/`;
      await request(agent, url);
      await request(agent, url); // its last request: the replacement is opened now
      const opened = Date.now();
      await waitFor(() => agent.getStats().warm.opened === 1, 1000, 'the replacement');
      expect(agent.getStats().connecting).toBe(1);
      await waitFor(() => agent.getStats().warm.wasted === 1, 5000, 'the replacement to be given up');
      expect(Date.now() - opened).toBeGreaterThanOrEqual(2500);
      expect(agent.getStats().closed).toMatchObject({ error: 1, max_requests: 1 });
      expect(calls()).toBe(2);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});

describe('a warm replacement whose connection throws as it is opened', () => {
  test('is not an uncaught exception: the next request gets the throw on its own path, as with Node\'s agent, and the pool stays sound', async () => {
    const server = await TestServer.start();
    let broken = true;
    // Throws from its second call on while `broken` (a lookup that fails synchronously).
    const { lookup, calls } = lookupThatThrowsAfter(1, () => broken);
    const agent = new HttpAgent({ maxRequestsPerSocket: 2, limitJitter: 0, lookup });
    try {
      const url = `http://upstream.test:${server.port}/`;
      await request(agent, url);
      await request(agent, url); // its last request: the replacement's open throws (on a later tick)
      await sleep(20);
      expect(calls()).toBe(2);
      expect(agent.getStats().warm.opened).toBe(0);
      expect(() => http.get(url, { agent })).toThrow('lookup boom');
      broken = false;
      expect((await request(agent, url)).status).toBe(200);
      expect(agent.getStats()).toMatchObject({ connecting: 0, queued: 0 });
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
