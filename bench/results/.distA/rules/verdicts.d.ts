/**
 * The admission rules of NGINX's upstream keepalive, as pure functions of plain facts: may a
 * released connection go back to the pool, may an idle one carry a request, why did one close.
 * No transport here: each front-end gathers the facts from its own sockets.
 * @module
 */
import type { CloseReason } from './close-reasons';
/** The exchange that just ended on a connection. */
export interface ExchangeFacts {
    /** The response was read to its end. */
    readonly responseComplete: boolean;
    /** The request went out whole (its declared body sent, or a chunked body terminated). */
    readonly requestWrittenInFull: boolean;
    /** Neither side asked to close, as the response was received (a `close` token, HTTP/1.0). */
    readonly keepAlive: boolean;
    /** The response came as HTTP/1.1 (HTTP/1.0 keep-alive is not trusted). */
    readonly http11: boolean;
    /**
     * The request itself allows the connection to carry another one (absent: it does). A
     * transport that closes a connection after some requests by its own rule (undici after a
     * `HEAD`, or a request sent with `reset: true` or a `Connection: close` left in place) says
     * `false`: the connection is `not_reusable` (`server_close` when the server asked to close too).
     */
    readonly requestAllowsReuse?: boolean;
}
/** A connection being released, as the rules see it. */
export interface ReleaseFacts {
    /** Open and writable. */
    readonly usable: boolean;
    /** An error was seen on it. */
    readonly errored: boolean;
    /** The server ended its side. */
    readonly ended: boolean;
    /** The exchange that ran on it, or `null` when none did (its request never started). */
    readonly exchange: ExchangeFacts | null;
    /** Requests started on it, and its drawn limit. */
    readonly requests: number;
    readonly requestLimit: number;
    /** Its age and drawn lifetime (ms). */
    readonly age: number;
    readonly lifetime: number;
    /** The pool is closing. */
    readonly closing: boolean;
}
/**
 * Why a released connection may not carry another request, or `undefined` if it may: the
 * contract's rules 1 to 4 and 6 (rule 5, the idle timeout, is {@link effectiveIdleTimeout}'s).
 */
export declare function releaseVerdict(f: ReleaseFacts): CloseReason | undefined;
/**
 * Why an idle connection about to be taken may not carry a request, or `undefined` if it may.
 * `usable`: open, writable and not ended; `idle`: the pool holds it as idle.
 */
export declare function takeVerdict(usable: boolean, idle: boolean, age: number, lifetime: number): CloseReason | undefined;
/** The request that started is the connection's last (its count includes it): the connection retires after it. */
export declare function isLastRequest(requestsAfterThisOne: number, requestLimit: number): boolean;
/** A connection idle this long gets its validation turn before a request is written on it. */
export declare function needsValidationTurn(idleFor: number, validateAfterIdle: number): boolean;
/** A connection that closed without the pool deciding it, as the rules see it. */
export interface ClosedFacts {
    /** It was idle when it closed. */
    readonly idle: boolean;
    readonly errored: boolean;
    readonly ended: boolean;
    /** Idle only: bytes arrived while it was idle. */
    readonly bytesWhileIdle: boolean;
    /** Idle only: how long it had been idle, and the inactivity timeout armed on it (ms; 0: none). */
    readonly idleFor: number;
    readonly armedTimeout: number;
    /** Idle only: the armed timeout is the pool's own, and the reason the pool gave it. */
    readonly armedByPool: boolean;
    readonly idleReason: CloseReason;
    /** The exchange running on it, if any: the response complete, kept alive, HTTP/1.1; the request destroyed by its caller. */
    readonly exchange: {
        readonly responseComplete: boolean;
        readonly keepAlive: boolean;
        readonly http11: boolean;
        readonly requestDestroyed: boolean;
    } | null;
}
/** The close reason of a connection that closed without the pool deciding it. */
export declare function closeReasonOf(f: ClosedFacts): CloseReason;
//# sourceMappingURL=verdicts.d.ts.map