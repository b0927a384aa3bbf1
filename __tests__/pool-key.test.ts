/**
 * The pool key (`getName()`): Node's agent asks for it three times per reused request (its
 * `addRequest`, its `'free'` listener, the `removeSocket` that listener calls). The last two
 * ask for the socket's own options, whose key Node made when it created the socket: ours
 * answers them with that key. An override of `getName` (a subclass, an instance property)
 * still decides every key.
 */
import http from 'node:http';
import https from 'node:https';
import { HttpAgent, type HttpAgentOptions, HttpsAgent } from '../lib';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { tlsMaterial } from './helpers/certs';
import { PROTOCOLS, type Protocol, request, TestServer } from './helpers/server';

/** Counts the calls of Node's own `getName` (the base class's) while `run` runs. */
async function countBaseGetName(protocol: Protocol, run: () => Promise<void>): Promise<number> {
  const proto = (protocol === 'https' ? https.Agent.prototype : http.Agent.prototype) as { getName: http.Agent['getName'] };
  const original = Object.getOwnPropertyDescriptor(proto, 'getName');
  const base = proto.getName;
  let calls = 0;
  proto.getName = function counted(this: http.Agent, options) {
    calls++;
    return base.call(this, options);
  };
  try {
    await run();
  } finally {
    if (original === undefined) delete (proto as { getName?: unknown }).getName;
    else Object.defineProperty(proto, 'getName', original);
  }
  return calls;
}

describe.each(PROTOCOLS)('%s: the pool key', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent | http.Agent | undefined;
  beforeEach(async () => {
    server = await TestServer.start({ protocol });
  });
  afterEach(async () => {
    agent?.destroy();
    agent = undefined;
    await server.close();
  });

  test("a reused request computes its key once (Node's agent: three times); the socket is pooled and reused under it", async () => {
    const ours = await makeAgent(protocol);
    agent = ours;
    await request(ours, server.url);
    const calls = await countBaseGetName(protocol, async () => {
      for (let i = 0; i < 5; i++) expect((await request(ours, server.url)).reusedSocket).toBe(true);
    });
    expect(calls).toBe(5);
    expect(server.connections).toHaveLength(1);
    expect(server.perConnection()).toEqual([6]);
    const [key] = Object.keys(ours.freeSockets);
    expect(key).toBe(ours.getName({ host: '127.0.0.1', port: server.port, ...(protocol === 'https' ? { ca: (await tlsMaterial()).cert } : {}) }));
    expect(ours.freeSockets[key!]).toHaveLength(1);
    expect(ours.getStats()).toMatchObject({ created: 1, reused: 5, idle: 1, active: 0 });

    // The same count on Node's own agent, as the reference (and a pin: if Node stops asking
    // in its 'free' listener and removeSocket, this is the line that moves).
    const options = protocol === 'https' ? { keepAlive: true, ca: (await tlsMaterial()).cert } : { keepAlive: true };
    const node = protocol === 'https' ? new https.Agent(options) : new http.Agent(options);
    try {
      await request(node, server.url);
      const nodeCalls = await countBaseGetName(protocol, async () => {
        for (let i = 0; i < 5; i++) await request(node, server.url);
      });
      expect(nodeCalls).toBe(15);
    } finally {
      node.destroy();
    }
  });

  test("a subclass's getName decides every key, on every path (take, release, removal)", async () => {
    // One class for both protocols (HttpsAgent takes the same options, TLS ones besides).
    const Base = (protocol === 'https' ? HttpsAgent : HttpAgent) as typeof HttpAgent;
    const seen: string[] = [];
    class Tenant extends Base {
      override getName(options?: http.ClientRequestArgs): string {
        const name = `${super.getName(options)}:tenant-a`;
        seen.push(name);
        return name;
      }
    }
    const ca = protocol === 'https' ? { ca: (await tlsMaterial()).cert } : {};
    const tenant = new Tenant(ca as HttpAgentOptions);
    agent = tenant;
    for (let i = 0; i < 4; i++) expect((await request(tenant, server.url)).reusedSocket).toBe(i > 0);
    expect(server.perConnection()).toEqual([4]);
    const keys = Object.keys(tenant.freeSockets);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/:tenant-a$/);
    expect(seen.every((name) => name === keys[0])).toBe(true);
    // Every ask reached the override: create (1) + per request addRequest, 'free', removeSocket (3 × 4).
    expect(seen.length).toBeGreaterThanOrEqual(13);
    expect(tenant.getStats()).toMatchObject({ created: 1, reused: 3, idle: 1 });
  });

  test('an instance that replaces getName after it was created keeps its key on every path', async () => {
    const ours = await makeAgent(protocol);
    agent = ours;
    const own = ours.getName.bind(ours);
    let calls = 0;
    await request(ours, server.url);
    ours.getName = (options) => {
      calls++;
      return `${own(options)}:b`;
    };
    // The first request under the new key opens a connection of its own; the next ones reuse it.
    for (let i = 0; i < 3; i++) expect((await request(ours, server.url)).reusedSocket).toBe(i > 0);
    expect(server.perConnection().sort()).toEqual([1, 3]);
    const keys = Object.keys(ours.freeSockets).sort();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(`${keys[0]}:b`);
    expect(ours.freeSockets[keys[1]!]).toHaveLength(1);
    expect(calls).toBeGreaterThanOrEqual(1 + 3 * 3);
  });
});
