/**
 * One request through the dispatcher, between the caller's handler and the `Client` of the
 * connection that carries it. It learns what the pool rules need (the request started on the
 * connection, the first response byte, the final response's `Keep-Alive` and `Connection`, the
 * request fully sent, the response complete, an error), and passes everything on unchanged.
 *
 * Both handler APIs meet here: the caller's handler may use the older callbacks (`onConnect`,
 * `onHeaders`, ...: Node's built-in `fetch()` up to undici 7, undici 7's `request`) or the
 * controller API (`onRequestStart`, `onResponseStart`, ...: undici 8's `fetch()` in Node 26,
 * undici's interceptors); towards the `Client` the exchange speaks the older callbacks, which
 * undici 7 runs itself, and `ControllerFace` (`controller-face.ts`) turns them into the
 * controller API for undici ≥ 8. For a caller of the controller API the exchange is its
 * controller.
 * @module
 */
import type { Dispatcher } from 'undici';
import { type ResponseFacts } from './response-headers';
type Handler = Dispatcher.DispatchHandler;
type Raw = Buffer[] | string[];
/** Where an exchange is: not yet given to a connection, given to one, started on its socket, over. */
export type ExchangePhase = 'waiting' | 'dispatched' | 'started' | 'done';
/** What an exchange reports to the pool. */
export interface ExchangeOwner<X> {
    /** undici started the request on the connection's socket (it is about to be written). */
    started(x: X): void;
    /** The response is complete. */
    ended(x: X): void;
    /** The request failed, or was aborted, after it was given to a connection (or while it waited). */
    failed(x: X, err: Error): void;
    /** The connection was upgraded (or a `CONNECT` answered): the socket is the caller's now. */
    upgraded(x: X): void;
    /** The caller aborted the request before it reached a connection: take it out of the queue. */
    withdrawn(x: X): void;
}
/**
 * Fails a request before any exchange exists for it (a closed dispatcher, a bad origin), as
 * undici's own dispatchers do: `onResponseError(null, err)` for the controller API, `onError(err)` otherwise.
 */
export declare function failHandler(handler: Handler, err: Error): void;
/**
 * What undici's own dispatchers refuse in a handler of the older callbacks (its
 * `assertRequestHandler`): the name of the missing callback, or undefined when the handler is
 * complete. A handler of the controller API is taken as undici 7 takes it.
 */
export declare function missingCallback(handler: Handler, opts: Dispatcher.DispatchOptions): string | undefined;
/** `S`: the pool's connection, `G`: its origin (opaque here: no import of the pool). */
export declare class Exchange<S = unknown, G = unknown> implements Dispatcher.DispatchController {
    #private;
    readonly opts: Dispatcher.DispatchOptions;
    /** The origin it goes to, and the connection that carries it once given one. */
    readonly group: G;
    slot: S | null;
    phase: ExchangePhase;
    /** The socket it started on (set by the pool), and whether that socket had carried a request before. */
    startedOn: object | null;
    reused: boolean;
    /** The caller's `Connection: close` stays (`stripConnectionClose: false`): undici closes the connection after it. */
    asksToClose: boolean;
    /** When it started waiting for a connection (ms, monotonic), and its queue timer. */
    queuedAt: number;
    queueTimer: NodeJS.Timeout | undefined;
    /** A byte of the response arrived; the final response's headers were read; the request went out whole; the response is complete. */
    responseStarted: boolean;
    readonly response: ResponseFacts;
    headersRead: boolean;
    requestSent: boolean;
    complete: boolean;
    /** The caller aborted it. */
    callerAborted: boolean;
    /** Controller API: the raw headers and trailers of the response, as undici gives them. */
    rawHeaders: Raw | null;
    rawTrailers: Raw | null;
    constructor(owner: ExchangeOwner<Exchange<S, G>>, opts: Dispatcher.DispatchOptions, caller: Handler, group: G);
    /**
     * Hands the caller its means to abort at once, before the request waits for a connection:
     * an abort while it waits takes it out of the queue, and costs no connection.
     * @returns false when the caller aborted at once.
     */
    begin(): boolean;
    /** Fails the request before it reached a connection (a full queue, a closed dispatcher, a bad origin). */
    fail(err: Error): void;
    get aborted(): boolean;
    get paused(): boolean;
    get reason(): Error | null;
    abort(reason?: Error): void;
    pause(): void;
    resume(): void;
    onConnect(abort: (err?: Error) => void): void;
    onResponseStarted(): void;
    /** `parsed`: the headers as undici ≥ 8 parsed them already. */
    onHeaders(statusCode: number, rawHeaders: Raw, resume: () => void, statusText: string, parsed?: Record<string, string | string[]>): boolean;
    onData(chunk: Buffer): boolean;
    /** `parsed`: the trailers as undici ≥ 8 parsed them already. */
    onComplete(trailers: Raw | null, parsed?: Record<string, string | string[]>): void;
    onError(err: Error): void;
    onUpgrade(statusCode: number, rawHeaders: Raw | null, socket: import('node:stream').Duplex, parsed?: Record<string, string | string[]>): void;
    onBodySent(...args: unknown[]): void;
    onRequestSent(): void;
}
export {};
//# sourceMappingURL=exchange.d.ts.map