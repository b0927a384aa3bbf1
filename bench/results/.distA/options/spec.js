"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_POOL_OPTIONS = exports.POOL_OPTION_NAMES = exports.ALL_OPTION_NAMES = exports.HTTPS_AGENT_OPTIONS = exports.HTTP_AGENT_OPTIONS = exports.KEEPALIVE_DISPATCHER_OPTIONS = exports.DISPATCHER_SOCKET_SPECS = exports.HTTPS_OPTION_SPECS = exports.POOL_OPTION_SPECS = void 0;
/**
 * The one description of every option of ours: its type, default, check, unit, NGINX
 * directive and destination. The defaults, the option names, the near-miss names, the
 * validation and the split between Node's options and ours all derive from it; the TSDoc of
 * `KeepAlivePoolOptions` and the README's table state the same (a test holds them to it).
 * @module
 */
const errors_1 = require("../errors");
function numberOf(name, value) {
    if (typeof value !== 'number')
        throw new errors_1.InvalidOptionTypeError(name, 'of type number', value);
    if (Number.isNaN(value))
        throw new errors_1.InvalidOptionRangeError(name, 'a number, not NaN', value);
    return value;
}
/** A number that `accepted` admits; `expected` goes into the error message. */
function numberReader(accepts, expected, accepted) {
    return {
        accepts,
        read(name, value) {
            const n = numberOf(name, value);
            if (!accepted(n))
                throw new errors_1.InvalidOptionRangeError(name, expected, value);
            return n;
        },
    };
}
/** An integer ≥ `min`, or `Infinity`. */
function count(min) {
    return numberReader(`an integer ≥ ${min}, or \`Infinity\``, `an integer >= ${min}, or Infinity`, (n) => n === Infinity || (Number.isInteger(n) && n >= min));
}
const atLeastOne = count(1);
/** Milliseconds > 0, or `Infinity`. */
const positiveDuration = numberReader('> 0, or `Infinity`', 'a number of milliseconds > 0, or Infinity', (n) => n > 0);
/** Milliseconds ≥ 0, or `Infinity`. */
const anyDuration = numberReader('≥ 0, or `Infinity`', 'a number of milliseconds >= 0, or Infinity', (n) => n >= 0);
const fraction = numberReader('≥ 0 and < 1', '>= 0 and < 1', (n) => n >= 0 && n < 1);
const boolean = {
    accepts: undefined,
    read(name, value) {
        if (typeof value !== 'boolean')
            throw new errors_1.InvalidOptionTypeError(name, 'of type boolean', value);
        return value;
    },
};
/**
 * `maxFreeSockets` is Node's option too: `0` and `null` are Node's way of asking for the
 * default (Node reads `options.maxFreeSockets || 256`); any other value is checked as ours.
 */
const freeSocketCount = {
    accepts: atLeastOne.accepts,
    read: (name, value) => (value === null || value === 0 ? undefined : atLeastOne.read(name, value)),
};
/**
 * Node's reading of `agentKeepAliveTimeoutBuffer` (Node >= 24 has the option): a finite
 * number >= 0, anything else is the default, never an error. The same reading on every Node
 * line; Node's constructor, where it has the option, judges the caller's value itself.
 */
const nodeKeepAliveBuffer = {
    accepts: '≥ 0 and finite',
    read: (_name, value) => (typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : undefined),
};
const POOL = { pool: true, node: 'none' };
/**
 * The options of both agents, in the order in which they are checked and in which
 * `DEFAULT_POOL_OPTIONS` and `poolOptions` list them.
 */
