/**
 * close() and destroy() with undici's meaning: a graceful drain (waiting and running requests
 * complete), and an immediate abort (they fail); both resolve once every socket has closed.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import * as undici from 'undici';
import { ErrorCodes } from '../../lib';
import type { KeepAliveDispatcher } from '../../lib/undici';
import { TestServer, waitFor } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';

let server: TestServer;
let dispatcher: KeepAliveDispatcher;
beforeEach(async () => {
  server = await TestServer.start({
    handler: (req, res, seen) => {
      const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
      setTimeout(() => res.end(`c${seen.connection}r${seen.index}`), delay).unref();
    },
  });
});
afterEach(async () => {
  await dispatcher.destroy();
  await server.close();
});

test('close(): an idle connection closes now; running and waiting requests complete; then the promise resolves', async () => {
  dispatcher = await makeDispatcher('http', { maxSockets: 2 });
  await fetchText(dispatcher, server.url);
  const bodies = [0, 1, 2].map(() => fetchText(dispatcher, `${server.url}/?delay=80`)); // two run, one waits
  await waitFor(() => dispatcher.getStats().queued === 1, 1000, 'a request waiting');
  const events: string[] = [];
  const closing = dispatcher.close().then(() => events.push('closed'));
  expect(dispatcher.closed).toBe(true);
  for (const b of bodies) void b.then((r) => events.push(r.body));
  await closing;
  // The idle connection was taken by the first running request (reused); all three answered first.
  expect(events.slice(0, 3).sort()).toEqual(['c1r2', 'c1r3', 'c2r1']);
  expect(events[3]).toBe('closed');
  await waitFor(() => server.open === 0, 1000, 'the server to see both connections closed');
  expect(dispatcher.getStats()).toMatchObject({ active: 0, idle: 0, queued: 0, closed: expect.objectContaining({ agent_closed: 2 }) });
  await expect(fetchText(dispatcher, server.url)).rejects.toThrow(/fetch failed/);
  await expect(undici.request(server.url, { dispatcher })).rejects.toMatchObject({ code: ErrorCodes.AGENT_CLOSED });
});

test('close() with nothing in flight closes the idle connections and resolves; a second call gives the same promise; the callback form', async () => {
  dispatcher = await makeDispatcher('http');
  await fetchText(dispatcher, server.url);
  await fetchText(dispatcher, `http://localhost:${server.port}/`);
  const first = dispatcher.close();
  expect(dispatcher.close()).toBe(first);
  await first;
  await new Promise<void>((resolve) => dispatcher.close(resolve));
  await waitFor(() => server.open === 0, 1000, 'the server to see both connections closed');
  expect(dispatcher.getStats().closed.agent_closed).toBe(2);
});

test('destroy(err): running and waiting requests fail with err; every connection closes at once', async () => {
  dispatcher = await makeDispatcher('http', { maxSockets: 1 });
  const running = undici.request(`${server.url}/?delay=5000`, { dispatcher }).then(() => null, (e: unknown) => e);
  const waiting = undici.request(`${server.url}/?delay=0`, { dispatcher }).then(() => null, (e: unknown) => e);
  await waitFor(() => server.requests.length === 1 && dispatcher.getStats().queued === 1, 1000, 'one running, one waiting');
  const reason = new Error('shutting down');
  const started = Date.now();
  await dispatcher.destroy(reason);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await running).toBe(reason);
  expect(await waiting).toBe(reason);
  expect(dispatcher.destroyed).toBe(true);
  await waitFor(() => server.open === 0, 1000, 'the server to see the close');
  expect(server.requests).toHaveLength(1);
  expect(dispatcher.getStats()).toMatchObject({ active: 0, queued: 0, closed: expect.objectContaining({ agent_closed: 1 }) });
  await expect(undici.request(server.url, { dispatcher })).rejects.toMatchObject({ code: ErrorCodes.AGENT_CLOSED });
});

test("destroy() without an error: a running request fails with undici's ClientDestroyedError, a waiting one with an AgentClosedError; the callback form", async () => {
  dispatcher = await makeDispatcher('http', { maxSockets: 1 });
  const running = undici.request(`${server.url}/?delay=5000`, { dispatcher }).then(() => null, (e: unknown) => e);
  const waiting = undici.request(`${server.url}/?delay=0`, { dispatcher }).then(() => null, (e: unknown) => e);
  await waitFor(() => server.requests.length === 1 && dispatcher.getStats().queued === 1, 1000, 'one running, one waiting');
  await new Promise<void>((resolve) => dispatcher.destroy(resolve));
  expect(await running).toMatchObject({ code: 'UND_ERR_DESTROYED' });
  expect(await waiting).toMatchObject({ code: ErrorCodes.AGENT_CLOSED });
});
