/**
 * A request that waits (in Node's queue under `maxSockets`, or for a server of an upstream
 * group under `maxConns`) and that its caller aborts ends as Node's agent ends it: after
 * `abort()` with no `'error'` at all, after `destroy(err)` with the caller's own error. Our own
 * failures of waiting requests (`close()`, `queueTimeout`) are about requests somebody still
 * waits for: an unhandled `'error'` on an aborted request would crash the caller's process.
 */
import http from 'node:http';
import { HttpAgent } from '../lib';
import { sleep, TestServer, waitFor } from './helpers/server';

interface Traced {
  readonly req: http.ClientRequest;
  readonly events: string[];
  readonly closed: Promise<void>;
}

/** A GET whose events are recorded (an `'error'` listener is attached only when `onError` is true). */
function traced(agent: http.Agent, url: string, options: http.RequestOptions = {}, onError = true): Traced {
  const events: string[] = [];
  const req = http.get(url, { agent, ...options }, (res) => {
    events.push(`response ${res.statusCode}`);
    res.resume();
  });
  if (onError) req.on('error', (e: NodeJS.ErrnoException) => events.push(`error ${e.code ?? e.message}`));
  req.on('abort', () => events.push('abort'));
  const closed = new Promise<void>((resolve) => req.on('close', () => resolve()));
  return { req, events, closed };
}

/** A server whose `/slow` answers after 300 ms. */
function slowServer(): Promise<TestServer> {
  return TestServer.start({
    handler: (req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('slow'), 300);
      else res.end('fast');
    },
  });
}

describe('a waiting request its caller aborted', () => {
  let server: TestServer;
  let agent: HttpAgent;
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test.each([
    ['close()', { maxSockets: 1 }, (a: HttpAgent) => void a.close()],
    ['queueTimeout', { maxSockets: 1, queueTimeout: 100 }, () => undefined],
  ] as const)('in Node\'s queue, then %s: no error after abort(), the caller\'s own after destroy(err)', async (_what, options, then) => {
    server = await slowServer();
    agent = new HttpAgent(options);
    const busy = traced(agent, new URL('/slow', server.url).href);
    // No 'error' listener: an 'error' emitted on it would fail the test as an uncaught exception.
    const aborted = traced(agent, new URL('/fast', server.url).href, {}, false);
    const destroyed = traced(agent, new URL('/fast', server.url).href);
    await sleep(30);
    expect(agent.getStats().queued).toBe(2);
    aborted.req.abort();
    destroyed.req.destroy(Object.assign(new Error('mine'), { code: 'MINE' }));
    then(agent);
    await Promise.all([aborted.closed, destroyed.closed, busy.closed]);
    expect(aborted.events).toEqual(['abort']);
    expect(destroyed.events).toEqual(['error MINE']);
    expect(busy.events).toEqual(['response 200']);
    expect(server.requests.map((r) => r.url)).toEqual(['/slow']);
  });

  test('waiting for a server under maxConns: it does not count against maxQueuedRequests, and close() ends it as Node would', async () => {
    server = await slowServer();
    const upstreams = { grp: { servers: [{ address: `127.0.0.1:${server.port}`, maxConns: 1 }] } };
    agent = new HttpAgent({ upstreams, maxQueuedRequests: 1 });
    const busy = traced(agent, 'http://grp/slow');
    const aborted = traced(agent, 'http://grp/fast', {}, false);
    await sleep(30);
    aborted.req.abort();
    await sleep(10);
    // The aborted request held the group's only queue place: the next one waits instead of
    // failing; the one after it finds the place taken.
    const next = traced(agent, 'http://grp/fast', {}, false);
    const full = traced(agent, 'http://grp/fast');
    await full.closed;
    expect(full.events).toEqual(['error ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL']);
    await aborted.closed;
    expect(aborted.events).toEqual(['abort']);
    // close() with an aborted request waiting for a server: no error for it either.
    next.req.abort();
    void agent.close();
    await Promise.all([busy.closed, next.closed]);
    expect(busy.events).toEqual(['response 200']);
    expect(next.events).toEqual(['abort']);
    await waitFor(() => server.open === 0, 2000, 'the connection to close');
    expect(server.requests.map((r) => r.url)).toEqual(['/slow']);
  });
});

describe("an upstream group's queue in getStats()", () => {
  test('requests waiting for a server under maxConns are counted in the group and in the agent, aborted ones are not', async () => {
    const server = await slowServer();
    const upstreams = { grp: { servers: [{ address: `127.0.0.1:${server.port}`, maxConns: 1 }] } };
    const agent = new HttpAgent({ upstreams });
    try {
      const busy = traced(agent, 'http://grp/slow');
      const waiting = traced(agent, 'http://grp/fast');
      const aborted = traced(agent, 'http://grp/fast', {}, false);
      await sleep(50);
      aborted.req.abort();
      const stats = agent.getStats();
      expect(stats.upstreams![0]).toMatchObject({ name: 'grp', queued: 1 });
      expect(stats.upstreams![0]!.oldestQueuedMs).toBeGreaterThanOrEqual(40);
      expect(stats.queued).toBe(1);
      expect(stats.oldestQueuedMs).toBeGreaterThanOrEqual(40);
      await Promise.all([busy.closed, waiting.closed]);
      expect(waiting.events).toEqual(['response 200']);
      expect(agent.getStats()).toMatchObject({ queued: 0, oldestQueuedMs: 0, upstreams: [expect.objectContaining({ queued: 0, oldestQueuedMs: 0 })] });
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
