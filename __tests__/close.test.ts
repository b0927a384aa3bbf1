import { execFile } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
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

describe.each(PROTOCOLS)('%s: close({ timeout })', (protocol) => {
  test('bounds the wait on an upload blocked by a server that stopped reading: what is left is destroyed', async () => {
    const server = await TestServer.start({
      protocol,
      handler: (req) => req.pause(), // never reads the body, never answers
    });
    const agent = await makeAgent(protocol);
    try {
      const failed = new Promise<Error>((resolve) => {
        const client = protocol === 'https' ? https : http;
        const req = client.request(server.url, { agent, method: 'PUT', headers: { 'content-length': 64 * 1024 * 1024 } });
        req.on('error', resolve);
        const chunk = Buffer.alloc(1024 * 1024);
        const pump = (): void => {
          while (req.write(chunk));
        };
        req.on('drain', pump);
        pump();
      });
      await waitFor(() => server.requests.length === 1, 3000, 'the upload to start');
      const started = Date.now();
      await agent.close({ timeout: 300 });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(250);
      expect(took).toBeLessThan(3000);
      expect(await failed).toMatchObject({ message: expect.any(String) });
      const stats = agent.getStats();
      expect(stats.active).toBe(0);
      expect(stats.closed.agent_closed).toBe(1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  test('a later call shortens the deadline; a bad timeout is a typed error', async () => {
    let release: (() => void) | undefined;
    const server = await TestServer.start({ protocol, handler: (_req, res) => (release = () => res.end('late')) });
    const agent = await makeAgent(protocol);
    try {
      const inFlight = request(agent, server.url).catch((err: Error) => err);
      await waitFor(() => release !== undefined, 3000, 'the request to arrive');
      expect(() => agent.close({ timeout: -1 })).toThrow(expect.objectContaining({ code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION' }));
      expect(() => agent.close({ timeout: '5' as unknown as number })).toThrow(TypeError);
      const first = agent.close({ timeout: 10_000 });
      const started = Date.now();
      const second = agent.close({ timeout: 100 });
      expect(second).toBe(first);
      await second;
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await inFlight).toMatchObject({ message: expect.any(String) });
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
