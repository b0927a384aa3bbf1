/**
 * http-proxy with HttpAgent / HttpsAgent (its `agent` option) and onProxyRes on 'proxyRes'.
 * The proxy itself listens on plain HTTP; its upstream is HTTP or HTTPS.
 */
import http from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import httpProxy from 'http-proxy';
import { ConnectTimeoutError, ErrorCodes, onProxyRes, QueueFullError } from '../../lib';
import { type AnyAgent, makeAgent, originKey } from '../helpers/agents';
import { PROTOCOLS, type Protocol, TestServer, waitFor } from '../helpers/server';
import {
  type BackendSummary,
  CONCURRENCY,
  expectNoConnectionClose,
  expectPooled,
  expectRequestLimit,
  LIMIT,
  type PrintedStats,
  REQUESTS,
  runConcurrently,
  runScript,
  silentServer,
} from './support';

interface ProxyOptions {
  /** Register onProxyRes (default true); false shows what happens without it. */
  helper?: boolean;
  /** Another 'proxyRes' listener, for the control tests. */
  onResponse?: (proxyRes: http.IncomingMessage) => void;
  /** The proxy server's keepAliveTimeout (ms); long by default, so that a stall shows. */
  keepAliveTimeout?: number;
}

interface RunningProxy {
  url: string;
  port: number;
  /** Client connections the proxy accepted. */
  connections: number;
  /** What http-proxy's 'error' event received. */
  errors: Error[];
  close(): Promise<void>;
}

/** An http-proxy server on 127.0.0.1 in front of `target`, pooling through `agent`. */
async function startProxy(target: string, agent: AnyAgent, options: ProxyOptions = {}): Promise<RunningProxy> {
  const proxy = httpProxy.createProxyServer({ target, agent });
  if (options.helper !== false) proxy.on('proxyRes', onProxyRes);
  if (options.onResponse) proxy.on('proxyRes', options.onResponse);
  const errors: Error[] = [];
  proxy.on('error', (err, _req, res) => {
    errors.push(err);
    if (res instanceof http.ServerResponse) {
      if (!res.headersSent) res.writeHead((err as NodeJS.ErrnoException).code === ErrorCodes.CONNECT_TIMEOUT ? 504 : 502);
      res.end();
    }
  });
  const server = http.createServer((req, res) => proxy.web(req, res));
  server.keepAliveTimeout = options.keepAliveTimeout ?? 30_000;
  const running: RunningProxy = { url: '', port: 0, connections: 0, errors, close: async () => undefined };
  server.on('connection', () => running.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.port = (server.address() as AddressInfo).port;
  running.url = `http://127.0.0.1:${running.port}`;
  running.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    proxy.close();
  };
  return running;
}

interface ClientReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One GET from the proxy's client (Node's own agent); resolves when the body was read. */
function get(url: string, agent: http.Agent | false, headers: http.OutgoingHttpHeaders = {}): Promise<ClientReply> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

interface RawReply {
  statusLine: string;
  head: string;
  body: string;
  /** The proxy closed the connection (EOF) within the time allowed. */
  eof: boolean;
}

/** Sends `head` over a raw socket and reads until EOF or `ms` (a stall is reported, not waited out). */
function rawExchange(port: number, head: string, ms: number): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    let eof = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const [headText = '', body = ''] = text.split('\r\n\r\n', 2);
      resolve({ statusLine: headText.split('\r\n', 1)[0] ?? '', head: headText.toLowerCase(), body, eof });
    };
    const timer = setTimeout(finish, ms);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (text += d));
    socket.on('end', () => {
      eof = true;
      finish();
    });
    socket.on('error', reject);
  });
}

