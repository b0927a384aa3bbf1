import http from 'node:http';
import net from 'node:net';
import { HOP_BY_HOP_HEADERS, HttpAgent, onProxyRes, stripHopByHopHeaders } from '../lib';
import { TestServer } from './helpers/server';

describe('stripHopByHopHeaders (pure)', () => {
  test('removes the fixed hop-by-hop fields in any letter case, keeps the rest with their case and values, leaves its input alone', () => {
    const input = {
      Connection: 'keep-alive',
      'KEEP-ALIVE': 'timeout=5, max=100',
      'proxy-connection': 'keep-alive',
      TE: 'trailers',
      Trailer: 'X-Checksum',
      Upgrade: 'h2c',
      'Content-Type': 'text/plain',
      'set-cookie': ['a=1', 'b=2'],
      'content-length': 12,
    };
    const copy = JSON.parse(JSON.stringify(input)) as typeof input;
    const out = stripHopByHopHeaders(input);
    expect(out).toEqual({ 'Content-Type': 'text/plain', 'set-cookie': ['a=1', 'b=2'], 'content-length': 12 });
    expect(out).not.toBe(input);
    expect(input).toEqual(copy);
  });

  test('removes every field a Connection token names (RFC 9110 §7.6.1), across repeated Connection values and odd spacing', () => {
    const out = stripHopByHopHeaders({
      connection: ['keep-alive ,X-Hop-One', ' , x-hop-two,'],
      'x-hop-one': '1',
      'X-Hop-Two': '2',
      'x-end-to-end': '3',
    });
    expect(out).toEqual({ 'x-end-to-end': '3' });
  });

  test('the fixed list is exactly the six fields, frozen; Transfer-Encoding is not among them', () => {
    expect([...HOP_BY_HOP_HEADERS].sort()).toEqual(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);
    expect(Object.isFrozen(HOP_BY_HOP_HEADERS)).toBe(true);
  });

  test('Transfer-Encoding is kept by default, even when a Connection token names it; removeTransferEncoding removes it', () => {
    const headers = { connection: 'transfer-encoding', 'transfer-encoding': 'gzip, chunked', etag: '"x"' };
    expect(stripHopByHopHeaders(headers)).toEqual({ 'transfer-encoding': 'gzip, chunked', etag: '"x"' });
    expect(stripHopByHopHeaders(headers, { removeTransferEncoding: true })).toEqual({ etag: '"x"' });
    expect(stripHopByHopHeaders({ 'Transfer-Encoding': 'chunked' }, { removeTransferEncoding: true })).toEqual({});
  });

  test('an upgrade keeps Upgrade and Connection: upgrade, and still removes the other connection options', () => {
    const headers = { Connection: 'Upgrade, Keep-Alive, X-Hop', Upgrade: 'websocket', 'Keep-Alive': 'timeout=5', 'x-hop': '1', 'sec-websocket-accept': 'abc' };
    expect(stripHopByHopHeaders(headers, { upgrade: true })).toEqual({ Connection: 'upgrade', Upgrade: 'websocket', 'sec-websocket-accept': 'abc' });
    expect(stripHopByHopHeaders(headers)).toEqual({ 'sec-websocket-accept': 'abc' });
  });

  test('an upgrade whose Connection lacks the upgrade token: Connection goes, Upgrade stays', () => {
    expect(stripHopByHopHeaders({ connection: 'keep-alive', upgrade: 'websocket' }, { upgrade: true })).toEqual({ upgrade: 'websocket' });
  });

  test('an object without hop-by-hop fields comes back equal (a new object); an empty one stays empty', () => {
    const headers = { 'content-type': 'application/json', vary: 'accept' };
    expect(stripHopByHopHeaders(headers)).toEqual(headers);
    expect(stripHopByHopHeaders({})).toEqual({});
  });
});

/** What a raw HTTP client read from a server until EOF (bounded): the head fields, and whether EOF came. */
interface RawReply {
  statusLine: string;
  /** Header fields in order, names lower-cased. */
  fields: [string, string][];
  body: string;
  eof: boolean;
}

