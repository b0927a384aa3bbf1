/**
 * A misbehaving HTTP/1.1 backend on raw `net` sockets (optionally TLS over them), for the
 * reliability tests, the race test, the property test and the soak run.
 *
 * It parses just enough HTTP/1.1 (request line, headers, `Content-Length` and chunked bodies
 * with trailers), and for each request picks a behaviour ("fault") from the `x-fault` header or,
 * failing that, from the first path segment (`/reset-body`, `/close?x=1`). Parameters come from
 * the query string of either. It records every connection (accept time, remote port, who closed
 * it and how), every request (arrival time, age of its connection, its idle gap before it, its
 * body) and every action it took.
 *
 * Faults (see {@link FAULTS}):
 * - `ok` (default; any unknown path): `200`, body `c<conn>r<index>` (or `len` bytes).
 * - `slow?ms=N`: `ok` after N ms. `hold`: `ok` when {@link FaultServer.releaseHeld} is called.
 * - keep-alive policy, on any request: `ka=<ms>` closes the connection when it has been idle
 *   exactly that long; `hint=<s>` sends `Keep-Alive: timeout=<s>` (no hint otherwise);
 *   `how=timer` (default: a timer, like NGINX and Node's server), `how=lazy-fin` / `how=lazy-rst`
 *   (the server closes only when the next request arrives after the timeout: a deterministic
 *   stand-in for the race in which the client's request crosses the server's close).
 * - `close`: `Connection: close`, then FIN. `close-keep-open`: `Connection: close` and the
 *   server keeps the connection open (only the client can close it).
 * - `http10`: an HTTP/1.0 response, then FIN. `http10-keepalive`: HTTP/1.0 with
 *   `Connection: keep-alive`, the connection kept open.
 * - `reset-headers` / `reset-body`: RST (`resetAndDestroy()`) after part of the headers / body.
 *   `reset-on-request`: RST as soon as the request headers arrive, before any response byte.
 * - `extra-bytes`: junk right after a complete response, in the same write.
 *   `extra-bytes-later`: the junk 30 ms later, if the connection is still idle then.
 * - `early?then=drain|close`: answers as soon as the request headers arrive, before reading
 *   the body; `drain` then reads and discards the body and keeps the connection, `close`
 *   answers with `Connection: close` and destroys the connection `delay` ms later (default 30)
 *   without reading the body (the unread body turns the close into an RST).
 * - `half-close` / `half-close-later`: a complete keep-alive response, then FIN at once /
 *   30 ms later if the connection is still idle then, the server's read side staying open.
 * - `stall-headers`: the status line and one header, then nothing.
 * - `continue`: `100 Continue` when the headers arrive, `200` once the body is read.
 *   `early-hints`: `103 Early Hints`, then `200`.
 * - `upgrade`: `101 Switching Protocols`, then echoes what it receives.
 * - `short-length`: `Content-Length: 5` and a 10-byte body. `long-length?then=fin|stall`:
 *   `Content-Length: 100` and a 10-byte body, then FIN 30 ms later or nothing.
 * - `chunked-trailers`: a chunked body with a `X-Checksum` trailer.
 *
 * A request that carries `Connection: close` gets `Connection: close` and a FIN after its
 * response (as a real server does), whatever its fault.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';
import type { ClientRequest, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';

/** Every behaviour the server knows (the first path segment or the `x-fault` header). */
export const FAULTS = [
  'ok',
  'slow',
  'hold',
  'close',
  'close-keep-open',
  'http10',
  'http10-keepalive',
  'reset-headers',
  'reset-body',
  'reset-on-request',
  'extra-bytes',
  'extra-bytes-later',
  'early',
  'half-close',
  'half-close-later',
  'stall-headers',
  'continue',
  'early-hints',
  'upgrade',
  'short-length',
  'long-length',
  'chunked-trailers',
] as const;

/** One of {@link FAULTS}. */
export type Fault = (typeof FAULTS)[number];

/** How the server closes a connection that stayed idle for its keep-alive timeout. */
export type IdleCloseMode = 'timer' | 'lazy-fin' | 'lazy-rst';

/** The server's keep-alive policy for a connection. */
export interface KeepAlivePolicy {
  /** Close a connection idle this long (ms); `undefined`: never. */
  ms?: number;
  /** Seconds to advertise in `Keep-Alive: timeout=N`; `undefined`: no hint. */
  hint?: number;
  /** Default `timer`. */
  how?: IdleCloseMode;
}

