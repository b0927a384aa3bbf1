/**
 * HttpsAgent gives each new TLS connection its cached session once. Node's `tls.connect()`
 * decodes a session it is given twice (in the TLSSocket constructor, then in `connect()`), each
 * time parsing the server certificate inside it (about 0.1 ms with Node 20's OpenSSL 3.0); the
 * agent gives the session to the socket as `tls.connect()` does the second time, after it
 * returns and before the handshake starts. The reference run with Node's agent pins Node's
 * double decoding: if a Node line stops doing it, that test fails and the deferral can go.
 */
import https from 'node:https';
import tls from 'node:tls';
import { HttpsAgent } from '../lib';
import { tlsMaterial } from './helpers/certs';
import { request, TestServer, waitFor } from './helpers/server';
import { countSessionDecodings } from './helpers/session-decodings';

describe('HttpsAgent: a cached TLS session is given to a new connection once', () => {
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

    const node = new https.Agent({ ca: cert, keepAlive: false });
    try {
      const byNode = await countSessionDecodings(async () => {
        for (let i = 0; i < 3; i++) {
          expect((await request(node, server.url)).status).toBe(200);
          await waitFor(() => node._getSession(node.getName({ host: '127.0.0.1', port: server.port, ca: cert } as never)) !== undefined);
        }
      });
      expect(byNode).toBe(4); // 2 resumed connections, each session decoded twice by tls.connect()
    } finally {
      node.destroy();
    }
  });

  test("a session the caller passes is offered as Node offers it, not the cache's", async () => {
    const { cert } = await tlsMaterial();
    const ours = new HttpsAgent({ ca: cert, maxRequestsPerSocket: 1, warmReplacement: false });
    agent = ours;
    expect((await request(ours, server.url)).status).toBe(200);
    await waitFor(() => ours.cachedSessionKeys.length === 1);
    // A session of the same server, from a connection of the caller's own.
    const session = await new Promise<Buffer>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: server.port, ca: cert });
      s.once('session', (got: Buffer) => {
        s.destroy();
        resolve(got);
      });
      s.once('error', reject);
      s.resume();
    });
    const decodings = await countSessionDecodings(async () => {
      expect((await request(ours, server.url, { session } as never)).status).toBe(200);
    });
    expect(decodings).toBe(2); // Node's two decodings of the caller's session, none of the cache's
    expect(server.connections).toHaveLength(3);
    expect(server.connections[2]!.resumed).toBe(true);
  });
});
