/**
 * The dispatcher's options: the agents' (the same spec, defaults, checks and errors), its
 * socket caps, undici's Client options passed through (undici's checks), and what it refuses:
 * HTTP/2, undici's pool options that ours replace, a connector function.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import { DEFAULT_POOL_OPTIONS, ErrorCodes, HttpsAgent } from '../../lib';
import { POOL_OPTION_SPECS } from '../../lib/options/spec';
import { isRetryableReuseError, KeepAliveDispatcher, NginxConfigError } from '../../lib/undici';
import { TestServer, waitFor } from '../helpers/server';
import { makeDispatcher } from './support';
import * as undici from 'undici';

/** What a constructor throws, as plain data. */
function thrown(make: () => unknown): { name: string; code: unknown; message: string } | undefined {
  try {
    const made = make() as { destroy?: () => unknown };
    void made.destroy?.();
    return undefined;
  } catch (err) {
    const e = err as Error & { code?: unknown };
    return { name: e.name, code: e.code, message: e.message };
  }
}

test("the defaults are the agents'", () => {
  const d = new KeepAliveDispatcher();
  expect(d.poolOptions).toMatchObject({ ...DEFAULT_POOL_OPTIONS, maxFreeSockets: 256, maxCachedSessions: 100, maxSockets: Infinity, maxTotalSockets: Infinity });
  expect(new KeepAliveDispatcher({ maxIdleSockets: 8 }).poolOptions.maxFreeSockets).toBe(8);
  void d.destroy();
});

// maxFreeSockets is Node's option on the agents (read as Node reads it, never refused); the
// dispatcher, which is not Node's agent, checks it as its own.
test.each(Object.keys(POOL_OPTION_SPECS).filter((n) => n !== 'agentKeepAliveTimeoutBuffer' && n !== 'maxFreeSockets'))('%s: a wrong value is refused as HttpsAgent refuses it', (name) => {
  for (const value of ['1', -1, NaN, 0.5]) {
    const ours = thrown(() => new KeepAliveDispatcher({ [name]: value }));
    const agent = thrown(() => new HttpsAgent({ [name]: value }));
    expect([name, value, ours]).toEqual([name, value, agent]);
    if (agent !== undefined) expect(agent.code).toBe(ErrorCodes.INVALID_OPTION);
  }
});

test("maxFreeSockets and maxCachedSessions, which the agents read as Node does, are checked as the dispatcher's own", () => {
  for (const value of ['1', -1, NaN, 0.5]) {
    expect(thrown(() => new KeepAliveDispatcher({ maxFreeSockets: value as number }))).toMatchObject({ code: ErrorCodes.INVALID_OPTION });
    expect(thrown(() => new KeepAliveDispatcher({ maxCachedSessions: value as number }))).toMatchObject({ code: ErrorCodes.INVALID_OPTION });
  }
});

test('maxSockets, maxTotalSockets and maxCachedSessions are checked by the same readers', () => {
  expect(thrown(() => new KeepAliveDispatcher({ maxSockets: 0 }))).toMatchObject({ name: 'RangeError', code: ErrorCodes.INVALID_OPTION, message: expect.stringContaining('"maxSockets"') });
  expect(thrown(() => new KeepAliveDispatcher({ maxTotalSockets: '4' as unknown as number }))).toMatchObject({ name: 'TypeError', code: ErrorCodes.INVALID_OPTION });
  expect(thrown(() => new KeepAliveDispatcher({ maxCachedSessions: -1 }))).toMatchObject({ name: 'RangeError', code: ErrorCodes.INVALID_OPTION });
  expect(thrown(() => new KeepAliveDispatcher({ maxSockets: 4, maxTotalSockets: Infinity, maxCachedSessions: 0 }))).toBeUndefined();
});

test('HTTP/2 is refused at construction; allowH2: false is accepted', () => {
  expect(thrown(() => new KeepAliveDispatcher({ allowH2: true } as never))).toEqual({
    name: 'RangeError',
    code: ErrorCodes.INVALID_OPTION,
    message: 'The value of "allowH2" is out of range. It must be false or absent (KeepAliveDispatcher speaks HTTP/1.1 only). Received type boolean (true)',
  });
  expect(thrown(() => new KeepAliveDispatcher({ allowH2: false }))).toBeUndefined();
});

