/**
 * A connection's life in the Node-agent pool: opened, bound to requests, closed and counted.
 * @module
 */
import type { ClientRequest, ClientRequestArgs } from 'node:http';
import { Connection, type ConnectionOwner } from '../connection/connection';
import type { CloseReason } from '../rules/close-reasons';
import type { AddScope } from './add-request';
import { type PoolCore } from './core';
import { type InternalClientRequest, type InternalSocket } from './node-internals';
/** A socket of the agent was opened (Node's `createSocket` called back with it): give it its connection. */
export declare function openConnection(core: PoolCore, owner: ConnectionOwner, socket: InternalSocket, name: string, connectOptions: ClientRequestArgs): Connection;
/**
 * The request has the header methods of an `OutgoingMessage` (Node's agent accepts any
 * object with `onSocket`: some callers pass a stand-in without them).
 */
export declare function hasHeaderApi(req: ClientRequest): boolean;
/**
 * Binds `req` to the connection and counts it. Its last request is sent as any other (no
 * `Connection: close` of ours, which a proxy would copy to its client): the connection is
 * closed after that response instead, as NGINX closes one at `keepalive_requests`.
 */
export declare function assign(core: PoolCore, conn: Connection, req: InternalClientRequest, scope?: AddScope | undefined, at?: number): void;
/** Undoes `assign` for a request that never started on the connection. */
export declare function unassign(conn: Connection): void;
/** The connection leaves the pool to carry a request. */
export declare function leaveIdle(core: PoolCore, conn: Connection): void;
/** Closes an idle socket (one in Node's free list) with `reason`, and takes it out of the agent at once. */
export declare function closeIdle(core: PoolCore, socket: InternalSocket, reason: CloseReason): void;
/** Evicts the least recently used idle connection to make room under `maxIdleSockets` (`IdleLru.makeRoom`'s evict). */
export declare function evictIdle(oldest: Connection, core: PoolCore): void;
/** Called once per connection when it closes or leaves the agent: counts it under its reason. */
export declare function finish(core: PoolCore, conn: Connection, fallback: CloseReason | undefined): void;
/** An error was emitted on the socket, or Node's client destroyed it over a protocol error. */
export declare function hadError(socket: InternalSocket): boolean;
/** The response came as HTTP/1.1 (the contract pools only those). */
export declare function isHttp11(res: {
    httpVersionMajor: number;
    httpVersionMinor: number;
}): boolean;
//# sourceMappingURL=lifecycle.d.ts.map