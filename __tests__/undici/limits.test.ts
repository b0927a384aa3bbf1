/**
 * The bounds of KeepAliveDispatcher: maxSockets, maxTotalSockets across origins, the queue
 * (maxQueuedRequests, queueTimeout, an abort while waiting), and connectTimeout.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import * as undici from 'undici';
import { ErrorCodes } from '../../lib';
import type { KeepAliveDispatcher } from '../../lib/undici';
import { silentServer } from '../clients/support';
import { lookupThatHangsAfter, lookupThatThrowsAfter } from '../helpers/lookup';
import { TestServer, waitFor } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';

/** Answers after `?delay=` ms. */
function delayed(server: TestServer): void {
  server.handler = (req, res, seen) => {
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
    setTimeout(() => res.end(`c${seen.connection}r${seen.index}`), delay);
  };
}

/**
 * What a fetch() rejection (`TypeError: fetch failed`) says of its cause: `Name: message`. In
 * jest the dispatcher runs in the test's realm and Node's fetch() in the outer one, which wraps
 * an error of another realm as `Error(String(err))`: the text is the same either way (the
 * codes are checked with undici's `request`, which hands the error over as it is).
 */
async function fetchFailure(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => {
      throw new Error('the request succeeded');
    },
    (e: { cause?: unknown }) => e,
  );
  return String(err.cause ?? err).replace(/^Error: (?=\w+Error: )/, '');
}

/** What undici's request() through `dispatcher` rejects with: its code and class name. */
async function requestFailure(dispatcher: KeepAliveDispatcher, url: string): Promise<{ code: unknown; name: unknown }> {
  const err = (await undici.request(url, { dispatcher }).then(
    () => ({}),
    (e: unknown) => e,
  )) as { code?: unknown; name?: unknown };
  return { code: err.code, name: err.name };
}

let a: TestServer;
let b: TestServer;
let dispatcher: KeepAliveDispatcher | undefined;
beforeEach(async () => {
  [a, b] = await Promise.all([TestServer.start(), TestServer.start()]);
  delayed(a);
  delayed(b);
});
afterEach(async () => {
  await dispatcher?.destroy();
  dispatcher = undefined;
  await Promise.all([a.close(), b.close()]);
});

test('maxSockets 1: concurrent requests wait and go out one after another on the one connection', async () => {
  dispatcher = await makeDispatcher('http', { maxSockets: 1 });
  const queued: number[] = [];
  dispatcher.on('requestQueued', (m) => queued.push(m.queued));
  const bodies = await Promise.all([0, 1, 2, 3].map(() => fetchText(dispatcher!, `${a.url}/?delay=20`)));
  expect(bodies.map((r) => r.body)).toEqual(['c1r1', 'c1r2', 'c1r3', 'c1r4']);
  expect(queued).toEqual([1, 2, 3]);
  expect(a.perConnection()).toEqual([4]);
});

test('maxQueuedRequests 1: a request past the bound fails at once with a QueueFullError, before anything is sent', async () => {
  dispatcher = await makeDispatcher('http', { maxSockets: 1, maxQueuedRequests: 1 });
  const first = fetchText(dispatcher, `${a.url}/?delay=150`);
  const second = fetchText(dispatcher, `${a.url}/?delay=0`);
  await waitFor(() => dispatcher!.getStats().queued === 1, 1000, 'one request waiting');
  const started = Date.now();
  expect(await fetchFailure(fetchText(dispatcher, `${a.url}/third`))).toMatch(/^QueueFullError: Queue full: 1 requests already wait for a connection to http:\/\/127\.0\.0\.1:\d+$/);
  expect(await requestFailure(dispatcher, `${a.url}/fourth`)).toEqual({ code: ErrorCodes.QUEUE_FULL, name: 'QueueFullError' });
  expect(Date.now() - started).toBeLessThan(100);
  expect((await first).body).toBe('c1r1');
  expect((await second).body).toBe('c1r2');
  expect(a.requests.map((r) => r.url)).toEqual(['/?delay=150', '/?delay=0']);
});