test("undici's pool options that ours replace are refused with the name of ours", () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ keepAliveTimeout: 4000 }, 'Unknown option "keepAliveTimeout". Did you mean "idleTimeout"?'],
    [{ keepAliveMaxTimeout: 600e3 }, 'Unknown option "keepAliveMaxTimeout". Did you mean "idleTimeout"?'],
    [{ keepAliveTimeoutThreshold: 2000 }, 'Unknown option "keepAliveTimeoutThreshold". Did you mean "agentKeepAliveTimeoutBuffer"?'],
    [{ maxRequestsPerClient: 100 }, 'Unknown option "maxRequestsPerClient". Did you mean "maxRequestsPerSocket"?'],
    [{ clientTtl: 1000 }, 'Unknown option "clientTtl". Did you mean "maxSocketLifetime"?'],
    [{ connections: 10 }, 'Unknown option "connections". Did you mean "maxSockets"?'],
    [{ connect: { timeout: 100 } }, 'Unknown option "connect.timeout". Did you mean "connectTimeout"?'],
    [{ connect: { maxCachedSessions: 5 } }, 'Unknown option "connect.maxCachedSessions". Did you mean "maxCachedSessions"?'],
    [{ idleTimout: 5 }, 'Unknown option "idleTimout". Did you mean "idleTimeout"?'],
    // The socket caps are the dispatcher's own (Node's on the agents): their near misses too.
    [{ maxsockets: 5 }, 'Unknown option "maxsockets". Did you mean "maxSockets"?'],
    [{ maxTotalSocket: 5 }, 'Unknown option "maxTotalSocket". Did you mean "maxTotalSockets"?'],
  ];
  for (const [options, message] of cases) expect(thrown(() => new KeepAliveDispatcher(options as never))).toEqual({ name: 'TypeError', code: ErrorCodes.INVALID_OPTION, message });
  expect(thrown(() => new KeepAliveDispatcher({ pipelining: 4 } as never))).toMatchObject({ name: 'RangeError', code: ErrorCodes.INVALID_OPTION });
  expect(thrown(() => new KeepAliveDispatcher({ connect: () => undefined } as never))).toMatchObject({ name: 'TypeError', code: ErrorCodes.INVALID_OPTION });
  expect(thrown(() => new KeepAliveDispatcher({ socketPath: '/tmp/x' } as never))).toMatchObject({ name: 'RangeError', code: ErrorCodes.INVALID_OPTION });
});

test("undici's Client options pass through, checked by undici at construction", async () => {
  expect(thrown(() => new KeepAliveDispatcher({ headersTimeout: -1 }))).toMatchObject({ code: 'UND_ERR_INVALID_ARG' });
  const server = await TestServer.start({ handler: () => undefined }); // never answers
  const dispatcher = await makeDispatcher('http', { headersTimeout: 100 });
  try {
    const err = await undici.request(server.url, { dispatcher }).then(
      () => undefined,
      (e: { code?: unknown }) => e,
    );
    expect(err).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    await waitFor(() => dispatcher.getStats().closed.error === 1, 1000, 'the close');
  } finally {
    await dispatcher.destroy();
    await server.close();
  }
});

test('fromNginx(text, overrides): the directives become the options', () => {
  const d = KeepAliveDispatcher.fromNginx('keepalive 16; keepalive_timeout 30s; keepalive_requests 500; keepalive_time 1h30m;', { limitJitter: 0 });
  expect(d.poolOptions).toMatchObject({ maxIdleSockets: 16, maxFreeSockets: 16, idleTimeout: 30_000, maxRequestsPerSocket: 500, maxSocketLifetime: 5_400_000, limitJitter: 0 });
  void d.destroy();
  expect(() => KeepAliveDispatcher.fromNginx('proxy_pass http://x;')).toThrow(NginxConfigError);
});

describe('validateAfterIdle', () => {
  /** Blocks the event loop for `ms`: the server's FIN sits unread, as when a busy process reuses a connection. */
  const block = (ms: number): void => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  };

  test('0 (every reuse checked first): a connection the server closed while it sat idle (its FIN not read yet) is not used; the request goes to a new one', async () => {
    const server = await TestServer.start();
    server.handler = (req, res, seen) => {
      res.end(`c${seen.connection}`);
      if (seen.connection === 1) res.on('finish', () => setTimeout(() => req.socket.end(), 20));
    };
    const dispatcher = await makeDispatcher('http', { validateAfterIdle: 0 });
    try {
      for (let i = 0; i < 3; i++) {
        await (await undici.request(server.url, { dispatcher })).body.text();
        block(150); // connection 1's FIN arrives meanwhile, unread
      }
      expect(server.perConnection()).toEqual([1, 2]);
      expect(dispatcher.getStats().closed).toMatchObject({ stale: 1, error: 0 });
    } finally {
      await dispatcher.destroy();
      await server.close();
    }
  });

  test('Infinity (never checked): the same request may fail; if it does, isRetryableReuseError says it may be sent again', async () => {
    const server = await TestServer.start();
    server.handler = (req, res, seen) => {
      res.end(`c${seen.connection}`);
      if (seen.connection === 1) res.on('finish', () => setTimeout(() => req.socket.end(), 20));
    };
    const dispatcher = await makeDispatcher('http', { validateAfterIdle: Infinity });
    try {
      await (await undici.request(server.url, { dispatcher })).body.text();
      block(150);
      const outcome = await undici.request(server.url, { dispatcher }).then(
        async (res) => res.body.text(),
        (err: unknown) => err,
      );
      if (typeof outcome === 'string') expect(outcome).toBe('c2');
      else expect([outcome, isRetryableReuseError(outcome)]).toEqual([outcome, true]);
    } finally {
      await dispatcher.destroy();
      await server.close();
    }
  });
});

test('an origin with a path, a query or a fragment is refused, as undici refuses it', async () => {
  const dispatcher = await makeDispatcher('http');
  try {
    for (const origin of ['http://127.0.0.1:9/base', 'http://127.0.0.1:9/?q=1', 'http://127.0.0.1:9/#f']) {
      const err = await dispatcher.request({ origin, path: '/x', method: 'GET' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([origin, err]).toEqual([origin, expect.objectContaining({ code: 'UND_ERR_INVALID_ARG', message: 'invalid url' })]);
    }
    expect(dispatcher.getStats().created).toBe(0);
  } finally {
    await dispatcher.destroy();
  }
});
