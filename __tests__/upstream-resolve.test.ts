/**
 * Servers named by hostname with NGINX's `resolve` (issue #16, item 6), on real loopback
 * servers: 127.0.0.1, 127.0.0.2 and 127.0.0.3 on one port (Linux routes all of 127/8 to lo),
 * and an injected `lookup` (never real DNS) whose answer the test changes.
 */
import http from 'node:http';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { join } from 'node:path';
import { AgentClosedError, HttpAgent, NoLiveUpstreamError } from '../lib';
import { runNodeScript } from './helpers/child';
import { nextTurn, request, sleep, TestServer, waitFor } from './helpers/server';

const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'] as const;

/** Three servers, on 127.0.0.1, 127.0.0.2 and 127.0.0.3, all on one port. */
async function trio(): Promise<TestServer[]> {
  for (let attempt = 0; ; attempt++) {
    const started: TestServer[] = [await TestServer.start({ host: HOSTS[1] })];
    try {
      for (const host of [HOSTS[0], HOSTS[2]]) started.push(await TestServer.start({ host, port: started[0]!.port }));
      return [started[1]!, started[0]!, started[2]!];
    } catch (err) {
      await Promise.all(started.map((s) => s.close()));
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 10) throw err;
    }
  }
}

/** A `lookup` whose answer the test sets: addresses, an error, or none at all (it never calls back). */
class FakeDns {
  answer: readonly string[] | NodeJS.ErrnoException | 'silent' = [];
  /** Milliseconds before it answers. */
  delay = 0;
  readonly asked: { hostname: string; all: boolean | undefined }[] = [];
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    this.asked.push({ hostname, all: options.all });
    const answer = this.answer;
    if (answer === 'silent') return;
    setTimeout(() => {
      if (answer instanceof Error) callback(answer, []);
      else callback(null, answer.map((address) => ({ address, family: 4 })));
    }, this.delay);
  };
}

const notFound = (): NodeJS.ErrnoException => Object.assign(new Error('getaddrinfo ENOTFOUND backend.test'), { code: 'ENOTFOUND' });

