/**
 * User code runs inside the pool's hooks (a `socketClosed` listener fired by the take-time
 * check, say): a request it makes on the same agent must not disturb the call it runs in, and
 * the pool's caps hold on every path a socket takes back into the pool.
 */
import * as http from 'node:http';
import { HttpAgent, type SocketClosedMessage } from '../lib';
import { request, TestServer, waitFor } from './helpers/server';

/** Blocks the event loop for `ms`: timers due meanwhile have not run when the next request is made. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('a request made from inside another addRequest', () => {
  test('from a socketClosed listener fired by the take-time check: queue bounds, limits and stats hold for both', async () => {
    const server = await TestServer.start({ handler: (_req, res) => setTimeout(() => res.end('ok'), 30) });
    // One socket per origin, no queue: of two requests wanting it at once, one must fail.
    // The lifetime is long enough for the first request on a loaded machine (at 100 ms it ran out
    // before that request's release once on CI), and the blocked loop outlasts it.
    const agent = new HttpAgent({ maxSockets: 1, maxQueuedRequests: 0, maxSocketLifetime: 500, limitJitter: 0 });
    try {
      await request(agent, server.url);
      expect(agent.getStats().idle).toBe(1);
      const inner: Array<Promise<http.IncomingMessage | Error>> = [];
      const closed: string[] = [];
      agent.on('socketClosed', (m: SocketClosedMessage) => {
        closed.push(m.reason);
        if (closed.length === 1) {
          // Made while the outer addRequest is still deciding.
          inner.push(
            new Promise((resolve) => {
              const r = http.get(server.url, { agent }, (res) => {
                res.resume();
                res.on('end', () => resolve(res));
              });
              r.on('error', resolve);
            }),
          );
        }
      });
      const rejected: string[] = [];
      agent.on('requestRejected', (m) => rejected.push(m.reason));
      // The idle socket's lifetime runs out while the loop is busy: the take-time check closes it.
      blockEventLoop(550);
      const outer = new Promise<http.IncomingMessage | Error>((resolve) => {
        const r = http.get(server.url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res));
        });
        r.on('error', resolve);
      });
      expect(closed).toEqual(['max_lifetime']);
      expect(inner).toHaveLength(1);
      // The inner request took the one socket the limit allows; the outer one found it taken,
      // and with no queue allowed it fails at once, as the bound says.
      expect(agent.maxSockets).toBe(1);
      expect(agent.maxTotalSockets).toBe(Infinity);
      const [innerResult, outerResult] = await Promise.all([inner[0]!, outer]);
      expect((innerResult as http.IncomingMessage).statusCode).toBe(200);
      expect(outerResult).toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL' });
      expect(rejected).toEqual(['queue_full']);
      expect(server.connections).toHaveLength(2);
      const stats = agent.getStats();
      expect(stats.created).toBe(2);
      expect(stats.requests).toBe(2);
      expect(stats.queued).toBe(0);
      expect(stats.closed.max_lifetime).toBe(1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('with a queue allowed, both are served in turn over the one socket the limit allows', async () => {
    const server = await TestServer.start({ handler: (_req, res) => setTimeout(() => res.end('ok'), 20) });
    const agent = new HttpAgent({ maxSockets: 1, maxQueuedRequests: 1, maxSocketLifetime: 500, limitJitter: 0 });
    try {
      await request(agent, server.url);
      let inner: Promise<unknown> | undefined;
      const queued: string[] = [];
      agent.on('requestQueued', (m) => queued.push(m.origin));
      agent.once('socketClosed', () => {
        inner = request(agent, server.url);
      });
      blockEventLoop(550);
      const outer = request(agent, server.url);
      expect(queued).toHaveLength(1); // the outer request waits, counted against the bound
      expect(agent.getStats().queued).toBe(1);
      await Promise.all([inner, outer]);
      expect(server.perConnection()).toEqual([1, 2]);
      expect(agent.getStats()).toMatchObject({ created: 2, requests: 3, queued: 0 });
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});

/**
 * A request whose response is read but not consumed: its socket stays busy until `held.resume()`
 * lets the response end and the socket be released.
 */
async function holdResponse(agent: http.Agent, url: string): Promise<{ held: http.IncomingMessage; done: Promise<unknown> }> {
  let held: http.IncomingMessage | undefined;
  const done = new Promise<unknown>((resolve) => {
    const r = http.get(`${url}/held`, { agent }, (res) => {
      held = res;
      res.pause();
      res.on('end', resolve);
    });
    r.on('error', resolve);
  });
  await waitFor(() => held !== undefined, 3000, 'the held response');
  return { held: held!, done };
}

describe('a socket whose validation turn found its request gone goes back under the caps', () => {
  test('maxFreeSockets', async () => {
    const server = await TestServer.start();
    const agent = new HttpAgent({ maxFreeSockets: 2, validateAfterIdle: 20 });
    try {
      // One socket busy (its response read but not consumed), then two idle ones, idle long
      // enough to need a validation turn.
      const { held, done: heldDone } = await holdResponse(agent, server.url);
      await Promise.all([request(agent, server.url), request(agent, server.url)]);
      await new Promise((r) => setTimeout(r, 40));
      const name = `127.0.0.1:${server.port}:`;
      expect(agent.freeSockets[name]).toHaveLength(2);
      // The request reserves the most recent idle socket for its turn and waits...
      const turned = request(agent, server.url, { path: '/turned' });
      expect(agent.freeSockets[name]).toHaveLength(1);
      // ...and goes elsewhere: the busy socket is released during the turn and goes to it.
      held.resume();
      // Meanwhile the origin's cap is lowered: when the reserved socket comes back, it must hold.
      agent.maxFreeSockets = 1;
      await immediate();
      await immediate();
      await immediate();
      expect(agent.freeSockets[name]!.length).toBeLessThanOrEqual(1);
      // The reserved socket's return evicts one; the released socket's, once its new request is done, may evict another.
      expect(agent.getStats().closed.evicted).toBeGreaterThanOrEqual(1);
      expect((await turned).reusedSocket).toBe(true);
      await heldDone;
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('maxIdleSockets', async () => {
    const a = await TestServer.start();
    const b = await TestServer.start();
    const c = await TestServer.start();
    const agent = new HttpAgent({ maxIdleSockets: 2, validateAfterIdle: 20 });
    try {
      // Busy: one socket to A (its response read but not consumed); idle: one to A, one to C (the cap is full).
      const { held, done: heldDone } = await holdResponse(agent, a.url);
      await request(agent, a.url);
      await request(agent, c.url);
      await new Promise((r) => setTimeout(r, 40));
      expect(agent.getStats().idle).toBe(2);
      let turned: Promise<{ reusedSocket: boolean | undefined }> | undefined;
      // A request to B on a new connection, released in the tick after its response ends.
      await new Promise<void>((resolve, reject) => {
        const r = http.get(b.url, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            // A's idle socket is reserved for a request now...
            turned = request(agent, a.url, { path: '/turned' });
            // ...which goes elsewhere (A's busy socket is released during the turn and goes to it).
            held.resume();
            resolve();
          });
        });
        r.on('error', reject);
      });
      await immediate();
      await immediate();
      await immediate();
      expect(agent.getStats().idle).toBeLessThanOrEqual(2);
      expect(agent.getStats().closed.evicted).toBeGreaterThanOrEqual(1);
      expect((await turned!).reusedSocket).toBe(true);
      await heldDone;
    } finally {
      agent.destroy();
      await a.close();
      await b.close();
      await c.close();
    }
  });
});
