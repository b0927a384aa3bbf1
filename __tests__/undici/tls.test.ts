/**
 * TLS through KeepAliveDispatcher: sessions resumed from its LRU cache, one per host, port and
 * servername; two servernames on one address share neither sessions nor connections.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import tls from 'node:tls';
import * as undici from 'undici';
import { TestServer, waitFor } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';
import { tlsMaterial } from '../helpers/certs';
import { countSecureContexts } from '../helpers/secure-contexts';
import { countSessionDecodings } from '../helpers/session-decodings';
import type { KeepAliveDispatcher } from '../../lib/undici';

let server: TestServer;
let dispatcher: KeepAliveDispatcher | undefined;
beforeEach(async () => {
  server = await TestServer.start({ protocol: 'https' });
});
afterEach(async () => {
  await dispatcher?.destroy();
  dispatcher = undefined;
  await server.close();
});

test('at least 19 of 20 new connections resume a session (TLS 1.3 and TLS 1.2)', async () => {
  for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    const before = server.connections.length;
    dispatcher = await makeDispatcher('https', { maxRequestsPerSocket: 1, limitJitter: 0, warmReplacement: false, connect: { maxVersion } });
    for (let i = 0; i < 20; i++) expect((await fetchText(dispatcher, server.url)).status).toBe(200);
    const seen = server.connections.slice(before);
    expect(seen).toHaveLength(20);
    expect(seen.filter((c) => c.resumed).length).toBeGreaterThanOrEqual(19);
    const stats = dispatcher.getStats();
    expect(stats.tlsResumed).toBeGreaterThanOrEqual(19);
    expect(stats.tlsResumed! + stats.tlsFull!).toBe(20);
    expect(dispatcher.cachedSessionKeys).toEqual([`127.0.0.1:${server.port}:`]);
    await dispatcher.destroy();
  }
});

test('a resumed connection decodes its session once (tls.connect() given it would decode it twice)', async () => {
  dispatcher = await makeDispatcher('https', { maxRequestsPerSocket: 1, limitJitter: 0, warmReplacement: false });
  const d = dispatcher;
  const decodings = await countSessionDecodings(async () => {
    for (let i = 0; i < 4; i++) {
      expect((await fetchText(d, server.url)).status).toBe(200);
      await waitFor(() => d.cachedSessionKeys.length === 1); // the next connection offers this one's ticket
    }
  });
  expect(server.resumed).toBe(3);
  expect(d.getStats()).toMatchObject({ tlsResumed: 3, tlsFull: 1 });
  expect(decodings).toBe(3);
});

test('maxCachedSessions: 0 turns reuse off: every connection is a full handshake', async () => {
  dispatcher = await makeDispatcher('https', { maxRequestsPerSocket: 1, limitJitter: 0, warmReplacement: false, maxCachedSessions: 0 });
  for (let i = 0; i < 3; i++) await fetchText(dispatcher, server.url);
  expect(server.resumed).toBe(0);
  expect(dispatcher.getStats()).toMatchObject({ tlsFull: 3, tlsResumed: 0 });
  expect(dispatcher.cachedSessionKeys).toEqual([]);
});

test('two servernames on one address share neither sessions nor connections', async () => {
  dispatcher = await makeDispatcher('https');
  const get = async (servername: string): Promise<string> => {
    const res = await undici.request(server.url, { dispatcher, headers: { host: servername } });
    return res.body.text();
  };
  // Each name: a first connection (full handshake), its reuse, then after the pool lets go of
  // it a second connection that resumes that name's session.
  expect(await get('a.test')).toBe('c1r1');
  expect(await get('b.test')).toBe('c2r1');
  expect(await get('a.test')).toBe('c1r2');
  expect(await get('b.test')).toBe('c2r2');
  expect(server.connections.map((c) => c.servername)).toEqual(['a.test', 'b.test']);
  expect(server.resumed).toBe(0);
  const stats = dispatcher.getStats();
  expect(Object.keys(stats.origins).sort()).toEqual([`https://a.test:${server.port}`, `https://b.test:${server.port}`]);
  expect(dispatcher.cachedSessionKeys.sort()).toEqual([`127.0.0.1:${server.port}:a.test`, `127.0.0.1:${server.port}:b.test`]);

  // Close both connections (from the server), then each name resumes its own session.
  for (const c of server.connections) c.socket.destroy();
  await waitFor(() => dispatcher!.getStats().idle === 0, 2000, 'both idle connections to close');
  expect(await get('b.test')).toBe('c3r1');
  expect(await get('a.test')).toBe('c4r1');
  expect(server.connections.slice(2).map((c) => [c.servername, c.resumed])).toEqual([
    ['b.test', true],
    ['a.test', true],
  ]);
});

test("connect.servername is the SNI of every connection and the name the certificate is checked against (a request's own servername or Host header comes first)", async () => {
  dispatcher = await makeDispatcher('https', { connect: { servername: 'a.test' } });
  expect((await fetchText(dispatcher, server.url)).status).toBe(200);
  const res = await undici.request(server.url, { dispatcher, headers: { host: 'b.test' } });
  await res.body.text();
  expect(server.connections.map((c) => c.servername)).toEqual(['a.test', 'b.test']);
  const wrong = await makeDispatcher('https', { connect: { servername: 'wrong.test' } });
  try {
    await expect(fetchText(wrong, server.url)).rejects.toMatchObject({ cause: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
  } finally {
    await wrong.destroy();
  }
});

test('a certificate the dispatcher does not trust fails the request (no connection pooled)', async () => {
  dispatcher = await makeDispatcher('http'); // no `ca`: the test certificate is not trusted
  await expect(fetchText(dispatcher, server.url)).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
  await waitFor(() => dispatcher!.getStats().closed.error === 1, 2000, 'the failed connection counted');
  expect(dispatcher.getStats()).toMatchObject({ created: 1, idle: 0, active: 0 });
});

test('every connection shares one TLS secure context (tls.connect() would make one each); a context given in connect is used as given', async () => {
  const made = await countSecureContexts(async () => {
    dispatcher = await makeDispatcher('https', { maxRequestsPerSocket: 1, limitJitter: 0, warmReplacement: false });
    for (let i = 0; i < 4; i++) expect((await fetchText(dispatcher, server.url)).status).toBe(200);
  });
  expect(server.connections).toHaveLength(4);
  expect(made).toBe(1);
  await dispatcher!.destroy();

  const own = tls.createSecureContext({ ca: (await tlsMaterial()).cert });
  const madeWithOwn = await countSecureContexts(async () => {
    dispatcher = await makeDispatcher('https', { maxRequestsPerSocket: 1, limitJitter: 0, warmReplacement: false, connect: { secureContext: own } });
    for (let i = 0; i < 3; i++) expect((await fetchText(dispatcher, server.url)).status).toBe(200);
  });
  expect(madeWithOwn).toBe(0);
});
