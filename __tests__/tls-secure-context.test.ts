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
import { type ContextOptions, SecureContextCache } from '../lib/tls/secure-context-cache';
import { tlsMaterial, untrustedMaterial } from './helpers/certs';
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

describe('the secure-context cache never shares a context that options or process defaults make different', () => {
  // The cache is given options as Node's createSocket hands them to createConnection, with the
  // pool key Node made (`_agentKey`); here two option sets get the same key, as Node 20's getName
  // gives `pfx: [{ buf, passphrase }]` and `key: [{ pem, passphrase }]` (both `[object Object]`).
  test('a certificate or key given in an object form turns sharing off', async () => {
    const { key, cert } = await tlsMaterial();
    const other = await untrustedMaterial();
    const cache = new SecureContextCache();
    const a: ContextOptions = { _agentKey: 'k', cert, key: [{ pem: key }] as never };
    const b: ContextOptions = { _agentKey: 'k', cert: other.cert, key: [{ pem: other.key }] as never };
    cache.provide(a);
    cache.provide(b);
    expect(a.secureContext).toBeUndefined(); // left to tls.connect(), as with Node's agent
    expect(b.secureContext).toBeUndefined();
    const plain: ContextOptions = { _agentKey: 'p', cert, key };
    const again: ContextOptions = { _agentKey: 'p', cert, key };
    cache.provide(plain);
    cache.provide(again);
    expect(plain.secureContext).toBeDefined();
    expect(again.secureContext).toBe(plain.secureContext);
  });

  test.each([
    ['tls.DEFAULT_MIN_VERSION', () => swap('DEFAULT_MIN_VERSION', 'TLSv1.3')],
    ['tls.DEFAULT_CIPHERS', () => swap('DEFAULT_CIPHERS', 'ECDHE-RSA-AES256-GCM-SHA384')],
    ['tls.DEFAULT_ECDH_CURVE', () => swap('DEFAULT_ECDH_CURVE', 'P-256')],
  ])('a change of %s after a context was made gets a new context', (_what, change) => {
    const cache = new SecureContextCache();
    const first: ContextOptions = { _agentKey: 'k' };
    cache.provide(first);
    expect(first.secureContext).toBeDefined();
    const restore = change();
    try {
      const later: ContextOptions = { _agentKey: 'k' };
      cache.provide(later);
      expect(later.secureContext).toBeDefined();
      expect(later.secureContext).not.toBe(first.secureContext);
    } finally {
      restore();
    }
    const back: ContextOptions = { _agentKey: 'k' };
    cache.provide(back);
    expect(back.secureContext).toBe(first.secureContext);
  });
});

type TlsDefault = 'DEFAULT_MIN_VERSION' | 'DEFAULT_CIPHERS' | 'DEFAULT_ECDH_CURVE';

/** Sets a process-wide TLS default; returns what puts it back. */
function swap(name: TlsDefault, value: string): () => void {
  const defaults = tls as unknown as Record<TlsDefault, string>;
  const before = defaults[name];
  defaults[name] = value;
  return () => {
    defaults[name] = before;
  };
}
