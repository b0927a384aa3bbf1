import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { HttpAgent, type HttpAgentOptions } from '../lib';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

/** A handler that answers after `ms`. */
const slow = (ms: number) => (_req: http.IncomingMessage, res: http.ServerResponse) => setTimeout(() => res.end('ok'), ms);

/** Tracks the most connections a server had open at once. */
function peakConnections(server: TestServer): () => number {
  let open = 0;
  let peak = 0;
  server.server.on('connection', (socket: net.Socket) => {
    open++;
    peak = Math.max(peak, open);
    socket.on('close', () => open--);
  });
  return () => peak;
}

/** An agent whose connections take `delay` ms to start, like one that resolves DNS or opens a tunnel first. */
class SlowConnectAgent extends HttpAgent {
  constructor(
    options: HttpAgentOptions,
    private readonly delay: number,
  ) {
    super(options);
  }
  override createConnection(options: http.ClientRequestArgs, cb?: (err: Error | null, s: Duplex) => void): undefined {
    setTimeout(() => {
      const socket = super.createConnection(options);
      cb?.(null, socket as Duplex);
    }, this.delay);
    return undefined;
  }
}

describe('maxSockets counts connections still being made', () => {
  test('with an asynchronous createConnection, 20 requests and maxSockets: 2, the server never sees more than 2 connections', async () => {
    const server = await TestServer.start({ handler: slow(5) });
    const peak = peakConnections(server);
    const agent = new SlowConnectAgent({ maxSockets: 2 }, 40);
    try {
      const pending = Array.from({ length: 20 }, () => request(agent, server.url));
      await sleep(10);
      expect(agent.getStats()).toMatchObject({ connecting: 2, queued: 18 });
      const replies = await Promise.all(pending);
      expect(replies.every((r) => r.status === 200)).toBe(true);
      expect(peak()).toBeLessThanOrEqual(2);
      expect(server.connections.length).toBeLessThanOrEqual(2);
      expect(agent.getStats()).toMatchObject({ requests: 20, queued: 0, connecting: 0 });
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test("Node's own agent overshoots in the same situation (why we count them)", async () => {
    const server = await TestServer.start({ handler: slow(5) });
    const peak = peakConnections(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (o, cb) => {
      setTimeout(() => cb?.(null, create(o) as Duplex), 40);
      return undefined;
    };
    try {
      await Promise.all(Array.from({ length: 20 }, () => request(agent, server.url)));
      expect(peak()).toBeGreaterThan(2);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('maxTotalSockets holds across origins with an asynchronous createConnection', async () => {
    const [a, b] = await Promise.all([TestServer.start({ handler: slow(5) }), TestServer.start({ handler: slow(5) })]);
    const peakA = peakConnections(a);
    const peakB = peakConnections(b);
    const agent = new SlowConnectAgent({ maxTotalSockets: 2 }, 30);
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => request(agent, (i % 2 ? a : b).url)));
      expect(peakA() + peakB()).toBeLessThanOrEqual(2);
    } finally {
      agent.destroy();
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe.each(PROTOCOLS)('%s: bounded queue', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({ protocol, handler: slow(150) });
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('maxQueuedRequests: 3 with maxSockets: 1 and 10 slow requests: 1 runs, 3 wait, 6 are rejected at once', async () => {
    agent = await makeAgent(protocol, { maxSockets: 1, maxQueuedRequests: 3 });
    const rejectedAt: number[] = [];
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        request(agent, server.url).catch((err: unknown) => {
          rejectedAt.push(Date.now() - started);
          throw err;
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(4);
    expect(failed).toHaveLength(6);
    for (const f of failed) expect(f.reason).toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL', name: 'QueueFullError' });
    expect(Math.max(...rejectedAt)).toBeLessThan(100); // at once, not after waiting
    expect(server.requests).toHaveLength(4); // the rejected never reached the server
  });

  test('queueTimeout rejects a request that waits too long', async () => {
    agent = await makeAgent(protocol, { maxSockets: 1, queueTimeout: 50 });
    const first = request(agent, server.url);
    const second = request(agent, server.url);
    await expect(second).rejects.toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT', name: 'QueueTimeoutError' });
    expect((await first).status).toBe(200);
    expect(server.requests).toHaveLength(1);
    expect(agent.getStats().queued).toBe(0);
  });

  test('an aborted queued request leaves the queue at once and never reaches the server', async () => {
    agent = await makeAgent(protocol, { maxSockets: 1 });
    const rejected: string[] = [];
    agent.on('requestRejected', (m: { reason: string }) => rejected.push(m.reason));
    const first = request(agent, server.url);
    const controller = new AbortController();
    const aborted = request(agent, server.url, { signal: controller.signal });
    await sleep(10);
    expect(agent.getStats().queued).toBe(1);
    expect(agent.getStats().oldestQueuedMs).toBeGreaterThan(0);
    controller.abort();
    expect(agent.getStats().queued).toBe(0);
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(rejected).toEqual(['aborted']);
    await first;
    await sleep(20);
    expect(server.requests).toHaveLength(1);
    expect(agent.getStats()).toMatchObject({ requests: 1, reused: 0 });
  });

  test('req.destroy() on a queued request: it fails with the usual socket hang up and never gets a socket', async () => {
    agent = await makeAgent(protocol, { maxSockets: 1 });
    const first = request(agent, server.url);
    const client = protocol === 'https' ? await import('node:https') : http;
    const req = client.request(server.url, { agent });
    const outcome = new Promise<string>((resolve) => {
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.on('socket', () => resolve('got a socket'));
    });
    req.end();
    await sleep(5);
    req.destroy();
    expect(await outcome).toBe('ECONNRESET');
    await first;
    expect(server.requests).toHaveLength(1);
  });
});

/** A TCP port whose connects hang: a listener in a stopped process, its accept queue full. */
async function blackholePort(): Promise<{ port: number; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>console.log(s.address().port))"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  child.kill('SIGSTOP');
  // Fill the accept queue so that further SYNs are dropped.
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    fillers.push(s);
  }
  await sleep(100);
  return {
    port,
    stop: async () => {
      for (const s of fillers) s.destroy();
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

describe('connectTimeout', () => {
  test('a TCP connect that does not complete fails with the connect timeout code', async () => {
    const hole = await blackholePort();
    const agent = new HttpAgent({ connectTimeout: 300 });
    const started = Date.now();
    try {
      await expect(request(agent, `http://127.0.0.1:${hole.port}/`)).rejects.toMatchObject({
        code: 'ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT',
      });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(280);
      expect(elapsed).toBeLessThan(3000);
      await waitFor(() => agent.getStats().closed.error === 1, 2000, 'the close');
      expect(agent.getStats()).toMatchObject({ active: 0, connecting: 0 });
    } finally {
      agent.destroy();
      await hole.stop();
    }
  });

  test('the default is 10 s and 0 turns it off', () => {
    expect(new HttpAgent().poolOptions.connectTimeout).toBe(10000);
    expect(new HttpAgent({ connectTimeout: 0 }).poolOptions.connectTimeout).toBe(0);
  });
});
