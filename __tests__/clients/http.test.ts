/** Node's own clients: http.request and https.request with HttpAgent / HttpsAgent. */
import http from 'node:http';
import https from 'node:https';
import type { OutgoingHttpHeaders } from 'node:http';
import { ConnectTimeoutError, ErrorCodes, QueueFullError, QueueTimeoutError } from '../../lib';
import { type AnyAgent, makeAgent } from '../helpers/agents';
import { PROTOCOLS, TestServer, waitFor } from '../helpers/server';
import {
  busyAgent,
  CONCURRENCY,
  expectNoConnectionClose,
  expectPooled,
  expectRequestLimit,
  LIMIT,
  rejectionOf,
  REQUESTS,
  runConcurrently,
  silentServer,
} from './support';

/** One GET with http.request / https.request; resolves with the body once it was read in full. */
function get(agent: http.Agent, url: string, headers: OutgoingHttpHeaders = {}): Promise<string> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(PROTOCOLS)('%s.request', (protocol) => {
  let server: TestServer | undefined;
  let agent: AnyAgent | undefined;
  afterEach(async () => {
    agent?.destroy();
    await server?.close();
    agent = undefined;
    server = undefined;
  });

  test(`${REQUESTS} requests at concurrency ${CONCURRENCY} use at most ${CONCURRENCY} connections`, async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol));
    const bodies: string[] = [];
    await runConcurrently(REQUESTS, CONCURRENCY, async () => bodies.push(await get(a, server!.url)));
    expect(bodies).toHaveLength(REQUESTS);
    expectPooled(server, a);
    expectNoConnectionClose(server);
  });

  test(`maxRequestsPerSocket: ${LIMIT} holds, and the last request on a connection carries Connection: close`, async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol, { maxRequestsPerSocket: LIMIT, limitJitter: 0 }));
    await runConcurrently(REQUESTS, CONCURRENCY, () => get(a, server!.url));
    expect(server.requests).toHaveLength(REQUESTS);
    await expectRequestLimit(server, a);
  });

  test("the caller's Connection: close is stripped: the server never sees it, and connections are reused", async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol));
    await runConcurrently(REQUESTS, CONCURRENCY, () => get(a, server!.url, { Connection: 'close', 'Keep-Alive': 'timeout=1' }));
    expectPooled(server, a);
    expectNoConnectionClose(server);
    for (const r of server.requests) expect(r.headers['keep-alive']).toBeUndefined();
  });

  // KNOWN BUG (reported, lib/pool.ts + lib/connection-header.ts): stripConnectionClose runs in
  // addRequest, inside the ClientRequest constructor; a header set with req.setHeader() after
  // http.request() returned, and before the headers are written, is not seen and goes out.
  // superagent sets every header this way (see superagent.test.ts). Remove `.failing` when fixed.
  test('a Connection: close set with req.setHeader() after http.request() returns is stripped too', async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol));
    const client = protocol === 'https' ? https : http;
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = client.request(server!.url, { agent: a }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.setHeader('Connection', 'close'); // headers not yet written: the DESIGN says this is stripped
        req.on('error', reject);
        req.end();
      });
    }
    expectNoConnectionClose(server);
    expect(server.perConnection()).toEqual([3]);
  });

  test("a full queue: the request's 'error' event gets a QueueFullError, and nothing is sent", async () => {
    const busy = await busyAgent(protocol, { maxQueuedRequests: 0 }, 300, (ag, url) => get(ag, url));
    try {
      const err = await rejectionOf(get(busy.agent, `${busy.server.url}/refused`));
      expect(err).toBeInstanceOf(QueueFullError);
      expect(err).toMatchObject({ code: ErrorCodes.QUEUE_FULL, maxQueuedRequests: 0 });
      expect(await busy.occupying).toBe('c1r1');
      expect(busy.server.requests.map((r) => r.url)).toEqual(['/slow']);
      expect(busy.agent.getStats()).toMatchObject({ requests: 1, created: 1, queued: 0 });
    } finally {
      await busy.close();
    }
  });

  test("a queue timeout: the request's 'error' event gets a QueueTimeoutError, and nothing is sent", async () => {
    const busy = await busyAgent(protocol, { queueTimeout: 100 }, 1000, (ag, url) => get(ag, url));
    try {
      const err = await rejectionOf(get(busy.agent, `${busy.server.url}/late`));
      expect(err).toBeInstanceOf(QueueTimeoutError);
      expect(err).toMatchObject({ code: ErrorCodes.QUEUE_TIMEOUT, timeout: 100 });
      expect(busy.server.requests.map((r) => r.url)).toEqual(['/slow']);
      await busy.occupying;
      expect(busy.server.requests.map((r) => r.url)).toEqual(['/slow']);
      expect(busy.agent.getStats()).toMatchObject({ requests: 1, created: 1, queued: 0 });
    } finally {
      await busy.close();
    }
  });
});

describe('https.request: connect timeout', () => {
  test("a TLS handshake that never ends: the request's 'error' event gets a ConnectTimeoutError", async () => {
    const silent = await silentServer();
    const agent = await makeAgent('https', { connectTimeout: 200 });
    try {
      const err = await rejectionOf(get(agent, `${silent.url}/`));
      expect(err).toBeInstanceOf(ConnectTimeoutError);
      expect(err).toMatchObject({ code: ErrorCodes.CONNECT_TIMEOUT, timeout: 200 });
      expect(silent.accepted).toBe(1);
      await waitFor(() => agent.getStats().closed.error === 1, 2000, 'the close');
      expect(agent.getStats()).toMatchObject({ created: 1, active: 0, requests: 1 });
    } finally {
      agent.destroy();
      await silent.close();
    }
  });
});
