/**
 * A real HTTP server on loopback that records what it saw: every connection it accepted,
 * and every request with the connection it came on and its headers.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tlsMaterial } from './certs';

export type Protocol = 'http' | 'https';
/** The protocols every behaviour test runs over. */
export const PROTOCOLS: readonly Protocol[] = ['http', 'https'];

export interface SeenRequest {
  /** 1-based id of the connection it came on. */
  connection: number;
  /** 1-based position of the request on that connection. */
  index: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface SeenConnection {
  id: number;
  socket: Socket;
  requests: number;
  closed: boolean;
  /** TLS only: the handshake resumed a session. */
  resumed?: boolean;
  /** TLS only: the SNI servername the client sent. */
  servername?: string | false;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest) => void;

export interface TestServerOptions {
  /** Node server keepAliveTimeout (ms); 0: never close idle connections and send no Keep-Alive hint. Default 0. */
  keepAliveTimeout?: number;
  host?: string;
  handler?: Handler;
  /** Default 'http'. */
  protocol?: Protocol;
  /** Port to listen on; default: any free port. */
  port?: number;
  /** Extra TLS server options (https only). */
  tls?: https.ServerOptions;
}

const defaultHandler: Handler = (_req, res, seen) => {
  res.setHeader('content-type', 'text/plain');
  res.end(`c${seen.connection}r${seen.index}`);
};

export class TestServer {
  readonly server: http.Server;
  readonly connections: SeenConnection[] = [];
  readonly requests: SeenRequest[] = [];
  handler: Handler;
  private readonly bySocket = new Map<Socket, SeenConnection>();

  readonly protocol: Protocol;

  private constructor(options: TestServerOptions, tls: https.ServerOptions | undefined) {
    this.handler = options.handler ?? defaultHandler;
    this.protocol = options.protocol ?? 'http';
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      const conn = this.bySocket.get(req.socket)!;
      conn.requests++;
      const seen: SeenRequest = {
        connection: conn.id,
        index: conn.requests,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
      };
      this.requests.push(seen);
      this.handler(req, res, seen);
    };
    this.server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
    this.server.keepAliveTimeout = options.keepAliveTimeout ?? 0;
    this.server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      const conn: SeenConnection = { id: this.connections.length + 1, socket, requests: 0, closed: false };
      if (tls) {
        conn.resumed = (socket as TLSSocket).isSessionReused();
        conn.servername = (socket as TLSSocket & { servername?: string | false }).servername;
      }
      this.connections.push(conn);
      this.bySocket.set(socket, conn);
      socket.on('close', () => {
        conn.closed = true;
        this.bySocket.delete(socket);
      });
    });
  }

  static async start(options: TestServerOptions = {}): Promise<TestServer> {
    const tls = options.protocol === 'https' ? { ...(await tlsMaterial()), ...options.tls } : undefined;
    const s = new TestServer(options, tls);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return s;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get host(): string {
    return (this.server.address() as AddressInfo).address;
  }

  get url(): string {
    const h = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${this.protocol}://${h}:${this.port}`;
  }

  /** Connections the server has open now. */
  get open(): number {
    return this.connections.filter((c) => !c.closed).length;
  }

  /** Connections whose TLS handshake resumed a session. */
  get resumed(): number {
    return this.connections.filter((c) => c.resumed).length;
  }

  /** Requests per connection, in connection order. */
  perConnection(): number[] {
    return this.connections.map((c) => c.requests);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  reusedSocket: boolean;
}

/** One request through `agent`; resolves when the whole body was read. */
export function request(
  agent: http.Agent,
  url: string,
  options: https.RequestOptions = {},
  body?: string,
): Promise<Reply> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { agent, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          headers: res.headers,
          reusedSocket: req.reusedSocket,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Resolves after `ms` milliseconds (an unref'd timer). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check()` is true, polling every 10 ms, failing after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Lets pending I/O callbacks and timers of the current turn run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
