/** axios with HttpAgent (`httpAgent`) and HttpsAgent (`httpsAgent`). */
import axios, { AxiosError, type AxiosInstance } from 'axios';
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

/**
 * An axios instance on `agent`: axios takes `httpAgent` for http: URLs and `httpsAgent` for
 * https: URLs. `proxy: false` so that an HTTP_PROXY in the environment does not reroute the test.
 */
function client(agent: AnyAgent, baseURL: string): AxiosInstance {
  return axios.create({ baseURL, httpAgent: agent, httpsAgent: agent, proxy: false, responseType: 'text' });
}

describe.each(PROTOCOLS)('axios over %s', (protocol) => {
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
    const api = client(a, server.url);
    let ok = 0;
    await runConcurrently(REQUESTS, CONCURRENCY, async () => {
      const res = await api.get<string>('/');
      if (res.status === 200 && /^c\d+r\d+$/.test(res.data)) ok++;
    });
    expect(ok).toBe(REQUESTS);
    expectPooled(server, a);
    expectNoConnectionClose(server);
  });

  test(`maxRequestsPerSocket: ${LIMIT} holds, and the last request on a connection carries Connection: close`, async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol, { maxRequestsPerSocket: LIMIT, limitJitter: 0 }));
    const api = client(a, server.url);
    await runConcurrently(REQUESTS, CONCURRENCY, () => api.get('/'));
    expect(server.requests).toHaveLength(REQUESTS);
    await expectRequestLimit(server, a);
  });

  test("the caller's Connection: close is stripped: the server never sees it, and connections are reused", async () => {
    server = await TestServer.start({ protocol });
    const a = (agent = await makeAgent(protocol));
    const api = client(a, server.url);
    await runConcurrently(REQUESTS, CONCURRENCY, () => api.get('/', { headers: { Connection: 'close' } }));
    expectPooled(server, a);
    expectNoConnectionClose(server);
  });

  test('a full queue rejects with an AxiosError whose code and cause are the QueueFullError; nothing is sent', async () => {
    const busy = await busyAgent(protocol, { maxQueuedRequests: 0 }, 300, (ag, url) => client(ag, url).get(''));
    try {
      const err = await rejectionOf(client(busy.agent, busy.server.url).get('/refused'));
      expect(axios.isAxiosError(err)).toBe(true);
      expect(err).toBeInstanceOf(AxiosError);
      expect((err as AxiosError).code).toBe(ErrorCodes.QUEUE_FULL);
      expect((err as AxiosError).cause).toBeInstanceOf(QueueFullError);
      expect((err as AxiosError).response).toBeUndefined();
      await busy.occupying;
      expect(busy.server.requests.map((r) => r.url)).toEqual(['/slow']);
      expect(busy.agent.getStats()).toMatchObject({ requests: 1, created: 1, queued: 0 });
    } finally {
      await busy.close();
    }
  });

  test('a queue timeout rejects with an AxiosError whose code and cause are the QueueTimeoutError', async () => {
    const busy = await busyAgent(protocol, { queueTimeout: 100 }, 1000, (ag, url) => client(ag, url).get(''));
    try {
      const err = await rejectionOf(client(busy.agent, busy.server.url).get('/late'));
      expect(err).toBeInstanceOf(AxiosError);
      expect((err as AxiosError).code).toBe(ErrorCodes.QUEUE_TIMEOUT);
      expect((err as AxiosError).cause).toBeInstanceOf(QueueTimeoutError);
      await busy.occupying;
      expect(busy.server.requests.map((r) => r.url)).toEqual(['/slow']);
    } finally {
      await busy.close();
    }
  });
});

describe('axios over https: connect timeout', () => {
  test('a TLS handshake that never ends rejects with an AxiosError whose code and cause are the ConnectTimeoutError', async () => {
    const silent = await silentServer();
    const agent = await makeAgent('https', { connectTimeout: 200 });
    try {
      const err = await rejectionOf(client(agent, silent.url).get('/'));
      expect(err).toBeInstanceOf(AxiosError);
      expect((err as AxiosError).code).toBe(ErrorCodes.CONNECT_TIMEOUT);
      expect((err as AxiosError).cause).toBeInstanceOf(ConnectTimeoutError);
      expect(silent.accepted).toBe(1);
      await waitFor(() => agent.getStats().closed.error === 1, 2000, 'the close');
    } finally {
      agent.destroy();
      await silent.close();
    }
  });
});
