import type { UpstreamsOptions } from '../upstreams/options';
import type { AgentOptions } from 'node:http';

/**
 * The pool options that NGINX's upstream keepalive module has and Node's agent lacks.
 * Each is validated when the agent is constructed: a wrong type throws a `TypeError`, a value
 * out of range a `RangeError`, both with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`
 * (except `agentKeepAliveTimeoutBuffer`, which Node's own agent reads too: read as Node reads
 * it, a value it does not accept is the default).
 *
 * Each member's `Unit:`, `Default:` and `NGINX:` lines state what the option spec
 * (`lib/options/spec.ts`) holds; a test keeps them, and the README's table, in agreement.
 */
export interface KeepAlivePoolOptions {
  /**
   * Idle (pooled) sockets kept **across all origins** of this agent. When a socket is
   * released into a full pool, the least recently used idle socket is closed to make room
   * (close reason `evicted`). Does not limit active sockets (see `maxSockets` for that).
   *
   * Unit: sockets; an integer ≥ 1, or `Infinity`. Default: `256`.
   * NGINX: `keepalive N` (which is per worker process; this is per agent, per Node process).
   */
  maxIdleSockets?: number | undefined;

  /**
   * Node's per-origin idle cap, with the LRU rule: when a socket is released into an origin
   * that already has this many idle sockets, the least recently used idle socket of that
   * origin is closed (`evicted`), not the one just released (Node closes the one released).
   *
   * Unit: sockets; an integer ≥ 1, or `Infinity` (`0` and `null`: the default; the agents, where
   * it is Node's option, take any value Node takes and read it as Node does). Default: the value
   * of `maxIdleSockets`. NGINX: none (NGINX's cap is per upstream block, which is `maxIdleSockets` here).
   */
  maxFreeSockets?: number | undefined;

  /**
   * An idle socket is closed after this long without a request (close reason
   * `idle_timeout`). The timeout in force for a socket is the smallest of this value, the
   * server's `Keep-Alive: timeout=N` hint minus `agentKeepAliveTimeoutBuffer` (applied even
   * when Node's `timeout` is unset), Node's `timeout` if set, and the socket's remaining
   * lifetime. When that smallest value is zero or less, the socket is not pooled at all.
   *
   * Unit: milliseconds; > 0, or `Infinity` (no idle timeout of our own). Default: `60000`.
   * NGINX: `keepalive_timeout` (default 60s).
   */
  idleTimeout?: number | undefined;

  /**
   * Safety margin taken off the server's `Keep-Alive: timeout=N` hint, so that the agent
   * closes an idle socket before the server does (the server's close racing a reuse is the
   * cause of most `ECONNRESET` / `socket hang up` errors on reused sockets).
   *
   * Unit: milliseconds; ≥ 0 and finite. Default: `1000` (the same name and default as
   * Node's own agent in the Node versions that have it).
   * NGINX: none (NGINX does not read the hint).
   */
  agentKeepAliveTimeoutBuffer?: number | undefined;

  /**
   * A socket carries at most this many requests: after the response to the last one, the
   * agent closes it (close reason `max_requests`), as NGINX does. Nothing of it shows in the
   * request or the response (no `Connection: close` of ours, which a proxy would pass on to
   * its own client), and with `warmReplacement` the next request finds a new connection ready.
   *
   * Unit: requests; an integer ≥ 1, or `Infinity`. Default: `1000`.
   * NGINX: `keepalive_requests` (default 1000).
   */
  maxRequestsPerSocket?: number | undefined;

  /**
   * No request is started on a socket older than this (age counted from the moment the
   * connection was opened). Checked when a socket is released and again when it is taken
   * from the pool; an idle socket is closed when its lifetime ends (close reason
   * `max_lifetime`). A request already running is never cut short.
   *
   * Unit: milliseconds; > 0, or `Infinity`. Default: `3600000` (1 hour).
   * NGINX: `keepalive_time` (default 1h).
   */
  maxSocketLifetime?: number | undefined;

  /**
   * Each socket draws its own request limit and lifetime uniformly from
   * `[limit × (1 − limitJitter), limit]`, so sockets opened together do not all renew
   * together. Limits are never exceeded. `0` gives NGINX's exact behaviour.
   *
   * Unit: a fraction; ≥ 0 and < 1. Default: `0.1`.
   * NGINX: none.
   */
  limitJitter?: number | undefined;

  /**
   * Remove a `Connection: close` header, the fields it names (RFC 9110 §7.6.1; never `Host`,
   * `Content-Length`, `Transfer-Encoding`, `Expect`), and any `Keep-Alive` header from an
   * outgoing request whose headers are not yet written, so that a proxy forwarding its
   * client's headers still reuses its upstream connections. A `Connection` header that asks
   * for an upgrade is left alone.
   *
   * Unit: boolean. Default: `true`.
   * NGINX: `proxy_set_header Connection ""` (with `proxy_http_version 1.1;`).
   */
  stripConnectionClose?: boolean | undefined;

  /**
   * A socket that has been idle at least this long is checked for one turn of the event loop
   * before a request is written on it: a close, a reset or stray bytes already sent by the
   * server are read first, and if the socket turns out dead the request goes to a new
   * connection instead — the race behind most `ECONNRESET` / `socket hang up` errors on reused
   * connections. Sockets reused sooner (the hot path under load) are not delayed. `0` checks
   * every reuse (as undici does); `Infinity` never checks.
   *
   * Unit: milliseconds; ≥ 0, or `Infinity`. Default: `1000`.
   * NGINX: none (NGINX peeks at the socket; Node has no synchronous peek).
   */
  validateAfterIdle?: number | undefined;

