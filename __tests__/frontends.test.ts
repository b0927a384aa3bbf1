/**
 * The shared pool rules, from one table of cases, on every front-end: `HttpAgent` (http),
 * `HttpsAgent` (https), and `KeepAliveDispatcher` over http and https with Node's built-in
 * `fetch()`. Each case asserts what the server saw (connections, requests per connection,
 * which side closed) and what the front-end counts.
 */
import type { AgentStats, CloseReason } from '../lib';
import { makeAgent, originKey } from './helpers/agents';
import { request, sleep, type Protocol, TestServer, waitFor } from './helpers/server';
import { fetchText, makeDispatcher } from './undici/support';
import type { KeepAliveDispatcherOptions } from '../lib/undici';

/** A front-end under test, as the cases use it. */
interface Client {
  get(url: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>;
  stats(): AgentStats;
  onClosed(listener: (origin: string, reason: CloseReason) => void): void;
  end(): Promise<void>;
}

interface FrontEnd {
  name: string;
  protocol: Protocol;
  make(options: KeepAliveDispatcherOptions): Promise<Client>;
}

const FRONT_ENDS: FrontEnd[] = [
  ...(['http', 'https'] as const).map((protocol) => ({
    name: protocol === 'http' ? 'HttpAgent' : 'HttpsAgent',
    protocol,
    async make(options: KeepAliveDispatcherOptions): Promise<Client> {
      const agent = await makeAgent(protocol, options);
      return {
        get: (url) => request(agent, url),
        stats: () => agent.getStats(),
        onClosed: (listener) => agent.on('socketClosed', (m) => listener(m.origin, m.reason)),
        end: async () => agent.destroy(),
      };
    },
  })),
  ...(['http', 'https'] as const).map((protocol) => ({
    name: `KeepAliveDispatcher (${protocol}, built-in fetch)`,
    protocol,
    async make(options: KeepAliveDispatcherOptions): Promise<Client> {
      const dispatcher = await makeDispatcher(protocol, options);
      return {
        get: (url) => fetchText(dispatcher, url),
        stats: () => dispatcher.getStats(),
        onClosed: (listener) => dispatcher.on('socketClosed', (m) => listener(m.origin, m.reason)),
        end: () => dispatcher.destroy(),
      };
    },
  })),
];

/** A handler that answers after `?delay=` ms, and that can send bytes or EOF on the idle connection after `?then=data|eof`. */
function handler(server: TestServer): void {
  server.handler = (req, res, seen) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const then = q.get('then');
    if (then !== null) res.on('finish', () => setTimeout(() => (then === 'eof' ? req.socket.end() : req.socket.write('HTTP/1.1 200 OK\r\n\r\n')), 30));
    setTimeout(() => res.end(`c${seen.connection}`), Number(q.get('delay') ?? 0));
  };
}

/** Blocks the event loop for `ms`, so that no timer can run (as under heavy load). */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface Case {
  name: string;
  options: KeepAliveDispatcherOptions;
  /** Server options (keepAliveTimeout), and whether the case uses a second origin. */
  keepAliveTimeout?: number;
  run(t: { client: Client; a: TestServer; b: TestServer }): Promise<void>;
}

