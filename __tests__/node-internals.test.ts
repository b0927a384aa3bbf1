/**
 * Pins the behaviours of Node's agent that upstream-keepalive relies on. If a Node upgrade
 * changes one of them, this file fails first and names it.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { HttpAgent, HttpsAgent } from '../lib';
import { tlsMaterial } from './helpers/certs';
import { PROTOCOLS, request, TestServer, waitFor } from './helpers/server';

describe("Node's agent internals we rely on", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await TestServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  test('addRequest asks getName for the pool key before it takes a free socket (our take-time check runs there)', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const events: string[] = [];
    const getName = agent.getName.bind(agent);
    agent.getName = (o) => {
      events.push(`getName free=${agent.freeSockets[getName(o)]?.length ?? 0}`);
      return getName(o);
    };
    const reuse = agent.reuseSocket.bind(agent);
    agent.reuseSocket = (s, r) => {
      events.push('reuseSocket');
      reuse(s, r);
    };
    await request(agent, server.url);
    events.length = 0;
    await request(agent, server.url);
    expect(events.slice(0, 2)).toEqual(['getName free=1', 'reuseSocket']);
    agent.destroy();
  });

  test("createSocket passes the pool key to createConnection as options._agentKey", async () => {
    const agent = new http.Agent({ keepAlive: true });
    let key: unknown;
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (o, cb) => {
      key = (o as { _agentKey?: string })._agentKey;
      return create(o, cb);
    };
    await request(agent, server.url);
    expect(key).toBe(`127.0.0.1:${server.port}:`);
    agent.destroy();
  });

  test("'free' is emitted with socket._httpMessage still the completed request", async () => {
    const agent = new http.Agent({ keepAlive: true });
    let seen: unknown = 'not emitted';
    agent.prependListener('free', (socket: Socket & { _httpMessage?: unknown }) => {
      seen = socket._httpMessage;
    });
    const req = http.get(server.url, { agent }, (res) => res.resume());
    await new Promise((r) => req.on('close', r));
    await new Promise((r) => setImmediate(r));
    expect(seen).toBe(req);
    agent.destroy();
  });

  test("destroy() then 'agentRemove' takes an idle socket out of freeSockets at once", async () => {
    const agent = new http.Agent({ keepAlive: true });
    await request(agent, server.url);
    const name = `127.0.0.1:${server.port}:`;
    const socket = agent.freeSockets[name]![0]!;
    socket.destroy();
    socket.emit('agentRemove');
    expect(agent.freeSockets[name]).toBeUndefined();
    expect((agent as unknown as { totalSocketCount: number }).totalSocketCount).toBe(0);
    agent.destroy();
  });

  test('a freed socket is handed to a queued request without keepSocketAlive or reuseSocket (why we prepend a free listener)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const calls: string[] = [];
    const keep = agent.keepSocketAlive.bind(agent);
    agent.keepSocketAlive = (s) => {
      calls.push('keepSocketAlive');
      return keep(s);
    };
    const reuse = agent.reuseSocket.bind(agent);
    agent.reuseSocket = (s, r) => {
      calls.push('reuseSocket');
      reuse(s, r);
    };
    await Promise.all([request(agent, server.url), request(agent, server.url)]);
    expect(server.perConnection()).toEqual([2]);
    expect(calls).toEqual(['keepSocketAlive']); // only after the second, when nothing is queued
    agent.destroy();
  });

  test("a request's _header, _contentLength and chunkedEncoding, and the socket's bytesWritten, tell how much of it went out", async () => {
    const agent = new http.Agent({ keepAlive: true });
    const seen: Array<{ head: number; declared: unknown; chunked: boolean; finished: boolean; written: number }> = [];
    const dispatched: number[] = [];
    agent.prependListener('free', (socket: Socket & { _httpMessage?: Record<string, unknown> }) => {
      const req = socket._httpMessage!;
      seen.push({
        head: Buffer.byteLength(req._header as string, 'latin1'),
        declared: req._contentLength,
        chunked: req.chunkedEncoding as boolean,
        finished: req.finished as boolean,
        written: socket.bytesWritten,
      });
      // What the pool reads instead of bytesWritten (which copies the write buffer).
      dispatched.push((socket as Socket & { _bytesDispatched: number })._bytesDispatched + socket.writableLength);
    });
    await request(agent, server.url, { method: 'PUT', headers: { 'content-length': 5 } }, 'abcde');
    await request(agent, server.url, { method: 'POST' }, 'xyz'); // end(chunk): Node computes the length
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ declared: 5, chunked: false, finished: true });
    expect(seen[0]!.written).toBe(seen[0]!.head + 5);
    expect(seen[1]).toMatchObject({ declared: 3, chunked: false, finished: true });
    expect(seen[1]!.written - seen[0]!.written).toBe(seen[1]!.head + 3);
    expect(dispatched).toEqual(seen.map((x) => x.written));
    agent.destroy();
  });

  test('keepSocketAlive returns a boolean and sets the socket timeout; removeSocket runs on close and on agentRemove', async () => {
    const agent = new http.Agent({ keepAlive: true, timeout: 1234 });
    const removed: string[] = [];
    const remove = agent.removeSocket.bind(agent);
    agent.removeSocket = (s, o) => {
      removed.push(s.destroyed ? 'destroyed' : 'open');
      remove(s, o);
    };
    let kept: unknown;
    const keep = agent.keepSocketAlive.bind(agent);
    agent.keepSocketAlive = (s) => {
      kept = keep(s);
      return kept as boolean;
    };
    await request(agent, server.url);
    expect(kept).toBe(true);
    const name = `127.0.0.1:${server.port}:`;
    const socket = agent.freeSockets[name]![0]! as Socket & { timeout?: number };
    expect(socket.timeout).toBe(1234);
    expect(removed).toEqual(['open']); // moving to the free list
    socket.destroy();
    socket.emit('agentRemove');
    expect(removed).toEqual(['open', 'destroyed']);
    agent.destroy();
  });

  // The Node adapter's operations (lib/node-agent/node-adapter.ts), each on Node's own agent.

  test('with zero socket limits and no free list in sight, addRequest queues the request (the validation turn)', async () => {
    const agent = new http.Agent({ keepAlive: true });
    await request(agent, server.url);
    const name = `127.0.0.1:${server.port}:`;
    const free = agent.freeSockets[name]!;
    delete (agent.freeSockets as NodeJS.Dict<unknown>)[name];
    agent.maxSockets = 0;
    agent.maxTotalSockets = 0;
    const req = http.get(server.url, { agent }, (res) => res.resume());
    expect(agent.requests[name]).toEqual([req]);
    agent.maxSockets = Infinity;
    agent.maxTotalSockets = Infinity;
    (agent.freeSockets as NodeJS.Dict<unknown>)[name] = free;
    // Node's own hand-over of a freed socket to the head of the queue.
    const socket = free.pop()!;
    ((agent.sockets as NodeJS.Dict<unknown[]>)[name] ??= []).push(socket);
    delete (agent.freeSockets as NodeJS.Dict<unknown>)[name];
    agent.reuseSocket(socket, req);
    socket.emit('free');
    expect(agent.requests[name]).toBeUndefined();
    await new Promise((r) => req.on('close', r));
    expect(server.perConnection()).toEqual([2]);
    agent.destroy();
  });

  test('lowered socket limits are read by addRequest after getName', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const getName = agent.getName.bind(agent);
    agent.getName = (o) => {
      agent.maxSockets = 0; // as the pool does for connections still pending
      return getName(o);
    };
    const req = http.get(server.url, { agent }, (res) => res.resume());
    expect(Object.values(agent.requests)[0]).toEqual([req]);
    agent.getName = getName;
    agent.maxSockets = 2;
    req.destroy();
    agent.destroy();
  });

  test("a socket whose _httpMessage shows a kept-alive exchange is pooled by Node's 'free' listener", async () => {
    const agent = new http.Agent({ keepAlive: true });
    await request(agent, server.url);
    const name = `127.0.0.1:${server.port}:`;
    const socket = agent.freeSockets[name]![0]! as Socket & { _httpMessage?: unknown };
    agent.reuseSocket(socket, {} as http.ClientRequest);
    delete (agent.freeSockets as NodeJS.Dict<unknown>)[name];
    ((agent.sockets as NodeJS.Dict<unknown[]>)[name] ??= []).push(socket);
    socket._httpMessage = { shouldKeepAlive: true, res: null };
    socket.emit('free');
    expect(agent.freeSockets[name]).toEqual([socket]);
    agent.destroy();
  });

  test("req.onSocket(null, err) fails a request that has no socket: its 'error', then 'close'", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 0 });
    agent.maxSockets = 0;
    const req = http.get(server.url, { agent });
    const events: string[] = [];
    req.on('error', (e) => events.push(`error ${e.message}`));
    req.on('close', () => events.push('close'));
    (req as unknown as { onSocket(s: null, e: Error): void }).onSocket(null, new Error('no'));
    await new Promise((r) => req.on('close', r));
    expect(events).toEqual(['error no', 'close']);
    agent.destroy();
  });

  test("NODE_GUARDS_FREE_SOCKETS says whether Node's agent itself destroys a free socket that receives bytes", async () => {
    const { NODE_GUARDS_FREE_SOCKETS } = await import('../lib/node-agent/node-internals');
    server.server.removeAllListeners('request');
    server.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      res.end('ok');
      res.on('finish', () => setTimeout(() => req.socket.write('HTTP/1.1 200 OK\r\n\r\n'), 30));
    });
    const agent = new http.Agent({ keepAlive: true });
    await request(agent, server.url);
    const name = `127.0.0.1:${server.port}:`;
    const socket = agent.freeSockets[name]![0]!;
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.destroyed).toBe(NODE_GUARDS_FREE_SOCKETS);
    agent.destroy();
  });

  test("a warm replacement gets Node's socket fields in the order a request gives them (one hidden class for every socket)", async () => {
    const agent = new HttpAgent({ maxRequestsPerSocket: 2, limitJitter: 0 });
    const name = `127.0.0.1:${server.port}:`;
    await request(agent, server.url);
    const cold = agent.freeSockets[name]![0]!;
    const coldKeys = Object.keys(cold);
    await request(agent, server.url); // its last request: a warm replacement is opened
    await new Promise((r) => setTimeout(r, 100));
    const warm = agent.freeSockets[name]![0]!;
    expect(warm).not.toBe(cold);
    expect(agent.getStats().warm.opened).toBe(1);
    // Node adds `parser` and `_httpMessage` to a socket when it carries a request; their order
    // differs between Node lines, and a socket that never carried one gets them in the same order.
    expect(coldKeys.indexOf('parser')).toBeGreaterThanOrEqual(0);
    expect(Object.keys(warm)).toEqual(coldKeys);
    agent.destroy();
  });

  test("Node's Agent constructor installs one 'free' listener; ours chains it, so the agent keeps exactly one", () => {
    // Pinned: chainFreeListener replaces Node's own listener only when it is the only one.
    expect(new http.Agent().rawListeners('free')).toHaveLength(1);
    expect(new https.Agent().rawListeners('free')).toHaveLength(1);
    for (const agent of [new HttpAgent(), new HttpsAgent()]) {
      const listeners = agent.rawListeners('free');
      expect(listeners).toHaveLength(1);
      expect(listeners[0]!.name).toBe('onFree');
      agent.destroy();
    }
  });
});

describe.each(PROTOCOLS)("%s: a socket's handle reads through its onread (swapped for the idle guard where Node's agent has none)", (protocol) => {
  test("the handle calls onread with itself as this and the bytes already counted; an assigned onread replaces Node's", async () => {
    const server = await TestServer.start({ protocol });
    server.handler = (req, res) => {
      res.end('ok');
      res.on('finish', () => setTimeout(() => req.socket.write('HTTP/1.1 200 OK\r\n\r\n'), 30));
    };
    // Node's own agent: the free socket as Node leaves it, its handle's callback wrapped by a spy.
    const agent = protocol === 'http' ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true, ca: (await tlsMaterial()).cert });
    try {
      await request(agent, server.url);
      const socket = Object.values(agent.freeSockets)[0]![0]! as Socket & { _handle: { onread: (this: unknown, b?: ArrayBuffer) => unknown } };
      const handle = socket._handle;
      const original = handle.onread;
      expect(typeof original).toBe('function');
      const before = socket.bytesRead;
      const calls: Array<{ self: boolean; counted: boolean }> = [];
      handle.onread = function spy(this: unknown, buffer?: ArrayBuffer) {
        calls.push({ self: this === handle, counted: socket.bytesRead > before });
        return original.call(this, buffer);
      };
      expect(handle.onread.name).toBe('spy');
      await waitFor(() => calls.length > 0, 2000, 'a read on the idle socket');
      expect(calls[0]).toEqual({ self: true, counted: true });
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
