import http from 'node:http';
import https from 'node:https';
import { type AnyAgent, makeAgent, originKey } from './helpers/agents';
import { PROTOCOLS, request, TestServer, waitFor } from './helpers/server';

describe.each(PROTOCOLS)('%s: HttpAgent basics', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({ protocol });
  });
  afterEach(async () => {
    agent?.destroy();
    await server.close();
  });

  test('with no options it is an http.Agent that reuses one connection for sequential requests', async () => {
    agent = await makeAgent(protocol);
    expect(agent).toBeInstanceOf(http.Agent);
    if (protocol === 'https') expect(agent).toBeInstanceOf(https.Agent);
    expect(agent.keepAlive).toBe(true);
    for (let i = 1; i <= 10; i++) {
      const reply = await request(agent, `${server.url}/${i}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toBe(`c1r${i}`);
      expect(reply.reusedSocket).toBe(i > 1);
    }
    expect(server.connections).toHaveLength(1);
    expect(server.perConnection()).toEqual([10]);
    const stats = agent.getStats();
    expect(stats).toMatchObject({ created: 1, reused: 9, requests: 10, active: 0, idle: 1 });
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
    expect(Object.keys(stats.origins)).toEqual([originKey(server)]);
    if (protocol === 'https') expect(stats).toMatchObject({ tlsFull: 1, tlsResumed: 0 });
    else expect(stats).not.toHaveProperty('tlsFull');
    for (const r of server.requests) expect(r.headers.connection).toBe('keep-alive');
  });

  test('destroy() closes idle sockets with reason agent_closed', async () => {
    agent = await makeAgent(protocol);
    await request(agent, server.url);
    agent.destroy();
    await waitFor(() => agent.getStats().closed.agent_closed === 1);
    expect(agent.getStats()).toMatchObject({ idle: 0, active: 0, created: 1 });
  });
});
