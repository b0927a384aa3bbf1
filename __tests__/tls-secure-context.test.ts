/**
 * What HttpsAgent gives a new TLS connection once rather than per connection. One TLS secure
 * context per pool key, given to every connection of that key (Node's tls.connect() would make
 * a new one per connection), as NGINX has one SSL_CTX per upstream TLS configuration; a caller's
 * own `secureContext` is used as given. And the cached session, decoded once per connection:
 * tls.connect() given it decodes it twice (the server certificate inside parsed each time, about
 * 0.1 ms with Node 20's OpenSSL 3.0); the agent sets it after tls.connect() returns, before the
 * handshake starts, and the test pins that a session set then is still offered.
 */
import https from 'node:https';
import tls from 'node:tls';
import { HttpsAgent } from '../lib';
import { tlsMaterial } from './helpers/certs';
import { countSecureContexts } from './helpers/secure-contexts';
import { request, TestServer, waitFor } from './helpers/server';
import { countSessionDecodings } from './helpers/session-decodings';

describe('HttpsAgent: one secure context per pool key, a session decoded once per connection', () => {
  let server: TestServer;
  let agent: https.Agent | undefined;
  beforeEach(async () => {
    server = await TestServer.start({ protocol: 'https' });
  });
  afterEach(async () => {
    agent?.destroy();
    agent = undefined;
    await server.close();
  });

  test('renewed connections share the context made for the first one; Node makes one per connection', async () => {
    const { cert } = await tlsMaterial();
    const ours = new HttpsAgent({ ca: cert, maxRequestsPerSocket: 2, warmReplacement: false });
    agent = ours;
    const made = await countSecureContexts(async () => {
      for (let i = 0; i < 6; i++) expect((await request(ours, server.url)).status).toBe(200);
    });
    expect(server.perConnection()).toEqual([2, 2, 2]);
    expect(made).toBe(1);
    await waitFor(() => ours.getStats().closed.max_requests === 3);

    const node = new https.Agent({ ca: cert, keepAlive: false });
    try {
      const byNode = await countSecureContexts(async () => {
        for (let i = 0; i < 3; i++) expect((await request(node, server.url)).status).toBe(200);
      });
      expect(byNode).toBe(3); // the reference, and a pin of what tls.connect() does without a context
    } finally {
      node.destroy();
    }
  });

  test('a warm replacement gets the same context', async () => {
    const { cert } = await tlsMaterial();
    const ours = new HttpsAgent({ ca: cert, maxRequestsPerSocket: 3 });
    agent = ours;
    const made = await countSecureContexts(async () => {
      for (let i = 0; i < 9; i++) expect((await request(ours, server.url)).status).toBe(200);
    });
    expect(made).toBe(1);
    expect(ours.getStats().warm.opened).toBeGreaterThanOrEqual(2);
    expect(server.connections.length).toBeGreaterThanOrEqual(3);
  });

  test("a caller's secureContext is used as given, and no context is made", async () => {
    const { cert } = await tlsMaterial();
    const own = tls.createSecureContext({ ca: cert });
    const ours = new HttpsAgent({ secureContext: own, maxRequestsPerSocket: 1, warmReplacement: false });
    agent = ours;
    const made = await countSecureContexts(async () => {
      for (let i = 0; i < 3; i++) expect((await request(ours, server.url)).status).toBe(200);
    });
    expect(made).toBe(0);
    expect(server.connections).toHaveLength(3);
  });

  test('options that shape a context but not the pool key get contexts of their own', async () => {
    const { cert } = await tlsMaterial();
    const ours = new HttpsAgent({ ca: cert, maxRequestsPerSocket: 1, warmReplacement: false });
    agent = ours;
    const made = await countSecureContexts(async () => {
      for (const sigalgs of ['RSA-PSS+SHA256:ECDSA+SHA256:RSA+SHA256', 'ECDSA+SHA256:RSA-PSS+SHA256:RSA+SHA256', 'RSA-PSS+SHA256:ECDSA+SHA256:RSA+SHA256']) {
        expect((await request(ours, server.url, { sigalgs })).status).toBe(200);
      }
    });
    expect(made).toBe(2);
  });

  test('a context that cannot be made fails the request as it fails with Node’s agent', async () => {
    const outcome = (a: https.Agent) =>
      new Promise<string>((resolve) => {
        try {
          const req = https.request(server.url, { agent: a, key: 'not a key', cert: 'not a cert' }, (res) => {
            res.resume();
            resolve('response');
          });
          req.on('error', (err: NodeJS.ErrnoException) => resolve(`error ${err.code ?? err.message}`));
          req.end();
        } catch (err) {
          resolve(`thrown ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
      });
    const node = new https.Agent({ keepAlive: true });
    const ours = new HttpsAgent();
    agent = ours;
    try {
      const expected = await outcome(node);
      expect(expected).not.toBe('response');
      expect(await outcome(ours)).toBe(expected);
    } finally {
      node.destroy();
    }
  });

  test('each resumed connection decodes its session once (Node: twice) and resumes', async () => {
    const { cert } = await tlsMaterial();
    const ours = new HttpsAgent({ ca: cert, maxRequestsPerSocket: 1, warmReplacement: false });
    agent = ours;
    const decodings = await countSessionDecodings(async () => {
      for (let i = 0; i < 4; i++) {
        expect((await request(ours, server.url)).status).toBe(200);
        // The next connection offers the ticket of this one.
        await waitFor(() => ours.cachedSessionKeys.length === 1);
      }
    });
    expect(server.connections).toHaveLength(4);
    expect(server.resumed).toBe(3);
    expect(ours.getStats()).toMatchObject({ tlsResumed: 3, tlsFull: 1 });
    expect(decodings).toBe(3);
  });
});
