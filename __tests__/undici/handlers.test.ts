/**
 * Both handler APIs of undici reach the dispatcher (the older callbacks from Node's built-in
 * fetch() up to undici 7 and from undici 7's API; the controller API from Node 26's fetch(),
 * undici 8 and the interceptors), and each gets what undici's own dispatchers give it: the
 * response, back-pressure, abort, trailers, an upgrade, 1xx responses.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import * as undici from 'undici';
import type { Dispatcher } from 'undici';
import type { KeepAliveDispatcher } from '../../lib/undici';
import { TestServer, waitFor } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';

let server: TestServer;
let dispatcher: KeepAliveDispatcher;
beforeEach(async () => {
  server = await TestServer.start({
    handler: (req, res, seen) => {
      if (req.url === '/big') {
        res.end(Buffer.alloc(1 << 20, 'x'));
      } else if (req.url === '/trailers') {
        res.writeHead(200, { 'Transfer-Encoding': 'chunked', Trailer: 'x-checksum' });
        res.write('body');
        res.addTrailers({ 'x-checksum': 'abc' });
        res.end();
      } else if (req.url === '/hints') {
        res.writeEarlyHints({ link: '</style.css>; rel=preload' });
        res.end(`c${seen.connection}`);
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000).unref();
      } else {
        res.setHeader('X-Test', 'yes');
        res.end(`c${seen.connection}r${seen.index}`);
      }
    },
  });
  dispatcher = await makeDispatcher('http');
});
afterEach(async () => {
  await dispatcher.destroy();
  await server.close();
});

interface Outcome {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  trailers: Record<string, string | string[]>;
  error: Error | undefined;
}

/** Dispatches with a handler of the older callbacks; `pauseFirst`: hold the body (back-pressure) for 50 ms. */
function legacy(opts: Dispatcher.DispatchOptions, pauseFirst = false, abortAfterHeaders = false): Promise<Outcome> {
  return new Promise((resolve) => {
    const out: Outcome = { status: 0, headers: {}, body: '', trailers: {}, error: undefined };
    let abort: ((err?: Error) => void) | undefined;
    const handler = {
      onConnect(a: (err?: Error) => void) {
        abort = a;
      },
      onHeaders(status: number, raw: Buffer[], resume: () => void) {
        if (status < 200) return true;
        out.status = status;
        out.headers = undici.util.parseHeaders(raw);
        if (abortAfterHeaders) abort!(new Error('enough'));
        if (pauseFirst) {
          setTimeout(resume, 50);
          return false;
        }
        return true;
      },
      onData(chunk: Buffer) {
        out.body += chunk.length > 100 ? `[${chunk.length}]` : chunk.toString();
        return true;
      },
      onComplete(trailers: Buffer[] | string[] | null) {
        out.trailers = undici.util.parseHeaders(trailers ?? []);
        resolve(out);
      },
      onError(err: Error) {
        out.error = err;
        resolve(out);
      },
    };
    dispatcher.dispatch(opts, handler as Dispatcher.DispatchHandler);
  });
}

/** The same with the controller API. */
function modern(opts: Dispatcher.DispatchOptions, pauseFirst = false, abortAfterHeaders = false): Promise<Outcome> {
  return new Promise((resolve) => {
    const out: Outcome = { status: 0, headers: {}, body: '', trailers: {}, error: undefined };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {},
      onResponseStart(controller, status, headers) {
        if (status < 200) return;
        out.status = status;
        out.headers = headers as Record<string, string | string[]>;
        if (abortAfterHeaders) controller.abort(new Error('enough'));
        if (pauseFirst) {
          controller.pause();
          setTimeout(() => controller.resume(), 50);
        }
      },
      onResponseData(_controller, chunk) {
        out.body += chunk.length > 100 ? `[${chunk.length}]` : chunk.toString();
      },
      onResponseEnd(_controller, trailers) {
        out.trailers = trailers as Record<string, string | string[]>;
        resolve(out);
      },
      onResponseError(_controller, err) {
        out.error = err;
        resolve(out);
      },
    };
    dispatcher.dispatch(opts, handler);
  });
}

