import { spawn } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import { tlsMaterial } from './helpers/certs';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

/** Blocks the event loop for `ms` (as a busy process does): I/O that arrives meanwhile stays unread. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A backend in a child process that answers `c<connection>r<request>` and closes each
 * connection 100 ms after its first response.
 */
async function closingBackend(protocol: 'http' | 'https'): Promise<{ port: number; stop: () => Promise<void> }> {
  const tls = protocol === 'https' ? await tlsMaterial() : undefined;
  const script = `
    const tls = process.env.TLS ? JSON.parse(process.env.TLS) : undefined;
    const mod = require(tls ? 'node:https' : 'node:http');
    let connections = 0;
    const onRequest = (req, res) => {
      const s = req.socket;
      if (s.id === undefined) { s.id = ++connections; s.n = 0; }
      s.n++;
      res.end('c' + s.id + 'r' + s.n);
      if (s.n === 1) res.on('finish', () => setTimeout(() => s.destroy(), 100));
    };
    const server = tls ? mod.createServer(tls, onRequest) : mod.createServer(onRequest);
    server.keepAliveTimeout = 0;
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
    process.stdin.on('end', () => process.exit(0)).resume();`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, TLS: tls ? JSON.stringify(tls) : '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  return {
    port,
    stop: async () => {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}

describe.each(PROTOCOLS)('%s: the validation turn before reusing a socket idle for a while', (protocol) => {
  let server: TestServer | undefined;
  let agent: AnyAgent | http.Agent;
  let stopBackend: (() => Promise<void>) | undefined;
  afterEach(async () => {
    agent.destroy();
    await server?.close();
    server = undefined;
    await stopBackend?.();
    stopBackend = undefined;
  });

  /**
   * The server (in another process, so that it runs while this one is busy) closes the idle
   * connection 100 ms after its first response; this process is blocked meanwhile, so the
   * close has arrived but is unread when the next request is made. Returns what it got.
   */
  async function raceOnce(a: AnyAgent | http.Agent): Promise<{ ok: boolean; code?: string; body?: string }> {
    agent = a;
    const backend = await closingBackend(protocol);
    stopBackend = backend.stop;
    const url = `${protocol}://127.0.0.1:${backend.port}/`;
    await request(a, url);
    blockEventLoop(300); // the server closes the connection meanwhile
    try {
      const reply = await request(a, url);
      return { ok: true, body: reply.body };
    } catch (err) {
      return { ok: false, code: (err as NodeJS.ErrnoException).code };
    }
  }

  test('with the turn, the request goes to a new connection instead of the one the server is closing', async () => {
    const a = await makeAgent(protocol, { validateAfterIdle: 100 });
    const result = await raceOnce(a);
    expect(result).toEqual({ ok: true, body: 'c2r1' });
    await waitFor(() => a.getStats().closed.stale === 1, 2000, 'the stale close');
    expect(a.getStats()).toMatchObject({ created: 2, requests: 2, reused: 0 });
  });

  test('without it (validateAfterIdle: Infinity) the same race fails the request, as with Node\'s agent', async () => {
    const result = await raceOnce(await makeAgent(protocol, { validateAfterIdle: Infinity }));
    expect(result.ok).toBe(false);
    expect(['ECONNRESET', 'EPIPE']).toContain(result.code);
  });

  test("Node's own agent fails it too", async () => {
    const https = await import('node:https');
    const nodeAgent =
      protocol === 'https' ? new https.Agent({ keepAlive: true, ca: (await tlsMaterial()).cert }) : new http.Agent({ keepAlive: true });
    const result = await raceOnce(nodeAgent);
    expect(result.ok).toBe(false);
  });

  test('a sound socket is reused after its turn; sockets reused sooner are not delayed', async () => {
    const srv = await TestServer.start({ protocol });
    server = srv;
    const a = await makeAgent(protocol, { validateAfterIdle: 50 });
    agent = a;
    await request(a, srv.url);
    await sleep(80);
    const reply = await request(a, srv.url); // parked for a turn, then reused
    expect(reply).toMatchObject({ status: 200, body: 'c1r2', reusedSocket: true });
    for (let i = 3; i <= 5; i++) expect((await request(a, srv.url)).body).toBe(`c1r${i}`);
    expect(srv.connections).toHaveLength(1);
    expect(a.getStats()).toMatchObject({ created: 1, reused: 4, requests: 5, queued: 0, active: 0, idle: 1 });
  });

  test('validateAfterIdle: 0 checks every reuse and keeps one connection for sequential and concurrent requests', async () => {
    const srv = await TestServer.start({ protocol });
    server = srv;
    const a = await makeAgent(protocol, { validateAfterIdle: 0, maxSockets: 4 });
    agent = a;
    for (let i = 0; i < 20; i++) await request(a, srv.url);
    expect(srv.connections).toHaveLength(1);
    await Promise.all(Array.from({ length: 40 }, () => request(a, srv.url)));
    expect(srv.connections.length).toBeLessThanOrEqual(4);
    expect(srv.requests).toHaveLength(60);
    expect(a.getStats()).toMatchObject({ requests: 60, queued: 0, active: 0 });
  });

  test('a parked request whose socket is taken by another release still completes, and the socket returns to the pool', async () => {
    const srv = await TestServer.start({ protocol });
    server = srv;
    srv.handler = (req, res, seen) => setTimeout(() => res.end(`c${seen.connection}`), req.url === '/slow' ? 30 : 0);
    const a = await makeAgent(protocol, { validateAfterIdle: 0, maxSockets: 2 });
    agent = a;
    await Promise.all([request(a, srv.url), request(a, srv.url)]);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => request(a, `${srv.url}${i % 2 ? '/slow' : '/'}`)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    await sleep(20);
    const stats = a.getStats();
    expect(stats).toMatchObject({ requests: 12, queued: 0, active: 0 });
    expect(stats.created).toBe(stats.idle + Object.values(stats.closed).reduce((x, y) => x + y, 0));
  });
});

describe('a request waiting for its validation turn', () => {
  let server: TestServer;
  let agent: http.Agent | undefined;
  beforeEach(async () => {
    server = await TestServer.start();
  });
  afterEach(async () => {
    agent?.destroy();
    agent = undefined;
    await server.close();
  });

  test('served by another socket released meanwhile, it reports reusedSocket, as a request Node hands a free socket does', async () => {
    const { HttpAgent } = await import('../lib');
    const a = new HttpAgent({ validateAfterIdle: 100 });
    agent = a;
    // Two connections: the first is released and left idle, the second stays busy (its
    // response is read but not consumed, so it is not released yet).
    let held: http.IncomingMessage | undefined;
    const busy = new Promise<void>((resolve, reject) => {
      http
        .get(server.url, { agent: a }, (res) => {
          held = res;
          res.pause();
          res.once('end', () => resolve());
        })
        .on('error', reject);
    });
    expect((await request(a, server.url)).status).toBe(200);
    await waitFor(() => held !== undefined);
    await sleep(150); // the idle one now needs its turn
    const parked = request(a, server.url);
    expect(a.getStats().active).toBe(2); // the idle socket is reserved for it
    held!.resume(); // the busy socket is released during the turn and goes to the waiting request
    const reply = await parked;
    await busy;
    expect(reply.status).toBe(200);
    expect(reply.reusedSocket).toBe(true);
    const last = server.requests[server.requests.length - 1]!;
    expect(last.index).toBe(2); // it went out on a connection that had served a request
    expect(server.connections).toHaveLength(2);
    await waitFor(() => a.getStats().idle === 2); // the reserved socket went back to the pool
  });

  test('a socket that closes meanwhile does not make Node open a new connection for it', async () => {
    const { HttpAgent } = await import('../lib');
    const a = new HttpAgent({ validateAfterIdle: 100 });
    agent = a;
    await Promise.all([request(a, server.url), request(a, server.url)]);
    await sleep(150);
    const parked = request(a, server.url); // waits for its turn on one idle socket
    const free = Object.values(a.freeSockets)[0]!;
    expect(free).toHaveLength(1);
    free[0]!.destroy(); // the other closes: Node's removeSocket would open a connection for the queue's head
    const reply = await parked;
    expect(reply).toMatchObject({ status: 200, reusedSocket: true });
    expect(server.connections).toHaveLength(2);
    expect(server.requests[server.requests.length - 1]!.index).toBe(2);
    expect(a.getStats()).toMatchObject({ created: 2, queued: 0 });
  });

  test('a warm replacement opened meanwhile goes to the pool, not to it: it gets its own socket after the turn', async () => {
    const { HttpAgent } = await import('../lib');
    // FIFO: the oldest idle socket is taken first, the recently used one next.
    const a = new HttpAgent({ validateAfterIdle: 100, maxRequestsPerSocket: 3, limitJitter: 0, scheduling: 'fifo' });
    agent = a;
    await Promise.all([request(a, server.url), request(a, server.url)]);
    await sleep(150);
    // After its turn: one socket has 2 requests and was just used; the other, 1, and needs a turn.
    expect((await request(a, server.url)).reusedSocket).toBe(true);
    const usedBefore = server.requests.length;
    // The first waits for its turn on the old socket; the second takes the recently used one,
    // its third and last request, whose replacement is opened while the first is waiting.
    const [first, second] = await Promise.all([request(a, server.url), request(a, server.url)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.reusedSocket).toBe(true);
    const [r1, r2] = server.requests.slice(usedBefore);
    // Neither went out on the replacement: each on a connection that had served before.
    expect(r1!.index).toBeGreaterThan(1);
    expect(r2!.index).toBeGreaterThan(1);
    expect(a.getStats().warm.opened).toBe(1);
    await waitFor(() => server.connections.length === 3);
    await waitFor(() => a.getStats().idle === 2); // the replacement and the old socket, pooled
  });
});

describe('the validation turn and the request limit', () => {
  test('the limit holds for a socket that was parked for its turn', async () => {
    const server = await TestServer.start();
    const { HttpAgent } = await import('../lib');
    const agent = new HttpAgent({ validateAfterIdle: 0, maxRequestsPerSocket: 3, limitJitter: 0, warmReplacement: false });
    try {
      for (let i = 0; i < 6; i++) await request(agent, server.url);
      expect(server.perConnection()).toEqual([3, 3]);
      expect(server.requests.every((r) => r.headers.connection === 'keep-alive')).toBe(true);
      await waitFor(() => agent.getStats().closed.max_requests === 2, 2000, 'two max_requests closes');
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});

describe('bytes that arrive during the validation turn', () => {
  /**
   * A raw server: answers `c<connection>r<request>`; `speak(i, bytes)` writes on its connection
   * `i` and from then on leaves that connection's requests unanswered (as a server that sent a
   * 408 before closing does), without closing it.
   */
  async function rawServer(): Promise<{ port: number; sockets: net.Socket[]; speak: (i: number, bytes: string) => void; close: () => Promise<void> }> {
    const sockets: net.Socket[] = [];
    const mute = new Set<net.Socket>();
    const server = net.createServer((s) => {
      const id = sockets.push(s);
      let n = 0;
      s.on('error', () => undefined);
      s.on('data', (d) => {
        if (!mute.has(s) && d.includes('\r\n\r\n')) s.write(`HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nc${id}r${++n}`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      port: (server.address() as net.AddressInfo).port,
      sockets,
      speak: (i, bytes) => {
        mute.add(sockets[i]!);
        sockets[i]!.write(bytes);
      },
      close: async () => {
        for (const s of sockets) s.destroy();
        await new Promise((r) => server.close(r));
      },
    };
  }

  test.each([
    ['a 408 with Connection: close, no FIN', 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'],
    ['stray bytes', 'garbage\r\n'],
  ])('%s: the socket is stale and the request goes to a new connection', async (_what, bytes) => {
    const server = await rawServer();
    const { HttpAgent } = await import('../lib');
    // Every reuse takes its turn; the server speaks in the same tick as the next request.
    const agent = new HttpAgent({ validateAfterIdle: 0 });
    try {
      const url = `http://127.0.0.1:${server.port}/`;
      expect((await request(agent, url)).body).toBe('c1r1');
      const second = await new Promise<{ body: string; reusedSocket: boolean }>((resolve, reject) => {
        setTimeout(() => {
          server.speak(0, bytes);
          request(agent, url, { timeout: 2000 }).then(resolve, reject);
        }, 0);
      });
      expect(second.body).toBe('c2r1');
      expect(second.reusedSocket).toBe(false);
      expect(agent.getStats().closed.stale).toBe(1);
      expect(server.sockets).toHaveLength(2);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
