import type { Agent, ClientRequest, ClientRequestArgs, RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AgentStats } from '../observability/stats';
import type { ResolvedPoolOptions } from '../options/options';
import type { CreateSocketCallback, InternalAgent, InternalSocket } from '../node-agent/node-internals';
import { KeepAlivePool } from '../node-agent/pool';
import { describeSocket, type SocketInfo } from '../node-agent/socket-info';
import { withQueueHidden } from '../node-agent/node-adapter';
import { attemptOf, serverLabel, UpstreamRouter } from '../node-agent/upstream-router';
import type { CloseOptions, KeepAlivePoolAgent } from './agent-surface';
import { resolveOptions } from '../options/validate';
import { HTTP_AGENT_OPTIONS, type OptionSet } from '../options/spec';

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
export function withKeepAlivePool<TBase extends AgentConstructor>(
  Base: TBase,
  optionSet: OptionSet = HTTP_AGENT_OPTIONS,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): TBase & (new (...args: any[]) => KeepAlivePoolAgent) {
  return class PoolingAgent extends Base implements KeepAlivePoolAgent {
    // Private fields, not symbol-keyed properties: read on every hook call, and a private name
    // is a constant key to V8's optimised code where an exported symbol is not.
    /** The pool (not API). */
    readonly #pool: KeepAlivePool;
    /** The agent's upstream groups, when it has any. */
    readonly #router: UpstreamRouter | undefined;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      const resolved = resolveOptions(args[0], optionSet);
      super(resolved.node, ...args.slice(1));
      this.#pool = new KeepAlivePool(this as unknown as InternalAgent, resolved.pool, PoolingAgent.prototype.getName);
      this.#router =
        resolved.upstreams === undefined
          ? undefined
          : new UpstreamRouter(
              {
                addRequest: (req, options) => this.addRequest(req, options),
                protocol: (this as unknown as InternalAgent).protocol,
                pool: this.#pool,
                lookup: resolved.node.lookup,
                family: resolved.node.family,
              },
              resolved.upstreams,
              resolved.pool,
              (change) => this.emit('upstreamStateChange', change),
            );
    }

    get poolOptions(): ResolvedPoolOptions {
      return this.#pool.options;
    }

    /**
     * Node's `addRequest`, in every form Node accepts: `(req, options)` and the legacy
     * `(req, host, port, localAddress)`, forwarded intact.
     */
    override addRequest(req: ClientRequest, options: RequestOptions | string, port?: number, localAddress?: string): void {
      const pool = this.#pool;
      let opts: RequestOptions = typeof options === 'string' ? { host: options, port, localAddress } : options;
      const router = this.#router;
      if (router !== undefined) {
        // A group's name: Node is given the picked server's host and port.
        const routed = router.route(req, opts);
        if (routed === null) return; // waiting for a server, or failed
        if (routed !== undefined) {
          opts = options = routed;
          port = localAddress = undefined;
        }
      }
      const scope = pool.beginAddRequest(req, opts);
      if (scope === undefined) return;
      try {
        (super.addRequest as (req: ClientRequest, options: RequestOptions | string, port?: number, localAddress?: string) => void)(
          req,
          options,
          port,
          localAddress,
        );
      } finally {
        pool.endAddRequest(scope, req, opts);
      }
    }

    override getName(options?: ClientRequestArgs): string {
      const pool = this.#pool;
      // Inside Node's 'free' listener, for the socket's own options: the key Node made for it.
      const name = pool.releaseKey.of(options) ?? super.getName(options);
      pool.onGetName(name);
      return name;
    }

    /**
     * Node's `createSocket` (internal, stable since Node 0.x) wraps `createConnection` for
     * both of its callers: `addRequest` (a new socket for this request) and `removeSocket`
     * (a new socket for a queued request), and calls back once Node has put the socket in
     * `agent.sockets`. Only sockets that arrive here are the agent's: they get a record, and
     * no other socket does (a socket from a direct `agent.createConnection()` call is the
     * caller's, errors and all). Watching it here sees every connection, however
     * `createConnection` is provided: a subclass or an instance property, sync or async.
     */
    override createSocket(req: ClientRequest, options: RequestOptions, cb: CreateSocketCallback): void {
      const pool = this.#pool;
      const call = pool.beginCreate(req, () => super.getName({ ...options, ...this.options }));
      try {
        super.createSocket(req, options, (err, socket) => {
          pool.created(call, err, socket as InternalSocket | undefined, this.options, options);
          if (err !== null && err !== undefined && this.#router !== undefined) {
            // A group's server could not be reached: the next server, if one is left.
            const forCaller = this.#router.connectFailed(req, options, err);
            if (forCaller !== undefined) cb(forCaller);
            return;
          }
          cb(err, socket);
        });
      } catch (err) {
        pool.abandonCreate(call); // a createConnection that throws: the throw is the caller's, as with Node's agent
        throw err;
      }
      pool.endCreate(call);
    }

    /** Node's `createConnection`, in every form Node accepts, forwarded intact. */
    override createConnection(...args: unknown[]): Duplex | null | undefined {
      this.#pool.noteConnectOptions(args);
      const router = this.#router;
      const done = args[1];
      if (router !== undefined && attemptOf(args[0]) !== undefined && typeof done === 'function') {
        // A group's connection reaches Node once established (or fails before any request is bound to it).
        router.connect((o) => (super.createConnection as (o: RequestOptions) => Duplex | null | undefined)(o), args[0] as RequestOptions, done as CreateSocketCallback);
        return undefined;
      }
      return (super.createConnection as (...a: unknown[]) => Duplex | null | undefined)(...args);
    }

    override keepSocketAlive(socket: Duplex): boolean {
      // Node's first (keep-alive probes, unref, its timeout and server hint), then ours.
      const nodeSays = super.keepSocketAlive(socket);
      return this.#pool.enterIdle(socket as InternalSocket, nodeSays);
    }

    override reuseSocket(socket: Duplex, request: ClientRequest): void {
      super.reuseSocket(socket, request);
      this.#pool.onReuse(socket as InternalSocket, request);
    }

    /**
     * Node calls this when a socket of the agent closes, when one leaves the agent
     * (`'agentRemove'`: an upgrade, a CONNECT, an idle socket that errored) and when one moves
     * to the free list: the one place where the pool learns that a socket is gone, with no
     * listener of its own on the socket.
     */
    override removeSocket(socket: Duplex, options: ClientRequestArgs): void {
      const pool = this.#pool;
      const hide = pool.parking.queueToHide(pool.agent, socket as InternalSocket);
      pool.onRemoveSocket(socket as InternalSocket);
      if (hide === undefined) super.removeSocket(socket, options);
      else withQueueHidden(this as unknown as InternalAgent, hide, () => super.removeSocket(socket, options));
    }

    close(options?: CloseOptions): Promise<void> {
      const closed = this.#pool.close(options);
      this.#router?.stop(true);
      return closed;
    }

    /**
     * Node's `destroy()`: closes every socket now (reason `agent_closed`), requests in flight
     * included; the agent stays usable, as Node's does (the next request opens a new
     * connection). Only {@link close} ends the agent for good.
     */
    override destroy(): void {
      this.#router?.stop(false);
      this.#pool.markAllClosing();
      super.destroy();
    }

    getStats(): AgentStats {
      const stats = this.#pool.getStats();
      const router = this.#router;
      if (router === undefined) return stats;
      // A server's connections are counted by the pool under the server's origin.
      const protocol = (this as unknown as InternalAgent).protocol;
      const waiting = router.waitingStats();
      let queued = stats.queued;
      let oldestQueuedMs = stats.oldestQueuedMs;
      const upstreams = router.groups.stats().map((g) => {
        const w = waiting.get(g.name) ?? { queued: 0, oldestQueuedMs: 0 };
        queued += w.queued;
        oldestQueuedMs = Math.max(oldestQueuedMs, w.oldestQueuedMs);
        return {
          ...g,
          ...w,
          peers: g.peers.map((p) => {
            const origin = stats.origins[serverLabel(protocol, p)];
            return { ...p, open: origin === undefined ? 0 : origin.active + origin.idle + origin.connecting, idle: origin?.idle ?? 0 };
          }),
        };
      });
      return { ...stats, queued, oldestQueuedMs, upstreams };
    }

    describeSocket(socket: Duplex): SocketInfo | undefined {
      return describeSocket(socket);
    }
  };
}