test('queueTimeout: a request that waits longer fails with a QueueTimeoutError, and is never sent', async () => {
  dispatcher = await makeDispatcher('http', { maxSockets: 1, queueTimeout: 100 });
  const rejected: string[] = [];
  dispatcher.on('requestRejected', (m) => rejected.push(m.reason));
  const first = fetchText(dispatcher, `${a.url}/?delay=400`);
  const started = Date.now();
  const [second, third] = await Promise.all([fetchFailure(fetchText(dispatcher, `${a.url}/second`)), requestFailure(dispatcher, `${a.url}/third`)]);
  expect(second).toMatch(/^QueueTimeoutError: Queue timeout: no connection to http:\/\/127\.0\.0\.1:\d+ became free within 100 ms$/);
  expect(third).toEqual({ code: ErrorCodes.QUEUE_TIMEOUT, name: 'QueueTimeoutError' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  expect((await first).status).toBe(200);
  expect(a.requests.map((r) => r.url)).toEqual(['/?delay=400']);
  expect(rejected).toEqual(['queue_timeout', 'queue_timeout']);
  expect(dispatcher.getStats()).toMatchObject({ queued: 0, created: 1 });
});

test('an abort while waiting fails the fetch at once, sends nothing, and costs no connection', async () => {
  dispatcher = await makeDispatcher('http', { maxSockets: 1 });
  const rejected: string[] = [];
  dispatcher.on('requestRejected', (m) => rejected.push(m.reason));
  const first = fetchText(dispatcher, `${a.url}/?delay=200`);
  const controller = new AbortController();
  const waiting = fetchText(dispatcher, `${a.url}/aborted`, { signal: controller.signal });
  await waitFor(() => dispatcher!.getStats().queued === 1, 1000, 'the request to wait');
  const started = Date.now();
  controller.abort();
  await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  expect(Date.now() - started).toBeLessThan(100);
  expect(dispatcher.getStats().queued).toBe(0);
  expect(rejected).toEqual(['aborted']);
  expect((await first).body).toBe('c1r1');
  expect((await fetchText(dispatcher, a.url)).body).toBe('c1r2');
  expect(a.requests.map((r) => r.url)).toEqual(['/?delay=200', '/']);
  expect(dispatcher.getStats().closed).toMatchObject({ not_reusable: 0, error: 0 });
});

test('maxTotalSockets 1 across origins: an idle connection of another origin is closed to make room; a busy one is waited for', async () => {
  dispatcher = await makeDispatcher('http', { maxTotalSockets: 1 });
  await fetchText(dispatcher, a.url);
  expect(dispatcher.getStats().idle).toBe(1);
  // B needs a connection: A's idle one makes room (evicted).
  expect((await fetchText(dispatcher, b.url)).body).toBe('c1r1');
  await waitFor(() => a.open === 0, 1000, "A's connection to close");
  expect(dispatcher.getStats().closed.evicted).toBe(1);
  // Both busy at once: A waits for B's connection, which then closes to make room for A.
  const [fromB, fromA] = await Promise.all([fetchText(dispatcher, `${b.url}/?delay=100`), fetchText(dispatcher, `${a.url}/`)]);
  expect([fromB.body, fromA.body]).toEqual(['c1r2', 'c2r1']);
  expect(dispatcher.getStats()).toMatchObject({ created: 3, idle: 1, queued: 0, closed: expect.objectContaining({ evicted: 2 }) });
  expect(a.open + b.open).toBe(1);
});

test('connectTimeout: a TLS handshake that never ends fails with a ConnectTimeoutError and is counted as an error', async () => {
  const silent = await silentServer();
  try {
    dispatcher = await makeDispatcher('https', { connectTimeout: 150 });
    const started = Date.now();
    const [viaFetch, viaRequest] = await Promise.all([fetchFailure(fetchText(dispatcher, silent.url)), requestFailure(dispatcher, silent.url)]);
    expect(viaFetch).toMatch(/^ConnectTimeoutError: Connect timeout: no TLS connection to https:\/\/127\.0\.0\.1:\d+ within 150 ms$/);
    expect(viaRequest).toEqual({ code: ErrorCodes.CONNECT_TIMEOUT, name: 'ConnectTimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(silent.accepted).toBe(2);
    await waitFor(() => dispatcher!.getStats().closed.error === 2, 1000, 'the connections counted');
    expect(dispatcher.getStats()).toMatchObject({ created: 2, active: 0, connecting: 0 });
  } finally {
    await silent.close();
  }
});

test('a refused connection fails with its system error, counted as an error', async () => {
  const port = a.port;
  await a.close();
  a = await TestServer.start();
  dispatcher = await makeDispatcher('http');
  expect(await fetchFailure(fetchText(dispatcher, `http://127.0.0.1:${port}/`))).toMatch(/ECONNREFUSED/);
  expect(await requestFailure(dispatcher, `http://127.0.0.1:${port}/`)).toMatchObject({ code: 'ECONNREFUSED' });
  await waitFor(() => dispatcher!.getStats().closed.error === 2, 1000, 'the connections counted');
});

test('a warm replacement that cannot connect is given up after at most 3 s, whatever connectTimeout says', async () => {
  const server = await TestServer.start();
  // The first connection resolves; the replacement's lookup never answers, so it stays connecting.
  const { lookup, calls } = lookupThatHangsAfter(1);
  const dispatcher = await makeDispatcher('http', { maxRequestsPerSocket: 2, limitJitter: 0, connectTimeout: 60_000, connect: { lookup } });
  try {
    const url = `http://upstream.test:${server.port}/`;
    await fetchText(dispatcher, url);
    await fetchText(dispatcher, url); // its last request: the replacement is opened now
    const opened = Date.now();
    await waitFor(() => dispatcher.getStats().warm.opened === 1, 1000, 'the replacement');
    await waitFor(() => dispatcher.getStats().warm.wasted === 1, 5000, 'the replacement to be given up');
    expect(Date.now() - opened).toBeGreaterThanOrEqual(2500);
    expect(dispatcher.getStats().closed).toMatchObject({ error: 1 });
    expect(calls()).toBe(2);
  } finally {
    await dispatcher.destroy();
    await server.close();
  }
});

test('a warm replacement whose connection throws as it is opened is not an uncaught exception; the requests after it fail as undici fails them', async () => {
  const server = await TestServer.start();
  let broken = true;
  // Throws from its second call on while `broken` (a lookup that fails synchronously).
  const { lookup, calls } = lookupThatThrowsAfter(1, () => broken);
  const dispatcher = await makeDispatcher('http', { maxRequestsPerSocket: 2, limitJitter: 0, connect: { lookup } });
  try {
    const url = `http://upstream.test:${server.port}/`;
    await fetchText(dispatcher, url);
    await fetchText(dispatcher, url); // its last request: the replacement's open throws (on a later tick)
    await waitFor(() => calls() === 2, 1000, 'the replacement');
    await expect(fetchText(dispatcher, url)).rejects.toMatchObject({ cause: { message: 'lookup boom' } });
    broken = false;
    expect((await fetchText(dispatcher, url)).status).toBe(200);
    const stats = dispatcher.getStats();
    expect(stats).toMatchObject({ connecting: 0, warm: { opened: 0 } });
  } finally {
    await dispatcher.destroy();
    await server.close();
  }
});
