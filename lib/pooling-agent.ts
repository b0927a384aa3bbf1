import type { Agent, ClientRequest, ClientRequestArgs, RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AgentStats } from './stats';
import type { ResolvedPoolOptions } from './options';
import type { CreateSocketCallback, InternalAgent, InternalConnectOptions, InternalSocket } from './node-internals';
import { KeepAlivePool, type SocketInfo } from './pool';
import type { KeepAlivePoolAgent } from './agent-surface';
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