/** Options of {@link FaultServer.start}. */
export interface FaultServerOptions {
  /** TLS key and certificate: the server speaks TLS over its raw TCP sockets. */
  tls?: { key: string; cert: string };
  /** The policy every connection starts with (requests may change it with `ka`, `hint`, `how`). */
  keepAlive?: KeepAlivePolicy;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * Keep at most this many connection and request records (the oldest closed ones are dropped;
   * ids keep counting). Default: all. For long runs (the soak), so the records do not grow.
   */
  maxRecords?: number;
}

/** A request as the server saw it. */
export interface FaultRequest {
  /** 1-based id of its connection. */
  connection: number;
  /** 1-based position on that connection. */
  index: number;
  method: string;
  url: string;
  fault: Fault;
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body, once read (empty until then). */
  body: Buffer;
  bodyComplete: boolean;
  /** Trailers of a chunked request body. */
  trailers: IncomingHttpHeaders;
  /** When its headers were parsed (ms, `performance.now()`). */
  arrivedAt: number;
  /** Age of its connection when it arrived (ms since accept). */
  connectionAge: number;
  /** How long the connection was idle before it (ms since the previous exchange ended); 0 for the first. */
  idleBefore: number;
  /** What the server did, in order. */
  actions: string[];
}

/** Who ended a connection, as far as the server can tell. */
export type ClosedBy = 'server-fin' | 'server-rst' | 'server-destroy' | 'client-fin' | 'client-rst' | 'client';

/** A connection as the server saw it. */
export interface FaultConnection {
  id: number;
  /** When it was accepted (ms, `performance.now()`). */
  acceptedAt: number;
  /** The client's port: the client socket's `localPort`. */
  remotePort: number;
  requests: FaultRequest[];
  /** What the server did on it outside of requests (idle closes, resets), in order. */
  actions: string[];
  closed: boolean;
  closedAt: number | undefined;
  closedBy: ClosedBy | undefined;
  /** The client sent FIN. */
  clientEnded: boolean;
  /** The code of a socket error the server saw (`ECONNRESET` when the client reset it). */
  error: string | undefined;
}

interface Conn {
  record: FaultConnection;
  /** What the server reads and writes: the TLS socket, or the raw one. */
  sock: net.Socket;
  raw: net.Socket;
  buf: Buffer;
  phase: 'head' | 'body' | 'upgraded' | 'ignore';
  /** The request being read. */
  current: FaultRequest | undefined;
  bodyMode: { kind: 'length'; left: number } | { kind: 'chunked'; state: 'size' | 'data' | 'crlf' | 'trailers'; left: number } | undefined;
  /** A response is owed or being written: later requests wait. */
  busy: boolean;
  /** The request whose response went out before its body was read (`early`). */
  answeredEarly: boolean;
  policy: KeepAlivePolicy;
  idleSince: number;
  idleTimer: NodeJS.Timeout | undefined;
  closing: ClosedBy | undefined;
  timers: Set<NodeJS.Timeout>;
}

const CRLF = '\r\n';
const HEAD_LIMIT = 64 * 1024;

function isFault(name: string): name is Fault {
  return (FAULTS as readonly string[]).includes(name);
}

/** The test backend: see the module comment. */
export class FaultServer {
  /** The listening `net` server (TLS, when configured, runs over its sockets). */
  readonly server: net.Server;
  /** Every connection accepted, in order (the oldest closed ones dropped past `maxRecords`). */
  readonly connections: FaultConnection[] = [];
  /** Every request, in arrival order (the oldest dropped past `maxRecords`). */
  readonly requests: FaultRequest[] = [];
  /** `https` when started with `tls`. */
  readonly protocol: 'http' | 'https';
  private readonly conns = new Map<number, Conn>();
  private readonly held: Array<() => void> = [];
  private readonly defaults: KeepAlivePolicy;
  private readonly secureContext: tls.SecureContext | undefined;
  private readonly maxRecords: number;
  private nextId = 1;

  private constructor(options: FaultServerOptions) {
    this.maxRecords = options.maxRecords ?? Infinity;
    this.protocol = options.tls ? 'https' : 'http';
    this.defaults = { ...options.keepAlive };
    this.secureContext = options.tls ? tls.createSecureContext({ key: options.tls.key, cert: options.tls.cert }) : undefined;
    this.server = net.createServer({ allowHalfOpen: true }, (raw) => this.accept(raw));
  }

