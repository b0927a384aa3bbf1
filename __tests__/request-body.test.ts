/**
 * A socket goes back to the pool only if its request was written in full: no request may ever
 * be read by the server as the body of the one before it.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { PROTOCOLS, type Protocol, request, TestServer } from './helpers/server';

/** Sends one request and resolves with its status once the response was read. */
function send(
  agent: AnyAgent,
  url: string,
  options: http.RequestOptions,
  write: (req: http.ClientRequest, phase: 'start' | 'response') => void,
): Promise<number> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { agent, ...options }, (res) => {
      write(req, 'response');
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    write(req, 'start');
  });
}

describe.each(PROTOCOLS)('request bodies over %s', (protocol: Protocol) => {
  let server: TestServer;
  let agent: AnyAgent;
  const bodies: string[] = [];
  beforeEach(async () => {
    bodies.length = 0;
    server = await TestServer.start({
      protocol,
      handler: (req, res) => {
        if (req.url === '/early') {
          // Answer before reading the body (the server then drains what it declared).
          res.end('early');
          return;
        }
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => (body += c));
        req.on('end', () => {
          bodies.push(`${req.method} ${req.url} ${body.length}`);
          res.end('ok');
        });
      },
    });
    // Expect: 100-continue without a 100: a 413 with keep-alive.
    server.server.on('checkContinue', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(413, { connection: 'keep-alive', 'content-length': 0 });
      res.end();
    });
    agent = await makeAgent(protocol, { maxSockets: 1 });
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('an Expect: 100-continue upload answered 413 without a 100 and ended without its body is not reused', async () => {
    const status = await send(agent, server.url, { method: 'PUT', path: '/upload', headers: { expect: '100-continue', 'content-length': 1000 } }, (req, phase) => {
      if (phase === 'response') req.end(); // the body is never sent
    });
    expect(status).toBe(413);
    const next = await request(agent, server.url, { path: '/next' });
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(false);
    expect(bodies).toEqual(['GET /next 0']);
    // (The server answers the upload from 'checkContinue', which the request count does not see.)
    expect(server.perConnection()).toEqual([0, 1]);
    expect(agent.getStats().closed.not_reusable).toBe(1);
  });

  test('an upload that ends early (fewer bytes than its Content-Length) is not reused', async () => {
    const status = await send(agent, server.url, { method: 'PUT', path: '/early', headers: { 'content-length': 100 } }, (req, phase) => {
      if (phase === 'start') {
        req.write('x'.repeat(50));
      } else {
        req.end();
      }
    });
    expect(status).toBe(200);
    const next = await request(agent, server.url, { path: '/next' });
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(false);
    expect(bodies).toEqual(['GET /next 0']);
    expect(agent.getStats().closed.not_reusable).toBe(1);
  });

  test('measured per exchange on a reused socket: an upload that ends early after two full requests is not reused', async () => {
    // Each exchange's bytes are counted from where the previous one ended (read at its release).
    const first = await request(agent, server.url, { path: '/a' });
    const second = await send(agent, server.url, { method: 'PUT', path: '/b', headers: { 'content-length': 5 } }, (req, phase) => {
      if (phase === 'start') req.end('12345');
    });
    const early = await send(agent, server.url, { method: 'PUT', path: '/early', headers: { 'content-length': 100 } }, (req, phase) => {
      if (phase === 'start') req.write('x'.repeat(50));
      else req.end();
    });
    const next = await request(agent, server.url, { path: '/next' });
    expect([first.status, second, early, next.status]).toEqual([200, 200, 200, 200]);
    expect(next.reusedSocket).toBe(false);
    expect(bodies).toEqual(['GET /a 0', 'PUT /b 5', 'GET /next 0']);
    expect(server.perConnection()).toEqual([3, 1]);
    expect(agent.getStats().closed.not_reusable).toBe(1);
  });

  test('a body sent in full, with a Content-Length or chunked, keeps the socket', async () => {
    const fixed = await send(agent, server.url, { method: 'PUT', path: '/fixed', headers: { 'content-length': 10 } }, (req, phase) => {
      if (phase === 'start') req.end('0123456789');
    });
    const chunked = await send(agent, server.url, { method: 'POST', path: '/chunked' }, (req, phase) => {
      if (phase === 'start') {
        req.write('abc');
        req.write('def');
        req.end();
      }
    });
    const unicode = await send(agent, server.url, { method: 'POST', path: '/unicode' }, (req, phase) => {
      if (phase === 'start') req.end('héllo wörld');
    });
    const next = await request(agent, server.url, { path: '/next' });
    expect([fixed, chunked, unicode, next.status]).toEqual([200, 200, 200, 200]);
    expect(next.reusedSocket).toBe(true);
    expect(bodies).toEqual(['PUT /fixed 10', 'POST /chunked 6', 'POST /unicode 11', 'GET /next 0']);
    expect(server.perConnection()).toEqual([4]);
  });

  test('the queued path checks it too: the request waiting for the socket gets a new connection', async () => {
    const upload = send(agent, server.url, { method: 'PUT', path: '/upload', headers: { expect: '100-continue', 'content-length': 1000 } }, (req, phase) => {
      if (phase === 'response') req.end();
    });
    const queued = request(agent, server.url, { path: '/queued' });
    expect(await upload).toBe(413);
    const reply = await queued;
    expect(reply.status).toBe(200);
    expect(reply.reusedSocket).toBe(false);
    expect(bodies).toEqual(['GET /queued 0']);
    expect(server.perConnection()).toEqual([0, 1]);
  });
});
