import type * as http from 'node:http';
import type * as https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type {
  RequestDequeuedMessage,
  RequestQueuedMessage,
  RequestRejectedMessage,
  SocketClosedMessage,
  SocketCreatedMessage,
  SocketReusedMessage,
} from '../observability/diagnostics';
import type { SocketInfo } from '../node-agent/socket-info';
import type { ResolvedPoolOptions } from '../options/options';
import type { AgentStats } from '../observability/stats';
import type { UpstreamStateChange } from '../upstreams/stats';

/** The pool's events on the agent, by name, with their message types. */
export interface PoolEvents {
  /** A connection was opened. */
  socketCreated: SocketCreatedMessage;
  /** An open connection was given another request. */
  socketReused: SocketReusedMessage;
  /** A connection left the pool for good, with its reason. */
  socketClosed: SocketClosedMessage;
  /** A request waits for a socket. */
  requestQueued: RequestQueuedMessage;
  /** A waiting request got a socket. */
  requestDequeued: RequestDequeuedMessage;
  /** A request was failed without being sent. */
  requestRejected: RequestRejectedMessage;
  /** A server of an upstream group changed state (`up`, `failed`, `probing`, `down`, `backup`). */
  upstreamStateChange: UpstreamStateChange;
}

/** An event map: each event name with the arguments its listeners receive. */
export type EventArgs<Events> = { [E in keyof Events]: unknown[] };

/**
 * The events Node's own `http.Agent` emits, with the arguments of their listeners
 * (`newListener` and `removeListener` are those of every `EventEmitter`).
 */
export interface NodeAgentEvents {
  /** A socket ended its request and is handed back to the agent, with the request's connect options. */
  free: [socket: Socket, options: http.RequestOptions];
  /** A listener is about to be added. */
  newListener: [event: string | symbol, listener: (...args: never[]) => unknown];
  /** A listener was removed. */
  removeListener: [event: string | symbol, listener: (...args: never[]) => unknown];
}

/** The events Node's own `https.Agent` emits: those of `http.Agent`, and `keylog`. */
export interface NodeHttpsAgentEvents extends NodeAgentEvents {
  /** A socket ended its request and is handed back to the agent, with the request's connect options. */
  free: [socket: Socket, options: https.RequestOptions];
  /** Key material of one of the agent's TLS connections, one NSS `SSLKEYLOGFILE` line. */
  keylog: [line: Buffer, tlsSocket: TLSSocket];
}

/**
 * Every event of an agent, with the arguments of its listeners: Node's (`NodeEvents`), and
 * the pool's ({@link PoolEvents}, whose listeners receive the one message).
 */
export type AgentEvents<NodeEvents extends EventArgs<NodeEvents>> = NodeEvents & {
  [E in keyof PoolEvents]: [message: PoolEvents[E]];
};

/** The events of `HttpAgent`: {@link NodeAgentEvents} and {@link PoolEvents}. */
export type HttpAgentEvents = AgentEvents<NodeAgentEvents>;

/** The events of `HttpsAgent`: {@link NodeHttpsAgentEvents} and {@link PoolEvents}. */
export type HttpsAgentEvents = AgentEvents<NodeHttpsAgentEvents>;

/**
 * `EventEmitter`'s listener methods for the events `Events` only: an unknown event name, or a
 * listener that does not take that event's arguments, is a compile-time error (`EventEmitter`
 * itself accepts any name).
 */
export interface AgentListeners<Events extends EventArgs<Events>> {
  /** Adds a listener of an event of the agent. */
  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  /** Adds a listener that is removed the first time it runs. */
  once<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  /** Removes a listener. */
  off<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  /** The same as `on`. */
  addListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  /** The same as `off`. */
  removeListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  /** Adds a listener that runs before those added already. */
  prependListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
  /** Adds a listener that runs before those added already and is removed the first time it runs. */
  prependOnceListener<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): this;
}

/** Options of {@link KeepAlivePoolAgent.close}. */
export interface CloseOptions {
  /**
   * Milliseconds to wait for requests in flight before destroying what is left; `Infinity`
   * or absent: wait as long as they take.
   */
  timeout?: number | undefined;
}

/**
 * What the pool adds to `HttpAgent` and `HttpsAgent`: the public surface of the pool, and
 * listener methods that know the agent's `Events`.
 */
