/**
 * HttpsAgent gives each new TLS connection its cached session once. Node's `tls.connect()`
 * decodes a session it is given twice (in the TLSSocket constructor, then in `connect()`), each
 * time parsing the server certificate inside it (about 0.1 ms with Node 20's OpenSSL 3.0); the
 * agent gives the session to the socket as `tls.connect()` does the second time, after it
 * returns and before the handshake starts; what the test pins is that a session set then is
 * still offered (every connection after the first resumes).
 */
import type https from 'node:https';
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
  });
});