  /** Starts a server on a free loopback port. */
  static async start(options: FaultServerOptions = {}): Promise<FaultServer> {
    const s = new FaultServer(options);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, options.host ?? '127.0.0.1', () => resolve());
    });
    return s;
  }

  /** The port it listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>` or `https://…`. */
  get url(): string {
    return `${this.protocol}://127.0.0.1:${this.port}`;
  }

  /** Connections open now. */
  get open(): number {
    return this.connections.filter((c) => !c.closed).length;
  }

  /** Requests per connection, in connection order. */
  perConnection(): number[] {
    return this.connections.map((c) => c.requests.length);
  }

  /** The connection a request came on. */
  connectionOf(req: FaultRequest): FaultConnection | undefined {
    return this.connections.find((c) => c.id === req.connection);
  }

  /** The connection whose client port is `port` (the client socket's `localPort`). */
  connectionByPort(port: number): FaultConnection | undefined {
    for (let i = this.connections.length - 1; i >= 0; i--) if (this.connections[i]!.remotePort === port) return this.connections[i];
    return undefined;
  }

  /** Requests held by `hold`, not yet answered. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Answers up to `n` held requests, oldest first. Returns how many. */
  releaseHeld(n = Infinity): number {
    let done = 0;
    while (done < n && this.held.length > 0) {
      this.held.shift()!();
      done++;
    }
    return done;
  }

  /**
   * Closes (FIN) every open connection that is idle (no request being read or answered), as
   * a server that restarts its idle connections would. Returns how many.
   */
  closeIdleConnections(): number {
    let n = 0;
    for (const c of this.conns.values()) {
      if (c.busy || c.phase !== 'head' || c.buf.length > 0 || c.closing !== undefined) continue;
      c.record.actions.push('close-idle');
      this.shut(c, 'server-destroy');
      n++;
    }
    return n;
  }

  /** Destroys every connection and stops listening. */
  async close(): Promise<void> {
    this.releaseHeld();
    for (const c of this.conns.values()) {
      for (const t of c.timers) clearTimeout(t);
      if (c.idleTimer) clearTimeout(c.idleTimer);
      c.closing ??= 'server-destroy';
      c.sock.destroy();
      c.raw.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- connections ---------------------------------------------------------------------------

  private accept(raw: net.Socket): void {
    const record: FaultConnection = {
      id: this.nextId++,
      acceptedAt: performance.now(),
      remotePort: raw.remotePort ?? 0,
      requests: [],
      actions: [],
      closed: false,
      closedAt: undefined,
      closedBy: undefined,
      clientEnded: false,
      error: undefined,
    };
    this.connections.push(record);
    this.trimRecords();
    const sock = this.secureContext
      ? new tls.TLSSocket(raw, { isServer: true, secureContext: this.secureContext })
      : raw;
    const c: Conn = {
      record,
      sock,
      raw,
      buf: Buffer.alloc(0),
      phase: 'head',
      current: undefined,
      bodyMode: undefined,
      busy: false,
      answeredEarly: false,
      policy: { ...this.defaults },
      idleSince: record.acceptedAt,
      idleTimer: undefined,
      closing: undefined,
      timers: new Set(),
    };
    this.conns.set(record.id, c);
    sock.on('data', (d: Buffer) => this.onData(c, d));
    sock.on('end', () => {
      record.clientEnded = true;
      if (c.phase === 'upgraded' || c.closing === undefined) {
        // The client is done: finish the close (the socket is half-open on our side).
        if (!sock.writableEnded) sock.end();
      }
    });
    const onError = (err: NodeJS.ErrnoException): void => {
      record.error ??= err.code ?? err.message;
    };
    sock.on('error', onError);
    if (sock !== raw) raw.on('error', onError);
    const onClose = (): void => {
      if (record.closed) return;
      record.closed = true;
      record.closedAt = performance.now();
      if (c.closing !== undefined) record.closedBy = c.closing;
      else if (record.error === 'ECONNRESET') record.closedBy = 'client-rst';
      else if (record.clientEnded) record.closedBy = 'client-fin';
      else record.closedBy = 'client';
      if (c.idleTimer) clearTimeout(c.idleTimer);
      for (const t of c.timers) clearTimeout(t);
      c.timers.clear();
      this.conns.delete(record.id);
    };
    sock.on('close', onClose);
    raw.on('close', onClose);
  }

  /** Drops the oldest closed connections and the oldest requests past `maxRecords`. */
  private trimRecords(): void {
    if (this.connections.length > this.maxRecords) {
      const drop = this.connections.length - this.maxRecords;
      let dropped = 0;
      for (let i = 0; i < this.connections.length && dropped < drop; ) {
        if (this.connections[i]!.closed) {
          this.connections.splice(i, 1);
          dropped++;
        } else i++;
      }
    }
    if (this.requests.length > this.maxRecords) this.requests.splice(0, this.requests.length - this.maxRecords);
  }

  private later(c: Conn, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      c.timers.delete(t);
      if (!c.record.closed) fn();
    }, ms);
    c.timers.add(t);
  }

  /**
   * Runs `fn` after `ms` if the connection is still idle after `req` (no request since, nothing
   * being read): the faults that strike an idle connection. Otherwise records that it was skipped.
   */
  private laterIfIdle(c: Conn, req: FaultRequest, ms: number, fn: () => void): void {
    this.later(c, ms, () => {
      const last = c.record.requests[c.record.requests.length - 1];
      if (last === req && !c.busy && c.buf.length === 0) fn();
      else req.actions.push('skipped: the connection carried another request meanwhile');
    });
  }

  /** Closes a connection: FIN (`end`), a full close (`destroy`; an RST if unread data is left) or an RST. */
  private shut(c: Conn, how: 'server-fin' | 'server-destroy' | 'server-rst'): void {
    if (c.closing !== undefined && c.closing !== 'server-fin') return;
    if (c.idleTimer) clearTimeout(c.idleTimer);
    c.idleTimer = undefined;
    c.closing = how;
    if (how === 'server-fin') {
      c.sock.end();
    } else if (how === 'server-rst') {
      if (!c.raw.destroyed) c.raw.resetAndDestroy();
      c.sock.destroy();
    } else {
      c.sock.destroy();
    }
  }

  private write(c: Conn, data: string | Buffer, cb?: () => void): void {
    if (c.sock.destroyed || c.sock.writableEnded) return;
    c.sock.write(data, cb === undefined ? undefined : () => cb());
  }

  // ---- parsing -------------------------------------------------------------------------------

  private onData(c: Conn, d: Buffer): void {
    if (c.idleTimer) {
      clearTimeout(c.idleTimer);
      c.idleTimer = undefined;
    }
    if (c.phase === 'upgraded') {
      this.write(c, d);
      return;
    }
    if (c.phase === 'ignore') return;
    c.buf = c.buf.length === 0 ? d : Buffer.concat([c.buf, d]);
    this.parse(c);
  }

  private parse(c: Conn): void {
    for (let guard = 0; guard < 10_000; guard++) {
      if (c.record.closed || c.closing === 'server-rst' || c.closing === 'server-destroy') return;
      if (c.phase === 'head') {
        if (c.busy) return;
        const end = c.buf.indexOf('\r\n\r\n');
        if (end === -1) {
          if (c.buf.length > HEAD_LIMIT) this.shut(c, 'server-destroy');
          return;
        }
        const head = c.buf.subarray(0, end).toString('latin1');
        c.buf = c.buf.subarray(end + 4);
        if (head.length === 0) continue; // stray CRLF between requests
        this.onHead(c, head);
        continue;
      }
      if (c.phase === 'body') {
        if (!this.readBody(c)) return;
        continue;
      }
      return;
    }
  }

  private onHead(c: Conn, head: string): void {
    const lines = head.split(CRLF);
    const [method = '', url = '/'] = (lines[0] ?? '').split(' ');
    const headers: IncomingHttpHeaders = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      if (i <= 0) continue;
      const name = line.slice(0, i).trim().toLowerCase();
      const value = line.slice(i + 1).trim();
      const prev = headers[name];
      headers[name] = prev === undefined ? value : `${String(prev)}, ${value}`;
    }
    const t = performance.now();
    const faultHeader = typeof headers['x-fault'] === 'string' ? headers['x-fault'] : undefined;
    const target = new URL(faultHeader !== undefined ? `/${faultHeader.replace(/^\//, '')}` : url, 'http://x');
    const params = new URL(url, 'http://x').searchParams;
    for (const [k, v] of target.searchParams) params.set(k, v);
    const first = target.pathname.split('/')[1] ?? '';
    const rec = c.record;
    const req: FaultRequest = {
      connection: rec.id,
      index: rec.requests.length + 1,
      method,
      url,
      fault: isFault(first) ? first : 'ok',
      params,
      headers,
      body: Buffer.alloc(0),
      bodyComplete: false,
      trailers: {},
      arrivedAt: t,
      connectionAge: t - rec.acceptedAt,
      idleBefore: rec.requests.length === 0 ? 0 : t - c.idleSince,
      actions: [],
    };
    rec.requests.push(req);
    this.requests.push(req);
    if (this.requests.length > this.maxRecords) this.trimRecords();
    c.current = req;
    c.busy = true;
    c.answeredEarly = false;
    // The keep-alive policy for the rest of the connection.
    if (params.has('ka')) c.policy.ms = Number(params.get('ka'));
    if (params.has('hint')) c.policy.hint = params.get('hint') === '' ? undefined : Number(params.get('hint'));
    if (params.has('how')) c.policy.how = params.get('how') as IdleCloseMode;

    const te = String(headers['transfer-encoding'] ?? '').toLowerCase();
    const cl = Number(headers['content-length'] ?? 0);
    if (te.includes('chunked')) c.bodyMode = { kind: 'chunked', state: 'size', left: 0 };
    else if (cl > 0) c.bodyMode = { kind: 'length', left: cl };
    else c.bodyMode = undefined;
    c.phase = c.bodyMode === undefined ? 'head' : 'body';

    // A server that lets an idle connection expire only when the next request shows up.
    const p = c.policy;
    if (req.index > 1 && p.ms !== undefined && (p.how === 'lazy-fin' || p.how === 'lazy-rst') && req.idleBefore >= p.ms) {
      req.actions.push(p.how === 'lazy-rst' ? 'idle-close-rst' : 'idle-close-fin');
      c.phase = 'ignore';
      this.shut(c, p.how === 'lazy-rst' ? 'server-rst' : 'server-destroy');
      return;
    }
    this.onRequestHead(c, req);
    if (c.bodyMode === undefined) {
      req.bodyComplete = true;
      this.onRequestComplete(c, req);
    }
  }

  /** Reads body bytes from the buffer; true when the body is complete (phase back to head). */
  private readBody(c: Conn): boolean {
    const req = c.current!;
    const mode = c.bodyMode!;
    const append = (b: Buffer): void => {
      req.body = req.body.length === 0 ? Buffer.from(b) : Buffer.concat([req.body, b]);
    };
    if (mode.kind === 'length') {
      const n = Math.min(mode.left, c.buf.length);
      append(c.buf.subarray(0, n));
      c.buf = c.buf.subarray(n);
      mode.left -= n;
      if (mode.left > 0) return false;
    } else {
      for (;;) {
        if (mode.state === 'size') {
          const i = c.buf.indexOf(CRLF);
          if (i === -1) return false;
          mode.left = parseInt(c.buf.subarray(0, i).toString('latin1').split(';')[0]!.trim(), 16);
          c.buf = c.buf.subarray(i + 2);
          mode.state = mode.left === 0 ? 'trailers' : 'data';
        } else if (mode.state === 'data') {
          const n = Math.min(mode.left, c.buf.length);
          append(c.buf.subarray(0, n));
          c.buf = c.buf.subarray(n);
          mode.left -= n;
          if (mode.left > 0) return false;
          mode.state = 'crlf';
        } else if (mode.state === 'crlf') {
          if (c.buf.length < 2) return false;
          c.buf = c.buf.subarray(2);
          mode.state = 'size';
        } else {
          const i = c.buf.indexOf(CRLF);
          if (i === -1) return false;
          const line = c.buf.subarray(0, i).toString('latin1');
          c.buf = c.buf.subarray(i + 2);
          if (line.length === 0) break;
          const k = line.indexOf(':');
          if (k > 0) req.trailers[line.slice(0, k).trim().toLowerCase()] = line.slice(k + 1).trim();
        }
      }
    }
    c.bodyMode = undefined;
    c.phase = 'head';
    req.bodyComplete = true;
    if (c.answeredEarly) this.exchangeDone(c, req);
    else this.onRequestComplete(c, req);
    return true;
  }

  // ---- behaviours ----------------------------------------------------------------------------

  private keepAliveHeaders(c: Conn): string {
    return c.policy.hint !== undefined ? `Keep-Alive: timeout=${c.policy.hint}${CRLF}` : '';
  }

  private clientAsksClose(req: FaultRequest): boolean {
    return /(?:^|,)\s*close\s*(?:,|$)/i.test(String(req.headers.connection ?? ''));
  }

  /** A complete `200` response; keeps the connection unless the client asked to close. */
  private respond(c: Conn, req: FaultRequest, body: string, extraHeaders = ''): void {
    const close = this.clientAsksClose(req);
    const head =
      `HTTP/1.1 200 OK${CRLF}Content-Type: text/plain${CRLF}Content-Length: ${Buffer.byteLength(body)}${CRLF}` +
      (close ? `Connection: close${CRLF}` : this.keepAliveHeaders(c)) +
      extraHeaders +
      CRLF;
    req.actions.push('respond 200');
    this.write(c, head + body, () => {
      if (close) {
        req.actions.push('fin (client asked)');
        this.shut(c, 'server-fin');
        return;
      }
      if (req.bodyComplete) this.exchangeDone(c, req);
    });
  }

  private defaultBody(req: FaultRequest): string {
    const len = req.params.get('len');
    return len !== null ? 'x'.repeat(Number(len)) : `c${req.connection}r${req.index}`;
  }

  /** Behaviours that act as soon as the request headers are in. */
  private onRequestHead(c: Conn, req: FaultRequest): void {
    switch (req.fault) {
      case 'reset-on-request':
        req.actions.push('rst');
        c.phase = 'ignore';
        this.shut(c, 'server-rst');
        return;
      case 'continue':
        req.actions.push('100');
        this.write(c, `HTTP/1.1 100 Continue${CRLF}${CRLF}`);
        return;
      case 'early': {
        c.answeredEarly = true;
        const then = req.params.get('then') ?? 'drain';
        if (then === 'close') {
          const body = 'early';
          req.actions.push('respond 200 early, Connection: close');
          this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: ${body.length}${CRLF}Connection: close${CRLF}${CRLF}${body}`);
          c.phase = 'ignore';
          this.later(c, Number(req.params.get('delay') ?? 30), () => {
            req.actions.push('destroy (body unread)');
            this.shut(c, 'server-destroy');
          });
        } else {
          req.actions.push('respond 200 early');
          const body = 'early';
          this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: ${body.length}${CRLF}${this.keepAliveHeaders(c)}${CRLF}${body}`, () => {
            if (req.bodyComplete) this.exchangeDone(c, req);
          });
        }
        return;
      }
      default:
        return;
    }
  }

  /** Behaviours that act once the request is fully read. */
  private onRequestComplete(c: Conn, req: FaultRequest): void {
    switch (req.fault) {
      case 'ok':
      case 'reset-on-request':
      case 'early':
        if (req.fault === 'ok') this.respond(c, req, this.defaultBody(req));
        return;
      case 'slow':
        this.later(c, Number(req.params.get('ms') ?? 100), () => this.respond(c, req, this.defaultBody(req)));
        return;
      case 'hold':
        this.held.push(() => {
          if (!c.record.closed) this.respond(c, req, this.defaultBody(req));
        });
        return;
      case 'continue':
        this.respond(c, req, `got ${req.body.length}`);
        return;
      case 'early-hints':
        req.actions.push('103');
        this.write(c, `HTTP/1.1 103 Early Hints${CRLF}Link: </style.css>; rel=preload${CRLF}${CRLF}`);
        this.later(c, 10, () => this.respond(c, req, this.defaultBody(req)));
        return;
      case 'close': {
        const body = this.defaultBody(req);
        req.actions.push('respond 200 Connection: close', 'fin');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: ${body.length}${CRLF}Connection: close${CRLF}${CRLF}${body}`);
        this.shut(c, 'server-fin');
        return;
      }
      case 'close-keep-open': {
        const body = this.defaultBody(req);
        req.actions.push('respond 200 Connection: close, kept open');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: ${body.length}${CRLF}Connection: close${CRLF}${CRLF}${body}`, () => this.exchangeDone(c, req));
        return;
      }
      case 'http10': {
        const body = this.defaultBody(req);
        req.actions.push('respond HTTP/1.0', 'fin');
        this.write(c, `HTTP/1.0 200 OK${CRLF}Content-Length: ${body.length}${CRLF}${CRLF}${body}`);
        this.shut(c, 'server-fin');
        return;
      }
      case 'http10-keepalive': {
        const body = this.defaultBody(req);
        req.actions.push('respond HTTP/1.0 keep-alive, kept open');
        this.write(c, `HTTP/1.0 200 OK${CRLF}Connection: keep-alive${CRLF}Content-Length: ${body.length}${CRLF}${CRLF}${body}`, () =>
          this.exchangeDone(c, req),
        );
        return;
      }
      case 'reset-headers':
        req.actions.push('partial headers');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Type: text/plain${CRLF}Content-Le`);
        this.later(c, 30, () => {
          req.actions.push('rst');
          this.shut(c, 'server-rst');
        });
        return;
      case 'reset-body':
        req.actions.push('headers, 100 of 1000 body bytes');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: 1000${CRLF}${CRLF}${'x'.repeat(100)}`);
        this.later(c, 30, () => {
          req.actions.push('rst');
          this.shut(c, 'server-rst');
        });
        return;
      case 'extra-bytes':
      case 'extra-bytes-later': {
        const body = this.defaultBody(req);
        const response = `HTTP/1.1 200 OK${CRLF}Content-Length: ${body.length}${CRLF}${this.keepAliveHeaders(c)}${CRLF}${body}`;
        const junk = 'JUNK after the response\r\n';
        if (req.fault === 'extra-bytes') {
          req.actions.push('respond 200 + junk in the same write');
          this.write(c, response + junk, () => this.exchangeDone(c, req));
        } else {
          req.actions.push('respond 200');
          this.write(c, response, () => this.exchangeDone(c, req));
          this.laterIfIdle(c, req, 30, () => {
            req.actions.push('junk while idle');
            this.write(c, junk);
          });
        }
        return;
      }
      case 'half-close':
      case 'half-close-later': {
        const body = this.defaultBody(req);
        req.actions.push('respond 200 keep-alive');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: ${body.length}${CRLF}${this.keepAliveHeaders(c)}${CRLF}${body}`, () =>
          this.exchangeDone(c, req),
        );
        const fin = (): void => {
          req.actions.push('fin (read side open)');
          this.shut(c, 'server-fin');
        };
        if (req.fault === 'half-close') fin();
        else this.laterIfIdle(c, req, 30, fin);
        return;
      }
      case 'stall-headers':
        req.actions.push('partial headers, then stall');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Type: text/plain${CRLF}`);
        return;
      case 'upgrade': {
        const proto = typeof req.headers.upgrade === 'string' ? req.headers.upgrade : 'echo';
        req.actions.push('101');
        c.phase = 'upgraded';
        this.write(c, `HTTP/1.1 101 Switching Protocols${CRLF}Connection: Upgrade${CRLF}Upgrade: ${proto}${CRLF}${CRLF}`);
        if (c.buf.length > 0) {
          this.write(c, c.buf);
          c.buf = Buffer.alloc(0);
        }
        return;
      }
      case 'short-length':
        req.actions.push('Content-Length: 5, 10 bytes sent');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: 5${CRLF}${this.keepAliveHeaders(c)}${CRLF}helloWORLD`, () => this.exchangeDone(c, req));
        return;
      case 'long-length': {
        req.actions.push('Content-Length: 100, 10 bytes sent');
        this.write(c, `HTTP/1.1 200 OK${CRLF}Content-Length: 100${CRLF}${CRLF}0123456789`);
        if ((req.params.get('then') ?? 'fin') === 'fin') {
          this.later(c, 30, () => {
            req.actions.push('fin');
            this.shut(c, 'server-fin');
          });
        } else {
          req.actions.push('stall');
        }
        return;
      }
      case 'chunked-trailers':
        req.actions.push('respond 200 chunked with trailers');
        this.write(
          c,
          `HTTP/1.1 200 OK${CRLF}Transfer-Encoding: chunked${CRLF}Trailer: X-Checksum${CRLF}${this.keepAliveHeaders(c)}${CRLF}` +
            `5${CRLF}hello${CRLF}6${CRLF} world${CRLF}0${CRLF}X-Checksum: c${req.connection}r${req.index}${CRLF}${CRLF}`,
          () => this.exchangeDone(c, req),
        );
        return;
    }
  }

  /** The response went out and the request was read: the connection is idle (keep-alive policy applies). */
  private exchangeDone(c: Conn, req: FaultRequest): void {
    if (c.record.closed || c.closing !== undefined || !req.bodyComplete || c.current !== req) return;
    c.current = undefined;
    c.busy = false;
    c.idleSince = performance.now();
    const p = c.policy;
    if (p.ms !== undefined && (p.how ?? 'timer') === 'timer') {
      c.idleTimer = setTimeout(() => {
        c.idleTimer = undefined;
        if (c.busy || c.record.closed) return;
        c.record.actions.push(`idle-close after ${p.ms} ms`);
        // Like NGINX and Node's server: close(); with a request already in the receive buffer, an RST.
        this.shut(c, 'server-destroy');
      }, p.ms);
    }
    if (c.buf.length > 0) setImmediate(() => this.parse(c));
  }
}

// ---- the client side --------------------------------------------------------------------------

/** Options of {@link send}. */
export interface SendOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** The whole body, written with `end()`. */
  body?: string;
  /**
   * A body written in parts: each after `afterMs` (from the previous part, or from the response
   * headers when `afterResponse`). The request ends after the last part.
   */
  bodyParts?: Array<{ data: string; afterMs?: number; afterResponse?: boolean }>;
  /** Trailers for a chunked request body (`req.addTrailers`); declare them in a `Trailer` header. */
  trailers?: Record<string, string>;
  /** Node's request `timeout` (ms of socket inactivity): the request is destroyed with an error. */
  timeout?: number;
  /** Hard bound on the whole exchange (ms, default 5000): the request is destroyed, `kind: 'deadline'`. */
  deadline?: number;
  /** Listen for `upgrade` (the upgraded socket is destroyed after `upgradeEcho` is checked). */
  upgrade?: boolean;
  /** TLS: the CA to trust (when the agent does not carry one). */
  ca?: string;
}

/** How one request ended. */
export interface Outcome {
  /**
   * `response`: a complete response and no error; `error`: an error on the request or the
   * response (see `gotResponse`); `upgrade`: the socket was upgraded; `closed`: the request
   * closed with neither; `deadline`: nothing within `deadline` (a hang).
   */
  kind: 'response' | 'error' | 'upgrade' | 'closed' | 'deadline';
  status: number | undefined;
  body: string;
  headers: IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  /** Status codes of 1xx responses seen (`information` events). */
  informational: number[];
  /** The first error (request or response). */
  error: (Error & { code?: string }) | undefined;
  /** The response headers had arrived when the error happened. */
  gotResponse: boolean;
  reusedSocket: boolean;
  /** The socket the request was bound to. */
  socket: Duplex | null;
  /** The client socket's local port (the server's `remotePort`), once connected. */
  localPort: number | undefined;
  req: ClientRequest;
  /** For `upgrade`: what the server echoed back of `ping`. */
  upgradeEcho: string | undefined;
  elapsed: number;
}

/**
 * Sends one request and reports how it ended; never rejects and never hangs past `deadline`.
 * Settles once the request has closed (and its response, if any, has ended or failed).
 */
export function send(agent: http.Agent | false, url: string, options: SendOptions = {}): Promise<Outcome> {
  const client = url.startsWith('https:') ? https : http;
  const started = performance.now();
  return new Promise<Outcome>((resolve) => {
    const req = client.request(url, {
      agent,
      method: options.method ?? 'GET',
      headers: options.headers,
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
    });
    const out: Outcome = {
      kind: 'closed',
      status: undefined,
      body: '',
      headers: {},
      trailers: {},
      informational: [],
      error: undefined,
      gotResponse: false,
      reusedSocket: false,
      socket: null,
      localPort: undefined,
      req,
      upgradeEcho: undefined,
      elapsed: 0,
    };
    let settled = false;
    let responseDone = true;
    let reqClosed = false;
    const timers = new Set<NodeJS.Timeout>();
    const finish = (kind?: Outcome['kind']): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      clearTimeout(hard);
      out.reusedSocket = req.reusedSocket;
      out.elapsed = performance.now() - started;
      if (kind !== undefined) out.kind = kind;
      else if (out.kind !== 'upgrade') out.kind = out.error ? 'error' : out.status !== undefined && out.gotResponse ? 'response' : 'closed';
      // Let the agent's 'free' (emitted right after 'close') and socket closes run first.
      setImmediate(() => resolve(out));
    };
    let upgraded = false;
    const maybeFinish = (): void => {
      // An upgraded exchange ends when the upgraded socket closes.
      if (reqClosed && responseDone && !upgraded) finish();
    };
    const hard = setTimeout(() => {
      req.destroy(new Error('deadline'));
      finish('deadline');
    }, options.deadline ?? 5000);
    const fail = (err: Error & { code?: string }): void => {
      out.error ??= err;
    };
    req.on('socket', (socket: Duplex) => {
      out.socket = socket;
      const s = socket as net.Socket;
      if (s.localPort !== undefined) out.localPort = s.localPort;
      else socket.once('connect', () => (out.localPort = s.localPort));
    });
    req.on('information', (info: { statusCode: number }) => out.informational.push(info.statusCode));
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', fail);
    req.on('close', () => {
      reqClosed = true;
      maybeFinish();
    });
    req.on('response', (res: http.IncomingMessage) => {
      responseDone = false;
      out.gotResponse = true;
      out.status = res.statusCode;
      out.headers = res.headers;
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      const done = (): void => {
        if (responseDone) return;
        responseDone = true;
        out.body = Buffer.concat(chunks).toString();
        out.trailers = res.trailers;
        maybeFinish();
      };
      res.on('end', done);
      res.on('aborted', () => fail(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
      res.on('error', (err: Error) => {
        fail(err);
        done();
      });
      res.on('close', done);
    });
    if (options.upgrade) {
      req.on('upgrade', (res: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        upgraded = true;
        out.status = res.statusCode;
        out.headers = res.headers;
        out.gotResponse = true;
        out.kind = 'upgrade';
        let echoed = head.toString();
        socket.on('data', (d: Buffer) => {
          echoed += d.toString();
          if (echoed.length >= 4) {
            out.upgradeEcho = echoed;
            socket.destroy();
          }
        });
        socket.on('error', () => undefined);
        socket.on('close', () => finish('upgrade'));
        socket.write('ping');
      });
    }
    if (options.bodyParts !== undefined) {
      const parts = [...options.bodyParts];
      let responded = false;
      let waiting: (() => void) | undefined;
      req.on('response', () => {
        responded = true;
        waiting?.();
      });
      const next = (): void => {
        const part = parts.shift();
        if (part === undefined) {
          if (options.trailers !== undefined) req.addTrailers(options.trailers);
          req.end();
          return;
        }
        const go = (): void => {
          const t = setTimeout(() => {
            timers.delete(t);
            if (req.destroyed) return;
            req.write(part.data);
            next();
          }, part.afterMs ?? 0);
          timers.add(t);
        };
        if (part.afterResponse && !responded) waiting = go;
        else go();
      };
      next();
    } else {
      if (options.trailers !== undefined) req.addTrailers(options.trailers);
      req.end(options.body);
    }
  });
}

/** Resolves after `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 5 ms until true; throws after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(5);
  }
}