  /**
   * When a socket takes its last allowed request (`maxRequestsPerSocket`), or a request
   * starts on it within the last 5 % (at most 5 s) of its lifetime (`maxSocketLifetime`),
   * and its origin has had another request within the last second, the agent opens the
   * replacement connection in the background (TCP, and TLS with session resumption for
   * `HttpsAgent`) and pools it once it is established, so that the next request does not
   * wait for a handshake. Never beyond `maxSockets`, `maxTotalSockets` or `maxIdleSockets`;
   * counted in `created` and in the stats' `warm` counters (opened, used, wasted). A replacement
   * not established within 3 s (or `connectTimeout`, if shorter) is given up (`error`): nobody
   * waits for it, and a pending connect would keep a process that is done alive.
   *
   * Unit: boolean. Default: `true`.
   * NGINX: none (NGINX opens a connection when a request needs one).
   */
  warmReplacement?: boolean | undefined;

  /**
   * A connection not established in time fails its request with a `ConnectTimeoutError`
   * (`code === 'ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT'`). For `HttpsAgent` the time covers
   * the TCP connect and the TLS handshake. `0` or `Infinity` turns the timeout off.
   *
   * Unit: milliseconds; ≥ 0, or `Infinity`. Default: `10000`.
   * NGINX: `proxy_connect_timeout` (default 60s; it too covers the TLS handshake to the upstream).
   */
  connectTimeout?: number | undefined;

  /**
   * Requests of one origin that may wait for a socket when `maxSockets` (or
   * `maxTotalSockets`) is reached. A request past the bound fails at once with a
   * `QueueFullError` (`code === 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL'`), before anything is sent.
   *
   * Unit: requests; an integer ≥ 0, or `Infinity`. Default: `Infinity` (Node's unbounded queue).
   * NGINX: `queue N` (NGINX Plus), which is per upstream as this is per origin.
   */
  maxQueuedRequests?: number | undefined;

  /**
   * A request that waits for a socket longer than this fails with a `QueueTimeoutError`
   * (`code === 'ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT'`), before anything is sent. `0` turns the
   * timeout off.
   *
   * Unit: milliseconds; ≥ 0, or `Infinity`. Default: `0` (off).
   * NGINX: `queue N timeout=T` (NGINX Plus; default 60s there).
   */
  queueTimeout?: number | undefined;
}

/**
 * Options of {@link HttpAgent}: every option of Node's `http.Agent` (with Node's meaning;
 * `keepAlive` defaults to `true` here) plus {@link KeepAlivePoolOptions}.
 */
export interface HttpAgentOptions extends AgentOptions, KeepAlivePoolOptions, UpstreamsPoolOptions {}

/** The option of both agents that names NGINX `upstream` groups. */
export interface UpstreamsPoolOptions {
  /**
   * NGINX `upstream` groups, by name: a request whose host is a group's name (any port) goes
   * to a server the group's balancer picks (weighted round robin, `least_conn`, `hash`,
   * `random`), with backup servers, passive health (`maxFails` / `failTimeout`), `maxConns`
   * and next upstream on a connection that could not be established; idle connections are
   * kept per server, under the agent's one `maxIdleSockets`. Every other host is served as
   * without groups. See docs/upstreams.md.
   *
   * Unit: groups. Default: none. NGINX: `upstream NAME { server ADDRESS …; }`.
   */
  upstreams?: UpstreamsOptions | undefined;
}

/**
 * The option that {@link HttpsAgent} adds to {@link KeepAlivePoolOptions}. Node's `https.Agent`
 * has it too: Node's constructor applies it (and its default), and the session cache holds as
 * many sessions as Node's would; `KeepAliveDispatcher` checks it as its own.
 */
export interface HttpsPoolOptions {
  /**
   * TLS sessions kept for resumption, one per origin key (host, port, servername and TLS
   * options), least recently used evicted first; each lives no longer than the server said
   * it would resume it. `0` turns session reuse off.
   *
   * Unit: sessions; an integer ≥ 0, or `Infinity` (`HttpsAgent`, where it is Node's option,
   * takes any value Node takes and holds as many sessions as Node's cache would). Default: `100`
   * (as Node's). NGINX: `proxy_ssl_session_reuse` (on by default).
   */
  maxCachedSessions?: number | undefined;
}

/**
 * The socket caps of `KeepAliveDispatcher` (`upstream-keepalive/undici`). The agents take the
 * same two options from Node's `http.Agent`, with Node's meaning; the dispatcher has no Node
 * agent underneath, so it checks and applies them itself, with the same meaning.
 */
export interface DispatcherSocketOptions {
  /**
   * Connections open at once to one origin (active, idle and being established). A request
   * that finds none free and no room waits in the origin's queue (`maxQueuedRequests`,
   * `queueTimeout`).
   *
   * Unit: sockets; an integer ≥ 1, or `Infinity`. Default: `Infinity` (as Node's agent).
   * NGINX: `max_conns` (a `server` parameter of the upstream block).
   */
  maxSockets?: number | undefined;

  /**
   * Connections open at once across all origins. When it is reached, a request that needs a
   * new connection first closes the least recently used idle connection of another origin
   * (`evicted`), so that an idle connection never keeps a request waiting; with none idle, it
   * waits in its origin's queue.
   *
   * Unit: sockets; an integer ≥ 1, or `Infinity`. Default: `Infinity` (as Node's agent).
   * NGINX: none.
   */
  maxTotalSockets?: number | undefined;
}

/** {@link KeepAlivePoolOptions} with every default applied and every value validated. */
export type ResolvedPoolOptions = Readonly<Required<KeepAlivePoolOptions>>;
