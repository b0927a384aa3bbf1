import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, request, TestServer, waitFor } from './helpers/server';

describe.each(PROTOCOLS)('%s: maxRequestsPerSocket (NGINX keepalive_requests)', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({ protocol });
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('20 sequential requests with a limit of 5 use exactly 4 connections, closed by the agent after each 5th response', async () => {
    agent = await makeAgent(protocol, { maxRequestsPerSocket: 5, limitJitter: 0, warmReplacement: false });
    for (let i = 0; i < 20; i++) {
      const reply = await request(agent, `${server.url}/${i}`);
      expect(reply.status).toBe(200);
      // A renewal is the agent's business: nothing in the response says so.
      expect(reply.headers.connection).toBe('keep-alive');
    }
    expect(server.perConnection()).toEqual([5, 5, 5, 5]);
    // No Connection: close of ours, which a proxy would copy to its own client.
    for (const seen of server.requests) expect(seen.headers.connection).toBe('keep-alive');
    await waitFor(() => agent.getStats().closed.max_requests === 4, 2000, 'four max_requests closes');
    expect(agent.getStats()).toMatchObject({ created: 4, requests: 20, reused: 16, active: 0, idle: 0 });
  });

  test('the limit holds on the queued path (maxSockets: 1, 9 concurrent requests)', async () => {
    agent = await makeAgent(protocol, { maxRequestsPerSocket: 5, limitJitter: 0, maxSockets: 1 });
    const replies = await Promise.all(Array.from({ length: 9 }, (_, i) => request(agent, `${server.url}/${i}`)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(server.perConnection()).toEqual([5, 4]);
    await waitFor(() => agent.getStats().closed.max_requests === 1, 2000, 'one max_requests close');
    // Never more than one connection at a time.
    expect(agent.getStats()).toMatchObject({ created: 2, requests: 9 });
  });

  test('a limit of 1 never reuses, and says nothing of it to the server', async () => {
    agent = await makeAgent(protocol, { maxRequestsPerSocket: 1, limitJitter: 0, warmReplacement: false });
    for (let i = 0; i < 3; i++) await request(agent, server.url);
    expect(server.perConnection()).toEqual([1, 1, 1]);
    expect(server.requests.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
    await waitFor(() => agent.getStats().closed.max_requests === 3, 2000, 'three max_requests closes');
  });

  test('a request aborted before Node bound it to its socket is not counted', async () => {
    agent = await makeAgent(protocol, { maxRequestsPerSocket: 3, limitJitter: 0, warmReplacement: false });
    await request(agent, server.url);
    const http = await import('node:http');
    const aborted = http.request(server.url, { agent });
    aborted.on('error', () => undefined);
    aborted.destroy();
    await new Promise((r) => setImmediate(r));
    await request(agent, server.url);
    await request(agent, server.url);
    // The aborted request never reached the server and is not counted; the socket it was bound
    // to goes back to the pool (Node alone would destroy it) and carries the next two.
    expect(server.requests).toHaveLength(3);
    expect(agent.getStats().requests).toBe(3);
    expect(server.perConnection()).toEqual([3]);
    expect(server.requests.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
  });
});

describe.each(PROTOCOLS)('%s: limitJitter', (protocol) => {
  test('with 20 sockets the drawn limits differ, stay in [limit × (1 − jitter), limit], and none is exceeded', async () => {
    const server = await TestServer.start({ protocol });
    const agent = await makeAgent(protocol, { maxRequestsPerSocket: 50, limitJitter: 0.1, maxSockets: 20 });
    const drawn = new Map<number, number>();
    agent.on('socketCreated', (m) => {
      drawn.set(drawn.size + 1, agent.describeSocket(m.socket)!.requestLimit);
    });
    const served: Array<{ reason: string; requests: number; limit: number }> = [];
    agent.on('socketClosed', (m) => {
      const info = agent.describeSocket(m.socket)!;
      served.push({ reason: m.reason, requests: m.requests, limit: info.requestLimit });
    });
    try {
      // 20 workers, 60 sequential requests each: every first-generation socket reaches its limit.
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          for (let i = 0; i < 60; i++) await request(agent, server.url);
        }),
      );
      const limits = [...drawn.values()];
      expect(limits.length).toBeGreaterThanOrEqual(20);
      for (const l of limits) {
        expect(Number.isInteger(l)).toBe(true);
        expect(l).toBeGreaterThanOrEqual(45);
        expect(l).toBeLessThanOrEqual(50);
      }
      expect(new Set(limits.slice(0, 20)).size).toBeGreaterThan(1);
      await waitFor(() => served.filter((s) => s.reason === 'max_requests').length >= 20, 3000, '20 sockets at their limit');
      for (const s of served) expect(s.requests).toBeLessThanOrEqual(s.limit);
      for (const s of served.filter((x) => x.reason === 'max_requests')) expect(s.requests).toBe(s.limit);
      // What the server saw: no connection carried more than 50, and the counts differ.
      const counts = server.perConnection();
      expect(Math.max(...counts)).toBeLessThanOrEqual(50);
      expect(new Set(server.connections.filter((c) => c.closed).map((c) => c.requests)).size).toBeGreaterThan(1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
