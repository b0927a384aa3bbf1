/**
 * Typings for the parts of Node's HTTP client that the agent relies on and that
 * `@types/node` does not declare. Each behaviour used here is pinned by a test in
 * `__tests__/node-internals.test.ts`, so that a Node upgrade that changes it fails loudly.
 * @module
 */
import { type Agent, type AgentOptions, type ClientRequest, type IncomingMessage, type RequestOptions as HttpRequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
/**
 * Node's agent guards its free sockets itself (Node 22.23, 24.x, 26.x and later): bytes that
 * arrive on a free socket destroy it, read by a handle-level guard that `reuseSocket` removes.
 * Where it does, the pool needs no `'data'` listener of its own on idle sockets. Read from
 * Node's own `reuseSocket`; pinned by `__tests__/node-internals.test.ts`.
 */
export declare const NODE_GUARDS_FREE_SOCKETS: boolean;
/** The callback of Node's `Agent#createSocket`. */
export type CreateSocketCallback = (err: Error | null, socket?: Duplex) => void;
/** The request fields that Node sets and reads while a request is bound to a socket. */
export interface InternalClientRequest extends ClientRequest {
    /** False once either side asked for the connection to close. */
    shouldKeepAlive: boolean;
    /** The response, once its headers arrived. */
    res?: IncomingMessage | null;
    /** The request head as written (a latin1 string), once Node stored it. */
    _header?: string | null;
    /**
     * The body length the request declared (its `Content-Length`, or the one Node computed for
     * `end(chunk)` / an empty `end()`); `null` when it declared none (chunked, or no body).
     */
    _contentLength?: number | null;
}
/**
 * What a socket has been given to write so far, without the allocation of `bytesWritten`
 * (which copies the write buffer): the bytes its handle took, plus what is still buffered
 * (counted in characters for a buffered string: a mismatch can only make a request look
 * written in part, which keeps its socket out of the pool — the safe side).
 */
export declare function writtenSoFar(socket: InternalSocket): number;
/** A socket as Node's HTTP client holds it. */
export interface InternalSocket extends Socket {
    /** Bytes the socket's handle has taken (Node's internal, behind `bytesWritten`). */
    readonly _bytesDispatched?: number;
    /** The request bound to the socket (kept after the response, cleared when pooled). */
    _httpMessage?: InternalClientRequest | null;
    /** Set by Node's HTTP client when it destroys the socket over a request error (a parse error). */
    _hadError?: boolean;
}
/** The request options as Node's agent passes them to `createConnection` and to `'free'`. */
export interface InternalConnectOptions extends AgentOptions {
    /** The pool key (`getName()`), set by `Agent#createSocket` before `createConnection`. */
    _agentKey?: string;
}
/** The agent fields and methods that Node has but does not declare. */
export interface InternalAgent extends Agent {
    readonly freeSockets: NodeJS.ReadOnlyDict<InternalSocket[]>;
    readonly sockets: NodeJS.ReadOnlyDict<InternalSocket[]>;
    readonly requests: NodeJS.ReadOnlyDict<ClientRequest[]>;
}
declare module 'http' {
    interface Agent {
        /**
         * Called by `ClientRequest`'s constructor, before the request headers are stored: binds
         * the request to a free socket, opens a socket for it, or queues it. Undocumented in
         * Node's docs but public API since Node 0.x (every pooling agent overrides it).
         */
        addRequest(req: ClientRequest, options: HttpRequestOptions): void;
        /**
         * Opens a socket (through `createConnection`) for `req` and calls back with it; Node's
         * `addRequest` and `removeSocket` call it. Undocumented, stable since Node 0.x.
         */
        createSocket(req: ClientRequest, options: HttpRequestOptions, cb: CreateSocketCallback): void;
        /**
         * Node's hook for a released socket: returns whether it may be pooled (`@types/node`
         * says `void`; Node returns a boolean, false when the server's hint is too short).
         */
        keepSocketAlive(socket: Duplex): boolean;
        /**
         * Takes a socket out of `sockets` (and, once it is not writable, out of `freeSockets`)
         * and opens a new one for a queued request. Called on a socket's `'close'` and
         * `'agentRemove'` and when a socket moves to the free list. Undocumented, stable since Node 0.x.
         */
        removeSocket(socket: Duplex, options: ClientRequestArgs): void;
        /** The options given to the constructor (Node copies them into every connect call). */
        options: AgentOptions;
        /** `'http:'` or `'https:'`. */
        protocol: string;
        keepAlive: boolean;
        keepAliveMsecs: number;
        scheduling: 'fifo' | 'lifo';
        /** Sockets of the agent, active and idle (Node ≥ 14.5). */
        totalSocketCount: number;
    }
}
/** The options object of a `createConnection` call, in each of Node's call forms: `(options)`, `(port, options)`, `(port, host, options)`. */
export declare function connectOptionsOf(args: readonly unknown[]): InternalConnectOptions | undefined;
//# sourceMappingURL=node-internals.d.ts.map