exports.POOL_OPTION_SPECS = {
    maxIdleSockets: { type: 'number', unit: 'sockets', default: 256, reader: atLeastOne, nginx: 'keepalive N', to: POOL },
    maxFreeSockets: {
        type: 'number',
        unit: 'sockets',
        default: { sameAs: 'maxIdleSockets' },
        reader: freeSocketCount,
        nginx: undefined,
        to: { pool: true, node: 'resolved' },
    },
    idleTimeout: { type: 'number', unit: 'milliseconds', default: 60_000, reader: positiveDuration, nginx: 'keepalive_timeout', to: POOL },
    agentKeepAliveTimeoutBuffer: {
        type: 'number',
        unit: 'milliseconds',
        default: 1_000,
        reader: nodeKeepAliveBuffer,
        nginx: undefined,
        to: { pool: true, node: 'given' },
    },
    maxRequestsPerSocket: { type: 'number', unit: 'requests', default: 1_000, reader: atLeastOne, nginx: 'keepalive_requests', to: POOL },
    maxSocketLifetime: { type: 'number', unit: 'milliseconds', default: 3_600_000, reader: positiveDuration, nginx: 'keepalive_time', to: POOL },
    limitJitter: { type: 'number', unit: 'a fraction', default: 0.1, reader: fraction, nginx: undefined, to: POOL },
    stripConnectionClose: { type: 'boolean', unit: 'boolean', default: true, reader: boolean, nginx: 'proxy_set_header Connection ""', to: POOL },
    connectTimeout: { type: 'number', unit: 'milliseconds', default: 10_000, reader: anyDuration, nginx: 'proxy_connect_timeout', to: POOL },
    validateAfterIdle: { type: 'number', unit: 'milliseconds', default: 1_000, reader: anyDuration, nginx: undefined, to: POOL },
    warmReplacement: { type: 'boolean', unit: 'boolean', default: true, reader: boolean, nginx: undefined, to: POOL },
    maxQueuedRequests: { type: 'number', unit: 'requests', default: Infinity, reader: count(0), nginx: 'queue N', to: POOL },
    queueTimeout: { type: 'number', unit: 'milliseconds', default: 0, reader: anyDuration, nginx: 'queue N timeout=T', to: POOL },
};
/** The option `HttpsAgent` adds: checked by us, applied (default included) by Node's constructor. */
exports.HTTPS_OPTION_SPECS = {
    maxCachedSessions: {
        type: 'number',
        unit: 'sessions',
        default: 100,
        reader: count(0),
        nginx: 'proxy_ssl_session_reuse',
        to: { pool: false, node: 'given' },
    },
};
/**
 * The socket caps `KeepAliveDispatcher` applies itself (the agents leave them to Node's
 * constructor): read with the same readers, into the dispatcher's settings.
 */
exports.DISPATCHER_SOCKET_SPECS = {
    maxSockets: { type: 'number', unit: 'sockets', default: Infinity, reader: atLeastOne, nginx: 'max_conns', to: POOL },
    maxTotalSockets: { type: 'number', unit: 'sockets', default: Infinity, reader: atLeastOne, nginx: undefined, to: POOL },
};
/**
 * The options `KeepAliveDispatcher` takes: those of `HttpsAgent` beyond Node's (every pool
 * option and `maxCachedSessions`), and the socket caps.
 */
exports.KEEPALIVE_DISPATCHER_OPTIONS = Object.freeze({ ...exports.POOL_OPTION_SPECS, ...exports.HTTPS_OPTION_SPECS, ...exports.DISPATCHER_SOCKET_SPECS });
/** The options `HttpAgent` takes beyond Node's. */
exports.HTTP_AGENT_OPTIONS = Object.freeze({ ...exports.POOL_OPTION_SPECS });
/** The options `HttpsAgent` takes beyond Node's. */
exports.HTTPS_AGENT_OPTIONS = Object.freeze({ ...exports.POOL_OPTION_SPECS, ...exports.HTTPS_OPTION_SPECS });
/** Every option name of ours, of either agent: the names a near miss is measured against. */
exports.ALL_OPTION_NAMES = Object.freeze(Object.keys(exports.HTTPS_AGENT_OPTIONS));
/** The option names of {@link KeepAlivePoolOptions}: these are ours, not Node's. */
exports.POOL_OPTION_NAMES = Object.freeze(Object.keys(exports.POOL_OPTION_SPECS));
/** The defaults of {@link KeepAlivePoolOptions} (those of NGINX where NGINX has one). */
exports.DEFAULT_POOL_OPTIONS = Object.freeze(Object.fromEntries(Object.entries(exports.POOL_OPTION_SPECS).flatMap(([name, spec]) => (typeof spec.default === 'object' ? [] : [[name, spec.default]]))));
//# sourceMappingURL=spec.js.map