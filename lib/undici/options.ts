/**
 * The options of `KeepAliveDispatcher`: the pool options of the agents (read by the same
 * spec), `maxCachedSessions`, the socket caps, the connection options (`connect`), and the
 * undici `Client` options the pool passes through. undici's own pool options that ours replace
 * are refused with a pointer to ours, and HTTP/2 is refused: this dispatcher speaks HTTP/1.1.
 * @module
 */
import { InvalidOptionRangeError, InvalidOptionTypeError, UnknownOptionError } from '../errors';
import { checkNearMisses } from '../options/names';
import type { DispatcherSocketOptions, HttpsPoolOptions, KeepAlivePoolOptions, ResolvedPoolOptions } from '../options/options';
import { DISPATCHER_SOCKET_SPECS, KEEPALIVE_DISPATCHER_OPTIONS } from '../options/spec';

/**
 * The undici `Client` options that the dispatcher passes to each connection's `Client`, with
 * undici's meaning, defaults and validation.
 */
export interface ClientPassThroughOptions {
  /** undici: time to wait for the response headers (ms; default 300000; 0: none). */
  headersTimeout?: number | undefined;
  /** undici: time allowed between two chunks of the response body (ms; default 300000; 0: none). */
  bodyTimeout?: number | undefined;
  /** undici: the largest response head, in bytes (default: Node's `http.maxHeaderSize`). */
  maxHeaderSize?: number | undefined;
  /** undici: the largest response body, in bytes (default -1: no limit). */
  maxResponseSize?: number | undefined;
  /** undici: fail a request whose body does not match its `Content-Length` (default true). */
  strictContentLength?: boolean | undefined;
  /** undici: the local address to connect from. */
  localAddress?: string | undefined;
}

/** Options of {@link KeepAliveDispatcher}. */
export interface KeepAliveDispatcherOptions extends KeepAlivePoolOptions, HttpsPoolOptions, DispatcherSocketOptions, ClientPassThroughOptions {
  /**
   * Options for each connection: those of `net.connect` and, for `https:` origins, of
   * `tls.connect` (`ca`, `cert`, `key`, `rejectUnauthorized`, `servername`, `lookup`, ...), as
   * undici's `connect` option takes them. A connector function is not accepted: the pool opens
   * its connections itself (connect timeout, TLS session cache, stale detection).
   */
  connect?: Readonly<Record<string, unknown>> | undefined;
  /**
   * HTTP/2 is not supported: the pool rules are those of NGINX's HTTP/1.1 upstream keepalive.
   * `true` is refused at construction; connections offer only `http/1.1` in ALPN.
   */
  allowH2?: false | undefined;
}

/** Every option resolved: validated, defaults applied. */
export interface ResolvedDispatcherOptions extends ResolvedPoolOptions, Readonly<Required<DispatcherSocketOptions>> {
  /** TLS sessions kept (0: no reuse). */
  readonly maxCachedSessions: number;
  /** The `net.connect` / `tls.connect` options of every connection. */
  readonly connect: Readonly<Record<string, unknown>>;
  /** What goes to every connection's `Client`. */
  readonly client: Readonly<ClientPassThroughOptions>;
}

/** undici's pool options that ours replace: given one, the error names ours. */
const REPLACED: Readonly<Record<string, string>> = {
  keepAliveTimeout: 'idleTimeout',
  keepAliveMaxTimeout: 'idleTimeout',
  keepAliveTimeoutThreshold: 'agentKeepAliveTimeoutBuffer',
  maxRequestsPerClient: 'maxRequestsPerSocket',
  clientTtl: 'maxSocketLifetime',
  connections: 'maxSockets',
};

/** The `connect` options that undici reads but are ours here. */
const REPLACED_IN_CONNECT: Readonly<Record<string, string>> = {
  timeout: 'connectTimeout',
  maxCachedSessions: 'maxCachedSessions',
  allowH2: 'allowH2',
};

const PASS_THROUGH: readonly (keyof ClientPassThroughOptions)[] = ['headersTimeout', 'bodyTimeout', 'maxHeaderSize', 'maxResponseSize', 'strictContentLength', 'localAddress'];

function refuseUnsupported(given: Readonly<Record<string, unknown>>): void {
  if (given.allowH2 !== undefined && given.allowH2 !== false) {
    throw new InvalidOptionRangeError('allowH2', 'false or absent (KeepAliveDispatcher speaks HTTP/1.1 only)', given.allowH2);
  }
  if (given.pipelining !== undefined && given.pipelining !== 1) {
    throw new InvalidOptionRangeError('pipelining', '1 or absent (one request at a time on each connection)', given.pipelining);
  }
  for (const name of ['factory', 'socketPath']) {
    if (given[name] !== undefined) throw new InvalidOptionRangeError(name, 'absent (the pool opens its own TCP / TLS connections)', given[name]);
  }
  for (const [name, ours] of Object.entries(REPLACED)) if (given[name] !== undefined) throw new UnknownOptionError(name, ours);
  const connect = given.connect;
  if (connect === undefined || connect === null) return;
  if (typeof connect !== 'object') {
    throw new InvalidOptionTypeError('connect', 'an object of net.connect / tls.connect options (a connector function is not accepted)', connect);
  }
  const inner = connect as Readonly<Record<string, unknown>>;
  if (inner.socketPath !== undefined) throw new InvalidOptionRangeError('connect.socketPath', 'absent (the pool opens its own TCP / TLS connections)', inner.socketPath);
  for (const [name, ours] of Object.entries(REPLACED_IN_CONNECT)) if (inner[name] !== undefined) throw new UnknownOptionError(`connect.${name}`, ours);
}

/**
 * Validates the options (our typed errors, `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`)
 * and applies the defaults, those of the agents.
 */
export function resolveDispatcherOptions(options: KeepAliveDispatcherOptions | undefined): ResolvedDispatcherOptions {
  const given: Readonly<Record<string, unknown>> = options !== null && typeof options === 'object' ? (options as Record<string, unknown>) : {};
  refuseUnsupported(given);
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(KEEPALIVE_DISPATCHER_OPTIONS)) {
    const value = given[name];
    const read = value === undefined ? undefined : spec.reader.read(name, value);
    const fallback = spec.default;
    // A derived default names an option listed earlier (the spec's test holds it to that).
    resolved[name] = read ?? (typeof fallback === 'object' ? resolved[fallback.sameAs] : fallback);
  }
  // The socket caps are Node's on the agents, the dispatcher's own here: their misspellings too.
  checkNearMisses(given, Object.keys(DISPATCHER_SOCKET_SPECS));
  const client: Record<string, unknown> = {};
  for (const name of PASS_THROUGH) if (given[name] !== undefined) client[name] = given[name];
  resolved.client = Object.freeze(client);
  resolved.connect = Object.freeze({ ...((given.connect as Record<string, unknown> | undefined) ?? {}) });
  return Object.freeze(resolved) as unknown as ResolvedDispatcherOptions;
}
