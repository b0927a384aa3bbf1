/**
 * The admission rules of NGINX's upstream keepalive, as pure functions of plain facts: may a
 * released connection go back to the pool, may an idle one carry a request, why did one close.
 * No transport here: each front-end gathers the facts from its own sockets.
 * @module
 */
import type { CloseReason } from './close-reasons';

/** The exchange that just ended on a connection. */
export interface ExchangeFacts {
  /** The response was read to its end. */
  readonly responseComplete: boolean;
  /** The request went out whole (its declared body sent, or a chunked body terminated). */
  readonly requestWrittenInFull: boolean;
  /** Neither side asked to close, as the response was received (a `close` token, HTTP/1.0). */
  readonly keepAlive: boolean;
  /** The response came as HTTP/1.1 (HTTP/1.0 keep-alive is not trusted). */
  readonly http11: boolean;
  /**
   * The request itself allows the connection to carry another one (absent: it does). A
   * transport that closes a connection after some requests by its own rule (undici after a
   * `HEAD`, or a request sent with `reset: true` or a `Connection: close` left in place) says
   * `false`: the connection is `not_reusable` (`server_close` when the server asked to close too).
   */
  readonly requestAllowsReuse?: boolean;
}

/** A connection being released, as the rules see it. */
export interface ReleaseFacts {
  /** Open and writable. */
  readonly usable: boolean;
  /** An error was seen on it. */
  readonly errored: boolean;
  /** The server ended its side. */
  readonly ended: boolean;
  /** The exchange that ran on it, or `null` when none did (its request never started). */
  readonly exchange: ExchangeFacts | null;
  /** Requests started on it, and its drawn limit. */
  readonly requests: number;
  readonly requestLimit: number;
  /** Its age and drawn lifetime (ms). */
  readonly age: number;
  readonly lifetime: number;
  /** The pool is closing. */
  readonly closing: boolean;
}

/**
 * Why a released connection may not carry another request, or `undefined` if it may: the
 * contract's rules 1 to 4 and 6 (rule 5, the idle timeout, is {@link effectiveIdleTimeout}'s).
 */
export function releaseVerdict(f: ReleaseFacts): CloseReason | undefined {
  if (f.errored) return 'error';
  if (f.ended) return 'server_close';
  const x = f.exchange;
  if (!f.usable) {
    // Closed on this side, with no error and no EOF from the server (a caller destroyed the
    // request, say): the server's doing only if it had asked to close.
    return x !== null && x.responseComplete && (!x.keepAlive || !x.http11) ? 'server_close' : 'not_reusable';
  }
  if (x !== null) {
    if (!x.responseComplete || !x.requestWrittenInFull) return 'not_reusable';
    if (!x.keepAlive || !x.http11) return 'server_close';
    if (x.requestAllowsReuse === false) return 'not_reusable';
  }
  if (f.requests >= f.requestLimit) return 'max_requests';
  if (f.age >= f.lifetime) return 'max_lifetime';
  if (f.closing) return 'agent_closed';
  return undefined;
}

/**
 * Why an idle connection about to be taken may not carry a request, or `undefined` if it may.
 * `usable`: open, writable and not ended; `idle`: the pool holds it as idle.
 */
export function takeVerdict(usable: boolean, idle: boolean, age: number, lifetime: number): CloseReason | undefined {
  if (!usable || !idle) return 'stale';
  if (age >= lifetime) return 'max_lifetime';
  return undefined;
}

/** The request that started is the connection's last (its count includes it): the connection retires after it. */
export function isLastRequest(requestsAfterThisOne: number, requestLimit: number): boolean {
  return requestsAfterThisOne >= requestLimit;
}

/** A connection idle this long gets its validation turn before a request is written on it. */
export function needsValidationTurn(idleFor: number, validateAfterIdle: number): boolean {
  return idleFor >= validateAfterIdle;
}

/**
 * Whether what a socket was destroyed with (`socket.errored`) is an error of the connection.
 * `ECANCELED` is not: it is a write still pending when this side destroyed the socket (Node >= 22
 * records it, Node 20 does not).
 */
export function isConnectionError(errored: unknown): boolean {
  return errored !== null && errored !== undefined && (errored as { code?: unknown }).code !== 'ECANCELED';
}

/** A connection that closed without the pool deciding it, as the rules see it. */
export interface ClosedFacts {
  /** It was idle when it closed. */
  readonly idle: boolean;
  readonly errored: boolean;
  readonly ended: boolean;
  /** Idle only: bytes arrived while it was idle. */
  readonly bytesWhileIdle: boolean;
  /** Idle only: how long it had been idle, and the inactivity timeout armed on it (ms; 0: none). */
  readonly idleFor: number;
  readonly armedTimeout: number;
  /** Idle only: the armed timeout is the pool's own, and the reason the pool gave it. */
  readonly armedByPool: boolean;
  readonly idleReason: CloseReason;
  /** The exchange running on it, if any: the response complete, kept alive, HTTP/1.1; the request destroyed by its caller. */
  readonly exchange: { readonly responseComplete: boolean; readonly keepAlive: boolean; readonly http11: boolean; readonly requestDestroyed: boolean } | null;
}

/** The close reason of a connection that closed without the pool deciding it. */
export function closeReasonOf(f: ClosedFacts): CloseReason {
  if (f.idle) {
    // The inactivity timeout armed when it went idle fired, or something else closed it while
    // idle: data, EOF, an error. Timers may fire a little early against the pool's clock
    // (libuv starts them from its cached loop time), hence the slack.
    const quiet = !f.errored && !f.ended && !f.bytesWhileIdle;
    if (!quiet || f.armedTimeout <= 0) return 'stale';
    const slack = Math.min(1000, f.armedTimeout / 2);
    if (f.idleFor < f.armedTimeout - slack) return 'stale';
    return f.armedByPool ? f.idleReason : 'idle_timeout';
  }
  if (f.errored) return 'error';
  const x = f.exchange;
  if (x !== null && x.responseComplete) {
    if (!x.keepAlive || !x.http11) return 'server_close';
  } else if (x !== null && f.ended && !x.requestDestroyed) {
    // The server closed the connection before the response was complete: the request failed.
    return 'error';
  }
  if (f.ended) return 'server_close';
  return 'not_reusable';
}
