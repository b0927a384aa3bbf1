import { type AnyAgent, makeAgent } from './helpers/agents';
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
