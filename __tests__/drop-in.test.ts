/**
 * The agents as drop-ins for Node's: each behaviour below is one that code written against
 * `http.Agent` / `https.Agent` relies on, checked against Node's own agent in the same run
 * where a comparison says more than a fixed expectation.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { HttpAgent, HttpsAgent } from '../lib';
import { tlsMaterial } from './helpers/certs';
import { runNodeScript } from './helpers/child';
import { request, sleep, TestServer, waitFor } from './helpers/server';

const DIST = path.join(__dirname, '..', 'dist', 'cjs', 'index.js');

/** The listener counts a test of Node's own suite might look at. */
const EVENTS = ['timeout', 'error', 'end', 'close', 'agentRemove', 'free', 'connect', 'secureConnect'] as const;
function listenerCounts(socket: Duplex): Record<string, number> {
  return Object.fromEntries(EVENTS.map((e) => [e, socket.listenerCount(e)]));
}

/** One GET whose socket's listener counts are read in the response handler, then when idle, then on reuse. */
async function countsThroughLife(agent: http.Agent, url: string, name: string): Promise<Record<string, Record<string, number>>> {
  const seen: Record<string, Record<string, number>> = {};
  await new Promise<void>((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        seen.active = listenerCounts(res.socket);
        res.resume();
        res.on('end', () => setImmediate(resolve));
      })
      .on('error', reject);
  });
  const free = agent.freeSockets[name];
  if (free === undefined || free.length !== 1) throw new Error(`expected one free socket under ${name}`);
  const idle = listenerCounts(free[0]!);
  // 'data' is not compared: while idle our pool watches it (stray bytes close the socket as stale).
  seen.idle = idle;
  await new Promise<void>((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        seen.reused = listenerCounts(res.socket);
        res.resume();
        res.on('end', () => setImmediate(resolve));
      })
      .on('error', reject);
  });
  return seen;
}

