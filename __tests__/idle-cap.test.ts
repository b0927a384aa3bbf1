import { type AnyAgent, makeAgent, originKey } from './helpers/agents';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

/** A handler that answers after `?delay=` ms, so a test can choose the order sockets are released in. */
function delayed(server: TestServer): void {
  server.handler = (req, res, seen) => {
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
    setTimeout(() => res.end(`c${seen.connection}`), delay);
  };
}

describe.each(PROTOCOLS)('%s: maxIdleSockets: a total idle cap across origins, least recently used evicted', (protocol) => {
  let a: TestServer;
  let b: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    [a, b] = await Promise.all([TestServer.start({ protocol }), TestServer.start({ protocol })]);
    delayed(a);
    delayed(b);
  });
  afterEach(async () => {
    agent.destroy();
    await Promise.all([a.close(), b.close()]);
  });

  test('releasing 2 sockets of origin B into a full pool closes the 2 least recently used sockets of A', async () => {
    agent = await makeAgent(protocol, { maxIdleSockets: 3 });
    const closed: string[] = [];
    agent.on('socketClosed', (m) => closed.push(`${m.origin}:${m.reason}`));
    // A's connections 1, 2, 3 are released in that order (40, 80, 120 ms).
    await Promise.all([40, 80, 120].map((d) => request(agent, `${a.url}/?delay=${d}`)));
    expect(a.connections).toHaveLength(3);
    expect(agent.getStats().idle).toBe(3);

    await Promise.all([20, 60].map((d) => request(agent, `${b.url}/?delay=${d}`)));
    const stats = agent.getStats();
    expect(stats.idle).toBe(3);
    expect(stats.closed.evicted).toBe(2);
    expect(stats.origins[originKey(a)]).toMatchObject({ idle: 1, closed: expect.objectContaining({ evicted: 2 }) });
    expect(stats.origins[originKey(b)]).toMatchObject({ idle: 2, closed: expect.objectContaining({ evicted: 0 }) });
    expect(closed).toEqual([originKey(a), originKey(a)].map((o) => `${o}:evicted`));

    // The server sees exactly the two oldest connections of A closed.
    await waitFor(() => a.open === 1, 2000, 'A to see two connections closed');
    expect(a.connections.map((c) => c.closed)).toEqual([true, true, false]);
    // And the survivor is the one reused next.
    const reply = await request(agent, `${a.url}/`);
    expect(reply.body).toBe('c3');
    expect(reply.reusedSocket).toBe(true);
  });

  test('maxFreeSockets evicts the oldest idle socket of the origin, not the one just released', async () => {
    agent = await makeAgent(protocol, { maxFreeSockets: 2 });
    await Promise.all([30, 60, 90].map((d) => request(agent, `${a.url}/?delay=${d}`)));
    await waitFor(() => a.open === 2, 2000, 'A to see one connection closed');
    expect(a.connections.map((c) => c.closed)).toEqual([true, false, false]);
    const stats = agent.getStats();
    expect(stats).toMatchObject({ idle: 2, closed: expect.objectContaining({ evicted: 1 }) });
    // Most recently used first: connection 3, then 2.
    expect((await request(agent, `${a.url}/`)).body).toBe('c3');
  });

  test('the idle cap does not limit active sockets', async () => {
    agent = await makeAgent(protocol, { maxIdleSockets: 1 });
    const replies = await Promise.all([50, 50, 50, 50].map((d) => request(agent, `${a.url}/?delay=${d}`)));
    expect(new Set(replies.map((r) => r.body)).size).toBe(4);
    await sleep(20);
    expect(agent.getStats()).toMatchObject({ idle: 1, created: 4, closed: expect.objectContaining({ evicted: 3 }) });
  });
});
