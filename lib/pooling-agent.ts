import type { Agent, ClientRequest, ClientRequestArgs, RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  RequestDequeuedMessage,
  RequestQueuedMessage,
  RequestRejectedMessage,
  SocketClosedMessage,
  SocketCreatedMessage,
  SocketReusedMessage,
} from './diagnostics';
import type { AgentStats } from './stats';
import type { ResolvedPoolOptions } from './options';
import type { CreateSocketCallback, InternalAgent, InternalConnectOptions, InternalSocket } from './node-internals';
import { KeepAlivePool, type SocketInfo } from './pool';
import { resolveOptions } from './validate-options';

/** The key of an agent's pool (not exported from the package: the pool is not API). */
export const kPool: unique symbol = Symbol('upstream-keepalive.pool');

/**
 * A constructor of Node's `http.Agent` or a subclass (`https.Agent`). TypeScript requires a
 * mixin's base constructor to take `...args: any[]`; nothing else in the package uses `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AgentConstructor = new (...args: any[]) => Agent;

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

/**
 * Adds the NGINX upstream keepalive rules to an agent class through Node's own hooks.
 * `HttpAgent` and `HttpsAgent` are both built with it, so the rules exist once
 * (in {@link KeepAlivePool}) and both classes stay real subclasses of Node's agents.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withKeepAlivePool<TBase extends AgentConstructor>(Base: TBase): TBase & (new (...args: any[]) => KeepAlivePoolAgent) {
  return class extends Base implements KeepAlivePoolAgent {
    /** @internal */
    readonly [kPool]: KeepAlivePool;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      const resolved = resolveOptions(args[0]);
      super(resolved.node, ...args.slice(1));
      this[kPool] = new KeepAlivePool(this as unknown as InternalAgent, resolved.pool);
    }

    get poolOptions(): ResolvedPoolOptions {
      return this[kPool].options;
    }

    override addRequest(req: ClientRequest, options: RequestOptions): void {
      const pool = this[kPool];
      if (!pool.beginAddRequest(req, options)) return;
      try {
        super.addRequest(req, options);
      } finally {
        pool.endAddRequest(req, options);
      }
    }

    override getName(options?: ClientRequestArgs): string {
      const name = super.getName(options);
      this[kPool].onGetName(name);
      return name;
    }

    /**
     * Node's `createSocket` (internal, stable since Node 0.x) wraps `createConnection` for
     * both of its callers: `addRequest` (a new socket for this request) and `removeSocket`
     * (a new socket for a queued request). Watching it here sees every connection, however
     * `createConnection` is provided: a subclass or an instance property, sync or async.
     */
    override createSocket(req: ClientRequest, options: RequestOptions, cb: CreateSocketCallback): void {
      const pool = this[kPool];
      const forAdd = pool.isAdding(req);
      const name = super.getName(options);
      let settled = false;
      let pending = false;
      super.createSocket(req, options, (err, socket) => {
        settled = true;
        if (pending) pool.onConnectionSettled(name);
        if (!err && socket && forAdd) pool.bindNew(socket as InternalSocket, req);
        cb(err, socket);
      });
      if (!settled) {
        pending = true;
        pool.onConnectionPending(name);
      }
    }

    override createConnection(
      options: ClientRequestArgs,
      callback?: (err: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      const pool = this[kPool];
      const name = (options as InternalConnectOptions)._agentKey ?? super.getName(options);
      const socket = super.createConnection(options, (err: Error | null, stream: Duplex) => {
        // Node's net.createConnection calls this as a 'connect' listener, with no arguments;
        // an asynchronous createConnection calls it once, with an error or the socket.
        if (stream) pool.onCreated(stream as InternalSocket, name, options);
        callback?.(err, stream);
      });
      if (socket) pool.onCreated(socket as InternalSocket, name, options);
      return socket;
    }

    override keepSocketAlive(socket: Duplex): boolean {
      return this[kPool].enterIdle(socket as InternalSocket);
    }

    override reuseSocket(socket: Duplex, request: ClientRequest): void {
      super.reuseSocket(socket, request);
      this[kPool].onReuse(socket as InternalSocket, request);
    }

    close(): Promise<void> {
      return this[kPool].close();
    }

    /** Node's `destroy()`: closes every socket now (reason `agent_closed`), requests in flight included. */
    override destroy(): void {
      this[kPool].markAllClosing();
      super.destroy();
    }

    getStats(): AgentStats {
      return this[kPool].getStats();
    }

    describeSocket(socket: Duplex): SocketInfo | undefined {
      return KeepAlivePool.describe(socket);
    }
  };
}
