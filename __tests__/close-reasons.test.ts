/**
 * Close reasons (`getStats().closed`, `socketClosed`) of connections that a faulty or busy
 * server closes in the corners: during a validation turn, before a warm replacement was ever
 * established, and a connection the caller destroyed after its response was complete.
 */
import http from 'node:http';
import net from 'node:net';
import { HttpAgent } from '../lib';
import { request, sleep, waitFor } from './helpers/server';

interface RawServer {
  readonly server: net.Server;
  readonly port: number;
  readonly sockets: net.Socket[];
  close(): Promise<void>;
}

/** A raw server that answers each request head with `c<connection>r<request>`; `onHead` may take over. */
async function rawServer(onHead?: (s: net.Socket, id: number) => boolean): Promise<RawServer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    const id = sockets.push(s);
    let n = 0;
    let head = '';
    s.on('error', () => undefined);
    s.on('data', (d) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      head = '';
      if (onHead?.(s, id) === true) return;
      s.write(`HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nc${id}r${++n}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('close reasons in the corners', () => {
  let raw: RawServer;
  let agent: HttpAgent;
  afterEach(async () => {
    agent.destroy();
    await raw.close();
  });

  test('a FIN that arrives during the validation turn: stale (found dead when taken), the request on a new connection', async () => {
    raw = await rawServer();
    agent = new HttpAgent({ validateAfterIdle: 0 });
    const url = `http://127.0.0.1:${raw.port}/`;
    await request(agent, url);
    const reply = await new Promise<{ body: string }>((resolve, reject) => {
      setTimeout(() => {
        raw.sockets[0]!.end();
        request(agent, url).then(resolve, reject);
      }, 0);
    });
    expect(reply.body).toBe('c2r1');
    expect(agent.getStats().closed).toMatchObject({ stale: 1, server_close: 0, error: 0 });
  });

  test('a warm replacement whose connection is refused: error, and counted as wasted', async () => {
    raw = await rawServer();
    agent = new HttpAgent({ maxRequestsPerSocket: 2, limitJitter: 0 });
    const url = `http://127.0.0.1:${raw.port}/`;
    await request(agent, url);
    raw.server.close(); // no new connection from now on: the replacement is refused
    await request(agent, url); // the connection's last request: its replacement is opened now
    await waitFor(() => agent.getStats().warm.wasted === 1, 2000, 'the refused replacement');
    expect(agent.getStats().closed).toMatchObject({ error: 1, stale: 0 });
  });

  test('a request its caller destroys after a complete response, with the upload stalled: not_reusable', async () => {
    // The server answers at once and stops reading: the upload never finishes.
    raw = await rawServer((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly');
      s.pause();
      return true;
    });
    agent = new HttpAgent();
    const req = http.request({ host: '127.0.0.1', port: raw.port, agent, method: 'POST', headers: { 'content-length': 8 * 1024 * 1024 } });
    req.on('error', () => undefined);
    const ended = new Promise<void>((resolve) => req.on('response', (res) => res.resume().on('end', resolve)));
    req.end(Buffer.alloc(8 * 1024 * 1024, 'x'));
    await ended;
    await sleep(50);
    expect(req.writableFinished).toBe(false);
    req.destroy();
    await waitFor(() => agent.getStats().closed.not_reusable === 1, 2000, 'the close');
    expect(agent.getStats().closed).toMatchObject({ server_close: 0, error: 0 });
  });
});