const CASES: Case[] = [
  {
    name: 'maxRequestsPerSocket 5, limitJitter 0: 20 sequential requests use exactly 4 connections of 5, each closed by the client after its 5th response, nothing said on the wire',
    options: { maxRequestsPerSocket: 5, limitJitter: 0, warmReplacement: false },
    async run({ client, a }) {
      for (let i = 0; i < 20; i++) expect((await client.get(`${a.url}/${i}`)).status).toBe(200);
      expect(a.perConnection()).toEqual([5, 5, 5, 5]);
      expect(a.requests.map((r) => r.headers.connection)).toEqual(Array(20).fill('keep-alive'));
      // The server never closes (keepAliveTimeout 0): the client retired all four.
      await waitFor(() => a.open === 0, 2000, 'the server to see 4 connections closed');
      await waitFor(() => client.stats().closed.max_requests === 4, 2000, 'four max_requests closes');
      expect(client.stats()).toMatchObject({ created: 4, requests: 20, reused: 16, active: 0, idle: 0 });
    },
  },
  {
    name: 'maxIdleSockets 3 over two origins: releasing 2 connections of B into a full pool closes the 2 least recently used of A',
    options: { maxIdleSockets: 3 },
    async run({ client, a, b }) {
      const closed: string[] = [];
      client.onClosed((origin, reason) => closed.push(`${origin}:${reason}`));
      await Promise.all([40, 80, 120].map((d) => client.get(`${a.url}/?delay=${d}`)));
      expect(a.connections).toHaveLength(3);
      await waitFor(() => client.stats().idle === 3, 1000, 'three idle');
      await Promise.all([20, 60].map((d) => client.get(`${b.url}/?delay=${d}`)));
      await waitFor(() => client.stats().closed.evicted === 2, 1000, 'two evictions');
      const stats = client.stats();
      expect(stats.idle).toBe(3);
      expect(stats.origins[originKey(a)]).toMatchObject({ idle: 1 });
      expect(stats.origins[originKey(b)]).toMatchObject({ idle: 2 });
      expect(closed).toEqual([`${originKey(a)}:evicted`, `${originKey(a)}:evicted`]);
      await waitFor(() => a.open === 1, 2000, 'A to see its two oldest connections closed');
      expect(a.connections.map((c) => c.closed)).toEqual([true, true, false]);
      expect((await client.get(`${a.url}/`)).body).toBe('c3');
      expect(a.connections).toHaveLength(3);
    },
  },
  {
    name: 'idleTimeout 300: the idle connection is closed by the client after about 300 ms (idle_timeout)',
    options: { idleTimeout: 300 },
    async run({ client, a }) {
      await client.get(a.url);
      const released = Date.now();
      await waitFor(() => a.open === 0, 2000, 'the server to see the close');
      expect(Date.now() - released).toBeGreaterThanOrEqual(250);
      expect(client.stats().closed).toMatchObject({ idle_timeout: 1, stale: 0 });
      expect((await client.get(a.url)).body).toBe('c2');
    },
  },
  {
    name: 'a Keep-Alive: timeout=2 hint: the client closes the idle connection about 1 s before the server would',
    options: {},
    keepAliveTimeout: 2000,
    async run({ client, a }) {
      const reply = await client.get(a.url);
      expect(reply.headers['keep-alive']).toBe('timeout=2');
      const released = Date.now();
      let closedAt = 0;
      let reason = '';
      client.onClosed((_o, r) => {
        closedAt = Date.now();
        reason = r;
      });
      await waitFor(() => closedAt > 0, 4000, 'the client to close the connection');
      expect(reason).toBe('idle_timeout');
      expect(closedAt - released).toBeGreaterThanOrEqual(850);
      expect(closedAt - released).toBeLessThan(1700);
      await waitFor(() => a.open === 0, 1000, 'the server to see it closed');
    },
  },
  {
    name: 'maxSocketLifetime: checked at release (a request that outlived it), at take (timers held up), and on the idle connection',
    options: { maxSocketLifetime: 150, limitJitter: 0 },
    async run({ client, a }) {
      expect((await client.get(`${a.url}/?delay=200`)).body).toBe('c1'); // never cut short
      await waitFor(() => client.stats().closed.max_lifetime === 1, 1000, 'the release check');
      expect((await client.get(a.url)).body).toBe('c2');
      blockEventLoop(180); // no timer runs: the take-time check alone sees the age
      expect((await client.get(a.url)).body).toBe('c3');
      expect(client.stats().closed.max_lifetime).toBe(2);
      await waitFor(() => client.stats().closed.max_lifetime === 3, 1000, 'the idle connection to reach its lifetime');
      await waitFor(() => a.open === 0, 1000, 'the server to see every connection closed');
      expect(a.perConnection()).toEqual([1, 1, 1]);
    },
  },
  {
    name: 'bytes, then EOF, on an idle connection close it as stale; the next request succeeds on a new connection',
    options: {},
    async run({ client, a }) {
      await client.get(`${a.url}/?then=data`);
      await waitFor(() => client.stats().closed.stale === 1, 2000, 'the stale close (data)');
      expect(await client.get(`${a.url}/?then=eof`)).toMatchObject({ status: 200, body: 'c2' });
      await waitFor(() => client.stats().closed.stale === 2, 2000, 'the stale close (EOF)');
      expect(await client.get(a.url)).toMatchObject({ status: 200, body: 'c3' });
      expect(client.stats().closed).toMatchObject({ stale: 2, error: 0 });
      expect(a.perConnection()).toEqual([1, 1, 1]);
    },
  },
];

describe.each(FRONT_ENDS)('$name', (frontEnd) => {
  let a: TestServer;
  let b: TestServer;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.end();
    client = undefined;
    await Promise.all([a.close(), b.close()]);
  });

  test.each(CASES)('$name', async (c) => {
    [a, b] = await Promise.all([
      TestServer.start({ protocol: frontEnd.protocol, keepAliveTimeout: c.keepAliveTimeout ?? 0 }),
      TestServer.start({ protocol: frontEnd.protocol }),
    ]);
    handler(a);
    handler(b);
    client = await frontEnd.make(c.options);
    await c.run({ client, a, b });
    await sleep(0);
  });
});
