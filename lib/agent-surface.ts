import type { Duplex } from 'node:stream';
import type {
  RequestDequeuedMessage,
  RequestQueuedMessage,
  RequestRejectedMessage,
  SocketClosedMessage,
  SocketCreatedMessage,
  SocketReusedMessage,
} from './diagnostics';
import type { SocketInfo } from './pool';
import type { ResolvedPoolOptions } from './options';
import type { AgentStats } from './stats';

/** What the pool adds to `HttpAgent` and `HttpsAgent`: the public surface of the pool. */
export interface KeepAlivePoolAgent {
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
   */
  close(): Promise<void>;

  /** Typed listeners for the pool's events (the same messages as the diagnostics channels). */
  on<E extends keyof PoolEvents>(event: E, listener: (message: PoolEvents[E]) => void): this;
  /** Typed one-shot listener for a pool event. */
  once<E extends keyof PoolEvents>(event: E, listener: (message: PoolEvents[E]) => void): this;
  /** Removes a typed listener. */
  off<E extends keyof PoolEvents>(event: E, listener: (message: PoolEvents[E]) => void): this;
}

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
}

