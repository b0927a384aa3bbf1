/**
 * isRetryableReuseError on KeepAliveDispatcher's errors: true only for a connection-level error
 * (undici's UND_ERR_SOCKET, ECONNRESET, ...) on a reused connection before any byte of the
 * response, for an idempotent request; and the recipe with undici's retry interceptor, which
 * then sends such a request once more, on another connection.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import * as undici from 'undici';
import { isRetryableReuseError, type KeepAliveDispatcher } from '../../lib/undici';
import { TestServer } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';

/** What undici's request() through `dispatcher` rejects with. */
function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('the request succeeded');
    },
    (e: unknown) => e,
  );
}

let server: TestServer;
let dispatcher: KeepAliveDispatcher;
/** How the server treats the second request on each connection: it drops the connection before (`drop`) or after (`late`) the response head. */
let second: 'drop' | 'late' | 'answer';
beforeEach(async () => {
  second = 'drop';
  server = await TestServer.start({
    handler: (req, res, seen) => {
      if (seen.index === 2 && second === 'drop') req.socket.destroy();
      else if (seen.index === 2 && second === 'late') {
        res.writeHead(200, { 'content-length': '10' });
        res.write('par');
        setTimeout(() => req.socket.destroy(), 20);
      } else res.end(`c${seen.connection}r${seen.index}`);
    },
  });
  dispatcher = await makeDispatcher('http');
});
afterEach(async () => {
  await dispatcher.destroy();
  await server.close();
});

test('a GET that failed because the server closed the reused connection is retryable', async () => {
  await (await undici.request(server.url, { dispatcher })).body.text();
  const err = (await failure(undici.request(server.url, { dispatcher }))) as { code?: string };
  expect(err.code).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
  expect(isRetryableReuseError(err)).toBe(true);
  // Given the dispatch options, their method counts too.
  expect(isRetryableReuseError(err, { method: 'GET', path: '/' })).toBe(true);
  expect(isRetryableReuseError(err, { method: 'POST', path: '/' })).toBe(false);
  // undici's fetch() wraps it as TypeError('fetch failed'): recognised by its cause.
  await (await undici.fetch(server.url, { dispatcher })).text();
  const wrapped = await failure(undici.fetch(server.url, { dispatcher }));
  expect(wrapped).toBeInstanceOf(TypeError);
  expect(isRetryableReuseError(wrapped)).toBe(true);
});

test('not retryable: a POST, a failure on a new connection, a failure after the response began', async () => {
  await (await undici.request(server.url, { dispatcher })).body.text();
  expect(isRetryableReuseError(await failure(undici.request(server.url, { dispatcher, method: 'POST', body: 'x' })))).toBe(false);
  // A POST with an Idempotency-Key may be sent twice.
  await (await undici.request(server.url, { dispatcher })).body.text();
  const keyed = await failure(undici.request(server.url, { dispatcher, method: 'POST', body: 'x', headers: { 'idempotency-key': 'k1' } }));
  expect(isRetryableReuseError(keyed)).toBe(true);
  // The first request on a connection: a real failure, not the reuse race.
  const fresh = await makeDispatcher('http');
  try {
    second = 'answer';
    const other = await TestServer.start({ handler: (req) => req.socket.destroy() });
    try {
      expect(isRetryableReuseError(await failure(undici.request(other.url, { dispatcher: fresh })))).toBe(false);
    } finally {
      await other.close();
    }
  } finally {
    await fresh.destroy();
  }
  // After the response head: the response began, it is not the reuse race.
  second = 'late';
  await (await undici.request(server.url, { dispatcher })).body.text();
  const res = await undici.request(server.url, { dispatcher });
  expect(isRetryableReuseError(await failure(res.body.text()))).toBe(false);
});

test("the recipe: undici's retry interceptor with isRetryableReuseError sends the request again on another connection, with Node's fetch()", async () => {
  const retrying = dispatcher.compose(
    undici.interceptors.retry({
      maxRetries: 1,
      minTimeout: 0,
      statusCodes: [],
      retry(err, { state }, callback) {
        if (state.counter <= 1 && isRetryableReuseError(err)) callback(null);
        else callback(err);
      },
    }),
  );
  // undici >= 8 composes interceptors for handlers of the controller API only: a fetch() of the
  // older callbacks (Node 20 to 24's) reaches them through undici's Dispatcher1Wrapper.
  const Wrapper = (undici as unknown as { Dispatcher1Wrapper?: new (d: undici.Dispatcher) => undici.Dispatcher }).Dispatcher1Wrapper;
  const olderFetch = Number(process.versions.undici?.split('.')[0] ?? 0) < 8;
  const forFetch = Wrapper !== undefined && olderFetch ? new Wrapper(retrying) : retrying;
  expect((await fetchText(forFetch, server.url)).body).toBe('c1r1');
  expect((await fetchText(forFetch, server.url)).body).toBe('c2r1'); // c1r2 was dropped, then sent again
  expect(server.perConnection()).toEqual([2, 1]);
  // A POST is not sent twice.
  await expect(fetchText(forFetch, server.url, { method: 'POST', body: 'x' })).rejects.toThrow(/fetch failed/);
  expect(server.perConnection()).toEqual([2, 2]);
  expect(dispatcher.getStats().closed.error).toBe(2);
});
