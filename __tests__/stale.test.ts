import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, request, TestServer, waitFor } from './helpers/server';

describe.each(PROTOCOLS)('%s: an idle socket that receives data or EOF is closed (stale), like NGINX\'s MSG_PEEK check', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({ protocol });
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('bytes after a complete response', async () => {
    agent = await makeAgent(protocol);
    server.handler = (req, res, seen) => {
      res.end(`c${seen.connection}`);
      if (seen.index === 1) res.on('finish', () => setTimeout(() => req.socket.write('HTTP/1.1 200 OK\r\n\r\n'), 30));
    };
    await request(agent, server.url);
    await waitFor(() => agent.getStats().closed.stale === 1, 2000, 'the stale close');
    expect(agent.getStats().idle).toBe(0);
    const reply = await request(agent, server.url);
    expect(reply).toMatchObject({ status: 200, body: 'c2', reusedSocket: false });
  });

  test('EOF from the server while idle', async () => {
    agent = await makeAgent(protocol);
    server.handler = (req, res, seen) => {
      res.end(`c${seen.connection}`);
      if (seen.index === 1) res.on('finish', () => setTimeout(() => req.socket.end(), 30));
    };
    await request(agent, server.url);
    await waitFor(() => agent.getStats().closed.stale === 1, 2000, 'the stale close');
    const reply = await request(agent, server.url);
    expect(reply).toMatchObject({ status: 200, body: 'c2', reusedSocket: false });
    expect(agent.getStats().closed).toMatchObject({ stale: 1, error: 0 });
  });

  test('a response with Connection: close is not reused (server_close)', async () => {
    agent = await makeAgent(protocol);
    server.handler = (_req, res, seen) => {
      res.setHeader('Connection', 'close');
      res.end(`c${seen.connection}`);
    };
    await request(agent, server.url);
    await request(agent, server.url);
    await waitFor(() => agent.getStats().closed.server_close === 2, 2000, 'two server_close');
    expect(server.connections).toHaveLength(2);
  });
});
