"use strict";
/**
 * Typed errors with stable `code`s, in the manner of Node's own `ERR_*` errors and undici's
 * error classes: match on `err.code`, never on the message. Each class keeps the built-in base
 * that fits it (`TypeError`, `RangeError`, `SyntaxError`, `Error`), so one common base class is
 * not possible; instead all share a brand, which makes `instanceof` hold across copies of the
 * package and lets {@link isUpstreamKeepaliveError} recognise any of them.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.NoLiveUpstreamError = exports.AgentClosedError = exports.QueueTimeoutError = exports.QueueFullError = exports.ConnectTimeoutError = exports.NginxConfigError = exports.UnknownOptionError = exports.InvalidOptionRangeError = exports.InvalidOptionTypeError = exports.ErrorCodes = void 0;
exports.describeValue = describeValue;
exports.isUpstreamKeepaliveError = isUpstreamKeepaliveError;
/** Codes of every error this package creates. */
exports.ErrorCodes = {
    /** An option passed to an agent constructor has the wrong type or is out of range. */
    INVALID_OPTION: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION',
    /** `HttpAgent.fromNginx()` met text it cannot accept (unknown directive, bad value). */
    INVALID_NGINX_CONFIG: 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG',
    /** A connection (TCP, and TLS for `HttpsAgent`) was not established within `connectTimeout`. */
    CONNECT_TIMEOUT: 'ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT',
    /** `maxQueuedRequests` requests already wait for a socket of this origin. */
    QUEUE_FULL: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL',
    /** A request waited for a socket longer than `queueTimeout`. */
    QUEUE_TIMEOUT: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT',
    /** The agent was closed (`close()`) before the request got a socket, or the request was made after. */
    AGENT_CLOSED: 'ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED',
    /** No server of an upstream group could take the request (every one failed, is down, or was tried). */
    NO_LIVE_UPSTREAM: 'ERR_UPSTREAM_KEEPALIVE_NO_LIVE_UPSTREAM',
};
/** Describes a received value for an error message: type and a short rendering. */
function describeValue(value) {
    if (value === null)
        return 'null';
    if (value === undefined)
        return 'undefined';
    if (typeof value === 'function')
        return `function ${value.name || '<anonymous>'}`;
    if (typeof value === 'object') {
        const ctor = value.constructor;
        return ctor && ctor.name ? `an instance of ${ctor.name}` : 'an object';
    }
    if (typeof value === 'string') {
        const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
        return `type string (${JSON.stringify(shown)})`;
    }
    return `type ${typeof value} (${String(value)})`;
}
/**
 * The brand of every error class of ours, a registered symbol (`Symbol.for`), so that two
 * copies of this package loaded in one process (two versions in `node_modules`, or a CommonJS
 * and a bundled copy) recognise each other's errors. Each class's prototype carries it, with
 * the class's id as value; the property is not enumerable and not on the instance, so an
 * error's own properties are what they were.
 */
const kBrand = Symbol.for('upstream-keepalive.error');
/** The brand `value` carries, if it is an object. */
function brandOf(value) {
    return typeof value === 'object' && value !== null ? value[kBrand] : undefined;
}
/** The ordinary `instanceof` (prototype chain), which a class's own `Symbol.hasInstance` replaces. */
const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];
/**
 * Brands an error class (called from its `static {}` block): its prototype gets `id` under
 * {@link kBrand}, and it gets a static `[Symbol.hasInstance]` that tests the brand, so that
 * `err instanceof ConnectTimeoutError` holds for a `ConnectTimeoutError` of any copy of the
 * package, in the manner of undici's `kUndiciError` brands. A user's subclass of one of ours
 * inherits that static method; for it the ordinary prototype check applies.
 */
function brand(ctor, id) {
    Object.defineProperty(ctor.prototype, kBrand, { value: id });
    Object.defineProperty(ctor, Symbol.hasInstance, {
        value(value) {
            return this === ctor ? brandOf(value) === id : ordinaryHasInstance.call(this, value);
        },
    });
}
/**
 * Whether `err` is an error of this package (any class, from any copy of the package loaded
 * in the process). Each class also answers `instanceof` across copies.
 */
