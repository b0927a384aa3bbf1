/**
 * `isRetryableReuseError(err, req)`: unit tests of each condition, integration tests against a
 * server that closes a reused connection at its keep-alive timeout, and the recipes of
 * docs/reliability.md (axios interceptor, got `retry`, an `http-proxy` proxy that closes its
 * client connection so that the client retries), each run for real.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import axios, { type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import httpProxy from 'http-proxy';
import { HttpAgent, isRetryableReuseError } from '../lib';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { tlsMaterial } from './helpers/certs';
import { FaultServer, pause, send, until } from './helpers/fault-server';

jest.setTimeout(20_000);

// ---- unit ------------------------------------------------------------------------------------

/** A request as Node leaves it after a reused socket was closed under it (by FIN). */
function failedReq(over: Record<string, unknown> = {}): Record<string, unknown> {
  const headers: Record<string, string> = {};
  return {
    reusedSocket: true,
    res: undefined,
    method: 'GET',
    socket: { readableEnded: true },
    getHeader: (name: string) => headers[name.toLowerCase()],
    ...over,
  };
}
const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
const hangUp = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('isRetryableReuseError: each condition', () => {
  test.each(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE', 'get', 'delete'])('idempotent method %s: true', (method) => {
    expect(isRetryableReuseError(reset, failedReq({ method }))).toBe(true);
  });

  test.each(['POST', 'PATCH', 'CONNECT', 'LOCK'])('non-idempotent method %s: false, true with an Idempotency-Key', (method) => {
    expect(isRetryableReuseError(reset, failedReq({ method }))).toBe(false);
    const withKey = failedReq({ method, getHeader: (n: string) => (n === 'idempotency-key' ? 'k-1' : undefined) });
    expect(isRetryableReuseError(reset, withKey)).toBe(true);
    const emptyKey = failedReq({ method, getHeader: (n: string) => (n === 'idempotency-key' ? '' : undefined) });
    expect(isRetryableReuseError(reset, emptyKey)).toBe(false);
  });

  test.each([
    ['ECONNRESET (read)', true, reset],
    ['EPIPE', true, Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' })],
    ['ECONNABORTED', true, Object.assign(new Error('aborted'), { code: 'ECONNABORTED' })],
    ['socket hang up', true, hangUp],
    ['ETIMEDOUT', false, Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })],
    ['ECONNREFUSED', false, Object.assign(new Error('refused'), { code: 'ECONNREFUSED', syscall: 'connect' })],
    ['HPE_INVALID_CONSTANT', false, Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_CONSTANT' })],
    ['queue timeout', false, Object.assign(new Error('Queue timeout'), { code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT' })],
    ['AbortError', false, Object.assign(new Error('The operation was aborted'), { code: 'ABORT_ERR', name: 'AbortError' })],
    ['no code', false, new Error('boom')],
    ['a string', false, 'ECONNRESET'],
    ['null', false, null],
  ] as const)('error %s: %s', (_name, expected, err) => {
    expect(isRetryableReuseError(err, failedReq())).toBe(expected);
  });

  test('a wrapped error (axios, got) is judged by its cause', () => {
    const wrapped = Object.assign(new Error('read ECONNRESET', { cause: reset }), { code: 'ECONNRESET' });
    // Without its syscall the wrapper alone would read as a hang-up; the cause says reset.
    expect(isRetryableReuseError(wrapped, failedReq({ socket: { readableEnded: false } }))).toBe(true);
    const wrappedOther = Object.assign(new Error('x', { cause: new Error('y') }), { code: 'ERR_SOMETHING' });
    expect(isRetryableReuseError(wrappedOther, failedReq())).toBe(false);
  });

  test('not on a reused socket, or after a response arrived: false', () => {
    expect(isRetryableReuseError(reset, failedReq({ reusedSocket: false }))).toBe(false);
    expect(isRetryableReuseError(reset, failedReq({ reusedSocket: undefined }))).toBe(false);
    expect(isRetryableReuseError(reset, failedReq({ res: {} }))).toBe(false);
    expect(isRetryableReuseError(reset, failedReq({ response: {} }))).toBe(false);
  });

  test('socket hang up counts only if the server ended the socket (a caller-destroyed request gets the same error)', () => {
    expect(isRetryableReuseError(hangUp, failedReq({ socket: { readableEnded: false } }))).toBe(false);
    expect(isRetryableReuseError(hangUp, failedReq({ socket: null }))).toBe(false);
    expect(isRetryableReuseError(reset, failedReq({ socket: null }))).toBe(true);
  });

  test('shapes: follow-redirects (axios) via _currentRequest, got via options; anything else is false', () => {
    expect(isRetryableReuseError(reset, { _currentRequest: failedReq() })).toBe(true);
    expect(isRetryableReuseError(reset, { _currentRequest: failedReq({ method: 'POST' }) })).toBe(false);
    const gotLike = { reusedSocket: true, response: undefined, options: { method: 'POST', headers: { 'idempotency-key': 'abc' } }, socket: { readableEnded: true } };
    expect(isRetryableReuseError(reset, gotLike)).toBe(true);
    expect(isRetryableReuseError(reset, { ...gotLike, options: { method: 'POST', headers: {} } })).toBe(false);
    expect(isRetryableReuseError(reset, { ...gotLike, options: { method: 'get', headers: {} } })).toBe(true);
    expect(isRetryableReuseError(reset, null)).toBe(false);
    expect(isRetryableReuseError(reset, undefined)).toBe(false);
    expect(isRetryableReuseError(reset, 'GET')).toBe(false);
    expect(isRetryableReuseError(reset, { reusedSocket: true })).toBe(false); // no method known
  });
});

// ---- integration: a server that closes the reused connection at its timeout ------------------

describe.each(['http', 'https'] as const)('%s: a server closing the reused connection at its keep-alive timeout', (protocol) => {
  let server: FaultServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await FaultServer.start(protocol === 'https' ? { tls: await tlsMaterial() } : {});
    agent = await makeAgent(protocol);
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  /**
   * One request that sets the server's idle timeout to 150 ms on its connection, an idle gap of
   * 250 ms, then `method` on the reused socket: the server closes (`how`) as it arrives,
   * exactly as when its timer fires while the request is on the wire.
   */
  async function failOnReuse(how: 'lazy-rst' | 'lazy-fin', method: string, headers: http.OutgoingHttpHeaders = {}) {
    const first = await send(agent, `${server.url}/ok?ka=150&how=${how}`);
    expect(first.kind).toBe('response');
    await pause(250);
    const body = method === 'GET' || method === 'HEAD' ? undefined : 'payload';
    return send(agent, `${server.url}/ok`, { method, headers: body ? { ...headers, 'content-length': body.length } : headers, body });
  }

  test.each(['lazy-rst', 'lazy-fin'] as const)('%s: GET fails with a retryable error; a retry gets a new connection and succeeds', async (how) => {
    const failed = await failOnReuse(how, 'GET');
    expect({ kind: failed.kind, reused: failed.reusedSocket, gotResponse: failed.gotResponse }).toEqual({ kind: 'error', reused: true, gotResponse: false });
    expect(failed.error?.code).toBe('ECONNRESET');
    expect(isRetryableReuseError(failed.error, failed.req)).toBe(true);
    const retry = await send(agent, `${server.url}/ok`);
    expect({ body: retry.body, reused: retry.reusedSocket }).toEqual({ body: 'c2r1', reused: false });
    expect(server.perConnection()).toEqual([2, 1]);
  });

  test.each(['lazy-rst', 'lazy-fin'] as const)('%s: POST without Idempotency-Key: false; with one: true', async (how) => {
    const plain = await failOnReuse(how, 'POST');
    expect(plain.kind).toBe('error');
    expect(plain.reusedSocket).toBe(true);
    expect(isRetryableReuseError(plain.error, plain.req)).toBe(false);
    const keyed = await failOnReuse(how, 'POST', { 'Idempotency-Key': 'order-42' });
    expect(keyed.kind).toBe('error');
    expect(isRetryableReuseError(keyed.error, keyed.req)).toBe(true);
    // Both POSTs reached the server (which dropped them): exactly why a POST without a key must not be resent.
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  test('the same reset on a fresh connection is not retryable (not a reuse race)', async () => {
    const o = await send(agent, `${server.url}/reset-on-request`);
    expect({ kind: o.kind, code: o.error?.code, reused: o.reusedSocket }).toEqual({ kind: 'error', code: 'ECONNRESET', reused: false });
    expect(isRetryableReuseError(o.error, o.req)).toBe(false);
  });

  test('a reset after the response headers arrived is not retryable', async () => {
    await send(agent, `${server.url}/ok`);
    const o = await send(agent, `${server.url}/reset-body`);
    expect({ kind: o.kind, gotResponse: o.gotResponse, reused: o.reusedSocket }).toEqual({ kind: 'error', gotResponse: true, reused: true });
    expect(isRetryableReuseError(o.error, o.req)).toBe(false);
  });

  test('a reused request its caller destroys ("socket hang up", no EOF) is not retryable', async () => {
    await send(agent, `${server.url}/ok`);
    const client = protocol === 'https' ? (await import('node:https')).default : http;
    const err = await new Promise<Error>((resolve) => {
      const req = client.get(`${server.url}/hold`, { agent }, () => undefined);
      req.on('error', (e) => resolve(Object.assign(e, { req })));
      req.on('socket', () => setTimeout(() => req.destroy(), 50));
    });
    const req = (err as Error & { req: http.ClientRequest }).req;
    expect({ message: err.message, reused: req.reusedSocket }).toEqual({ message: 'socket hang up', reused: true });
    expect(isRetryableReuseError(err, req)).toBe(false);
    server.releaseHeld();
  });
});

// ---- recipes ---------------------------------------------------------------------------------

/** The axios recipe of docs/reliability.md. */
function withReuseRetry(client: AxiosInstance): AxiosInstance {
  client.interceptors.response.use(undefined, async (error: AxiosError) => {
    const config = error.config as (InternalAxiosRequestConfig & { reuseRetried?: boolean }) | undefined;
    if (config && !config.reuseRetried && isRetryableReuseError(error, error.request)) {
      config.reuseRetried = true;
      return client.request(config);
    }
    throw error;
  });
  return client;
}

describe('recipe: axios, an interceptor that retries once', () => {
  let server: FaultServer;
  let agent: HttpAgent;
  beforeEach(async () => {
    server = await FaultServer.start();
    agent = new HttpAgent();
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('GET on a connection the server closed at its timeout: retried once on a new connection, succeeds', async () => {
    const client = withReuseRetry(axios.create({ httpAgent: agent, timeout: 5000 }));
    await client.get(`${server.url}/ok?ka=150&how=lazy-rst`);
    await pause(250);
    const res = await client.get<string>(`${server.url}/ok`);
    expect(res.data).toBe('c2r1');
    expect(server.perConnection()).toEqual([2, 1]);
    expect(agent.getStats().closed.error).toBe(1);
  });

  test('POST without Idempotency-Key: the error reaches the caller, nothing is resent; with a key: retried', async () => {
    const client = withReuseRetry(axios.create({ httpAgent: agent, timeout: 5000 }));
    await client.get(`${server.url}/ok?ka=150&how=lazy-fin`);
    await pause(250);
    await expect(client.post(`${server.url}/ok`, 'x')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    await client.get(`${server.url}/ok?ka=150&how=lazy-fin`);
    await pause(250);
    const res = await client.post<string>(`${server.url}/ok`, 'x', { headers: { 'Idempotency-Key': 'k1' } });
    expect(res.status).toBe(200);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  test('a failure that is not a reuse race is not retried', async () => {
    const client = withReuseRetry(axios.create({ httpAgent: agent, timeout: 5000 }));
    await expect(client.get(`${server.url}/reset-on-request`)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.requests).toHaveLength(1);
  });
});

/** The got recipe of docs/reliability.md, run in a child process (got is ESM only). */
const GOT_SCRIPT = `
import got from 'got';
const { HttpAgent, isRetryableReuseError } = await import(process.env.DIST);
const url = process.env.URL;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const results = [];
for (const [name, method, headers] of [
  ['get', 'GET', {}],
  ['post', 'POST', {}],
  ['post-key', 'POST', { 'idempotency-key': 'k-7' }],
]) {
  const agent = new HttpAgent();
  let retries = 0;
  const client = got.extend({
    agent: { http: agent },
    timeout: { request: 5000 },
    retry: {
      limit: 1,
      methods: ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE', 'POST', 'PATCH'],
      // Retry at once, and only the reuse race; got's own rules are not consulted.
      calculateDelay: ({ error, attemptCount }) => {
        const retry = attemptCount === 1 && isRetryableReuseError(error, error.request);
        if (retry) retries++;
        return retry ? 1 : 0;
      },
    },
  });
  await client.get(url + '/ok?ka=150&how=lazy-fin&tag=' + name);
  await pause(250);
  try {
    const res = await client(url + '/ok?tag=' + name, { method, headers, body: method === 'POST' ? 'x' : undefined });
    results.push({ name, body: res.body, retries });
  } catch (e) {
    results.push({ name, error: e.code, retries });
  }
  agent.destroy();
}
console.log(JSON.stringify(results));
`;

describe('recipe: got, its retry option', () => {
  test('GET and a keyed POST are retried once on a new connection; a plain POST fails', async () => {
    const server = await FaultServer.start();
    try {
      const dist = pathToFileURL(join(__dirname, '..', 'dist', 'esm', 'index.mjs')).href;
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--input-type=module', '-e', GOT_SCRIPT],
          { cwd: join(__dirname, '..'), env: { ...process.env, URL: server.url, DIST: dist }, timeout: 15_000 },
          (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
        );
      });
      const results = JSON.parse(stdout.trim()) as Array<{ name: string; body?: string; error?: string; retries: number }>;
      const byName = Object.fromEntries(results.map((r) => [r.name, r]));
      // Each scenario: its own agent, connection 1 carries the first request and the failed one.
      expect(byName.get).toMatchObject({ body: expect.stringMatching(/^c\d+r1$/), retries: 1 });
      expect(byName.post).toEqual({ name: 'post', error: 'ECONNRESET', retries: 0 });
      expect(byName['post-key']).toMatchObject({ body: expect.stringMatching(/^c\d+r1$/), retries: 1 });
      const posts = server.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.params.get('tag'))).toEqual(['post', 'post-key', 'post-key']);
      // No failed request was ever sent twice on one connection.
      for (const c of server.connections) expect(c.requests.length).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });
});

describe('recipe: http-proxy, closing the client connection so that the client retries (as HAProxy does)', () => {
  test('the upstream closes the reused connection: the proxy closes its client connection without a response, the client retries and succeeds', async () => {
    const upstream = await FaultServer.start();
    const upstreamAgent = new HttpAgent();
    const proxy = httpProxy.createProxyServer({ target: upstream.url, agent: upstreamAgent });
    // The recipe: remember each upstream request, and on a retryable upstream error answer nothing.
    const upstreamRequests = new WeakMap<http.IncomingMessage, http.ClientRequest>();
    proxy.on('proxyReq', (proxyReq, req) => upstreamRequests.set(req, proxyReq));
    let closedWithoutResponse = 0;
    let answered502 = 0;
    proxy.on('error', (err, req, res) => {
      if (isRetryableReuseError(err, upstreamRequests.get(req))) {
        closedWithoutResponse++;
        req.socket.destroy(); // no response: the client sees its reused connection close
        return;
      }
      answered502++;
      if (res instanceof http.ServerResponse && !res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    const front = http.createServer((req, res) => proxy.web(req, res));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const frontUrl = `http://127.0.0.1:${(front.address() as { port: number }).port}`;
    const clientAgent = new HttpAgent();
    /** The client: one retry on the same rule. */
    async function get(path: string, method = 'GET'): Promise<{ status?: number; body: string; attempts: number; code?: string }> {
      for (let attempt = 1; attempt <= 2; attempt++) {
        const o = await send(clientAgent, `${frontUrl}${path}`, { method, body: method === 'POST' ? 'x' : undefined, headers: method === 'POST' ? { 'content-length': 1 } : {} });
        if (o.kind === 'response') return { status: o.status, body: o.body, attempts: attempt };
        if (attempt === 2 || !isRetryableReuseError(o.error, o.req)) return { body: '', attempts: attempt, code: o.error?.code ?? o.kind };
      }
      throw new Error('unreachable');
    }
    try {
      expect(await get('/ok?ka=150&how=lazy-rst')).toMatchObject({ status: 200, body: 'c1r1', attempts: 1 });
      await pause(250);
      // Upstream connection 1 is reused and reset; the proxy drops its client connection; the client retries.
      expect(await get('/ok')).toEqual({ status: 200, body: 'c2r1', attempts: 2 });
      expect(closedWithoutResponse).toBe(1);
      expect(upstream.perConnection()).toEqual([2, 1]);

      // The same with a POST: the proxy answers 502, the client does not retry.
      await get('/ok?ka=150&how=lazy-rst');
      await pause(250);
      const post = await get('/ok', 'POST');
      expect(post).toEqual({ status: 502, body: '', attempts: 1 });
      expect(answered502).toBe(1);
      expect(upstream.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    } finally {
      clientAgent.destroy();
      upstreamAgent.destroy();
      proxy.close();
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await upstream.close();
    }
  });
});

test('over HTTPS, a FIN under a reused request reads as socket hang up with the EOF seen', async () => {
  const server = await FaultServer.start({ tls: await tlsMaterial() });
  const agent = await makeAgent('https');
  try {
    await send(agent, `${server.url}/ok?ka=100&how=lazy-fin`);
    await pause(200);
    const o = await send(agent, `${server.url}/ok`);
    expect(o.error?.message).toBe('socket hang up');
    expect((o.req.socket as { readableEnded?: boolean } | null)?.readableEnded).toBe(true);
    expect(isRetryableReuseError(o.error, o.req)).toBe(true);
    await until(() => server.open === 0, 2000, 'the connection to close');
  } finally {
    agent.destroy();
    await server.close();
  }
});
