import type { Agent, ClientRequest, ClientRequestArgs, RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AgentStats } from './stats';
import type { ResolvedPoolOptions } from './options';
import type { InternalAgent, InternalConnectOptions, InternalSocket } from './node-internals';
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

/**
 * Adds the NGINX upstream keepalive rules to an agent class through Node's own hooks.
 * `HttpAgent` and `HttpsAgent` are both built with it, so the rules exist once
 * (in {@link KeepAlivePool}) and both classes stay real subclasses of Node's agents.
 */
export function withKeepAlivePool<TBase extends AgentConstructor>(Base: TBase) {
  return class KeepAlivePoolAgent extends Base {
    /** @internal */
    readonly [kPool]: KeepAlivePool;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      const resolved = resolveOptions(args[0]);
      super(resolved.node, ...args.slice(1));
      this[kPool] = new KeepAlivePool(this as unknown as InternalAgent, resolved.pool);
    }

    /** The pool options in force (validated, defaults applied). */
    get poolOptions(): ResolvedPoolOptions {
      return this[kPool].options;
    }

    override addRequest(req: ClientRequest, options: RequestOptions): void {
      const pool = this[kPool];
      pool.beginAddRequest(req);
      try {
        super.addRequest(req, options);
      } finally {
        pool.endAddRequest();
      }
    }

    override getName(options?: ClientRequestArgs): string {
      const name = super.getName(options);
      this[kPool].onGetName(name);
      return name;
    }

    override createConnection(
      options: ClientRequestArgs,
      callback?: (err: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      const pool = this[kPool];
      const name = (options as InternalConnectOptions)._agentKey ?? super.getName(options);
      const socket = super.createConnection(options, (err: Error | null, stream: Duplex) => {
        // Node's net.createConnection calls this as a 'connect' listener, with no arguments;
        // an asynchronous createConnection calls it with the socket.
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

    /** Node's `destroy()`: closes every socket now (reason `agent_closed`). */
    override destroy(): void {
      this[kPool].markAllClosing();
      super.destroy();
    }

    /**
     * A snapshot of the pool: totals and per origin `active`, `idle`, `created`, `reused`,
     * `requests` and `closed` by reason. Plain data, safe to `JSON.stringify`.
     */
    getStats(): AgentStats {
      return this[kPool].getStats();
    }

    /**
     * What the pool knows of one of its sockets (`undefined` for a socket it did not open):
     * its drawn request limit and lifetime (ms), requests started, age (ms) and state.
     */
    describeSocket(socket: Duplex): SocketInfo | undefined {
      return KeepAlivePool.describe(socket);
    }
  };
}
