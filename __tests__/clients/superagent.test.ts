/** superagent with HttpAgent / HttpsAgent through `.agent()`. */
import superagent from 'superagent';
import { ConnectTimeoutError, ErrorCodes, QueueFullError, QueueTimeoutError, stripHopByHopHeaders } from '../../lib';
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

/**
 * One GET through superagent, started now (a superagent request starts only when awaited or
 * ended); resolves with the body.
 */
function get(agent: AnyAgent, url: string, headers: Record<string, string> = {}): Promise<string> {
  return superagent
    .get(url)
    .agent(agent)
    .set(headers)
    .then((res) => res.text);
}

describe.each(PROTOCOLS)('superagent over %s', (protocol) => {
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
    expect(bodies.filter((b) => /^c\d+r\d+$/.test(b))).toHaveLength(REQUESTS);
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

  // KNOWN BUG (reported, same as in http.test.ts): superagent creates its request first and
  // sets every header with req.setHeader() afterwards, after the agent's addRequest ran, so
  // stripConnectionClose never sees `.set('Connection', 'close')`: every request goes out with
  // it and no connection is reused. Remove `.failing` when fixed.
  test("the caller's .set('Connection', 'close') is stripped: the server never sees it, and connections are reused", async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol));
    await runConcurrently(20, 2, () => get(a, server!.url, { Connection: 'close' }));
    expectNoConnectionClose(server);
    expect(server.connections.length).toBeLessThanOrEqual(2);
  });

  test("headers forwarded through stripHopByHopHeaders(): the caller's Connection: close never reaches the server, connections are reused", async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol));
    // What a proxy built on superagent receives from its client and forwards.
    const incoming = { connection: 'close, x-hop', 'keep-alive': 'timeout=1', 'x-hop': '1', 'x-end-to-end': 'kept' };
    await runConcurrently(REQUESTS, CONCURRENCY, () => get(a, server!.url, stripHopByHopHeaders(incoming)));
    expectPooled(server, a);
    expectNoConnectionClose(server);
    for (const r of server.requests) {
      expect(r.headers).toMatchObject({ 'x-end-to-end': 'kept' });
      expect(r.headers['x-hop']).toBeUndefined();
      expect(r.headers['keep-alive']).toBeUndefined();
    }
  });

  test('a full queue rejects with the QueueFullError itself (code intact); nothing is sent', async () => {
    const busy = await busyAgent(protocol, { maxQueuedRequests: 0 }, 300, (ag, url) => get(ag, url));
    try {
      const err = await rejectionOf(get(busy.agent, `${busy.server.url}/refused`));
      expect(err).toBeInstanceOf(QueueFullError);
      expect(err).toMatchObject({ code: ErrorCodes.QUEUE_FULL });
      await busy.occupying;
      expect(busy.server.requests.map((r) => r.url)).toEqual(['/slow']);
      expect(busy.agent.getStats()).toMatchObject({ requests: 1, created: 1, queued: 0 });
    } finally {
      await busy.close();
    }
  });

  test('a queue timeout rejects with the QueueTimeoutError itself', async () => {
    const busy = await busyAgent(protocol, { queueTimeout: 100 }, 1000, (ag, url) => get(ag, url));
    try {
      const err = await rejectionOf(get(busy.agent, `${busy.server.url}/late`));
      expect(err).toBeInstanceOf(QueueTimeoutError);
      expect(err).toMatchObject({ code: ErrorCodes.QUEUE_TIMEOUT });
      await busy.occupying;
      expect(busy.server.requests.map((r) => r.url)).toEqual(['/slow']);
    } finally {
      await busy.close();
    }
  });
});

describe('superagent over https: connect timeout', () => {
  test('a TLS handshake that never ends rejects with the ConnectTimeoutError itself', async () => {
    const silent = await silentServer();
    const agent = await makeAgent('https', { connectTimeout: 200 });
    try {
      const err = await rejectionOf(get(agent, `${silent.url}/`));
      expect(err).toBeInstanceOf(ConnectTimeoutError);
      expect(err).toMatchObject({ code: ErrorCodes.CONNECT_TIMEOUT });
      expect(silent.accepted).toBe(1);
      await waitFor(() => agent.getStats().closed.error === 1, 2000, 'the close');
    } finally {
      agent.destroy();
      await silent.close();
    }
  });
});
