import * as http from 'node:http';
import net from 'node:net';
import { HttpAgent } from '../lib';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

describe.each(PROTOCOLS)('%s: idleTimeout (NGINX keepalive_timeout) and the server Keep-Alive hint', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('idleTimeout closes an idle socket; a socket used within it is reused', async () => {
    server = await TestServer.start({ protocol });
    agent = await makeAgent(protocol, { idleTimeout: 300 });
    await request(agent, server.url);
    await sleep(100);
    expect((await request(agent, server.url)).reusedSocket).toBe(true);
    const released = Date.now();
    await waitFor(() => agent.getStats().closed.idle_timeout === 1, 2000, 'the idle timeout');
    const after = Date.now() - released;
    expect(after).toBeGreaterThanOrEqual(250);
    await waitFor(() => server.open === 0, 2000, 'the server to see the close');
    expect((await request(agent, server.url)).reusedSocket).toBe(false);
  });

  test('every idle period gets the whole idle timeout: the timer armed for an earlier one re-arms, it does not close early', async () => {
    server = await TestServer.start({ protocol });
    agent = await makeAgent(protocol, { idleTimeout: 400 });
    await request(agent, server.url); // idle from here: its timer is due 400 ms later
    await sleep(200);
    expect((await request(agent, server.url)).reusedSocket).toBe(true);
    const released = Date.now(); // a second idle period: due ~400 ms from here, not ~200
    let closedAt = 0;
    agent.on('socketClosed', (m) => {
      if (m.reason === 'idle_timeout') closedAt = Date.now();
    });
    await sleep(300); // past the first period's deadline
    expect(closedAt).toBe(0);
    expect(agent.getStats().idle).toBe(1);
    await waitFor(() => closedAt > 0, 2000, 'the idle timeout of the second period');
    expect(closedAt - released).toBeGreaterThanOrEqual(350);
    expect(server.connections).toHaveLength(1);
  });

  test('with Keep-Alive: timeout=2 and no agent timeout, the agent closes the idle socket about 1 s before the server would', async () => {
    server = await TestServer.start({ protocol, keepAliveTimeout: 2000 });
    agent = await makeAgent(protocol);
    expect(agent.options.timeout).toBeUndefined();
    const reply = await request(agent, server.url);
    expect(reply.headers['keep-alive']).toBe('timeout=2');
    const released = Date.now();
    let closedAt = 0;
    let reason = '';
    agent.on('socketClosed', (m) => {
      closedAt = Date.now();
      reason = m.reason;
    });
    await waitFor(() => closedAt > 0, 4000, 'the agent to close the socket');
    expect(reason).toBe('idle_timeout'); // the agent closed it, not the server (that would be 'stale')
    const elapsed = closedAt - released;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(1700);
    expect(agent.getStats()).toMatchObject({ idle: 0, closed: expect.objectContaining({ idle_timeout: 1, stale: 0 }) });
  });

  test('a hint at or under the buffer means the socket is not pooled (idle_timeout)', async () => {
    server = await TestServer.start({ protocol, keepAliveTimeout: 1000 });
    agent = await makeAgent(protocol);
    await request(agent, server.url);
    await waitFor(() => agent.getStats().closed.idle_timeout === 1, 2000, 'the close');
    expect(agent.getStats().idle).toBe(0);
  });

  test('agentKeepAliveTimeoutBuffer sets the margin', async () => {
    server = await TestServer.start({ protocol, keepAliveTimeout: 2000 });
    agent = await makeAgent(protocol, { agentKeepAliveTimeoutBuffer: 1700 });
    await request(agent, server.url);
    const released = Date.now();
    await waitFor(() => agent.getStats().closed.idle_timeout === 1, 2000, 'the close');
    expect(Date.now() - released).toBeLessThan(800);
  });
});

describe("the Keep-Alive hint on Node's hand-over of a freed socket to a queued request", () => {
  test.each([
    ['timeout=0, the server closing after each response', 'timeout=0', true],
    ['timeout=0, the server leaving the connection open', 'timeout=0', false],
    ['timeout=1 (no time left after the 1 s buffer)', 'timeout=1', false],
  ])('%s: every queued request gets a new connection, none fails', async (_what, hint, fin) => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => {
      const id = sockets.push(s);
      s.on('error', () => undefined);
      s.on('data', (d) => {
        if (!d.includes('\r\n\r\n')) return;
        const reply = `HTTP/1.1 200 OK\r\nKeep-Alive: ${hint}\r\nContent-Length: 2\r\n\r\nc${id}`;
        if (fin) s.end(reply);
        else s.write(reply);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const agent = new HttpAgent({ maxSockets: 1 });
    try {
      const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
      const replies = await Promise.all([request(agent, url), request(agent, url), request(agent, url)]);
      expect(replies.map((r) => r.body)).toEqual(['c1', 'c2', 'c3']);
      expect(replies.every((r) => !r.reusedSocket)).toBe(true);
      expect(agent.getStats().closed.idle_timeout).toBeGreaterThanOrEqual(2);
    } finally {
      agent.destroy();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("Node's timeout as the binding idle limit", () => {
  test("an idle socket emits 'timeout' (Node's own timer closes it), never closed first by the pool's timer", async () => {
    const server = await TestServer.start();
    // 50 rounds of 5 sockets, each its own race between the two timers (lost by ~4 % of the
    // sockets when the pool's timer was armed for the same moment as Node's).
    const early: number[] = [];
    try {
      for (let round = 0; round < 50; round++) {
        const agent = new HttpAgent({ timeout: 50 });
        await Promise.all(
          Array.from({ length: 5 }, () => {
            return new Promise<void>((resolve, reject) => {
              http
                .get(server.url, { agent }, (res) => {
                  const socket = res.socket;
                  socket.once('free', () => {
                    let timedOut = false;
                    socket.once('timeout', () => (timedOut = true));
                    socket.once('close', () => {
                      if (!timedOut) early.push(round);
                      resolve();
                    });
                  });
                  res.resume();
                })
                .on('error', reject);
            });
          }),
        );
        expect(agent.getStats().closed.idle_timeout).toBe(5);
        agent.destroy();
      }
      expect(early).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
