import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, request, sleep, TestServer, waitFor } from './helpers/server';

describe.each(PROTOCOLS)('%s: close()', (protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  beforeEach(async () => {
    server = await TestServer.start({
      protocol,
      handler: (_req, res, seen) => setTimeout(() => res.end(`c${seen.connection}`), 100),
    });
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('during 10 requests in flight: all complete, no new socket, idle ones close now, the promise resolves when none is left', async () => {
    agent = await makeAgent(protocol, { maxSockets: 20 });
    // Two idle sockets first.
    await Promise.all([request(agent, server.url), request(agent, server.url)]);
    expect(agent.getStats().idle).toBe(2);
    const inFlight = Array.from({ length: 10 }, () => request(agent, server.url));
    await sleep(20);
    const created = agent.getStats().created;
    let resolved = false;
    const closing = agent.close().then(() => {
      resolved = true;
    });
    expect(agent.close()).toBe(agent.close()); // the same promise
    const replies = await Promise.all(inFlight);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    await closing;
    expect(resolved).toBe(true);
    const stats = agent.getStats();
    expect(stats.created).toBe(created);
    expect(stats).toMatchObject({ active: 0, idle: 0, queued: 0 });
    expect(stats.closed.agent_closed).toBe(stats.created);
    await waitFor(() => server.open === 0, 2000, 'the server to see every connection closed');
  });

  test('queued requests fail with AgentClosedError, new requests fail at once, and nothing reaches the server', async () => {
    agent = await makeAgent(protocol, { maxSockets: 1 });
    const running = request(agent, server.url);
    const queued = request(agent, server.url);
    await sleep(10);
    const closing = agent.close();
    await expect(queued).rejects.toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED', name: 'AgentClosedError' });
    await expect(request(agent, server.url)).rejects.toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED' });
    expect((await running).status).toBe(200);
    await closing;
    expect(server.requests).toHaveLength(1);
  });

  test('close() on an agent that never connected resolves at once', async () => {
    agent = await makeAgent(protocol);
    await expect(agent.close()).resolves.toBeUndefined();
  });
});

test('after close() with requests in flight, the process exits by itself', async () => {
  const script = `
    const http = require('node:http');
    const { HttpAgent } = require(${JSON.stringify(join(__dirname, '..', 'dist/cjs/index.js'))});
    const server = http.createServer((req, res) => setTimeout(() => res.end('ok'), 50));
    server.listen(0, '127.0.0.1', async () => {
      const agent = new HttpAgent();
      const url = 'http://127.0.0.1:' + server.address().port;
      let done = 0;
      for (let i = 0; i < 10; i++) http.get(url, { agent }, (res) => { res.resume(); res.on('end', () => done++); });
      setTimeout(async () => {
        await agent.close();
        server.close();
        process.on('exit', () => console.log('exit ' + done));
      }, 10);
    });`;
  const started = Date.now();
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  expect(out.trim()).toBe('exit 10');
  expect(Date.now() - started).toBeLessThan(5000);
});