/** Sends `head` over a raw socket and reads until EOF or `ms`; a stall is reported, not waited out. */
function rawExchange(port: number, head: string, ms = 3000): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    let eof = false;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const [headText = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = headText.split('\r\n');
      const fields = lines.map((l): [string, string] => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
      resolve({ statusLine, fields, body, eof });
    };
    const timer = setTimeout(finish, ms);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (text += d));
    socket.on('end', () => {
      eof = true;
      finish();
    });
    socket.on('error', reject);
  });
}

const names = (reply: RawReply | http.IncomingMessage): string[] =>
  'fields' in reply ? reply.fields.map(([n]) => n) : Object.keys(reply.headers);

/**
 * onProxyRes on a hand-made proxy that does what http-proxy does with a response: call the
 * 'proxyRes' listeners, copy every upstream header onto the client's response with setHeader,
 * and stream the body. `respond` replaces the copy-and-stream when a test writes the head itself.
 */
describe('onProxyRes (on a real ServerResponse)', () => {
  let upstream: TestServer;
  let front: http.Server;
  let agent: HttpAgent;
  let seenProxyRes: http.IncomingHttpHeaders[] = [];
  let frontConnections = 0;
  let respond: (proxyRes: http.IncomingMessage, res: http.ServerResponse) => void;

  const copyAndStream = (proxyRes: http.IncomingMessage, res: http.ServerResponse): void => {
    res.statusCode = proxyRes.statusCode ?? 502;
    for (const [key, value] of Object.entries(proxyRes.headers)) if (value !== undefined) res.setHeader(key, value);
    proxyRes.pipe(res);
  };

  beforeEach(async () => {
    seenProxyRes = [];
    respond = copyAndStream;
    // The upstream sends every kind of hop-by-hop field, and a field its Connection names.
    upstream = await TestServer.start({
      handler: (_req, res) => {
        res.setHeader('Connection', 'keep-alive, X-Hop');
        res.setHeader('Keep-Alive', 'timeout=5'); // Node adds none when Connection is set by hand
        res.setHeader('X-Hop', 'private to the hop');
        res.setHeader('Proxy-Connection', 'keep-alive');
        res.setHeader('TE', 'trailers');
        res.setHeader('Upgrade', 'h2c');
        res.setHeader('Trailer', 'X-Checksum');
        res.setHeader('X-End-To-End', 'kept');
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.write('hel');
        res.addTrailers({ 'X-Checksum': '1' });
        res.end('lo');
      },
    });
    agent = new HttpAgent();
    front = http.createServer((req, res) => {
      http.get(upstream.url, { agent }, (proxyRes) => {
        onProxyRes(proxyRes, req, res);
        respond(proxyRes, res);
        proxyRes.on('end', () => seenProxyRes.push({ ...proxyRes.headers }));
      });
    });
    front.keepAliveTimeout = 3000;
    frontConnections = 0;
    front.on('connection', () => frontConnections++);
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    agent.destroy();
    front.closeAllConnections();
    await new Promise<void>((resolve) => front.close(() => resolve()));
    await upstream.close();
  });

  const frontPort = (): number => (front.address() as net.AddressInfo).port;

  test("a keep-alive client gets the proxy's own Connection and Keep-Alive, none of the upstream's hop-by-hop fields, the rest intact", async () => {
    const clientAgent = new http.Agent({ keepAlive: true });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
          http.get(`http://127.0.0.1:${frontPort()}/`, { agent: clientAgent }, resolve).on('error', reject);
        });
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        await new Promise((resolve) => res.on('end', resolve));
        expect(body).toBe('hello');
        expect(res.headers).toMatchObject({ connection: 'keep-alive', 'keep-alive': 'timeout=3', 'x-end-to-end': 'kept', 'transfer-encoding': 'chunked' });
        expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
        for (const gone of ['x-hop', 'proxy-connection', 'te', 'upgrade', 'trailer']) expect(res.headers[gone]).toBeUndefined();
      }
      // One client connection for both: the proxy kept it open.
      expect(frontConnections).toBe(1);
    } finally {
      clientAgent.destroy();
    }
    // The upstream response object is left as received: the agent reads its Keep-Alive hint.
    expect(seenProxyRes[0]).toMatchObject({ connection: 'keep-alive, X-Hop', 'keep-alive': 'timeout=5', 'x-hop': 'private to the hop' });
  });

  test('a client that sent Connection: close gets Connection: close and EOF, not the upstream keep-alive and a stall', async () => {
    const reply = await rawExchange(frontPort(), 'GET / HTTP/1.1\r\nHost: front\r\nConnection: close\r\n\r\n');
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(reply.eof).toBe(true);
    expect(reply.fields.filter(([n]) => n === 'connection')).toEqual([['connection', 'close']]);
    expect(names(reply)).not.toContain('keep-alive');
    expect(names(reply)).not.toContain('x-hop');
  });

  test('an HTTP/1.0 client with no chunked encoding: Trailer is gone, so Node does not throw ERR_HTTP_TRAILER_INVALID', async () => {
    respond = (proxyRes, res) => {
      // http-proxy's removeChunked pass for HTTP/1.0 clients
      delete proxyRes.headers['transfer-encoding'];
      copyAndStream(proxyRes, res);
    };
    const reply = await rawExchange(frontPort(), 'GET / HTTP/1.0\r\nHost: front\r\n\r\n');
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(reply.body).toBe('hello');
    expect(reply.eof).toBe(true);
    expect(names(reply)).not.toContain('trailer');
  });

  test('fields named by the Connection the upstream sent are removed even when the proxy rewrote proxyRes.headers.connection', async () => {
    respond = (proxyRes, res) => {
      proxyRes.headers.connection = 'close'; // what http-proxy's setConnection writes for some clients
      copyAndStream(proxyRes, res);
    };
    const reply = await rawExchange(frontPort(), 'GET / HTTP/1.1\r\nHost: front\r\nConnection: close\r\n\r\n');
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(names(reply)).not.toContain('x-hop');
    expect(reply.fields.filter(([n]) => n === 'connection')).toEqual([['connection', 'close']]);
  });

  test.each([
    ['an object', (proxyRes: http.IncomingMessage): http.OutgoingHttpHeaders => ({ ...proxyRes.headers })],
    ['a flat list (repeated Set-Cookie kept apart)', (proxyRes: http.IncomingMessage): string[] => [...proxyRes.rawHeaders]],
    [
      'a list of pairs',
      (proxyRes: http.IncomingMessage): [string, string][] => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < proxyRes.rawHeaders.length; i += 2) pairs.push([proxyRes.rawHeaders[i]!, proxyRes.rawHeaders[i + 1]!]);
        return pairs;
      },
    ],
  ])('headers given to writeHead as %s are stripped too', async (_label, toArgument) => {
    respond = (proxyRes, res) => {
      const headers = toArgument(proxyRes);
      (res.writeHead as (status: number, reason: string, headers: unknown) => http.ServerResponse)(200, 'OK', headers);
      proxyRes.pipe(res);
    };
    const reply = await rawExchange(frontPort(), 'GET / HTTP/1.1\r\nHost: front\r\nConnection: close\r\n\r\n');
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(reply.eof).toBe(true);
    const got = names(reply);
    for (const gone of ['x-hop', 'keep-alive', 'proxy-connection', 'te', 'upgrade', 'trailer']) expect(got).not.toContain(gone);
    expect(got).toContain('x-end-to-end');
    expect(reply.fields.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual(['a=1', 'b=2']);
  });

  test('a second call on the same response adds nothing, and a call after the head was written does nothing', async () => {
    const writeHeadSame: boolean[] = [];
    respond = (proxyRes, res) => {
      const wrapped = res.writeHead; // the front already called onProxyRes once
      onProxyRes(proxyRes, proxyRes, res); // as if the listener were registered twice
      writeHeadSame.push(res.writeHead === wrapped);
      copyAndStream(proxyRes, res);
      res.once('finish', () => {
        onProxyRes(proxyRes, proxyRes, res);
        writeHeadSame.push(res.writeHead === wrapped);
      });
    };
    const reply = await rawExchange(frontPort(), 'GET / HTTP/1.1\r\nHost: front\r\nConnection: close\r\n\r\n');
    expect(reply.statusLine).toBe('HTTP/1.1 200 OK');
    expect(names(reply)).not.toContain('x-hop');
    expect(writeHeadSame).toEqual([true, true]);
  });
});
