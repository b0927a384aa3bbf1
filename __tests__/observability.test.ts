import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import https from 'node:https';
import { CHANNEL_NAMES, CLOSE_REASONS, type CloseReason } from '../lib';
import { makeAgent } from './helpers/agents';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

describe.each(PROTOCOLS)('%s: stats and diagnostics', (protocol) => {
  test('after a run with every close reason, created = closed + open, and every channel fired with its payload', async () => {
    const messages = new Map<string, Array<Record<string, unknown>>>();
    const subscribers = Object.values(CHANNEL_NAMES).map((name) => {
      const fn = (m: unknown): void => {
        if (!messages.has(name)) messages.set(name, []);
        messages.get(name)!.push(m as Record<string, unknown>);
      };
      diagnosticsChannel.subscribe(name, fn);
      return { name, fn };
    });

    const server = await TestServer.start({ protocol });
    server.handler = (req, res, seen) => {
      const u = new URL(req.url ?? '/', 'http://x');
      switch (u.pathname) {
        case '/close':
          res.setHeader('Connection', 'close');
          res.end('bye');
          break;
        case '/eof-later':
          res.end('ok');
          res.on('finish', () => setTimeout(() => req.socket.end(), 20));
          break;
        case '/reset':
          res.write('partial');
          setTimeout(() => req.socket.destroy(), 10);
          break;
        case '/big':
          res.write(Buffer.alloc(64 * 1024));
          setTimeout(() => res.end(), 200);
          break;
        case '/slow':
          setTimeout(() => res.end('slow'), Number(u.searchParams.get('ms') ?? 100));
          break;
        default:
          res.end(`c${seen.connection}`);
      }
    };
    const agent = await makeAgent(protocol, {
      maxRequestsPerSocket: 2,
      limitJitter: 0,
      maxIdleSockets: 2,
      idleTimeout: 150,
      maxSockets: 1,
      maxQueuedRequests: 1,
      queueTimeout: 5000,
    });
    const lifetimeAgent = await makeAgent(protocol, { maxSocketLifetime: 100, limitJitter: 0 });
    const client = protocol === 'https' ? https : http;
    try {
      // max_requests: two requests on one socket.
      await request(agent, `${server.url}/a`);
      await request(agent, `${server.url}/b`);
      // server_close
      await request(agent, `${server.url}/close`);
      // stale: the server ends an idle connection
      await request(agent, `${server.url}/eof-later`);
      await waitFor(() => agent.getStats().closed.stale === 1, 2000, 'stale');
      // error: the server resets mid-response
      await expect(request(agent, `${server.url}/reset`)).rejects.toBeTruthy();
      await waitFor(() => agent.getStats().active === 0, 2000, 'the reset socket to close');
      // not_reusable: the client gives up on a response mid-body
      await new Promise<void>((resolve) => {
        const req = client.get(`${server.url}/big`, { agent, ca: undefined }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', () => undefined);
      });
      await waitFor(() => agent.getStats().active === 0, 2000, 'the aborted socket to close');
      // queue: one waits (queued, dequeued), one is rejected at once
      const running = request(agent, `${server.url}/slow?ms=80`);
      const waiting = request(agent, `${server.url}/`);
      await expect(request(agent, `${server.url}/`)).rejects.toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL' });
      await Promise.all([running, waiting]);
      // idle_timeout: one request, then the socket sits idle
      await request(agent, `${server.url}/`);
      await waitFor(() => agent.getStats().closed.idle_timeout >= 1, 2000, 'idle_timeout');
      // evicted: three idle sockets into a pool of two, with maxSockets raised
      agent.maxSockets = 3;
      await Promise.all([1, 2, 3].map((i) => request(agent, `${server.url}/slow?ms=${20 * i}`)));
      expect(agent.getStats().closed.evicted).toBeGreaterThanOrEqual(1);
      // max_lifetime on the other agent
      await request(lifetimeAgent, `${server.url}/slow?ms=150`);
      await waitFor(() => lifetimeAgent.getStats().closed.max_lifetime === 1, 2000, 'max_lifetime');
      // agent_closed: an idle socket when the agent closes
      await request(agent, `${server.url}/`);
      await agent.close();

      const stats = agent.getStats();
      const all: Record<CloseReason, number> = { ...stats.closed };
      all.max_lifetime += lifetimeAgent.getStats().closed.max_lifetime;
      for (const reason of CLOSE_REASONS) expect([reason, all[reason]]).toEqual([reason, expect.any(Number)]);
      for (const reason of CLOSE_REASONS) expect({ reason, seen: all[reason] > 0 }).toEqual({ reason, seen: true });
      const closedSum = Object.values(stats.closed).reduce((a, b) => a + b, 0);
      expect(stats.created).toBe(closedSum + stats.active + stats.idle);
      expect(stats).toMatchObject({ active: 0, idle: 0, queued: 0, connecting: 0 });
      const other = lifetimeAgent.getStats();
      expect(other.created).toBe(Object.values(other.closed).reduce((a, b) => a + b, 0) + other.active + other.idle);
      // The per-origin figures add up to the totals.
      const origins = Object.values(stats.origins);
      expect(origins.reduce((n, o) => n + o.created, 0)).toBe(stats.created);
      expect(origins.reduce((n, o) => n + o.requests, 0)).toBe(stats.requests);

      await sleep(10);
      const origin = new URL(server.url).origin;
      const created = messages.get(CHANNEL_NAMES.socketCreated)!.filter((m) => m.agent === agent);
      expect(created).toHaveLength(stats.created);
      expect(created[0]).toMatchObject({ agent, origin, socket: expect.anything() });
      const reused = messages.get(CHANNEL_NAMES.socketReused)!.filter((m) => m.agent === agent);
      expect(reused).toHaveLength(stats.reused);
      expect(reused[0]).toMatchObject({ origin, requests: 2, request: expect.any(http.ClientRequest) });
      const closed = messages.get(CHANNEL_NAMES.socketClosed)!.filter((m) => m.agent === agent);
      expect(closed).toHaveLength(closedSum);
      for (const m of closed) {
        expect(CLOSE_REASONS).toContain(m.reason);
        expect(m).toMatchObject({ origin, requests: expect.any(Number), age: expect.any(Number) });
      }
      const queued = messages.get(CHANNEL_NAMES.requestQueued)!.filter((m) => m.agent === agent);
      expect(queued[0]).toMatchObject({ origin, queued: 1, request: expect.any(http.ClientRequest) });
      const dequeued = messages.get(CHANNEL_NAMES.requestDequeued)!.filter((m) => m.agent === agent);
      expect(dequeued[0]).toMatchObject({ origin, waited: expect.any(Number) });
      expect(dequeued[0]!.waited as number).toBeGreaterThan(0);
      const rejected = messages.get(CHANNEL_NAMES.requestRejected)!.filter((m) => m.agent === agent);
      expect(rejected[0]).toMatchObject({ origin, reason: 'queue_full', waited: 0, error: expect.objectContaining({ code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL' }) });
    } finally {
      for (const { name, fn } of subscribers) diagnosticsChannel.unsubscribe(name, fn);
      agent.destroy();
      lifetimeAgent.destroy();
      await server.close();
    }
  });
});