export interface KeepAlivePoolAgent<Events extends EventArgs<Events> = HttpAgentEvents> extends AgentListeners<Events> {
  /** The pool options in force (validated, defaults applied). */
  readonly poolOptions: ResolvedPoolOptions;
  /**
   * A snapshot of the pool: totals and per origin `active`, `idle`, `queued`, `connecting`,
   * `created`, `reused`, `requests`, `closed` by reason, and the longest queue wait.
   * Plain data, safe to `JSON.stringify`.
   */
  getStats(): AgentStats;
  /** What the pool knows of one of its sockets; `undefined` for a socket it did not open. */
  describeSocket(socket: Duplex): SocketInfo | undefined;
  /**
   * Closes the agent gracefully: nothing is pooled any more, idle sockets close now
   * (reason `agent_closed`), requests waiting for a socket fail with an `AgentClosedError`,
   * requests in flight finish and their sockets close when their responses end, and new
   * requests fail at once with an `AgentClosedError`. Resolves when no socket is left.
   * Calling it again returns the same promise.
   *
   * `timeout` (ms; default: none) bounds the wait: when it runs out, every socket still open
   * is destroyed (reason `agent_closed`; its request fails as with `destroy()`) and the
   * promise resolves. A later call may shorten the deadline, never lengthen it.
   * @throws {TypeError|RangeError} for a `timeout` that is not a number ≥ 0, with
   * `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`.
   */
  close(options?: CloseOptions): Promise<void>;
}

// The two interfaces below redeclare the listener methods: an interface that extends both
// `http.Agent` and `KeepAlivePoolAgent` must (their `on` differ), and a redeclared member
// replaces `EventEmitter`'s, whose `on(event: string | symbol, ...)` would accept any name.
// They stay assignable to Node's agents: methods compare their parameters both ways.

/** An `HttpAgent` (without its own static members): an `http.Agent` with the pool. */
export interface HttpPoolAgent extends http.Agent, KeepAlivePoolAgent<HttpAgentEvents> {
  /** Adds a listener of an event of the agent: Node's (`free`) or the pool's (`socketClosed`, ...). */
  on<E extends keyof HttpAgentEvents>(event: E, listener: (...args: HttpAgentEvents[E]) => void): this;
  /** Adds a listener that is removed the first time it runs. */
  once<E extends keyof HttpAgentEvents>(event: E, listener: (...args: HttpAgentEvents[E]) => void): this;
  /** Removes a listener. */
  off<E extends keyof HttpAgentEvents>(event: E, listener: (...args: HttpAgentEvents[E]) => void): this;
  /** The same as `on`. */
  addListener<E extends keyof HttpAgentEvents>(event: E, listener: (...args: HttpAgentEvents[E]) => void): this;
  /** The same as `off`. */
  removeListener<E extends keyof HttpAgentEvents>(event: E, listener: (...args: HttpAgentEvents[E]) => void): this;
  /** Adds a listener that runs before those added already. */
  prependListener<E extends keyof HttpAgentEvents>(event: E, listener: (...args: HttpAgentEvents[E]) => void): this;
  /** Adds a listener that runs before those added already and is removed the first time it runs. */
  prependOnceListener<E extends keyof HttpAgentEvents>(event: E, listener: (...args: HttpAgentEvents[E]) => void): this;
}

/** An `HttpsAgent` (without its own static members): an `https.Agent` with the pool. */
export interface HttpsPoolAgent extends https.Agent, KeepAlivePoolAgent<HttpsAgentEvents> {
  /** Adds a listener of an event of the agent: Node's (`free`, `keylog`) or the pool's (`socketClosed`, ...). */
  on<E extends keyof HttpsAgentEvents>(event: E, listener: (...args: HttpsAgentEvents[E]) => void): this;
  /** Adds a listener that is removed the first time it runs. */
  once<E extends keyof HttpsAgentEvents>(event: E, listener: (...args: HttpsAgentEvents[E]) => void): this;
  /** Removes a listener. */
  off<E extends keyof HttpsAgentEvents>(event: E, listener: (...args: HttpsAgentEvents[E]) => void): this;
  /** The same as `on`. */
  addListener<E extends keyof HttpsAgentEvents>(event: E, listener: (...args: HttpsAgentEvents[E]) => void): this;
  /** The same as `off`. */
  removeListener<E extends keyof HttpsAgentEvents>(event: E, listener: (...args: HttpsAgentEvents[E]) => void): this;
  /** Adds a listener that runs before those added already. */
  prependListener<E extends keyof HttpsAgentEvents>(event: E, listener: (...args: HttpsAgentEvents[E]) => void): this;
  /** Adds a listener that runs before those added already and is removed the first time it runs. */
  prependOnceListener<E extends keyof HttpsAgentEvents>(event: E, listener: (...args: HttpsAgentEvents[E]) => void): this;
}

/**
 * The base class of `HttpAgent`: `http.Agent`'s static side, constructing {@link HttpPoolAgent}s.
 * (`withKeepAlivePool(http.Agent)` is assignable to it.)
 */
export type HttpPoolAgentConstructor = Pick<typeof http.Agent, keyof typeof http.Agent> &
  (new (options?: http.AgentOptions) => HttpPoolAgent);

/**
 * The base class of `HttpsAgent`: `https.Agent`'s static side, constructing {@link HttpsPoolAgent}s.
 * (`withKeepAlivePool(https.Agent)` is assignable to it.)
 */
export type HttpsPoolAgentConstructor = Pick<typeof https.Agent, keyof typeof https.Agent> &
  (new (options?: https.AgentOptions) => HttpsPoolAgent);
