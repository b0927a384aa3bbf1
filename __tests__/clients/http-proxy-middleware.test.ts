/**
 * http-proxy-middleware 3 under express 5, with HttpAgent / HttpsAgent (its `agent` option)
 * and onProxyRes in `on: { proxyRes }`. The app listens on plain HTTP; its upstream is HTTP or HTTPS.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createProxyMiddleware, type Options, responseInterceptor } from 'http-proxy-middleware';
import { ConnectTimeoutError, ErrorCodes, onProxyRes, QueueFullError } from '../../lib';
import { type AnyAgent, makeAgent } from '../helpers/agents';
import { PROTOCOLS, type Protocol, TestServer, waitFor } from '../helpers/server';
import { CONCURRENCY, expectNoConnectionClose, expectPooled, expectRequestLimit, hasClose, LIMIT, REQUESTS, runConcurrently, silentServer } from './support';

interface RunningApp {
  url: string;
  /** Client connections the app accepted. */
  connections: number;
  /** What `on.error` received. */
  errors: Error[];
  close(): Promise<void>;
}

/**
 * An express app that proxies everything to `target` through `agent`. With `customError`
 * (default), `on.error` records the error and answers 502 (504 for a connect timeout), as
 * NGINX would; without it, http-proxy-middleware's default error handler answers.
 */
