/**
 * Upstream groups on the agents (`upstreams`): several loopback servers, what each saw.
 */
import http from 'node:http';
import net from 'node:net';
import { HttpAgent, HttpsAgent, NoLiveUpstreamError } from '../lib';
import { request, sleep, TestServer, waitFor } from './helpers/server';

/** A port with nothing listening (connections are refused). */
async function refusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Which server (index into `servers`) answered each of `n` sequential requests to `url`. */
async function sequence(agent: http.Agent, url: string, servers: TestServer[], n: number): Promise<number[]> {
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const before = servers.map((s) => s.requests.length);
    const reply = await request(agent, url);
    expect(reply.status).toBe(200);
    order.push(servers.findIndex((s, k) => s.requests.length > before[k]!));
  }
  return order;
}

describe('upstream groups on HttpAgent', () => {
  const servers: TestServer[] = [];
  let agent: HttpAgent | undefined;
  const start = async (n: number, handler?: ConstructorParameters<typeof Object>[0]): Promise<TestServer[]> => {
    for (let i = 0; i < n; i++) servers.push(await TestServer.start(handler ? { handler } : {}));
    return servers;
  };
  const addr = (s: TestServer): string => `127.0.0.1:${s.port}`;
  afterEach(async () => {
    agent?.destroy();
    agent = undefined;
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  test('weights 5, 3 and a backup: 80 sequential requests go 50 / 30 / 0, over one connection each, Host: the group name', async () => {
    const [a, b, c] = await start(3);
    agent = new HttpAgent({
      upstreams: { api_backend: { servers: [{ address: addr(a!), weight: 5 }, { address: addr(b!), weight: 3 }, { address: addr(c!), backup: true }] } },
    });
    await sequence(agent, 'http://api_backend/x', servers, 80);
    expect(servers.map((s) => s.requests.length)).toEqual([50, 30, 0]);
    expect(servers.map((s) => s.connections.length)).toEqual([1, 1, 0]);
    expect(new Set(a!.requests.map((r) => r.headers.host))).toEqual(new Set(['api_backend']));
    expect(a!.requests[0]!.url).toBe('/x');
    const stats = agent.getStats();
    expect(stats.upstreams![0]!.peers.map((p) => p.requests)).toEqual([50, 30, 0]);
    expect(stats.upstreams![0]!.peers.map((p) => [p.open, p.idle])).toEqual([[1, 1], [1, 1], [0, 0]]);
    expect(Object.keys(stats.origins).sort()).toEqual([`http://${addr(a!)}`, `http://${addr(b!)}`].sort());
  });

  test("weights 5, 1, 1 give NGINX's smooth sequence a a b a c a a", async () => {
    const [a, b, c] = await start(3);
    agent = new HttpAgent({ upstreams: { g: { servers: [{ address: addr(a!), weight: 5 }, { address: addr(b!) }, { address: addr(c!) }] } } });
    const order = await sequence(agent, 'http://g:8080/', servers, 14);
    expect(order.map((i) => 'abc'[i]).join('')).toBe('aabacaaaabacaa');
  });

  test('a server that refuses connections costs no request an error (next upstream) and is taken out for failTimeout', async () => {
    const [a] = await start(1);
    const dead = await refusedPort();
    const changes: string[] = [];
    agent = new HttpAgent({ upstreams: { g: { servers: [{ address: `127.0.0.1:${dead}` }, { address: addr(a!) }] } } });
    agent.on('upstreamStateChange', (c) => changes.push(`${c.address} ${c.from}->${c.to}`));
    for (let i = 0; i < 6; i++) expect((await request(agent, 'http://g/')).status).toBe(200);
    expect(a!.requests).toHaveLength(6);
    const peers = agent.getStats().upstreams![0]!.peers;
    expect(peers[0]).toMatchObject({ state: 'failed', failures: 1 });
    expect(changes).toEqual([`127.0.0.1:${dead} up->failed`]);
    // The stats' origins are the servers that connected, by `scheme://host:port`; the one that
    // failed is in its peer's failures, never under Node's pool key.
    expect(Object.keys(agent.getStats().origins)).toEqual([`http://${addr(a!)}`]);
  });

  test('maxFails 2 / failTimeout 500: two failures take the server out, one request probes it after the timeout', async () => {
    const [a] = await start(1);
    const port = await refusedPort();
    agent = new HttpAgent({
      upstreams: { g: { servers: [{ address: `127.0.0.1:${port}`, maxFails: 2, failTimeout: 500 }, { address: addr(a!) }] } },
    });
    for (let i = 0; i < 6; i++) await request(agent, 'http://g/');
    let peer = agent.getStats().upstreams![0]!.peers[0]!;
    expect(peer).toMatchObject({ state: 'failed', failures: 2 });
    // Back, listening on the same port: after failTimeout one request probes it, and it is up again.
    const back = await TestServer.start({ port });
    servers.push(back);
    await sleep(550);
    const before = back.requests.length;
    for (let i = 0; i < 4; i++) await request(agent, 'http://g/');
    expect(back.requests.length - before).toBeGreaterThanOrEqual(1);
    peer = agent.getStats().upstreams![0]!.peers[0]!;
    expect(peer.state).toBe('up');
  });

  test('with both primaries stopped, requests go to the backup with none failing; a primary back gets traffic after failTimeout', async () => {
    const [a, b, backup] = await start(3);
    const aPort = a!.port;
    agent = new HttpAgent({
      upstreams: {
        g: { servers: [{ address: addr(a!), failTimeout: 400 }, { address: addr(b!), failTimeout: 400 }, { address: addr(backup!), backup: true }] },
      },
    });
    await sequence(agent, 'http://g/', servers, 4);
    agent.destroy(); // no pooled connection to the stopped servers
    await a!.close();
    await b!.close();
    for (let i = 0; i < 8; i++) expect((await request(agent, 'http://g/')).status).toBe(200);
    expect(backup!.requests.length).toBe(8);
    const revived = await TestServer.start({ port: aPort });
    servers.push(revived);
    await sleep(450);
    for (let i = 0; i < 6; i++) expect((await request(agent, 'http://g/')).status).toBe(200);
    expect(revived.requests.length).toBeGreaterThanOrEqual(1);
  });

  test('every server down or refusing: a NoLiveUpstreamError that lists what was tried', async () => {
    const p1 = await refusedPort();
    const p2 = await refusedPort();
    agent = new HttpAgent({ upstreams: { g: { servers: [{ address: `127.0.0.1:${p1}` }, { address: `127.0.0.1:${p2}` }] } } });
    const err = await request(agent, 'http://g/').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NoLiveUpstreamError);
    const e = err as NoLiveUpstreamError;
    expect(e.code).toBe('ERR_UPSTREAM_KEEPALIVE_NO_LIVE_UPSTREAM');
    expect(e.tried.map((t) => t.address).sort()).toEqual([`127.0.0.1:${p1}`, `127.0.0.1:${p2}`].sort());
    expect(e.tried.every((t) => (t.error as NodeJS.ErrnoException).code === 'ECONNREFUSED')).toBe(true);
  });

  test('least_conn: while one server is slow, the next requests go to the others', async () => {
    const [slow, b, c] = await start(3);
    slow!.handler = (_req, res) => setTimeout(() => res.end('slow'), 400);
    agent = new HttpAgent({ upstreams: { g: { balance: 'least_conn', servers: [{ address: addr(slow!) }, { address: addr(b!) }, { address: addr(c!) }] } } });
    const first = request(agent, 'http://g/'); // least_conn ties start from the first: the slow one
    await waitFor(() => slow!.requests.length === 1, 2000, 'the slow request');
    for (let i = 0; i < 6; i++) await request(agent, 'http://g/');
    expect(slow!.requests).toHaveLength(1);
    expect(b!.requests.length + c!.requests.length).toBe(6);
    expect((await first).body).toBe('slow');
  });

  test('consistent hash on a header: the same key always reaches the same server', async () => {
    await start(4);
    agent = new HttpAgent({
      upstreams: { g: { balance: 'hash', consistent: true, hashKey: (r) => String(r.headers['x-user'] ?? ''), servers: servers.map((s) => ({ address: addr(s) })) } },
    });
    const where = new Map<string, number>();
    for (let round = 0; round < 2; round++) {
      for (let u = 0; u < 12; u++) {
        const before = servers.map((s) => s.requests.length);
        await request(agent, 'http://g/', { headers: { 'x-user': `user-${u}` } });
        const hit = servers.findIndex((s, k) => s.requests.length > before[k]!);
        if (round === 0) where.set(`user-${u}`, hit);
        else expect(hit).toBe(where.get(`user-${u}`));
      }
    }
    expect(new Set(where.values()).size).toBeGreaterThan(1);
  });

  test('maxConns 2 with 10 concurrent requests: the server never sees more than 2 connections, and every request succeeds', async () => {
    const [a] = await start(1);
    let open = 0;
    let maxOpen = 0;
    a!.server.on('connection', (s: net.Socket) => {
      maxOpen = Math.max(maxOpen, ++open);
      s.on('close', () => open--);
    });
    a!.handler = (_req, res) => setTimeout(() => res.end('ok'), 30);
    agent = new HttpAgent({ upstreams: { g: { servers: [{ address: addr(a!), maxConns: 2 }] } } });
    const replies = await Promise.all(Array.from({ length: 10 }, () => request(agent!, 'http://g/')));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(maxOpen).toBeLessThanOrEqual(2);
    expect(a!.connections.length).toBeLessThanOrEqual(2);
  });

  test('a reset before the first response byte counts as a failure of the server (the written request is not sent again)', async () => {
    const [bad, good] = await start(2);
    bad!.handler = (req) => req.socket.destroy();
    agent = new HttpAgent({ upstreams: { g: { servers: [{ address: addr(bad!), failTimeout: 5000 }, { address: addr(good!) }] } } });
    const first = await request(agent, 'http://g/').then(
      () => 'ok',
      (e: NodeJS.ErrnoException) => e.code,
    );
    expect(first).toBe('ECONNRESET');
    await sleep(10);
    expect(agent.getStats().upstreams![0]!.peers[0]).toMatchObject({ state: 'failed', failures: 1 });
    for (let i = 0; i < 3; i++) expect((await request(agent, 'http://g/')).status).toBe(200);
    expect(bad!.requests).toHaveLength(1);
    expect(good!.requests).toHaveLength(3);
  });

  test('maxConns with the queue bounds: maxQueuedRequests fails the extra request at once, queueTimeout a waiting one', async () => {
    const [a] = await start(1);
    a!.handler = (_req, res) => setTimeout(() => res.end('ok'), 300);
    agent = new HttpAgent({ maxQueuedRequests: 1, queueTimeout: 100, upstreams: { g: { servers: [{ address: addr(a!), maxConns: 1 }] } } });
    const outcome = (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'ok',
        (e: NodeJS.ErrnoException) => e.code ?? 'error',
      );
    const results = await Promise.all([outcome(request(agent, 'http://g/')), outcome(request(agent, 'http://g/')), outcome(request(agent, 'http://g/'))]);
    expect(results).toEqual(['ok', 'ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT', 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL']);
    expect(a!.requests).toHaveLength(1);
    expect(agent.getStats().upstreams![0]!.busy).toBeGreaterThanOrEqual(2);
  });

  test('close() fails a request waiting for a server under maxConns at once (AgentClosedError); the one in flight completes', async () => {
    const [a] = await start(1);
    a!.handler = (_req, res) => setTimeout(() => res.end('ok'), 200);
    agent = new HttpAgent({ upstreams: { g: { servers: [{ address: addr(a!), maxConns: 1 }] } } });
    const outcome = (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'ok',
        (e: NodeJS.ErrnoException) => e.code ?? 'error',
      );
    const first = outcome(request(agent, 'http://g/'));
    const second = outcome(request(agent, 'http://g/'));
    await waitFor(() => a!.requests.length === 1, 2000, 'the first request');
    const started = Date.now();
    const closed = agent.close();
    expect(await second).toBe('ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED');
    expect(Date.now() - started).toBeLessThan(150);
    expect(await first).toBe('ok');
    await closed;
  });

  test('maxIdleSockets 2 over three servers: 2 idle connections in all (the LRU is shared)', async () => {
    await start(3);
    agent = new HttpAgent({ maxIdleSockets: 2, upstreams: { g: { servers: servers.map((s) => ({ address: addr(s) })) } } });
    await sequence(agent, 'http://g/', servers, 3);
    expect(servers.map((s) => s.requests.length)).toEqual([1, 1, 1]);
    expect(agent.getStats().idle).toBe(2);
    expect(agent.getStats().closed.evicted).toBe(1);
  });

  test("fromNginx: the issue's upstream block with loopback addresses, 80 requests go 50 / 30 / 0 over one connection each", async () => {
    const [a, b, c] = await start(3);
    agent = HttpAgent.fromNginx(`
      upstream api_backend {
          server ${addr(a!)} weight=5;
          server ${addr(b!)} weight=3;
          server ${addr(c!)} backup;
          keepalive 64;
          keepalive_timeout 60s;
          keepalive_requests 10000;
          keepalive_time 1h;
      }
    `);
    expect(agent.poolOptions).toMatchObject({ maxIdleSockets: 64, idleTimeout: 60_000, maxRequestsPerSocket: 10_000, maxSocketLifetime: 3_600_000 });
    await sequence(agent, 'http://api_backend/', servers, 80);
    expect(servers.map((s) => s.requests.length)).toEqual([50, 30, 0]);
    expect(servers.map((s) => s.connections.length)).toEqual([1, 1, 0]);
    expect(servers.flatMap((s) => s.requests.map((r) => r.headers.host))).toEqual(Array(80).fill('api_backend'));
  });

  test('fromNginx: keepalive N of several blocks adds up; other keepalive directives that differ are an error', () => {
    agent = HttpAgent.fromNginx('upstream a { server 127.0.0.1:1; keepalive 8; } upstream b { server 127.0.0.1:2; keepalive 4; keepalive_timeout 5s; }');
    expect(agent.poolOptions).toMatchObject({ maxIdleSockets: 12, idleTimeout: 5000 });
    expect(agent.getStats().upstreams!.map((g) => g.name)).toEqual(['a', 'b']);
    let err: unknown;
    try {
      HttpAgent.fromNginx('upstream a { server 127.0.0.1:1; keepalive_timeout 5s; } upstream b { server 127.0.0.1:2; keepalive_timeout 6s; }');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG' });
    expect(String((err as Error).message)).toContain('keepalive_timeout');
  });

  test('invalid groups throw at construction with the option error codes', () => {
    expect(() => new HttpAgent({ upstreams: { g: { servers: [{ address: '127.0.0.1:80', weight: 0 }] } } })).toThrow(
      expect.objectContaining({ code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION', name: 'RangeError' }) as Error,
    );
    expect(() => new HttpAgent({ upstreams: { g: { servers: 'x' } } } as never)).toThrow(
      expect.objectContaining({ code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION' }) as Error,
    );
    expect(() => new HttpAgent({ upstream: {} } as never)).toThrow(expect.objectContaining({ message: expect.stringContaining('upstreams') }) as Error);
  });

  test('a host that is no group is served as without groups', async () => {
    const [a] = await start(1);
    agent = new HttpAgent({ upstreams: { g: { servers: [{ address: '127.0.0.1:1' }] } } });
    expect((await request(agent, a!.url)).status).toBe(200);
    expect(agent.getStats().upstreams![0]!.picks).toBe(0);
  });
});

describe('upstream groups on HttpsAgent', () => {
  test('TLS to the picked servers, sessions and connections per server', async () => {
    const servers = [await TestServer.start({ protocol: 'https' }), await TestServer.start({ protocol: 'https' })];
    const agent = new HttpsAgent({
      rejectUnauthorized: false,
      upstreams: { secure_backend: { servers: servers.map((s) => ({ address: `127.0.0.1:${s.port}` })) } },
    });
    try {
      for (let i = 0; i < 6; i++) expect((await request(agent, 'https://secure_backend/')).status).toBe(200);
      expect(servers.map((s) => s.requests.length)).toEqual([3, 3]);
      expect(servers.map((s) => s.connections.length)).toEqual([1, 1]);
      expect(servers[0]!.requests[0]!.headers.host).toBe('secure_backend');
      // Stats per server (the servername is the group's name; the origin is the server).
      const origins = Object.keys(agent.getStats().origins).sort();
      expect(origins).toEqual(servers.map((s) => `https://127.0.0.1:${s.port}`).sort());
      expect(agent.getStats().upstreams![0]!.peers.map((p) => p.idle)).toEqual([1, 1]);
    } finally {
      agent.destroy();
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});

describe('examples/upstreams.mjs (the issue configuration behind http-proxy)', () => {
  test('weighted 5 : 3, the backup takes over with no request failing, a primary back gets traffic, Host: api_backend', async () => {
    const { join } = await import('node:path');
    const { runScript } = await import('./clients/support');
    const run = await runScript(join(__dirname, '..', 'examples', 'upstreams.mjs'), [], 60_000);
    if (run.code !== 0) throw new Error(run.stderr);
    const out = run.json as {
      phases: Record<string, { from: Record<string, number>; failed: number }>;
      backends: { name: string; hosts: string[] }[];
    };
    expect(out.phases.normal).toEqual({ from: { a: 250, b: 150 }, failed: 0 });
    expect(out.phases.primariesDown).toEqual({ from: { c: 100 }, failed: 0 });
    expect(out.phases.oneBack!.failed).toBe(0);
    expect(out.phases.oneBack!.from.a).toBeGreaterThan(50);
    expect(new Set(out.backends.flatMap((b) => b.hosts))).toEqual(new Set(['api_backend']));
  }, 70_000);
});
