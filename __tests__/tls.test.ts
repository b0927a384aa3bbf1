import https from 'node:https';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { HttpsAgent } from '../lib';
import { tlsMaterial, untrustedMaterial } from './helpers/certs';
import { request, TestServer, waitFor } from './helpers/server';

type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

async function tlsServer(version?: TlsVersion): Promise<TestServer> {
  return TestServer.start({ protocol: 'https', tls: version ? { minVersion: version, maxVersion: version } : {} });
}

async function agentWith(options: ConstructorParameters<typeof HttpsAgent>[0] = {}): Promise<HttpsAgent> {
  return new HttpsAgent({ ca: (await tlsMaterial()).cert, ...options });
}

describe('HttpsAgent', () => {
  const servers: TestServer[] = [];
  const agents: https.Agent[] = [];
  afterEach(async () => {
    for (const a of agents.splice(0)) a.destroy();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function server(version?: TlsVersion): Promise<TestServer> {
    const s = await tlsServer(version);
    servers.push(s);
    return s;
  }
  async function agent(options: ConstructorParameters<typeof HttpsAgent>[0] = {}): Promise<HttpsAgent> {
    const a = await agentWith(options);
    agents.push(a);
    return a;
  }

  test('is a real https.Agent', async () => {
    const a = await agent();
    expect(a).toBeInstanceOf(https.Agent);
    expect(a.maxCachedSessions).toBe(100);
  });

  test.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: 19 of 20 new connections resume a session (maxRequestsPerSocket: 1)', async (version) => {
    const s = await server(version);
    const a = await agent({ maxRequestsPerSocket: 1, warmReplacement: false });
    for (let i = 0; i < 20; i++) expect((await request(a, s.url)).status).toBe(200);
    expect(s.connections).toHaveLength(20);
    expect(s.resumed).toBeGreaterThanOrEqual(19);
    expect(s.connections[0]!.resumed).toBe(false);
    const stats = a.getStats();
    expect(stats.tlsResumed).toBe(s.resumed);
    expect(stats.tlsFull).toBe(20 - s.resumed);
  });

  test('maxCachedSessions: 2 with origins H, C1, H, H, C2, H: the busy origin keeps its session (Node\'s agent loses it)', async () => {
    const [h, c1, c2] = [await server(), await server(), await server()];
    const pattern = [h, c1, h, h, c2, h];
    const ours = await agent({ maxCachedSessions: 2, maxRequestsPerSocket: 1, warmReplacement: false });
    const node = new https.Agent({ ca: (await tlsMaterial()).cert, maxCachedSessions: 2, keepAlive: false });
    agents.push(node);
    const lastResumed = async (a: https.Agent): Promise<boolean> => {
      for (const s of pattern) await request(a, s.url);
      return h.connections[h.connections.length - 1]!.resumed === true;
    };
    expect(await lastResumed(ours)).toBe(true);
    expect(ours.cachedSessionKeys).toHaveLength(2);
    expect(await lastResumed(node)).toBe(false);
  });

  test('maxCachedSessions: 0 never resumes', async () => {
    const s = await server();
    const a = await agent({ maxCachedSessions: 0, maxRequestsPerSocket: 1, warmReplacement: false });
    for (let i = 0; i < 5; i++) await request(a, s.url);
    expect(s.connections).toHaveLength(5);
    expect(s.resumed).toBe(0);
    expect(a.getStats()).toMatchObject({ tlsResumed: 0, tlsFull: 5 });
  });

  test.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: after the server rotates its ticket keys, the failed resumption falls back to a full handshake and the stale session is dropped', async (version) => {
    const s = await server(version);
    const a = await agent({ maxRequestsPerSocket: 1, warmReplacement: false });
    await request(a, s.url);
    await request(a, s.url);
    expect(s.connections[1]!.resumed).toBe(true);
    const [key] = a.cachedSessionKeys;
    const stale = a._getSession(key!);
    expect(stale).toBeDefined();
    (s.server as https.Server).setTicketKeys(randomBytes(48));
    const reply = await request(a, s.url); // offers the stale ticket
    expect(reply.status).toBe(200);
    expect(s.connections[2]!.resumed).toBe(false);
    expect(a._getSession(key!)).not.toBe(stale);
    const next = await request(a, s.url);
    expect(next.status).toBe(200);
    expect(s.connections[3]!.resumed).toBe(true);
  });

  test('a handshake that offered a session and failed drops that session', async () => {
    const first = await server('TLSv1.3');
    const a = await agent({ maxRequestsPerSocket: 1, warmReplacement: false });
    await request(a, first.url);
    expect(a.cachedSessionKeys).toHaveLength(1);
    const port = first.port;
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    // Same address, new server with a certificate the agent does not trust: the handshake fails.
    const second = await TestServer.start({ protocol: 'https', port, tls: { ...(await untrustedMaterial()) } });
    servers.push(second);
    await expect(request(a, second.url)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await waitFor(() => a.getStats().active === 0, 2000, 'the failed socket to close');
    expect(a.cachedSessionKeys).toHaveLength(0);
  });

  test('two hostnames on one address share neither sockets nor sessions (SNI)', async () => {
    const s = await server();
    const a = await agent();
    const get = (host: string) => request(a, s.url, { servername: host, headers: { host } });
    await get('a.test');
    await get('b.test');
    expect(s.connections.map((c) => c.servername)).toEqual(['a.test', 'b.test']);
    expect(s.connections.map((c) => c.resumed)).toEqual([false, false]);
    await get('a.test');
    await get('b.test');
    expect(s.connections).toHaveLength(2); // each reused its own socket
    expect(s.perConnection()).toEqual([2, 2]);
    expect(a.cachedSessionKeys).toHaveLength(2);
    expect(Object.keys(a.getStats().origins).sort()).toEqual([`https://a.test:${s.port}`, `https://b.test:${s.port}`]);
  });

  test('connectTimeout covers the TLS handshake: a server that accepts TCP but never answers TLS', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const a = await agent({ connectTimeout: 200 });
    const started = Date.now();
    try {
      await expect(request(a, `https://127.0.0.1:${port}/`)).rejects.toMatchObject({
        code: 'ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT',
        name: 'ConnectTimeoutError',
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(180);
      expect(Date.now() - started).toBeLessThan(2000);
      await waitFor(() => a.getStats().closed.error === 1, 2000, 'the close');
      expect(a.getStats()).toMatchObject({ active: 0, created: 1 });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
