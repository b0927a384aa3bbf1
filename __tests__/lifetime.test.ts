import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

/** Blocks the event loop for `ms`, so that no timer can run (as under heavy load). */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe.each(PROTOCOLS)('%s: maxSocketLifetime (NGINX keepalive_time)', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({ protocol });
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('a socket that outlived its lifetime during a request is not reused when released', async () => {
    agent = await makeAgent(protocol, { maxSocketLifetime: 150, limitJitter: 0 });
    server.handler = (_req, res, seen) => setTimeout(() => res.end(`c${seen.connection}`), seen.index === 1 ? 250 : 0);
    expect((await request(agent, server.url)).body).toBe('c1'); // the request itself is never cut short
    await waitFor(() => agent.getStats().closed.max_lifetime === 1, 2000, 'the max_lifetime close');
    expect((await request(agent, server.url)).body).toBe('c2');
    expect(server.connections).toHaveLength(2);
  });

  test('an idle socket is closed when its lifetime ends, before its idle timeout', async () => {
    agent = await makeAgent(protocol, { maxSocketLifetime: 300, idleTimeout: 60_000, limitJitter: 0 });
    await request(agent, server.url);
    await sleep(100);
    await request(agent, server.url); // reused: still young
    expect(server.connections).toHaveLength(1);
    await waitFor(() => agent.getStats().closed.max_lifetime === 1, 2000, 'the idle socket to reach its lifetime');
    expect(agent.getStats().idle).toBe(0);
    await waitFor(() => server.open === 0, 2000, 'the server to see the close');
    await request(agent, server.url);
    expect(server.perConnection()).toEqual([2, 1]);
  });

  test('no request is started on an idle socket past its lifetime even when its timer could not run yet', async () => {
    agent = await makeAgent(protocol, { maxSocketLifetime: 200, limitJitter: 0 });
    await request(agent, server.url);
    blockEventLoop(300); // the lifetime timer is due but cannot fire before the next request takes a socket
    const reply = await request(agent, server.url);
    expect(reply.reusedSocket).toBe(false);
    expect(server.perConnection()).toEqual([1, 1]);
    expect(agent.getStats().closed.max_lifetime).toBe(1);
  });

  test('no request is started on a socket past its lifetime on the queued hand-over path', async () => {
    agent = await makeAgent(protocol, { maxSocketLifetime: 200, limitJitter: 0, maxSockets: 1 });
    server.handler = (_req, res, seen) => setTimeout(() => res.end(`c${seen.connection}`), seen.index === 1 ? 300 : 0);
    const replies = await Promise.all([request(agent, server.url), request(agent, server.url)]);
    expect(replies.map((r) => r.body)).toEqual(['c1', 'c2']);
    expect(server.perConnection()).toEqual([1, 1]);
  });
});
