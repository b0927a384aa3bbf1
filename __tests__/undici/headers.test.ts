/**
 * What the dispatcher does with the request's connection headers (stripConnectionClose, as
 * NGINX's `proxy_set_header Connection ""`), and why it closes a connection after a response
 * (the agents' release rules on what undici reports): server_close, not_reusable.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import net from 'node:net';
import * as undici from 'undici';
import type { KeepAliveDispatcher } from '../../lib/undici';
import { TestServer, waitFor } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';

let server: TestServer;
let dispatcher: KeepAliveDispatcher;
beforeEach(async () => {
  server = await TestServer.start();
});
afterEach(async () => {
  await dispatcher.destroy();
  await server.close();
});

test("fetch() with the caller's Connection: close: stripped, the connection is reused", async () => {
  dispatcher = await makeDispatcher('http');
  for (let i = 0; i < 3; i++) await fetchText(dispatcher, server.url, { headers: { Connection: 'close' } });
  expect(server.perConnection()).toEqual([3]);
  expect(server.requests.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
});

test('the fields a stripped Connection names go too (never Host or Content-Length), and a Keep-Alive header (which undici refuses)', async () => {
  dispatcher = await makeDispatcher('http');
  const res = await undici.request(server.url, {
    dispatcher,
    method: 'POST',
    body: 'abc',
    headers: ['Connection', 'close, X-Hop, Content-Length', 'X-Hop', '1', 'X-Kept', '2', 'Keep-Alive', 'timeout=5', 'Content-Length', '3'],
  });
  await res.body.text();
  const seen = server.requests[0]!.headers;
  expect(seen).toMatchObject({ connection: 'keep-alive', 'x-kept': '2', 'content-length': '3' });
  expect(seen['x-hop']).toBeUndefined();
  expect(seen['keep-alive']).toBeUndefined();
  // Headers as an iterable of pairs (a Map) and as an object work alike.
  await (await undici.request(server.url, { dispatcher, headers: new Map([['connection', 'close']]) as unknown as Record<string, string> })).body.text();
  await (await undici.request(server.url, { dispatcher, headers: { 'KEEP-ALIVE': 'timeout=1' } })).body.text();
  expect(server.perConnection()).toEqual([3]);
});

test('stripConnectionClose: false: the Connection: close goes out and undici closes the connection after it (server_close: the server echoes it)', async () => {
  dispatcher = await makeDispatcher('http', { stripConnectionClose: false });
  await fetchText(dispatcher, server.url, { headers: { Connection: 'close' } });
  await fetchText(dispatcher, server.url);
  expect(server.requests.map((r) => r.headers.connection)).toEqual(['close', 'keep-alive']);
  expect(server.perConnection()).toEqual([1, 1]);
  await waitFor(() => dispatcher.getStats().closed.server_close === 1, 1000, 'the close counted');
});

test('a response with Connection: close is not reused (server_close); after a HEAD too, for which undici itself asks the server to close', async () => {
  dispatcher = await makeDispatcher('http');
  server.handler = (req, res, seen) => {
    if (req.url === '/close') res.setHeader('Connection', 'close');
    res.end(`c${seen.connection}`);
  };
  await fetchText(dispatcher, `${server.url}/close`);
  await fetchText(dispatcher, `${server.url}/`);
  await fetchText(dispatcher, `${server.url}/`, { method: 'HEAD' });
  await fetchText(dispatcher, `${server.url}/`);
  expect(server.perConnection()).toEqual([1, 2, 1]);
  expect(server.requests.map((r) => [r.method, r.headers.connection])).toEqual([
    ['GET', 'keep-alive'],
    ['GET', 'keep-alive'],
    ['HEAD', 'close'],
    ['GET', 'keep-alive'],
  ]);
  await waitFor(() => dispatcher.getStats().closed.server_close === 2, 1000, 'both closes counted');
  expect(dispatcher.getStats().closed).toMatchObject({ server_close: 2, not_reusable: 0, error: 0 });
});

test("undici's reset: true: undici closes after the response though the server did not ask to (not_reusable)", async () => {
  dispatcher = await makeDispatcher('http');
  server.handler = (_req, res, seen) => {
    res.shouldKeepAlive = true; // answer keep-alive whatever the request said
    res.end(`c${seen.connection}`);
  };
  await (await undici.request(server.url, { dispatcher, reset: true })).body.text();
  await (await undici.request(server.url, { dispatcher })).body.text();
  expect(server.perConnection()).toEqual([1, 1]);
  await waitFor(() => dispatcher.getStats().closed.not_reusable === 1, 1000, 'the close counted');
});

test('an HTTP/1.0 response is not reused (server_close), though the server keeps the connection open', async () => {
  let connections = 0;
  const raw = net.createServer((socket) => {
    connections++;
    socket.on('data', () => socket.write('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'));
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  try {
    dispatcher = await makeDispatcher('http');
    const url = `http://127.0.0.1:${(raw.address() as net.AddressInfo).port}/`;
    expect((await fetchText(dispatcher, url)).body).toBe('ok');
    expect((await fetchText(dispatcher, url)).body).toBe('ok');
    expect(connections).toBe(2);
    await waitFor(() => dispatcher.getStats().closed.server_close === 2, 1000, 'two server_close');
  } finally {
    await dispatcher.destroy();
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  }
});

test('a request aborted in flight closes its connection (not_reusable); the next request opens another', async () => {
  dispatcher = await makeDispatcher('http');
  server.handler = (req, res, seen) => (req.url === '/slow' ? setTimeout(() => res.end('late'), 2000).unref() : res.end(`c${seen.connection}`));
  await fetchText(dispatcher, server.url);
  const controller = new AbortController();
  const slow = fetchText(dispatcher, `${server.url}/slow`, { signal: controller.signal });
  await waitFor(() => server.requests.length === 2, 1000, 'the slow request to arrive');
  controller.abort();
  await expect(slow).rejects.toMatchObject({ name: 'AbortError' });
  await waitFor(() => dispatcher.getStats().closed.not_reusable === 1, 1000, 'the close counted');
  expect((await fetchText(dispatcher, server.url)).body).toBe('c2');
});
