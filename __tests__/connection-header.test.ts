import http from 'node:http';
import https from 'node:https';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { FaultServer, send } from './helpers/fault-server';
import { PROTOCOLS, request, TestServer } from './helpers/server';

describe.each(PROTOCOLS)('%s: stripConnectionClose (proxy_set_header Connection "")', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({ protocol });
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('a request with Connection: close and Keep-Alive is sent without them, and the connection is reused', async () => {
    agent = await makeAgent(protocol);
    for (let i = 0; i < 3; i++) {
      const reply = await request(agent, server.url, { headers: { Connection: 'close', 'Keep-Alive': 'timeout=1' } });
      expect(reply.status).toBe(200);
    }
    expect(server.perConnection()).toEqual([3]);
    for (const seen of server.requests) {
      expect(seen.headers.connection).toBe('keep-alive');
      expect(seen.headers['keep-alive']).toBeUndefined();
    }
  });

  test('with stripConnectionClose: false the header goes through and nothing is reused', async () => {
    agent = await makeAgent(protocol, { stripConnectionClose: false });
    for (let i = 0; i < 3; i++) await request(agent, server.url, { headers: { Connection: 'close' } });
    expect(server.perConnection()).toEqual([1, 1, 1]);
    expect(server.requests.map((r) => r.headers.connection)).toEqual(['close', 'close', 'close']);
    expect(agent.getStats().closed.server_close + agent.getStats().active).toBeGreaterThanOrEqual(2);
  });

  test('headers given as an array are already written by Node: they are left alone', async () => {
    agent = await makeAgent(protocol);
    await request(agent, server.url, { headers: ['Connection', 'close', 'Host', `127.0.0.1:${server.port}`] as unknown as Record<string, string> });
    expect(server.requests[0]!.headers.connection).toBe('close');
  });
});

/**
 * RFC 9110 §7.6.1: a proxy removes the fields its client's `Connection` header names, then the
 * header itself. Stripping `Connection: close, x-foo` must not let `X-Foo` (or `TE`) reach the
 * upstream as if it were an end-to-end field.
 */
describe.each(PROTOCOLS)('%s: stripConnectionClose removes the fields a stripped Connection header names', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({
      protocol,
      handler: (req, res, seen) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => res.end(`c${seen.connection}r${seen.index}:${Buffer.concat(chunks).toString()}`));
      },
    });
    agent = await makeAgent(protocol);
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('Connection: close, X-Foo, TE: X-Foo and TE are not sent, other fields are, and the connection is reused', async () => {
    for (let i = 0; i < 3; i++) {
      const headers = { Connection: 'close, X-Foo,TE', 'X-Foo': 'hop', TE: 'trailers', 'X-Bar': 'end-to-end' };
      expect((await request(agent, server.url, { headers })).status).toBe(200);
    }
    expect(server.perConnection()).toEqual([3]);
    for (const seen of server.requests) {
      expect({ connection: seen.headers.connection, foo: seen.headers['x-foo'], te: seen.headers.te, bar: seen.headers['x-bar'] }).toEqual({
        connection: 'keep-alive',
        foo: undefined,
        te: undefined,
        bar: 'end-to-end',
      });
    }
  });

  test('tokens in any case, in several Connection values', async () => {
    await request(agent, server.url, { headers: { Connection: ['x-one', 'CLOSE', 'X-Two'], 'X-One': '1', 'x-two': '2', 'X-Three': '3' } });
    const seen = server.requests[0]!.headers;
    expect({ connection: seen.connection, one: seen['x-one'], two: seen['x-two'], three: seen['x-three'] }).toEqual({
      connection: 'keep-alive',
      one: undefined,
      two: undefined,
      three: '3',
    });
  });

  test('Host and Content-Length are kept although named: the request and its body arrive whole', async () => {
    const reply = await request(
      agent,
      server.url,
      { method: 'POST', headers: { Connection: 'close, Host, Content-Length, X-Foo', 'Content-Length': '5', 'X-Foo': 'hop' } },
      'hello',
    );
    expect(reply.body).toBe('c1r1:hello');
    const seen = server.requests[0]!.headers;
    expect({ host: seen.host, length: seen['content-length'], foo: seen['x-foo'], connection: seen.connection }).toEqual({
      host: `127.0.0.1:${server.port}`,
      length: '5',
      foo: undefined,
      connection: 'keep-alive',
    });
  });

  test('headers set after http.request() (as superagent does): a named field set before or after the Connection header is not sent', async () => {
    const client = protocol === 'https' ? https : http;
    await new Promise<void>((resolve, reject) => {
      const req = client.request(server.url, { agent });
      req.setHeader('X-Before', 'hop');
      req.setHeader('Connection', 'close, x-before, X-After');
      req.setHeader('X-After', 'hop');
      req.setHeader('X-Other', 'end-to-end');
      req.on('response', (res: http.IncomingMessage) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    const seen = server.requests[0]!.headers;
    expect({ connection: seen.connection, before: seen['x-before'], after: seen['x-after'], other: seen['x-other'] }).toEqual({
      connection: 'keep-alive',
      before: undefined,
      after: undefined,
      other: 'end-to-end',
    });
  });

  test('a Connection header without close is the caller\'s: kept, with the fields it names', async () => {
    await request(agent, server.url, { headers: { Connection: 'x-foo', 'X-Foo': 'hop' } });
    await request(agent, server.url);
    const seen = server.requests[0]!.headers;
    expect({ connection: seen.connection, foo: seen['x-foo'] }).toEqual({ connection: 'x-foo', foo: 'hop' });
    expect(server.perConnection()).toEqual([2]);
  });

  test('with stripConnectionClose: false nothing is removed', async () => {
    const plain = await makeAgent(protocol, { stripConnectionClose: false });
    try {
      await request(plain, server.url, { headers: { Connection: 'close, x-foo', 'X-Foo': 'hop' } });
      const seen = server.requests[0]!.headers;
      expect({ connection: seen.connection, foo: seen['x-foo'] }).toEqual({ connection: 'close, x-foo', foo: 'hop' });
    } finally {
      plain.destroy();
    }
  });
});

describe('stripConnectionClose leaves an upgrade request whole', () => {
  test('Connection: close, Upgrade, X-Foo with Upgrade: the server receives all three', async () => {
    const server = await FaultServer.start();
    const agent = await makeAgent('http');
    try {
      const o = await send(agent, `${server.url}/upgrade`, { headers: { Connection: 'close, Upgrade, X-Foo', Upgrade: 'echo', 'X-Foo': 'hop' }, upgrade: true });
      expect(o.kind).toBe('upgrade');
      const seen = server.requests[0]!.headers;
      expect({ connection: seen.connection, upgrade: seen.upgrade, foo: seen['x-foo'] }).toEqual({ connection: 'close, Upgrade, X-Foo', upgrade: 'echo', foo: 'hop' });
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