describe.each([
  ['the older callbacks', legacy],
  ['the controller API', modern],
] as const)('a handler of %s', (_api, send) => {
  const opts = (path: string, method: Dispatcher.HttpMethod = 'GET'): Dispatcher.DispatchOptions => ({ origin: server.url, path, method });

  test('gets the response and reuses the connection', async () => {
    expect(await send(opts('/a'))).toMatchObject({ status: 200, body: 'c1r1', headers: { 'x-test': 'yes' }, error: undefined });
    expect(await send(opts('/b'))).toMatchObject({ status: 200, body: 'c1r2' });
    expect(dispatcher.getStats()).toMatchObject({ created: 1, requests: 2, reused: 1 });
  });

  test('back-pressure: a paused response resumes, the whole body arrives, the connection is reused', async () => {
    const big = await send(opts('/big'), true);
    expect(big.error).toBeUndefined();
    const sizes = [...big.body.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1 << 20);
    expect((await send(opts('/'))).body).toBe('c1r2');
  });

  test('trailers, and a 103 Early Hints before the response', async () => {
    expect(await send(opts('/trailers'))).toMatchObject({ body: 'body', trailers: { 'x-checksum': 'abc' } });
    expect(await send(opts('/hints'))).toMatchObject({ status: 200, body: 'c1' });
    expect(server.perConnection()).toEqual([2]);
  });

  test('an abort after the response head fails the request with its reason; the connection is not reused', async () => {
    const out = await send(opts('/a'), false, true);
    expect(out.error?.message).toBe('enough');
    await waitFor(() => dispatcher.getStats().closed.not_reusable === 1, 1000, 'the close');
    expect((await send(opts('/b'))).body).toBe('c2r1');
  });

  test("a request undici refuses (an invalid path) fails through the handler, and costs no connection", async () => {
    expect((await send(opts('no-slash'))).error).toMatchObject({ code: 'UND_ERR_INVALID_ARG' });
    expect((await send({ path: '/', method: 'GET' } as Dispatcher.DispatchOptions)).error).toMatchObject({ code: 'UND_ERR_INVALID_ARG' });
    expect(await send(opts('/a'))).toMatchObject({ body: 'c1r1' });
    expect(dispatcher.getStats()).toMatchObject({ created: 1, closed: expect.objectContaining({ error: 0 }) });
  });
});

test('an upgrade takes the socket out of the pool (not_reusable)', async () => {
  const upgraded: import('node:stream').Duplex[] = [];
  server.server.on('upgrade', (_req, socket) => {
    upgraded.push(socket);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n');
    socket.on('data', (d: Buffer) => socket.write(d));
  });
  await fetchText(dispatcher, server.url);
  const { socket, headers } = await undici.upgrade(server.url, { dispatcher, protocol: 'echo' });
  try {
    expect(headers.upgrade).toBe('echo');
    socket.write('ping');
    const echoed = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
    expect(echoed).toBe('ping');
    // The idle connection was upgraded; it left the pool, counted once.
    expect(dispatcher.getStats()).toMatchObject({ created: 1, idle: 0, closed: expect.objectContaining({ not_reusable: 1 }) });
  } finally {
    socket.destroy();
    for (const s of upgraded) s.destroy();
  }
  expect((await fetchText(dispatcher, server.url)).body).toBe('c2r1');
  expect(dispatcher.getStats()).toMatchObject({ created: 2, closed: expect.objectContaining({ not_reusable: 1, error: 0 }) });
});

test('dispatch() refuses what undici refuses: a handler that is not an object, or one of the older callbacks that lacks one', () => {
  const opts = { origin: server.url, path: '/', method: 'GET' } as const;
  expect(() => dispatcher.dispatch(opts, null as unknown as Dispatcher.DispatchHandler)).toThrow(expect.objectContaining({ code: 'UND_ERR_INVALID_ARG' }));
  const errors: Error[] = [];
  dispatcher.dispatch(opts, { onConnect() {}, onError: (err: Error) => errors.push(err), onHeaders: () => true, onData: () => true } as Dispatcher.DispatchHandler);
  expect(errors).toEqual([expect.objectContaining({ code: 'UND_ERR_INVALID_ARG', message: 'invalid onComplete method' })]);
  // Without onError, the error is thrown (undici's dispatchers throw it too).
  expect(() => dispatcher.dispatch(opts, { onConnect() {} } as Dispatcher.DispatchHandler)).toThrow('invalid onError method');
  expect(server.requests).toHaveLength(0);
});
