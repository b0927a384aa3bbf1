/**
 * KeepAliveDispatcher with Node's built-in fetch() and with undici's own API (the peer
 * dependency: undici 7, or the package named by UNDICI_PEER), over http and https: what the
 * server saw, and what the dispatcher counts.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import { Writable } from 'node:stream';
import * as undici from 'undici';
import { PROTOCOLS, TestServer } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';
import type { KeepAliveDispatcher } from '../../lib/undici';

describe.each(PROTOCOLS)('%s', (protocol) => {
  let server: TestServer;
  let dispatcher: KeepAliveDispatcher;
  beforeEach(async () => {
    server = await TestServer.start({ protocol });
    dispatcher = await makeDispatcher(protocol);
  });
  afterEach(async () => {
    await dispatcher.destroy();
    await server.close();
  });

  test('sequential fetch() calls reuse one connection', async () => {
    for (let i = 0; i < 10; i++) expect(await fetchText(dispatcher, `${server.url}/${i}`)).toMatchObject({ status: 200, body: `c1r${i + 1}` });
    expect(server.perConnection()).toEqual([10]);
    expect(server.requests.map((r) => r.headers.connection)).toEqual(Array(10).fill('keep-alive'));
    expect(dispatcher.getStats()).toMatchObject({ created: 1, requests: 10, reused: 9, idle: 1, active: 0, queued: 0, connecting: 0 });
    if (protocol === 'https') expect(dispatcher.getStats()).toMatchObject({ tlsFull: 1, tlsResumed: 0 });
  });

  test("undici's request, stream, fetch and the dispatcher's own request() share the pool", async () => {
    const a = await undici.request(`${server.url}/a`, { dispatcher });
    expect([a.statusCode, await a.body.text()]).toEqual([200, 'c1r1']);
    const chunks: Buffer[] = [];
    await undici.stream(`${server.url}/b`, { dispatcher, method: 'GET' }, () => {
      return new Writable({
        write(chunk: Buffer, _enc, cb) {
          chunks.push(chunk);
          cb();
        },
      });
    });
    expect(Buffer.concat(chunks).toString()).toBe('c1r2');
    const c = await undici.fetch(`${server.url}/c`, { dispatcher });
    expect(await c.text()).toBe('c1r3');
    const d = await dispatcher.request({ origin: server.url, path: '/d', method: 'GET' });
    expect(await d.body.text()).toBe('c1r4');
    expect(server.perConnection()).toEqual([4]);
    expect(dispatcher.getStats()).toMatchObject({ created: 1, requests: 4, reused: 3 });
  });

  test('concurrent fetches open one connection each, then reuse them (most recently used first)', async () => {
    server.handler = (_req, res, seen) => setTimeout(() => res.end(`c${seen.connection}`), 30);
    const bodies = await Promise.all(Array.from({ length: 5 }, () => fetchText(dispatcher, server.url)));
    expect(new Set(bodies.map((b) => b.body)).size).toBe(5);
    for (let i = 0; i < 5; i++) await fetchText(dispatcher, server.url);
    expect(server.connections).toHaveLength(5);
    expect(dispatcher.getStats()).toMatchObject({ created: 5, requests: 10, idle: 5 });
  });

  test("redirects, followed by fetch() and by undici's redirect interceptor (which sends the next request from the last one's completion), stay on one connection", async () => {
    server.handler = (req, res, seen) => {
      const left = Number(/^\/r\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      if (left > 0) {
        res.writeHead(302, { location: `/r/${left - 1}` });
        res.end();
      } else res.end(`c${seen.connection}r${seen.index}`);
    };
    expect((await fetchText(dispatcher, `${server.url}/r/3`)).body).toBe('c1r4');
    const redirecting = dispatcher.compose(undici.interceptors.redirect({ maxRedirections: 5 }));
    const res = await undici.request(`${server.url}/r/3`, { dispatcher: redirecting });
    expect(await res.body.text()).toBe('c1r8');
    expect(server.perConnection()).toEqual([8]);
  });

  test("as the global dispatcher (undici's setGlobalDispatcher): plain fetch(url) of undici goes through it", async () => {
    const previous = undici.getGlobalDispatcher();
    undici.setGlobalDispatcher(dispatcher);
    try {
      for (let i = 0; i < 3; i++) expect(await (await undici.fetch(`${server.url}/${i}`)).text()).toBe(`c1r${i + 1}`);
      expect(await (await undici.request(`${server.url}/x`)).body.text()).toBe('c1r4');
    } finally {
      undici.setGlobalDispatcher(previous);
    }
    expect(server.perConnection()).toEqual([4]);
    expect(dispatcher.getStats()).toMatchObject({ created: 1, requests: 4 });
  });

  test('the origin of every stats entry is scheme://host:port, and the totals add up', async () => {
    await fetchText(dispatcher, server.url);
    const stats = dispatcher.getStats();
    const origin = new URL(server.url).origin;
    expect(Object.keys(stats.origins)).toEqual([origin]);
    expect(stats.origins[origin]).toMatchObject({ created: 1, requests: 1, idle: 1 });
    // Only an https origin shows handshakes; the totals always do.
    expect('tlsFull' in stats.origins[origin]!).toBe(protocol === 'https');
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });
});