describe('upstream servers with resolve', () => {
  let servers: TestServer[] = [];
  let agent: HttpAgent | undefined;
  let dns: FakeDns;
  let port = 0;
  beforeEach(async () => {
    servers = await trio();
    port = servers[0]!.port;
    dns = new FakeDns();
  });
  afterEach(async () => {
    agent?.destroy();
    agent = undefined;
    await Promise.all(servers.map((s) => s.close()));
  });
  const counts = (): number[] => servers.map((s) => s.requests.length);
  const make = (group: Record<string, unknown>, options: Record<string, unknown> = {}): HttpAgent =>
    (agent = new HttpAgent({ lookup: dns.lookup, ...options, upstreams: { api: { resolveInterval: 30, ...group } as never } }));
  const get = async (n: number, url = 'http://api/'): Promise<void> => {
    for (let i = 0; i < n; i++) expect((await request(agent!, url)).status).toBe(200);
  };

  test('each address is a peer with the server’s weight; the stats list the peers and the name’s addresses', async () => {
    dns.answer = ['127.0.0.1', '127.0.0.2'];
    make({ resolveInterval: 60_000, servers: [{ address: `backend.test:${port}`, resolve: true, weight: 2 }, { address: `127.0.0.3:${port}` }] });
    await get(10);
    expect(counts()).toEqual([4, 4, 2]);
    expect(servers.map((s) => s.connections.length)).toEqual([1, 1, 1]);
    expect(servers[0]!.requests[0]!.headers.host).toBe('api');
    expect(dns.asked).toEqual([{ hostname: 'backend.test', all: true }]);
    const [stats] = agent!.getStats().upstreams!;
    expect(stats!.peers.map((p) => [p.address, p.server, p.weight, p.requests, p.idle])).toEqual([
      [`127.0.0.1:${port}`, `backend.test:${port}`, 2, 4, 1],
      [`127.0.0.2:${port}`, `backend.test:${port}`, 2, 4, 1],
      [`127.0.0.3:${port}`, `127.0.0.3:${port}`, 1, 2, 1],
    ]);
    expect(stats!.resolved).toEqual([
      expect.objectContaining({ server: `backend.test:${port}`, addresses: [`127.0.0.1:${port}`, `127.0.0.2:${port}`], resolutions: 1, failures: 0, lastError: undefined }),
    ]);
  });

  test('an address removed: its idle connection is closed (the server sees it); a request on it completes, and its connection is not reused', async () => {
    dns.answer = [...HOSTS];
    make({ resolveInterval: 200, servers: [{ address: `backend.test:${port}`, resolve: true }] });
    await get(3);
    expect(counts()).toEqual([1, 1, 1]);
    let release: (() => void) | undefined;
    servers[2]!.handler = (_req, res) => (release = () => res.end('late'));
    await get(2);
    const held = request(agent!, 'http://api/');
    await waitFor(() => release !== undefined, 2000, 'the request on 127.0.0.3');

    dns.answer = ['127.0.0.1'];
    await waitFor(() => servers[1]!.open === 0, 2000, '127.0.0.2 to see its idle connection close');
    expect(servers[2]!.open).toBe(1); // in use: not closed under its request
    expect(agent!.getStats().closed.evicted).toBe(1);
    release!();
    expect((await held).body).toBe('late');
    await nextTurn();
    // Closed as soon as it was back in the pool, not at the next resolution.
    expect(agent!.getStats().origins[`http://127.0.0.3:${port}`]).toMatchObject({ active: 0, idle: 0, closed: expect.objectContaining({ evicted: 1 }) });
    await waitFor(() => servers[2]!.open === 0, 2000, '127.0.0.3 to see its connection close after the response');
    await get(4);
    expect(counts()).toEqual([6, 2, 2]);
    expect(servers.map((s) => s.connections.length)).toEqual([1, 1, 1]);
    const stats = agent!.getStats();
    expect(stats.closed.evicted).toBe(2);
    expect(stats.upstreams![0]!.peers.map((p) => p.address)).toEqual([`127.0.0.1:${port}`]);
    for (const host of HOSTS.slice(1)) expect(stats.origins[`http://${host}:${port}`]).toMatchObject({ active: 0, idle: 0 });
  });

  test('an address added gets traffic; the peer that stays keeps its connection and counters', async () => {
    dns.answer = ['127.0.0.1'];
    make({ servers: [{ address: `backend.test:${port}`, resolve: true }] });
    await get(3);
    dns.answer = ['127.0.0.1', '127.0.0.2'];
    await waitFor(() => agent!.getStats().upstreams![0]!.peers.length === 2, 2000, 'the new address');
    await get(4);
    expect(counts()).toEqual([5, 2, 0]);
    expect(servers[0]!.connections.length).toBe(1);
    expect(agent!.getStats().upstreams![0]!.peers.map((p) => p.requests)).toEqual([5, 2]);
  });

  test('a failed resolution keeps the addresses and their connections, and is in the stats', async () => {
    dns.answer = ['127.0.0.1', '127.0.0.2'];
    make({ servers: [{ address: `backend.test:${port}`, resolve: true }] });
    await get(2);
    dns.answer = notFound();
    await waitFor(() => agent!.getStats().upstreams![0]!.resolved![0]!.failures >= 2, 2000, 'failed resolutions');
    await get(4);
    expect(counts()).toEqual([3, 3, 0]);
    expect(servers.map((s) => s.connections.length)).toEqual([1, 1, 0]);
    const [resolved] = agent!.getStats().upstreams![0]!.resolved!;
    expect(resolved).toMatchObject({ addresses: [`127.0.0.1:${port}`, `127.0.0.2:${port}`], lastError: { code: 'ENOTFOUND' } });
    expect(resolved!.lastError!.at).toBeGreaterThan(resolved!.resolvedAt!);
  });

  test('a request made before the first answer waits for it; a name that never resolved fails the request with a NoLiveUpstreamError naming it', async () => {
    dns.answer = ['127.0.0.2'];
    dns.delay = 150;
    make({ servers: [{ address: `backend.test:${port}`, resolve: true }] });
    const started = performance.now();
    await get(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(counts()).toEqual([0, 1, 0]);
    agent!.destroy();

    dns.answer = notFound();
    dns.delay = 0;
    make({ servers: [{ address: `backend.test:${port}`, resolve: true }] });
    const err = (await request(agent!, 'http://api/').catch((e: unknown) => e)) as NoLiveUpstreamError;
    expect(err).toBeInstanceOf(NoLiveUpstreamError);
    expect(err.tried.map((t) => [t.address, (t.error as NodeJS.ErrnoException).code])).toEqual([[`backend.test:${port}`, 'ENOTFOUND']]);
  });

  test('a request aborted while it waits for the first answer closes, and nothing is sent', async () => {
    dns.answer = ['127.0.0.1'];
    dns.delay = 100;
    make({ servers: [{ address: `backend.test:${port}`, resolve: true }] });
    const req = http.request('http://api/', { agent: agent! });
    req.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => req.once('close', () => resolve()));
    req.end();
    req.destroy();
    await closed;
    await get(1);
    expect(counts()).toEqual([1, 0, 0]);
    expect(agent!.getStats().upstreams![0]!.peers[0]).toMatchObject({ picks: 1, active: 0 });
  });

  test('close() fails a request waiting for the first answer with an AgentClosedError, as a queued one', async () => {
    dns.answer = 'silent';
    make({ servers: [{ address: `backend.test:${port}`, resolve: true }] });
    const pending = request(agent!, 'http://api/').catch((e: unknown) => e);
    await sleep(20);
    await agent!.close();
    expect(await pending).toMatchObject({ code: 'ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED' });
    expect(counts()).toEqual([0, 0, 0]);
  });

  test('the wait for a first answer is bounded by connectTimeout', async () => {
    dns.answer = 'silent';
    make({ servers: [{ address: `backend.test:${port}`, resolve: true }, { address: `127.0.0.3:${port}`, down: true }] }, { connectTimeout: 150 });
    const started = performance.now();
    const err = (await request(agent!, 'http://api/').catch((e: unknown) => e)) as NoLiveUpstreamError;
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(err).toBeInstanceOf(NoLiveUpstreamError);
    expect(err.message).toContain(`backend.test:${port}`);
    expect(err.tried[0]!.error.message).toContain('not resolved yet');
  });

  test('a request waiting under maxConns takes an address that appears; one on a removed address is released harmlessly', async () => {
    dns.answer = ['127.0.0.1'];
    make({ servers: [{ address: `backend.test:${port}`, resolve: true, maxConns: 1 }] });
    let release: (() => void) | undefined;
    servers[0]!.handler = (_req, res) => (release = () => res.end('first'));
    const first = request(agent!, 'http://api/');
    await waitFor(() => release !== undefined, 2000, 'the first request');
    const second = request(agent!, 'http://api/');
    await sleep(40);
    expect(counts()).toEqual([1, 0, 0]); // waiting: 127.0.0.1 is at its maxConns
    dns.answer = ['127.0.0.2'];
    expect((await second).status).toBe(200);
    expect(counts()).toEqual([1, 1, 0]);
    release!();
    expect((await first).body).toBe('first');
    await waitFor(() => servers[0]!.open === 0, 2000, 'the removed address’s connection to close');
    expect(agent!.getStats().upstreams![0]!.peers.map((p) => [p.address, p.active])).toEqual([[`127.0.0.2:${port}`, 0]]);
  });

  test('destroy() stops the resolutions (a later request starts them again); close() stops them for good', async () => {
    dns.answer = ['127.0.0.1'];
    make({ resolveInterval: 15, servers: [{ address: `backend.test:${port}`, resolve: true }] });
    await get(1);
    await waitFor(() => dns.asked.length >= 3, 2000, 'resolutions');
    agent!.destroy();
    let n = dns.asked.length;
    await sleep(60);
    expect(dns.asked.length).toBe(n);
    await get(1);
    await waitFor(() => dns.asked.length >= n + 2, 2000, 'resolutions again');
    await agent!.close();
    n = dns.asked.length;
    expect(await request(agent!, 'http://api/').catch((e: unknown) => e)).toBeInstanceOf(AgentClosedError);
    await sleep(60);
    expect(dns.asked.length).toBe(n);
  });

  test('fromNginx: "server NAME:PORT resolve weight=2" beside an address, end to end', async () => {
    dns.answer = ['127.0.0.1', '127.0.0.2'];
    agent = HttpAgent.fromNginx(
      `upstream api {
         zone api 64k;
         server backend.test:${port} resolve weight=2;
         server 127.0.0.3:${port};
         keepalive 8;
       }`,
      { lookup: dns.lookup },
    );
    await get(10);
    expect(counts()).toEqual([4, 4, 2]);
    expect(servers.map((s) => s.connections.length)).toEqual([1, 1, 1]);
    expect(agent.getStats().upstreams![0]!.resolved![0]!.addresses).toEqual([`127.0.0.1:${port}`, `127.0.0.2:${port}`]);
  });
});

