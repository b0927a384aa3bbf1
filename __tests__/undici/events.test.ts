/**
 * The dispatcher's events and diagnostics_channel messages: the agents' channel names and
 * fields, with `frontEnd` saying which front-end published them; and undici's own dispatcher
 * events (`connect`, `disconnect`), as undici's Agent emits them.
 */
jest.mock('undici', () => jest.requireActual(process.env.UNDICI_PEER ?? 'undici'));
import diagnosticsChannel from 'node:diagnostics_channel';
import { CHANNEL_NAMES } from '../../lib';
import type { KeepAliveDispatcher } from '../../lib/undici';
import { makeAgent } from '../helpers/agents';
import { request, TestServer, waitFor } from '../helpers/server';
import { fetchText, makeDispatcher } from './support';

let server: TestServer;
let dispatcher: KeepAliveDispatcher;
beforeEach(async () => {
  server = await TestServer.start({ handler: (_req, res, seen) => setTimeout(() => res.end(`c${seen.connection}`), 20) });
  dispatcher = await makeDispatcher('http', { maxSockets: 1, maxRequestsPerSocket: 2, limitJitter: 0, warmReplacement: false });
});
afterEach(async () => {
  await dispatcher.destroy();
  await server.close();
});

test('socketCreated, socketReused, socketClosed, requestQueued, requestDequeued: as events and on the channels, with frontEnd', async () => {
  const events: string[] = [];
  const published: Array<{ channel: string; message: Record<string, unknown> }> = [];
  const subscribers = Object.entries(CHANNEL_NAMES).map(([short, name]) => {
    // The channels are the process's: only this dispatcher's messages count (other test files
    // of this worker may leave connections that close later).
    const fn = (message: unknown): void => {
      if ((message as { dispatcher?: unknown }).dispatcher === dispatcher) published.push({ channel: short, message: message as Record<string, unknown> });
    };
    diagnosticsChannel.subscribe(name, fn);
    return () => diagnosticsChannel.unsubscribe(name, fn);
  });
  try {
    dispatcher.on('socketCreated', (m) => events.push(`created ${m.origin}`));
    dispatcher.on('socketReused', (m) => events.push(`reused ${m.requests} ${m.request.path}`));
    dispatcher.on('socketClosed', (m) => events.push(`closed ${m.reason} ${m.requests}`));
    dispatcher.on('requestQueued', (m) => events.push(`queued ${m.queued} ${m.request.path}`));
    dispatcher.on('requestDequeued', (m) => events.push(`dequeued ${m.request.path}`));
    await Promise.all([fetchText(dispatcher, `${server.url}/a`), fetchText(dispatcher, `${server.url}/b`)]);
    await waitFor(() => events.some((e) => e.startsWith('closed')), 1000, 'the close');
    const origin = new URL(server.url).origin;
    expect(events).toEqual([`created ${origin}`, 'queued 1 /b', 'dequeued /b', 'reused 2 /b', 'closed max_requests 2']);
    expect(published.map((p) => p.channel)).toEqual(['socketCreated', 'requestQueued', 'requestDequeued', 'socketReused', 'socketClosed']);
    for (const { message } of published) expect(message).toMatchObject({ frontEnd: 'KeepAliveDispatcher', dispatcher, origin });
    expect(published[4]!.message).toMatchObject({ reason: 'max_requests', requests: 2, age: expect.any(Number) });
  } finally {
    for (const unsubscribe of subscribers) unsubscribe();
  }
});

test("the agents' messages say which agent published them", async () => {
  const seen: unknown[] = [];
  const https = await TestServer.start({ protocol: 'https' });
  const agents = [await makeAgent('http'), await makeAgent('https')];
  const ours = new Set<unknown>([...agents, dispatcher]);
  const fn = (m: unknown): void => {
    const { agent, dispatcher: from, frontEnd } = m as { agent?: unknown; dispatcher?: unknown; frontEnd?: unknown };
    if (ours.has(agent) || ours.has(from)) seen.push(frontEnd);
  };
  diagnosticsChannel.subscribe(CHANNEL_NAMES.socketCreated, fn);
  try {
    await request(agents[0]!, server.url);
    await request(agents[1]!, https.url);
    await fetchText(dispatcher, server.url);
    expect(seen).toEqual(['HttpAgent', 'HttpsAgent', 'KeepAliveDispatcher']);
  } finally {
    diagnosticsChannel.unsubscribe(CHANNEL_NAMES.socketCreated, fn);
    for (const a of agents) a.destroy();
    await https.close();
  }
});

test("undici's connect and disconnect events, with the dispatcher first among the targets", async () => {
  const seen: string[] = [];
  dispatcher.on('connect', (origin, targets) => seen.push(`connect ${origin.origin} ${targets[0] === dispatcher}`));
  dispatcher.on('disconnect', (origin, targets) => seen.push(`disconnect ${origin.origin} ${targets[0] === dispatcher}`));
  await fetchText(dispatcher, server.url);
  await fetchText(dispatcher, server.url); // the second and last request: the connection closes
  await waitFor(() => seen.length === 2, 1000, 'both events');
  const origin = new URL(server.url).origin;
  expect(seen).toEqual([`connect ${origin} true`, `disconnect ${origin} true`]);
});
