/**
 * Opens the connections of the pool (undici's `Client` asks through its `connect` option):
 * TCP, or TLS with session resumption from the dispatcher's LRU session cache, within
 * `connectTimeout`; the TLS handshake counted as resumed or full.
 * @module
 */
import net, { type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { ConnectTimeoutError } from '../errors';
import { MAX_TIMER_MS } from '../rules/timers';
import type { TlsSessionCache } from '../tls/session-cache';
import { offerSession } from '../tls/offer-session';
import type { SharedSecureContext } from '../tls/secure-context-cache';
import { errors } from './peer';

/** What undici's `Client` passes to its connector. */
export interface ConnectParams {
  readonly hostname: string;
  readonly protocol: string;
  readonly port: string;
  readonly servername?: string | null;
  readonly localAddress?: string | null;
}

/** The dispatcher's connection settings. */
export interface ConnectorSettings {
  /** `net.connect` / `tls.connect` options given as the `connect` option (certificates, `rejectUnauthorized`, `lookup`, ...). */
  readonly connect: Readonly<Record<string, unknown>>;
  /** `connectTimeout` (ms; 0 or Infinity: none). */
  readonly timeout: number;
  readonly sessions: TlsSessionCache;
  /** The secure context every TLS connection shares (tls.connect() would make one per connection). */
  readonly context: SharedSecureContext;
}

/** What the connector reports about the connection it opens. */
export interface ConnectReport {
  /** The socket exists (the connection is being established): count it. */
  opened(socket: Socket): void;
  /** The TLS handshake finished; `resumed`: it resumed a session. */
  handshake(resumed: boolean): void;
}

/** TCP keepalive probes as undici's own connector sets them. */
const KEEPALIVE_INITIAL_DELAY = 60_000;

/** The SNI name of a connection: the one asked for, else the host unless it is an address (TLS sends no IP as SNI). */
export function sniOf(hostname: string, servername: string | null | undefined): string {
  if (servername) return servername;
  return net.isIP(hostname) === 0 ? hostname : '';
}

/**
 * Opens one connection for undici and calls `callback` once: with the socket when it is
 * established (`connect`, or `secureConnect` for TLS), or with the error. A connection not
 * established within the timeout is destroyed with a `ConnectTimeoutError`.
 */
export function openConnection(
  settings: ConnectorSettings,
  params: ConnectParams,
  origin: string,
  report: ConnectReport,
  callback: (err: Error | null, socket: Socket | null) => void,
): void {
  const secure = params.protocol === 'https:';
  const host = params.hostname;
  const port = Number(params.port) || (secure ? 443 : 80);
  const localAddress = params.localAddress ?? undefined;
  let opened: Opened;
  try {
    opened = connectSocket(settings, params, secure, host, port, localAddress);
  } catch (err) {
    // A `lookup` (or `connect` option) that throws synchronously: the connection failed, for the
    // request that waits for it or, for a warm replacement, for nobody (never an uncaught throw).
    process.nextTick(callback, err as Error, null);
    return;
  }
  const { socket, key, offered } = opened;
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEPALIVE_INITIAL_DELAY);
  report.opened(socket);

  let timer: NodeJS.Timeout | undefined;
  const timeout = settings.timeout;
  if (timeout > 0 && timeout !== Infinity) {
    timer = setTimeout(() => socket.destroy(new ConnectTimeoutError(origin, timeout, secure)), Math.min(timeout, MAX_TIMER_MS)).unref();
  }
  const ready = secure ? 'secureConnect' : 'connect';
  const settle = (err: Error | null): void => {
    if (timer !== undefined) clearTimeout(timer);
    socket.removeListener(ready, onReady);
    socket.removeListener('error', onError);
    socket.removeListener('close', onClose);
    callback(err, err === null ? socket : null);
  };
  const onReady = (): void => {
    if (secure) {
      const resumed = (socket as TLSSocket).isSessionReused();
      // A session the server no longer resumes is dropped at once; the new ticket replaces it.
      if (offered !== undefined && !resumed) settings.sessions.delete(key, offered);
      report.handshake(resumed);
    }
    settle(null);
  };
  const onError = (err: Error): void => {
    if (offered !== undefined) settings.sessions.delete(key, offered);
    socket.destroy();
    settle(err);
  };
  // Closed without an error (destroyed by the pool, say, before it was established).
  const onClose = (): void => settle(new errors.SocketError(`the connection to ${origin} closed before it was established`));
  socket.once(ready, onReady);
  socket.once('error', onError);
  socket.once('close', onClose);
}

/** A socket being connected, with its session-cache key and the session offered (TLS). */
interface Opened {
  readonly socket: Socket;
  readonly key: string;
  readonly offered: Buffer | undefined;
}

/** `tls.connect()` or `net.connect()` for `params` (throws what they throw). */
function connectSocket(settings: ConnectorSettings, params: ConnectParams, secure: boolean, host: string, port: number, localAddress: string | undefined): Opened {
  if (!secure) return { socket: net.connect({ ...settings.connect, host, port, localAddress } as net.NetConnectOpts), key: '', offered: undefined };
  // The request's servername (or its Host header's), else the `connect` option's, else the host's (undici's order).
  const given = (settings.connect as { servername?: unknown }).servername;
  const servername = sniOf(host, params.servername || (typeof given === 'string' ? given : undefined));
  const key = `${host}:${port}:${servername}`;
  let offered = settings.sessions.get(key);
  const context = settings.context.get();
  // The session is offered once, after tls.connect() returns (it would decode it twice), unless
  // a socket of the caller's is given (its handshake starts at once).
  const late = offered !== undefined && (settings.connect as { socket?: unknown }).socket === undefined;
  const socket = tls.connect({
    ...settings.connect,
    ...(context === undefined ? undefined : { secureContext: context }),
    host,
    port,
    servername: servername === '' ? undefined : servername,
    session: late ? undefined : offered,
    localAddress,
    ALPNProtocols: ['http/1.1'],
  } as tls.ConnectionOptions);
  if (late && offered !== undefined && !offerSession(socket, offered)) offered = undefined;
  // Every ticket the server sends refreshes the cache, also those that come after the handshake.
  socket.on('session', (session: Buffer) => settings.sessions.set(key, session));
  return { socket, key, offered };
}