describe('the resolution timer', () => {
  test('does not keep the process alive', async () => {
    // The child loads lib/ from its TypeScript sources (transpiled as required), so that it
    // does not depend on dist/ being built.
    const script = `
      const fs = require('node:fs');
      const ts = require(${JSON.stringify(require.resolve('typescript'))});
      require.extensions['.ts'] = (m, file) => {
        const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
        m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file, compilerOptions: options }).outputText, file);
      };
      const { HttpAgent } = require(${JSON.stringify(join(__dirname, '..', 'lib', 'index.ts'))});
      let calls = 0;
      const lookup = (host, options, cb) => { calls++; setImmediate(() => cb(null, [{ address: '127.0.0.1', family: 4 }])); };
      new HttpAgent({ lookup, upstreams: { api: { resolveInterval: 20, servers: [{ address: 'backend.test:1', resolve: true }] } } });
      setTimeout(() => { process.stdout.write(JSON.stringify({ calls })); globalThis.printedAt = Date.now(); }, 150);
      process.on('exit', () => process.stderr.write(String(Date.now() - globalThis.printedAt)));
    `;
    const { code, stdout, stderr } = await runNodeScript(script);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { calls: number }).calls).toBeGreaterThanOrEqual(3);
    expect(Number(stderr)).toBeLessThan(100); // it exited right after its last timer of its own
  });
});