describe("Node's timeout on kept-alive sockets (1)", () => {
  test("timeout: 300 times out a second request on a reused socket, as Node's agent does", async () => {
    let n = 0;
    const server = await TestServer.start({
      handler: (_req, res) => {
        if (++n === 1) res.end('first');
        // The second request is never answered.
      },
    });
    const agent = new HttpAgent({ timeout: 300 });
    try {
      const first = await request(agent, server.url);
      expect(first.body).toBe('first');
      const started = Date.now();
      const timedOut = await new Promise<{ reused: boolean; after: number }>((resolve, reject) => {
        const req = http.get(server.url, { agent }, () => reject(new Error('unexpected response')));
        req.on('timeout', () => {
          resolve({ reused: req.reusedSocket, after: Date.now() - started });
          req.destroy();
        });
        req.on('error', () => undefined);
        setTimeout(() => reject(new Error('no timeout within 5 s')), 5000).unref();
      });
      expect(timedOut.reused).toBe(true);
      expect(timedOut.after).toBeGreaterThanOrEqual(250);
      expect(timedOut.after).toBeLessThan(3000);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('the idle timeout is the socket timeout, and a subclass that sets its own after super wins', async () => {
    const server = await TestServer.start();
    class ShortIdle extends HttpAgent {
      override keepSocketAlive(socket: Duplex): boolean {
        const keep = super.keepSocketAlive(socket);
        (socket as net.Socket).setTimeout(150);
        return keep;
      }
    }
    const agent = new ShortIdle({ idleTimeout: 60_000 });
    try {
      await request(agent, server.url);
      const [socket] = Object.values(agent.freeSockets)[0]!;
      expect((socket as net.Socket & { timeout?: number }).timeout).toBe(150);
      await waitFor(() => agent.getStats().idle === 0, 3000, 'the idle socket to time out');
      expect(agent.getStats().closed.idle_timeout).toBe(1);
      await waitFor(() => server.open === 0, 3000, 'the server to see the close');
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('the idle timeout runs on its own timer: the socket timeout stays what Node set, pooled and on reuse', async () => {
    const server = await TestServer.start();
    const plain = new HttpAgent({ idleTimeout: 200 });
    // Node's own `timeout` option: Node arms it on the free socket and on reuse, as Node's agent does.
    const withNodeTimeout = new HttpAgent({ idleTimeout: 200, timeout: 5000 });
    try {
      for (const [agent, nodeTimeout] of [
        [plain, 0],
        [withNodeTimeout, 5000],
      ] as const) {
        await request(agent, server.url);
        const [socket] = Object.values(agent.freeSockets)[0]! as (net.Socket & { timeout?: number })[];
        expect(socket!.timeout ?? 0).toBe(nodeTimeout);
        // Reused at once: the request runs under Node's timeout, not ours.
        let during: number | undefined;
        const again = await new Promise<boolean>((resolve, reject) => {
          const req = http.get(server.url, { agent }, (res) => {
            during = (req.socket as net.Socket & { timeout?: number }).timeout ?? 0;
            res.resume();
            res.on('end', () => resolve(req.reusedSocket));
          });
          req.on('error', reject);
        });
        expect(again).toBe(true);
        expect(during).toBe(nodeTimeout);
        expect(Object.values(agent.freeSockets)[0]![0]).toBe(socket);
        expect(socket!.timeout ?? 0).toBe(nodeTimeout);
        const t0 = performance.now();
        await waitFor(() => agent.getStats().idle === 0, 3000, 'the idle socket to time out');
        expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
        expect(agent.getStats().closed.idle_timeout).toBe(1);
        const reply = await request(agent, server.url);
        expect(reply.reusedSocket).toBe(false);
      }
      // Both idle connections that timed out were closed on the server's side too.
      await waitFor(() => server.connections.filter((c) => c.closed).length >= 2, 3000, 'the server to see the idle connections close');
      expect(server.connections).toHaveLength(4);
    } finally {
      plain.destroy();
      withNodeTimeout.destroy();
      await server.close();
    }
  });

});

describe('createConnection call forms and foreign sockets (2)', () => {
  let server: tls.Server;
  let port: number;
  let ca: string;
  beforeAll(async () => {
    const material = await tlsMaterial();
    ca = material.cert;
    server = tls.createServer(material, (s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const connect = (socket: Duplex): Promise<void> =>
    new Promise((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });

  test('(port, options) and (port, host, options) keep their options', async () => {
    const agent = new HttpsAgent();
    try {
      const a = agent.createConnection(port as unknown as https.RequestOptions, { host: '127.0.0.1', ca, servername: 'localhost' } as never)!;
      await connect(a);
      a.destroy();
      const create = agent.createConnection as unknown as (...args: unknown[]) => Duplex;
      const b = create.call(agent, port, '127.0.0.1', { ca, servername: 'localhost' });
      await connect(b);
      b.destroy();
    } finally {
      agent.destroy();
    }
  });

  test("a socket made by a direct createConnection() is the caller's: Node's listeners only, no record, its errors reach it", async () => {
    const ours = new HttpsAgent();
    const node = new https.Agent();
    try {
      const opts = { host: '127.0.0.1', port, ca, servername: 'localhost' };
      const a = ours.createConnection(opts)!;
      const b = node.createConnection(opts)!;
      expect(listenerCounts(a)).toEqual(listenerCounts(b));
      expect(ours.describeSocket(a)).toBeUndefined();
      await Promise.all([connect(a), connect(b)]);
      a.destroy();
      b.destroy();
      // A server that resets: the error is the caller's, as with Node's agent.
      const reset = net.createServer((s) => s.resetAndDestroy());
      await new Promise<void>((resolve) => reset.listen(0, '127.0.0.1', resolve));
      const r = ours.createConnection({ host: '127.0.0.1', port: (reset.address() as AddressInfo).port, ca })!;
      expect(r.listenerCount('error')).toBe(0);
      const err = await new Promise<Error>((resolve) => r.once('error', resolve));
      expect((err as Error & { code?: string }).code).toMatch(/ECONNRESET|EPIPE/);
      await new Promise<void>((resolve) => reset.close(() => resolve()));
    } finally {
      ours.destroy();
      node.destroy();
    }
  });
});

describe('timers (3)', () => {
  test("a process whose connecting request socket was unref()'d exits at once, as with Node's agent", async () => {
    // A TCP server that accepts and never speaks: the TLS handshake stays pending, and so does
    // our connect timeout.
    const accepted: net.Socket[] = [];
    const silent = net.createServer((s) => accepted.push(s.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const script = `
      const https = require('node:https');
      const { HttpsAgent } = require(${JSON.stringify(DIST)});
      const agent = new HttpsAgent({ connectTimeout: 10000 });
      const req = https.get({ host: '127.0.0.1', port: ${port}, agent });
      req.on('socket', (s) => s.unref());
      req.on('error', (e) => { console.error('error', e.code); process.exitCode = 3; });
    `;
    try {
      const started = Date.now();
      const { code, stderr } = await runNodeScript(script);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const s of accepted) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('addRequest call forms (5)', () => {
  test("the legacy (req, host, port, localAddress) form names the pool as Node's does", () => {
    for (const agent of [new HttpAgent(), new http.Agent({ keepAlive: true })]) {
      agent.maxSockets = 0; // queue, so that nothing connects
      const stub = { getHeader: (): undefined => undefined } as unknown as http.ClientRequest;
      (agent.addRequest as (...args: unknown[]) => void)(stub, 'localhost', 8080, '127.0.0.1');
      expect(Object.keys(agent.requests)).toEqual(['localhost:8080:127.0.0.1']);
      agent.addRequest(stub, { host: 'localhost', port: 8080, localAddress: '127.0.0.1', path: '/foo' } as never);
      expect(Object.keys(agent.requests)).toEqual(['localhost:8080:127.0.0.1']);
      expect(agent.requests['localhost:8080:127.0.0.1']).toHaveLength(2);
      agent.destroy();
    }
  });

  test('a legacy-form request connects to the port and local address it names', async () => {
    const server = await TestServer.start();
    const agent = new HttpAgent();
    try {
      const fake = {
        getHeader: (): undefined => undefined,
        onSocket(socket: net.Socket) {
          socket.once('connect', () => {
            this.port = socket.remotePort;
            this.local = socket.localAddress;
            socket.destroy();
          });
        },
        port: 0 as number | undefined,
        local: '' as string | undefined,
      };
      (agent.addRequest as (...args: unknown[]) => void)(fake, '127.0.0.1', server.port, '127.0.0.1');
      await waitFor(() => fake.port !== 0, 3000, 'the legacy-form connection');
      expect(fake.port).toBe(server.port);
      expect(fake.local).toBe('127.0.0.1');
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});

describe('listeners (6)', () => {
  test("a socket's listener counts match Node's agent in every state", async () => {
    const server = await TestServer.start();
    const name = `127.0.0.1:${server.port}:`;
    const ours = new HttpAgent({ keepAlive: true });
    const node = new http.Agent({ keepAlive: true });
    try {
      const a = await countsThroughLife(ours, server.url, name);
      const b = await countsThroughLife(node, server.url, name);
      expect(a).toEqual(b);
    } finally {
      ours.destroy();
      node.destroy();
      await server.close();
    }
  });

  test("with Node's timeout option too", async () => {
    const server = await TestServer.start();
    const name = `127.0.0.1:${server.port}:`;
    const ours = new HttpAgent({ keepAlive: true, timeout: 5000 });
    const node = new http.Agent({ keepAlive: true, timeout: 5000 });
    try {
      expect(await countsThroughLife(ours, server.url, name)).toEqual(await countsThroughLife(node, server.url, name));
    } finally {
      ours.destroy();
      node.destroy();
      await server.close();
    }
  });

  test('a socket taken over by an upgrade carries nothing of ours', async () => {
    const server = http.createServer();
    const upgraded: net.Socket[] = [];
    server.on('upgrade', (_req, socket: net.Socket) => {
      upgraded.push(socket);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const counts = async (agent: http.Agent): Promise<Record<string, number>> => {
      const socket = await new Promise<net.Socket>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, agent, headers: { connection: 'upgrade', upgrade: 'test' } });
        req.on('upgrade', (_res, s: net.Socket) => resolve(s));
        req.on('error', reject);
        req.end();
      });
      const c = { ...listenerCounts(socket), data: socket.listenerCount('data') };
      socket.destroy();
      return c;
    };
    const ours = new HttpAgent();
    const node = new http.Agent({ keepAlive: true });
    try {
      expect(await counts(ours)).toEqual(await counts(node));
      await waitFor(() => ours.getStats().active === 0, 2000, 'the upgraded socket to leave the agent');
      expect(ours.getStats().closed.not_reusable).toBe(1);
    } finally {
      ours.destroy();
      node.destroy();
      for (const s of upgraded) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("a pooled socket taken over by an upgrade reads through Node's own callback again", async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    const upgraded: net.Socket[] = [];
    server.on('upgrade', (_req, socket: net.Socket) => {
      upgraded.push(socket);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    type Handled = net.Socket & { _handle: { onread: unknown } | null };
    // A GET first, so that the upgrade goes out on the socket that served it and was idle in the pool.
    const onreadAfterUpgrade = async (agent: http.Agent): Promise<unknown> => {
      expect((await request(agent, url)).status).toBe(200);
      const socket = await new Promise<Handled>((resolve, reject) => {
        const req = http.request(url, { agent, headers: { connection: 'upgrade', upgrade: 'test' } });
        req.on('upgrade', (_res, s: net.Socket) => {
          expect(req.reusedSocket).toBe(true);
          resolve(s as Handled);
        });
        req.on('error', reject);
        req.end();
      });
      const onread = socket._handle!.onread;
      socket.destroy();
      return onread;
    };
    const ours = new HttpAgent();
    const node = new http.Agent({ keepAlive: true });
    try {
      const nodes = await onreadAfterUpgrade(node);
      expect(typeof nodes).toBe('function');
      expect(await onreadAfterUpgrade(ours)).toBe(nodes);
    } finally {
      ours.destroy();
      node.destroy();
      for (const s of upgraded) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('never-used sockets (7)', () => {
  test('a request aborted right after http.get() never leaves its socket in the pool', async () => {
    const server = await TestServer.start();
    const agent = new HttpAgent();
    try {
      for (let i = 0; i < 3; i++) {
        const req = http.get(server.url, { agent });
        req.on('error', () => undefined);
        req.destroy();
      }
      await waitFor(() => agent.getStats().active === 0 && agent.getStats().connecting === 0, 3000, 'the sockets to settle');
      await sleep(50);
      expect(agent.getStats().idle).toBe(0);
      expect(Object.keys(agent.freeSockets)).toEqual([]);
      const stats = agent.getStats();
      expect(stats.closed.not_reusable).toBe(stats.created);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  const proxyEnvSupported = (() => {
    const a = new http.Agent({ proxyEnv: { HTTP_PROXY: 'http://127.0.0.1:9' } } as http.AgentOptions);
    const has = Object.getOwnPropertySymbols(a).some((s) => s.description?.toLowerCase().includes('proxy'));
    a.destroy();
    return has;
  })();
  (proxyEnvSupported ? test : test.skip)("a connection tunnelled through Node's proxyEnv CONNECT proxy is one connection", async () => {
    const target = await TestServer.start({ protocol: 'https' });
    let tunnels = 0;
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      tunnels++;
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const agent = new HttpsAgent({ ca: (await tlsMaterial()).cert, proxyEnv: { HTTPS_PROXY: proxyUrl } } as never);
    try {
      for (let i = 0; i < 3; i++) expect((await request(agent, target.url)).status).toBe(200);
      expect(tunnels).toBe(1);
      expect(target.perConnection()).toEqual([3]);
      expect(agent.getStats()).toMatchObject({ created: 1, connecting: 0, tlsFull: 1 });
    } finally {
      agent.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await target.close();
    }
  });
});

describe('queued requests (8)', () => {
  test('nothing of ours is patched onto a request; a wrapper an APM tool installs survives', async () => {
    let release: (() => void) | undefined;
    const server = await TestServer.start({
      handler: (_req, res) => {
        release = () => res.end('ok');
      },
    });
    const agent = new HttpAgent({ maxSockets: 1 });
    try {
      const first = request(agent, server.url);
      await waitFor(() => release !== undefined, 3000, 'the first request to arrive');
      const queued = http.get(server.url, { agent });
      expect(agent.getStats().queued).toBe(1);
      expect(Object.prototype.hasOwnProperty.call(queued, 'destroy')).toBe(false);
      const original = queued.destroy;
      const wrapper = function (this: http.ClientRequest, err?: Error) {
        return original.call(this, err);
      };
      queued.destroy = wrapper;
      const done = new Promise<number>((resolve, reject) => {
        queued.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        queued.on('error', reject);
      });
      release!();
      await first;
      release = undefined;
      await waitFor(() => release !== undefined, 3000, 'the queued request to arrive');
      release!();
      expect(await done).toBe(200);
      expect(queued.destroy).toBe(wrapper);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('a request aborted while queued does not cost the socket: the next one in the queue reuses it', async () => {
    const server = await TestServer.start();
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = request(agent, server.url);
      const aborted = http.get(server.url, { agent });
      aborted.on('error', () => undefined);
      aborted.destroy();
      const third = request(agent, server.url);
      expect((await first).status).toBe(200);
      const reply = await third;
      expect(reply.status).toBe(200); // (handed over by Node's 'free' path, which does not set reusedSocket)
      expect(server.perConnection()).toEqual([2]);
      expect(agent.getStats()).toMatchObject({ created: 1, requests: 2 });
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test("an aborted queued request stays in agent.requests as with Node's agent, and counts for nothing", async () => {
    let releases: Array<() => void> = [];
    const server = await TestServer.start({ handler: (_req, res) => releases.push(() => res.end('ok')) });
    const agent = new HttpAgent({ maxSockets: 1, maxQueuedRequests: 1 });
    try {
      const first = request(agent, server.url);
      await waitFor(() => releases.length === 1, 3000, 'the first request to arrive');
      const controller = new AbortController();
      const aborted = http.get(server.url, { agent, signal: controller.signal });
      const abortError = new Promise<Error>((resolve) => aborted.on('error', resolve));
      controller.abort();
      await sleep(20);
      const name = `127.0.0.1:${server.port}:`;
      expect(agent.requests[name]).toContain(aborted); // Node's agent keeps it there too
      expect(agent.getStats().queued).toBe(0);
      // The bound counts live requests only: one more fits.
      const second = request(agent, server.url);
      expect(agent.getStats().queued).toBe(1);
      releases[0]!();
      await first;
      await waitFor(() => releases.length === 2, 3000, 'the second request to arrive');
      expect((await abortError).name).toBe('AbortError');
      releases[1]!();
      expect((await second).status).toBe(200);
      expect(server.requests).toHaveLength(2);
    } finally {
      releases = [];
      agent.destroy();
      await server.close();
    }
  });
});

describe('destroy() (9)', () => {
  test("destroy() closes every connection and leaves the agent usable, as Node's does", async () => {
    const server = await TestServer.start();
    const agent = new HttpAgent();
    try {
      await request(agent, server.url);
      expect(agent.getStats().idle).toBe(1);
      agent.destroy();
      await waitFor(() => agent.getStats().idle === 0 && server.open === 0, 3000, 'the pool to empty');
      expect(agent.getStats().closed.agent_closed).toBe(1);
      const reply = await request(agent, server.url);
      expect(reply.status).toBe(200);
      expect(reply.reusedSocket).toBe(false);
      expect(server.connections).toHaveLength(2);
      expect(agent.getStats().idle).toBe(1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('close() still ends the agent for good', async () => {
    const server = await TestServer.start();
    const agent = new HttpAgent();
    try {
      await request(agent, server.url);
      await agent.close();
      await expect(request(agent, server.url)).rejects.toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED' });
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test("Node's null and 0 values are accepted where Node accepts them", () => {
    const agent = new HttpAgent({ maxSockets: null, timeout: null, keepAliveMsecs: null, maxFreeSockets: 0 } as never);
    const node = new http.Agent({ maxSockets: null, timeout: null, keepAliveMsecs: null, maxFreeSockets: 0 } as never);
    expect(agent.maxSockets).toBe(node.maxSockets);
    expect(agent.keepAliveMsecs).toBe(node.keepAliveMsecs);
    agent.destroy();
    node.destroy();
    const zero = new HttpAgent({ maxSockets: 0 });
    expect(zero.maxSockets).toBe(Infinity);
    zero.destroy();
  });
});

describe('constructors (10)', () => {
  type Callable<T> = (options?: object) => T;

  test("HttpAgent and HttpsAgent may be called without new, as Node's http.Agent and https.Agent may", () => {
    // Pinned: Node's own constructors construct when called.
    const nodeHttp = (http.Agent as unknown as Callable<http.Agent>)({ keepAlive: true });
    const nodeHttps = (https.Agent as unknown as Callable<https.Agent>)({ keepAlive: true });
    expect(nodeHttp).toBeInstanceOf(http.Agent);
    expect(nodeHttps).toBeInstanceOf(https.Agent);
    const a = (HttpAgent as unknown as Callable<HttpAgent>)({ maxSockets: 3, maxIdleSockets: 7 });
    const b = (HttpsAgent as unknown as Callable<HttpsAgent>)({ maxCachedSessions: 5 });
    try {
      expect(a).toBeInstanceOf(HttpAgent);
      expect(a).toBeInstanceOf(http.Agent);
      expect(a.maxSockets).toBe(3);
      expect(a.keepAlive).toBe(true);
      expect(a.poolOptions.maxIdleSockets).toBe(7);
      expect(a.constructor).toBe(HttpAgent);
      expect(b).toBeInstanceOf(HttpsAgent);
      expect(b).toBeInstanceOf(https.Agent);
      expect(b.maxCachedSessions).toBe(5);
      expect(b.constructor).toBe(HttpsAgent);
      expect(() => (HttpAgent as unknown as Callable<HttpAgent>)({ maxIdleSockets: -1 })).toThrow(
        expect.objectContaining({ code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION' }),
      );
      // An old-style subclass's `HttpAgent.call(this, …)` cannot initialise `this`: it fails loudly.
      const Old = function (this: object) {
        (HttpAgent as unknown as { call(self: object): unknown }).call(this);
      } as unknown as new () => object;
      Object.setPrototypeOf(Old.prototype, HttpAgent.prototype);
      expect(() => new Old()).toThrow(TypeError);
    } finally {
      for (const agent of [nodeHttp, nodeHttps, a, b]) agent.destroy();
    }
  });

  test('a subclass of ours is an ordinary subclass: its own constructor, instanceof, the static members', async () => {
    class Mine extends HttpAgent {
      readonly mine = true;
    }
    const agent = new Mine({ maxSockets: 2 });
    const server = await TestServer.start();
    try {
      expect(agent).toBeInstanceOf(Mine);
      expect(agent).toBeInstanceOf(HttpAgent);
      expect(agent).toBeInstanceOf(http.Agent);
      expect(agent.constructor).toBe(Mine);
      expect(agent.mine).toBe(true);
      expect(new HttpAgent().constructor).toBe(HttpAgent);
      expect(Mine.fromNginx('keepalive 4;')).toBeInstanceOf(HttpAgent);
      expect((await request(agent, server.url)).status).toBe(200);
      expect(agent.getStats().created).toBe(1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
