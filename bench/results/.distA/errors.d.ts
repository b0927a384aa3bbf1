/**
 * Typed errors with stable `code`s, in the manner of Node's own `ERR_*` errors and undici's
 * error classes: match on `err.code`, never on the message. Each class keeps the built-in base
 * that fits it (`TypeError`, `RangeError`, `SyntaxError`, `Error`), so one common base class is
 * not possible; instead all share a brand, which makes `instanceof` hold across copies of the
 * package and lets {@link isUpstreamKeepaliveError} recognise any of them.
 * @module
 */
/** Codes of every error this package creates. */
export declare const ErrorCodes: {
    /** An option passed to an agent constructor has the wrong type or is out of range. */
    readonly INVALID_OPTION: "ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION";
    /** `HttpAgent.fromNginx()` met text it cannot accept (unknown directive, bad value). */
    readonly INVALID_NGINX_CONFIG: "ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG";
    /** A connection (TCP, and TLS for `HttpsAgent`) was not established within `connectTimeout`. */
    readonly CONNECT_TIMEOUT: "ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT";
    /** `maxQueuedRequests` requests already wait for a socket of this origin. */
    readonly QUEUE_FULL: "ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL";
    /** A request waited for a socket longer than `queueTimeout`. */
    readonly QUEUE_TIMEOUT: "ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT";
    /** The agent was closed (`close()`) before the request got a socket, or the request was made after. */
    readonly AGENT_CLOSED: "ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED";
    /** No server of an upstream group could take the request (every one failed, is down, or was tried). */
    readonly NO_LIVE_UPSTREAM: "ERR_UPSTREAM_KEEPALIVE_NO_LIVE_UPSTREAM";
};
/** One of {@link ErrorCodes}' values. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
/** Describes a received value for an error message: type and a short rendering. */
export declare function describeValue(value: unknown): string;
/** Any error this package creates; {@link isUpstreamKeepaliveError} tells one apart. */
export type UpstreamKeepaliveError = InvalidOptionTypeError | InvalidOptionRangeError | UnknownOptionError | NginxConfigError | ConnectTimeoutError | QueueFullError | QueueTimeoutError | AgentClosedError;
/**
 * Whether `err` is an error of this package (any class, from any copy of the package loaded
 * in the process). Each class also answers `instanceof` across copies.
 */
export declare function isUpstreamKeepaliveError(err: unknown): err is UpstreamKeepaliveError;
/** An option has the wrong type. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`. */
export declare class InvalidOptionTypeError extends TypeError {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION";
    /** The option's name, e.g. `"maxIdleSockets"`. */
    readonly option: string;
    constructor(option: string, expected: string, received: unknown);
}
/** An option is of the right type but out of range. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`. */
export declare class InvalidOptionRangeError extends RangeError {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION";
    /** The option's name, e.g. `"limitJitter"`. */
    readonly option: string;
    constructor(option: string, expected: string, received: unknown);
}
/**
 * An option name is a near miss of one of ours (a typo such as `idleTimout`, or a case
 * difference such as `maxidlesockets`): almost certainly a mistake that would otherwise run
 * silently with the default. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`.
 */
export declare class UnknownOptionError extends TypeError {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION";
    /** The option name as given, e.g. `"idleTimout"`. */
    readonly option: string;
    /** The option it is a near miss of, e.g. `"idleTimeout"`. */
    readonly suggestion: string;
    constructor(option: string, suggestion: string);
}
/**
 * `HttpAgent.fromNginx()` could not accept its text. `code` is
 * `ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG`; `line` is 1-based.
 */
export declare class NginxConfigError extends SyntaxError {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG";
    /** 1-based line of the offending directive in the text given. */
    readonly line: number;
    constructor(message: string, line: number);
}
/**
 * A connection (TCP connect, and the TLS handshake for `HttpsAgent`) was not established
 * within `connectTimeout`. Delivered as the request's `'error'` event.
 * `code` is `ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT`.
 */
export declare class ConnectTimeoutError extends Error {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT";
    /** The origin, `scheme://host:port`. */
    readonly origin: string;
    /** The timeout that ran out (ms). */
    readonly timeout: number;
    constructor(origin: string, timeout: number, tls: boolean);
}
/**
 * `maxQueuedRequests` requests already wait for a socket of this origin: the request fails at
 * once, before anything is sent. `code` is `ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL`.
 */
export declare class QueueFullError extends Error {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL";
    /** The origin, `scheme://host:port`. */
    readonly origin: string;
    /** The bound that was reached. */
    readonly maxQueuedRequests: number;
    constructor(origin: string, maxQueuedRequests: number);
}
/**
 * A request waited for a socket longer than `queueTimeout`; nothing was sent.
 * `code` is `ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT`.
 */
export declare class QueueTimeoutError extends Error {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT";
    /** The origin, `scheme://host:port`. */
    readonly origin: string;
    /** The timeout that ran out (ms). */
    readonly timeout: number;
    constructor(origin: string, timeout: number);
}
/**
 * The agent was closed: a queued request is failed by `close()`, and a request made after
 * `close()` fails at once. Nothing was sent. `code` is `ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED`.
 */
export declare class AgentClosedError extends Error {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED";
    constructor();
}
/** One server an upstream group tried for a request, and why it did not serve it. */
export interface UpstreamAttemptFailure {
    /** The server, as configured (`host:port`). */
    readonly address: string;
    /** The error of its connection attempt (a connect error, a `ConnectTimeoutError`). */
    readonly error: Error;
}
/**
 * No server of an upstream group could take the request: each server tried failed to
 * connect, and the others are down, failed (`maxFails` within `failTimeout`) or were tried
 * already, or `nextUpstreamTries` / `nextUpstreamTimeout` ran out (NGINX's "no live
 * upstreams"). Nothing was sent. `code` is `ERR_UPSTREAM_KEEPALIVE_NO_LIVE_UPSTREAM`.
 */
export declare class NoLiveUpstreamError extends Error {
    /** The stable error code. */
    readonly code: "ERR_UPSTREAM_KEEPALIVE_NO_LIVE_UPSTREAM";
    /** The group's name. */
    readonly group: string;
    /** The servers tried, in order, and the error of each. */
    readonly tried: readonly UpstreamAttemptFailure[];
    constructor(group: string, tried: readonly UpstreamAttemptFailure[]);
}
//# sourceMappingURL=errors.d.ts.map