async function startApp(target: string, agent: AnyAgent, customError = true): Promise<RunningApp> {
  const errors: Error[] = [];
  const on: Options['on'] = { proxyRes: onProxyRes };
  if (customError) {
    on.error = (err, _req, res) => {
      errors.push(err);
      if (res instanceof http.ServerResponse) {
        if (!res.headersSent) res.writeHead((err as NodeJS.ErrnoException).code === ErrorCodes.CONNECT_TIMEOUT ? 504 : 502);
        res.end();
      }
    };
  }
  const app = express();
  app.use(createProxyMiddleware({ target, agent, on }));
  const server = http.createServer(app);
  const running: RunningApp = { url: '', connections: 0, errors, close: async () => undefined };
  server.on('connection', () => running.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  running.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return running;
}

interface ClientReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

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

describe.each(PROTOCOLS)('http-proxy-middleware (express) to an %s upstream', (protocol: Protocol) => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function setup(agentOptions: Parameters<typeof makeAgent>[1] = {}) {
    const upstream = await TestServer.start({ protocol });
    closers.push(() => upstream.close());
    const agent = await makeAgent(protocol, agentOptions);
    closers.push(() => agent.destroy());
    const app = await startApp(upstream.url, agent);
    closers.push(() => app.close());
    const client = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    closers.push(() => client.destroy());
    return { upstream, agent, app, client };
  }

  test(`${REQUESTS} requests at concurrency ${CONCURRENCY} through the app use at most ${CONCURRENCY} upstream connections`, async () => {
    const { upstream, agent, app, client } = await setup();
    const replies: ClientReply[] = [];
    await runConcurrently(REQUESTS, CONCURRENCY, async () => replies.push(await get(app.url, client)));
    expect(replies.filter((r) => r.status === 200 && /^c\d+r\d+$/.test(r.body))).toHaveLength(REQUESTS);
    expectPooled(upstream, agent);
    expectNoConnectionClose(upstream);
    expect(app.connections).toBeLessThanOrEqual(CONCURRENCY);
  });

  test(`maxRequestsPerSocket: ${LIMIT} holds upstream, and the clients' connections stay open`, async () => {
    const { upstream, agent, app, client } = await setup({ maxRequestsPerSocket: LIMIT, limitJitter: 0 });
    const replies: ClientReply[] = [];
    await runConcurrently(REQUESTS, CONCURRENCY, async () => replies.push(await get(app.url, client)));
    expect(upstream.requests).toHaveLength(REQUESTS);
    await expectRequestLimit(upstream, agent);
    expect(new Set(replies.map((r) => r.headers.connection))).toEqual(new Set(['keep-alive']));
    expect(app.connections).toBeLessThanOrEqual(CONCURRENCY);
  });

  test("clients' Connection: close is stripped upstream (never seen, connections reused) and honoured toward the client", async () => {
    const { upstream, agent, app } = await setup();
    const replies: ClientReply[] = [];
    await runConcurrently(REQUESTS, CONCURRENCY, async () => replies.push(await get(app.url, false, { connection: 'close' })));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(REQUESTS);
    expect(replies.every((r) => hasClose(r.headers.connection) && r.headers['keep-alive'] === undefined)).toBe(true);
    expect(app.connections).toBe(REQUESTS); // one client connection per request, as the clients asked
    expectPooled(upstream, agent);
    expectNoConnectionClose(upstream);
  });

  async function busyApp(customError: boolean) {
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
    const app = await startApp(upstream.url, agent, customError);
    closers.push(() => app.close());
    const slow = get(`${app.url}/slow`, false);
    await waitFor(() => upstream.requests.length === 1, 5000, 'the slow request upstream');
    return { upstream, agent, app, slow };
  }

  test('a full queue reaches on.error as the QueueFullError; the client gets 502 and nothing goes upstream', async () => {
    const { upstream, agent, app, slow } = await busyApp(true);
    expect((await get(`${app.url}/refused`, false)).status).toBe(502);
    expect(app.errors).toHaveLength(1);
    expect(app.errors[0]).toBeInstanceOf(QueueFullError);
    expect(app.errors[0]).toMatchObject({ code: ErrorCodes.QUEUE_FULL });
    expect((await slow).status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(['/slow']);
    expect(agent.getStats()).toMatchObject({ requests: 1, created: 1 });
  });

  test("caveat: without on.error, http-proxy-middleware's default handler answers 500 to the agent's errors", async () => {
    const { upstream, app, slow } = await busyApp(false);
    const refused = await get(`${app.url}/refused`, false);
    expect(refused.status).toBe(500);
    expect(refused.body).toMatch(/^Error occurred while trying to proxy/);
    await slow;
    expect(upstream.requests.map((r) => r.url)).toEqual(['/slow']);
  });
});

describe('http-proxy-middleware: connect timeout', () => {
  test('a TLS connect timeout reaches on.error as the ConnectTimeoutError; the client gets 504', async () => {
    const silent = await silentServer();
    const agent = await makeAgent('https', { connectTimeout: 200 });
    const app = await startApp(silent.url, agent);
    try {
      expect((await get(app.url, false)).status).toBe(504);
      expect(app.errors).toHaveLength(1);
      expect(app.errors[0]).toBeInstanceOf(ConnectTimeoutError);
      expect(app.errors[0]).toMatchObject({ code: ErrorCodes.CONNECT_TIMEOUT });
      expect(silent.accepted).toBe(1);
    } finally {
      await app.close();
      agent.destroy();
      await silent.close();
    }
  });
});

describe('http-proxy-middleware: responseInterceptor (selfHandleResponse) with onProxyRes', () => {
  test("the intercepted response carries the proxy's own Connection / Keep-Alive, no upstream hop-by-hop fields, and no ERR_HTTP_TRAILER_INVALID", async () => {
    const upstream = await TestServer.start({
      keepAliveTimeout: 5000, // the upstream hints Keep-Alive: timeout=5
      handler: (_req, res) => {
        res.setHeader('Trailer', 'X-Checksum');
        res.write('hel');
        res.addTrailers({ 'X-Checksum': '1' });
        res.end('lo');
      },
    });
    const agent = await makeAgent('http');
    const intercept = responseInterceptor(async (buffer) => buffer.toString('utf8').toUpperCase());
    const app = express();
    app.use(
      createProxyMiddleware({
        target: upstream.url,
        agent,
        selfHandleResponse: true,
        on: {
          proxyRes: (proxyRes, req, res) => {
            onProxyRes(proxyRes, req, res);
            return intercept(proxyRes, req, res);
          },
        },
      }),
    );
    const server = http.createServer(app);
    server.keepAliveTimeout = 3000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new http.Agent({ keepAlive: true });
    try {
      const keepAlive = await get(url, client);
      expect(keepAlive).toMatchObject({ status: 200, body: 'HELLO', headers: { connection: 'keep-alive', 'keep-alive': 'timeout=3', 'content-length': '5' } });
      expect(keepAlive.headers.trailer).toBeUndefined();
      const close = await get(url, false, { connection: 'close' });
      expect(close).toMatchObject({ status: 200, body: 'HELLO', headers: { connection: 'close' } });
      expect(close.headers['keep-alive']).toBeUndefined();
      expect(upstream.perConnection()).toEqual([2]);
      expectNoConnectionClose(upstream);
    } finally {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
      await upstream.close();
    }
  });
});