describe.each(PROTOCOLS)('http-proxy to an %s upstream', (protocol: Protocol) => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** Upstream, agent, proxy, and a keep-alive client agent (Node's) for the proxy's clients; all closed after the test. */
  async function setup(agentOptions: Parameters<typeof makeAgent>[1] = {}, proxyOptions: ProxyOptions = {}, upstreamKeepAlive = 0) {
    const upstream = await TestServer.start({ protocol, keepAliveTimeout: upstreamKeepAlive });
    closers.push(() => upstream.close());
    const agent = await makeAgent(protocol, agentOptions);
    closers.push(() => agent.destroy());
    const proxy = await startProxy(upstream.url, agent, proxyOptions);
    closers.push(() => proxy.close());
    const client = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    closers.push(() => client.destroy());
    return { upstream, agent, proxy, client };
  }

  test(`${REQUESTS} requests at concurrency ${CONCURRENCY} through the proxy use at most ${CONCURRENCY} upstream connections`, async () => {
    const { upstream, agent, proxy, client } = await setup();
    const replies: ClientReply[] = [];
    await runConcurrently(REQUESTS, CONCURRENCY, async () => replies.push(await get(proxy.url, client)));
    expect(replies.filter((r) => r.status === 200 && /^c\d+r\d+$/.test(r.body))).toHaveLength(REQUESTS);
    expectPooled(upstream, agent);
    expectNoConnectionClose(upstream);
    expect(proxy.connections).toBeLessThanOrEqual(CONCURRENCY);
  });

  test(`maxRequestsPerSocket: ${LIMIT} holds upstream, and the upstream's renewals do not close the clients' connections`, async () => {
    const { upstream, agent, proxy, client } = await setup({ maxRequestsPerSocket: LIMIT, limitJitter: 0 });
    const replies: ClientReply[] = [];
    await runConcurrently(REQUESTS, CONCURRENCY, async () => replies.push(await get(proxy.url, client)));
    expect(upstream.requests).toHaveLength(REQUESTS);
    await expectRequestLimit(upstream, agent);
    expect(new Set(replies.map((r) => r.headers.connection))).toEqual(new Set(['keep-alive']));
    expect(proxy.connections).toBeLessThanOrEqual(CONCURRENCY);
  });

  test('without onProxyRes too: the renewals never reach the clients (no Connection: close, no closed connection)', async () => {
    const { upstream, agent, proxy, client } = await setup({ maxRequestsPerSocket: LIMIT, limitJitter: 0 }, { helper: false });
    const replies: ClientReply[] = [];
    await runConcurrently(REQUESTS, CONCURRENCY, async () => replies.push(await get(proxy.url, client)));
    expect(upstream.requests).toHaveLength(REQUESTS);
    await expectRequestLimit(upstream, agent);
    expect(replies.filter((r) => r.headers.connection === 'close')).toEqual([]);
    expect(proxy.connections).toBeLessThanOrEqual(CONCURRENCY);
  });

  test('a client sending Connection: close is answered 200 with Connection: close and EOF, no upstream Keep-Alive, and the upstream connection is reused', async () => {
    const { upstream, agent, proxy } = await setup({}, {}, 5000); // the upstream hints Keep-Alive: timeout=5
    for (let i = 0; i < 5; i++) {
      const reply = await rawExchange(proxy.port, `GET /${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 5000);
      expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
      expect(reply.eof).toBe(true);
      expect(reply.head).toMatch(/\r\nconnection: close(\r\n|$)/);
      expect(reply.head).not.toMatch(/keep-alive/);
      expect(reply.body).toBe(`c1r${i + 1}`);
    }
    expect(upstream.perConnection()).toEqual([5]);
    expectNoConnectionClose(upstream);
    expect(agent.getStats()).toMatchObject({ created: 1, reused: 4, requests: 5 });
    expect(proxy.errors).toEqual([]);
  });

  test("control, without onProxyRes: that client gets the upstream's Connection: keep-alive and Keep-Alive, and the proxy does not close (a stall)", async () => {
    const { proxy } = await setup({}, { helper: false }, 5000);
    const reply = await rawExchange(proxy.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 1500);
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(reply.head).toMatch(/\r\nconnection: keep-alive\r\n/);
    expect(reply.head).toMatch(/\r\nkeep-alive: timeout=5/);
    expect(reply.eof).toBe(false);
  });

  test("a keep-alive client gets the proxy's own Keep-Alive hint, not the upstream's", async () => {
    const { proxy, client } = await setup({}, { keepAliveTimeout: 3000 }, 7000);
    const reply = await get(proxy.url, client);
    expect(reply.headers).toMatchObject({ connection: 'keep-alive', 'keep-alive': 'timeout=3' });
  });

  test('an HTTP/1.0 client and an upstream announcing trailers: 200, no ERR_HTTP_TRAILER_INVALID', async () => {
    const upstream = await TestServer.start({
      protocol,
      handler: (_req, res) => {
        res.setHeader('Trailer', 'X-Checksum');
        res.write('hel');
        res.addTrailers({ 'X-Checksum': '1' });
        res.end('lo');
      },
    });
    closers.push(() => upstream.close());
    const agent = await makeAgent(protocol);
    closers.push(() => agent.destroy());
    const proxy = await startProxy(upstream.url, agent);
    closers.push(() => proxy.close());
    const reply = await rawExchange(proxy.port, 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n', 5000);
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(reply.body).toBe('hello');
    expect(reply.eof).toBe(true);
    expect(reply.head).not.toMatch(/trailer/);
  });

  test("the agent still pools by the upstream's Keep-Alive hint: the idle upstream socket closes on the agent's timer (idle_timeout)", async () => {
    // hint timeout=2, agentKeepAliveTimeoutBuffer 1000: the agent closes the idle socket after 1 s, the upstream would after 2 s
    const { agent, proxy, client } = await setup({}, {}, 2000);
    expect((await get(proxy.url, client)).status).toBe(200);
    await waitFor(() => agent.getStats().closed.idle_timeout + agent.getStats().closed.stale === 1, 5000, 'the upstream socket to close');
    expect(agent.getStats().closed).toMatchObject({ idle_timeout: 1, stale: 0 });
  });

  test('a proxyRes listener that deletes Keep-Alive from proxyRes.headers does not blind the agent (it reads the hint as received)', async () => {
    const naive = (proxyRes: http.IncomingMessage): void => {
      delete proxyRes.headers['keep-alive'];
      delete proxyRes.headers.connection;
    };
    const { agent, proxy, client } = await setup({}, { helper: false, onResponse: naive }, 2000);
    expect((await get(proxy.url, client)).status).toBe(200);
    await waitFor(() => agent.getStats().closed.idle_timeout + agent.getStats().closed.stale === 1, 5000, 'the upstream socket to close');
    expect(agent.getStats().closed).toMatchObject({ idle_timeout: 1, stale: 0 });
  });

  test("a full queue reaches http-proxy's 'error' event as the QueueFullError; the client gets 502 and nothing goes upstream", async () => {
    const upstream = await TestServer.start({
      protocol,
      handler: (req, res) => {
        if (req.url === '/slow') setTimeout(() => res.end('slow'), 300);
        else res.end('fast');
      },
    });
    closers.push(() => upstream.close());
    const agent = await makeAgent(protocol, { maxSockets: 1, maxQueuedRequests: 0 });
    closers.push(() => agent.destroy());
    const proxy = await startProxy(upstream.url, agent);
    closers.push(() => proxy.close());
    const slow = get(`${proxy.url}/slow`, false);
    await waitFor(() => upstream.requests.length === 1, 5000, 'the slow request upstream');
    const refused = await get(`${proxy.url}/refused`, false);
    expect(refused.status).toBe(502);
    expect(proxy.errors).toHaveLength(1);
    expect(proxy.errors[0]).toBeInstanceOf(QueueFullError);
    expect(proxy.errors[0]).toMatchObject({ code: ErrorCodes.QUEUE_FULL });
    expect((await slow).status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(['/slow']);
    expect(agent.getStats()).toMatchObject({ requests: 1, created: 1 });
  });

  // KNOWN BUG (reported, lib/pool.ts releaseVerdict / inferReason): the pool decides whether the
  // upstream said "close" from res.headers.connection when the response ends; http-proxy's
  // setConnection pass writes its *client's* Connection into that object (for an HTTP/1.0
  // client: `req.headers.connection || 'close'`; for any client when the upstream sent no
  // Connection header). The upstream said keep-alive, yet the socket is closed as server_close.
  // Node's own client already knows the upstream's answer (req.shouldKeepAlive, set by the
  // parser). Remove `.failing` when fixed.
  test('an HTTP/1.0 client does not cost an upstream connection (the upstream said keep-alive)', async () => {
    const { upstream, agent, proxy } = await setup();
    for (let i = 0; i < 3; i++) {
      const reply = await rawExchange(proxy.port, 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n', 5000);
      expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    }
    expect(upstream.perConnection()).toEqual([3]);
    expect(agent.getStats().closed.server_close).toBe(0);
  });
});

describe('http-proxy: more', () => {
  test("a TLS connect timeout reaches http-proxy's 'error' event as the ConnectTimeoutError; the client gets 504", async () => {
    const silent = await silentServer();
    const agent = await makeAgent('https', { connectTimeout: 200 });
    const proxy = await startProxy(silent.url, agent);
    try {
      const reply = await get(proxy.url, false);
      expect(reply.status).toBe(504);
      expect(proxy.errors).toHaveLength(1);
      expect(proxy.errors[0]).toBeInstanceOf(ConnectTimeoutError);
      expect(proxy.errors[0]).toMatchObject({ code: ErrorCodes.CONNECT_TIMEOUT });
      expect(silent.accepted).toBe(1);
    } finally {
      await proxy.close();
      agent.destroy();
      await silent.close();
    }
  });

  // KNOWN BUG (reported, lib/origin.ts): for plain HTTP, Node computes `servername` from the
  // request's Host header (calculateServerName runs for every agent), and originLabel prefers
  // servername to host. Behind a proxy that forwards its client's Host (http-proxy without
  // changeOrigin), getStats() then names the upstream after the client's Host, with the
  // upstream's port: "http://app.example:PORT". Remove `.failing` when fixed.
  test('getStats() names an HTTP upstream by the address connected to, not by the Host header the client sent', async () => {
    const upstream = await TestServer.start();
    const agent = await makeAgent('http');
    const proxy = await startProxy(upstream.url, agent);
    try {
      expect((await get(proxy.url, false, { host: 'app.example' })).status).toBe(200);
      expect(upstream.requests[0]!.headers.host).toBe('app.example');
      expect(Object.keys(agent.getStats().origins)).toEqual([originKey(upstream)]);
    } finally {
      await proxy.close();
      agent.destroy();
      await upstream.close();
    }
  });
});

/** The JSON line of examples/reverse-proxy.mjs. */
interface ReverseProxyReport {
  example: 'reverse-proxy';
  clients: {
    keepAlive: { requests: number; connectionsToProxy: number; statuses: string[]; connection: string[]; keepAlive: string[] };
    connectionClose: { requests: number; statuses: string[]; connection: string[]; keepAlive: string[] };
    http10: { statusLine: string; connection: string | null };
  };
  upstream: BackendSummary;
  stats: PrintedStats;
}

describe('examples/reverse-proxy.mjs (http-proxy + HttpAgent + onProxyRes), run as a child process', () => {
  test("its figures: upstream connections pooled, every client answered with the proxy's own Connection / Keep-Alive", async () => {
    const run = await runScript(join(__dirname, '../../examples/reverse-proxy.mjs'), [], 60_000);
    if (run.code !== 0 || run.json === undefined) throw new Error(`the example failed (exit ${run.code}, ${run.signal}):\n${run.stderr}`);
    const r = run.json as ReverseProxyReport;
    // 300 keep-alive requests at concurrency 10, 50 with Connection: close at concurrency 5, 1 HTTP/1.0
    expect(r.clients.keepAlive).toEqual({ requests: 300, connectionsToProxy: 10, statuses: ['200'], connection: ['keep-alive'], keepAlive: ['timeout=3'] });
    expect(r.clients.connectionClose).toEqual({ requests: 50, statuses: ['200'], connection: ['close'], keepAlive: ['null'] });
    expect(r.clients.http10).toEqual({ statusLine: 'HTTP/1.1 200 OK', connection: 'close' });
    expect(r.upstream.requests).toBe(351);
    expect(r.upstream.connections).toBeLessThanOrEqual(CONCURRENCY);
    expect(r.upstream.connectionCloseAt).toEqual([]);
    expect(r.stats).toMatchObject({ requests: 351, created: r.upstream.connections, reused: 351 - r.upstream.connections });
  }, 90_000);
});