function isUpstreamKeepaliveError(err) {
    return typeof brandOf(err) === 'string';
}
/** An option has the wrong type. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`. */
class InvalidOptionTypeError extends TypeError {
    static {
        brand(this, 'InvalidOptionTypeError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.INVALID_OPTION;
    /** The option's name, e.g. `"maxIdleSockets"`. */
    option;
    constructor(option, expected, received) {
        super(`The "${option}" option must be ${expected}. Received ${describeValue(received)}`);
        this.name = 'TypeError';
        this.option = option;
    }
}
exports.InvalidOptionTypeError = InvalidOptionTypeError;
/** An option is of the right type but out of range. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`. */
class InvalidOptionRangeError extends RangeError {
    static {
        brand(this, 'InvalidOptionRangeError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.INVALID_OPTION;
    /** The option's name, e.g. `"limitJitter"`. */
    option;
    constructor(option, expected, received) {
        super(`The value of "${option}" is out of range. It must be ${expected}. Received ${describeValue(received)}`);
        this.name = 'RangeError';
        this.option = option;
    }
}
exports.InvalidOptionRangeError = InvalidOptionRangeError;
/**
 * An option name is a near miss of one of ours (a typo such as `idleTimout`, or a case
 * difference such as `maxidlesockets`): almost certainly a mistake that would otherwise run
 * silently with the default. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`.
 */
class UnknownOptionError extends TypeError {
    static {
        brand(this, 'UnknownOptionError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.INVALID_OPTION;
    /** The option name as given, e.g. `"idleTimout"`. */
    option;
    /** The option it is a near miss of, e.g. `"idleTimeout"`. */
    suggestion;
    constructor(option, suggestion) {
        super(`Unknown option "${option}". Did you mean "${suggestion}"?`);
        this.name = 'TypeError';
        this.option = option;
        this.suggestion = suggestion;
    }
}
exports.UnknownOptionError = UnknownOptionError;
/**
 * `HttpAgent.fromNginx()` could not accept its text. `code` is
 * `ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG`; `line` is 1-based.
 */
class NginxConfigError extends SyntaxError {
    static {
        brand(this, 'NginxConfigError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.INVALID_NGINX_CONFIG;
    /** 1-based line of the offending directive in the text given. */
    line;
    constructor(message, line) {
        super(`${message} (line ${line})`);
        this.name = 'SyntaxError';
        this.line = line;
    }
}
exports.NginxConfigError = NginxConfigError;
/**
 * A connection (TCP connect, and the TLS handshake for `HttpsAgent`) was not established
 * within `connectTimeout`. Delivered as the request's `'error'` event.
 * `code` is `ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT`.
 */
class ConnectTimeoutError extends Error {
    static {
        brand(this, 'ConnectTimeoutError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.CONNECT_TIMEOUT;
    /** The origin, `scheme://host:port`. */
    origin;
    /** The timeout that ran out (ms). */
    timeout;
    constructor(origin, timeout, tls) {
        super(`Connect timeout: no ${tls ? 'TLS ' : ''}connection to ${origin} within ${timeout} ms`);
        this.name = 'ConnectTimeoutError';
        this.origin = origin;
        this.timeout = timeout;
    }
}
exports.ConnectTimeoutError = ConnectTimeoutError;
/**
 * `maxQueuedRequests` requests already wait for a socket of this origin: the request fails at
 * once, before anything is sent. `code` is `ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL`.
 */
class QueueFullError extends Error {
    static {
        brand(this, 'QueueFullError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.QUEUE_FULL;
    /** The origin, `scheme://host:port`. */
    origin;
    /** The bound that was reached. */
    maxQueuedRequests;
    constructor(origin, maxQueuedRequests) {
        super(`Queue full: ${maxQueuedRequests} requests already wait for a connection to ${origin}`);
        this.name = 'QueueFullError';
        this.origin = origin;
        this.maxQueuedRequests = maxQueuedRequests;
    }
}
exports.QueueFullError = QueueFullError;
/**
 * A request waited for a socket longer than `queueTimeout`; nothing was sent.
 * `code` is `ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT`.
 */
class QueueTimeoutError extends Error {
    static {
        brand(this, 'QueueTimeoutError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.QUEUE_TIMEOUT;
    /** The origin, `scheme://host:port`. */
    origin;
    /** The timeout that ran out (ms). */
    timeout;
    constructor(origin, timeout) {
        super(`Queue timeout: no connection to ${origin} became free within ${timeout} ms`);
        this.name = 'QueueTimeoutError';
        this.origin = origin;
        this.timeout = timeout;
    }
}
exports.QueueTimeoutError = QueueTimeoutError;
/**
 * The agent was closed: a queued request is failed by `close()`, and a request made after
 * `close()` fails at once. Nothing was sent. `code` is `ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED`.
 */
class AgentClosedError extends Error {
    static {
        brand(this, 'AgentClosedError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.AGENT_CLOSED;
    constructor() {
        super('The agent is closed: the request was not sent');
        this.name = 'AgentClosedError';
    }
}
exports.AgentClosedError = AgentClosedError;
/**
 * No server of an upstream group could take the request: each server tried failed to
 * connect, and the others are down, failed (`maxFails` within `failTimeout`) or were tried
 * already, or `nextUpstreamTries` / `nextUpstreamTimeout` ran out (NGINX's "no live
 * upstreams"). Nothing was sent. `code` is `ERR_UPSTREAM_KEEPALIVE_NO_LIVE_UPSTREAM`.
 */
class NoLiveUpstreamError extends Error {
    static {
        brand(this, 'NoLiveUpstreamError');
    }
    /** The stable error code. */
    code = exports.ErrorCodes.NO_LIVE_UPSTREAM;
    /** The group's name. */
    group;
    /** The servers tried, in order, and the error of each. */
    tried;
    constructor(group, tried) {
        const list = tried.map((t) => `${t.address} (${t.error.code ?? t.error.message})`).join(', ');
        super(`No live upstream in group "${group}": ${tried.length === 0 ? 'no server is available' : `tried ${list}`}`);
        this.name = 'NoLiveUpstreamError';
        this.group = group;
        this.tried = Object.freeze([...tried]);
    }
}
exports.NoLiveUpstreamError = NoLiveUpstreamError;
//# sourceMappingURL=errors.js.map