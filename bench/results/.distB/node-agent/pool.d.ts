/**
 * The NGINX pool rules on one Node agent: the entry points the agent's hooks call, the state
 * the parts share ({@link PoolCore}), `close()` and the stats. The rules themselves are in
 * `lib/rules/`; what each hook does is in the module named for it.
 * @module
 */
import type { ClientRequest, ClientRequestArgs } from 'node:http';
import { type Connection, type ConnectionOwner } from '../connection/connection';
import type { AgentFrontEnd } from '../observability/diagnostics';
import { OriginRegistry } from '../observability/origin-registry';
import { type AgentStats } from '../observability/stats';
import type { ResolvedPoolOptions } from '../options/options';
import type { CloseReason } from '../rules/close-reasons';
import { IdleLru } from '../rules/idle-lru';
import { type AddScope, AddScopes } from './add-request';
import { type PoolCore } from './core';
import { type CreateCall, CreateTracker } from './create-tracker';
import type { InternalAgent, InternalSocket } from './node-internals';
import { QueueGuard } from './request-queue';
import { ReleaseKey } from './release-key';
/** What `agent.describeSocket(socket)` returns. */
export interface SocketInfo {
    /** The socket's origin, `scheme://host:port` (the key of `getStats().origins`). */
    origin: string;
    /** `active` (bound to a request, connecting, or reserved for its validation turn), `idle` (in the pool) or `closed`. */
    state: 'active' | 'idle' | 'closed';
    /** Requests started on the socket. */
    requests: number;
    /** The socket's own request limit, drawn with `limitJitter`. */
    requestLimit: number;
    /** The socket's own lifetime (ms), drawn with `limitJitter`. */
    lifetime: number;
    /** Milliseconds since the connection was opened. */
    age: number;
    /** Why it closed, once closed. */
    closeReason: CloseReason | undefined;
}
export declare class KeepAlivePool implements PoolCore, ConnectionOwner {
    #private;
    readonly agent: InternalAgent;
    readonly options: ResolvedPoolOptions;
    readonly tls: boolean;
    readonly frontEnd: AgentFrontEnd;
    readonly idle: IdleLru<Connection>;
    readonly origins: OriginRegistry;
    readonly queue: QueueGuard;
    readonly scopes: AddScopes;
    readonly creates: CreateTracker;
    /** Answers `getName` while Node's `'free'` listener runs (see `release-key.ts`). */
    readonly releaseKey: ReleaseKey;
    closing: boolean;
    /** `ownGetName`: the agent class's `getName` (its prototype's), which asks {@link releaseKey}. */
    constructor(agent: InternalAgent, options: ResolvedPoolOptions, ownGetName?: unknown);
    /**
     * Before Node's `addRequest`: header stripping, and the call's scope. Returns undefined when
     * the request was failed instead (the agent is closed): Node's `addRequest` must then not run.
     */
    beginAddRequest(req: ClientRequest, options: ClientRequestArgs): AddScope | undefined;
    /** After Node's `addRequest`: a request that got no socket and no new connection was queued. */
    endAddRequest(scope: AddScope, req: ClientRequest, options: ClientRequestArgs): void;
    /** Node's `addRequest` asks for the pool key just before it takes a free socket. */
    onGetName(name: string): void;
    beginCreate(req: ClientRequest, nameOf: () => string): CreateCall;
    noteConnectOptions(args: readonly unknown[]): void;
    endCreate(call: CreateCall): void;
    /** Node's `createSocket` called back: with the socket Node has just put in `agent.sockets`, or an error. */
    created(call: CreateCall, err: Error | null, socket: InternalSocket | undefined, agentOptions: object, options: ClientRequestArgs): void;
    enterIdle(socket: InternalSocket, nodeSays: boolean): boolean;
    onReuse(socket: InternalSocket, req: ClientRequest): void;
    /**
     * Node's `removeSocket`: a socket of the agent closed, left the agent (`'agentRemove'`), or
     * is moving to the free list (just admitted by `enterIdle`: nothing to do).
     */
    onRemoveSocket(socket: InternalSocket): void;
    staleWhileIdle(conn: Connection): void;
    idleTimerDue(conn: Connection): void;
    connectionClosed(): void;
    /**
     * `agent.destroy()`: every socket Node is about to destroy closes with reason `agent_closed`.
     * The agent stays usable (Node's meaning): waiting requests get new connections.
     */
    markAllClosing(): void;
    /**
     * `agent.close()`: stop pooling, close idle sockets now, fail waiting requests, let requests
     * in flight finish (their sockets close when their responses end). Resolves when no socket
     * of the agent is left; with `timeout`, what is left then is destroyed.
     */
    close(options?: {
        timeout?: number | undefined;
    }): Promise<void>;
    getStats(): AgentStats;
    /** What the pool knows of one socket, as plain data. */
    static describe(socket: unknown): SocketInfo | undefined;
}
//# sourceMappingURL=pool.d.ts.map