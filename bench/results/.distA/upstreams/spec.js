"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GROUP_OPTION_SPECS = exports.SERVER_OPTION_SPECS = void 0;
/**
 * The one description of every option of an upstream group and of its servers: type,
 * default, check, unit and NGINX parameter, in the manner of `lib/options/spec.ts`. The
 * validation (`validate.ts`) and the defaults derive from it; the TSDoc of
 * `UpstreamServerOptions` / `UpstreamGroupOptions` states the same.
 * @module
 */
const errors_1 = require("../errors");
const address_1 = require("./address");
function numberOf(name, value) {
    if (typeof value !== 'number')
        throw new errors_1.InvalidOptionTypeError(name, 'of type number', value);
    if (Number.isNaN(value))
        throw new errors_1.InvalidOptionRangeError(name, 'a number, not NaN', value);
    return value;
}
function numberReader(accepts, accepted) {
    return {
        accepts,
        read(name, value) {
            const n = numberOf(name, value);
            if (!accepted(n))
                throw new errors_1.InvalidOptionRangeError(name, accepts, value);
            return n;
        },
    };
}
/**
 * An integer ≥ `min`: with `infinity`, any safe integer or `Infinity`; without, at most
 * 2^31 - 1 (a count that NGINX keeps in an `int`).
 */
function integer(min, infinity) {
    const max = infinity ? Number.MAX_SAFE_INTEGER : 2147483647;
    const accepts = `an integer >= ${min}${infinity ? ', or Infinity' : ' and <= 2147483647'}`;
    return numberReader(accepts, (n) => (infinity && n === Infinity) || (Number.isInteger(n) && n >= min && n <= max));
}
const boolean = {
    accepts: undefined,
    read(name, value) {
        if (typeof value !== 'boolean')
            throw new errors_1.InvalidOptionTypeError(name, 'of type boolean', value);
        return value;
    },
};
const address = {
    accepts: 'host:port',
    read(name, value) {
        if (typeof value !== 'string')
            throw new errors_1.InvalidOptionTypeError(name, 'of type string (host:port)', value);
        const parsed = (0, address_1.parseAddress)(value);
        if (typeof parsed === 'string')
            throw new errors_1.InvalidOptionRangeError(name, `host:port (${parsed})`, value);
        return value;
    },
};
const BALANCES = ['round_robin', 'least_conn', 'hash', 'random'];
const balance = {
    accepts: BALANCES.map((b) => `'${b}'`).join(', '),
    read(name, value) {
        if (typeof value !== 'string')
            throw new errors_1.InvalidOptionTypeError(name, 'of type string', value);
        if (!BALANCES.includes(value)) {
            throw new errors_1.InvalidOptionRangeError(name, `one of ${BALANCES.map((b) => `"${b}"`).join(', ')}`, value);
        }
        return value;
    },
};
const hashKey = {
    accepts: undefined,
    read(name, value) {
        if (typeof value !== 'function')
            throw new errors_1.InvalidOptionTypeError(name, 'a function', value);
        return value;
    },
};
/** The options of one server, in the order in which they are checked. */
exports.SERVER_OPTION_SPECS = {
    address: { type: 'string', unit: 'an address', default: undefined, reader: address, nginx: 'server ADDRESS' },
    weight: { type: 'number', unit: 'a weight', default: 1, reader: integer(1, false), nginx: 'weight=N' },
    maxFails: { type: 'number', unit: 'failures', default: 1, reader: integer(0, false), nginx: 'max_fails=N' },
    failTimeout: {
        type: 'number',
        unit: 'milliseconds',
        default: 10_000,
        reader: numberReader('>= 0 and finite', (n) => n >= 0 && Number.isFinite(n)),
        nginx: 'fail_timeout=T',
    },
    maxConns: { type: 'number', unit: 'requests', default: 0, reader: integer(0, true), nginx: 'max_conns=N' },
    backup: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'backup' },
    down: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'down' },
    resolve: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'resolve' },
};
/** The options of a group other than `servers`, in the order in which they are checked. */
exports.GROUP_OPTION_SPECS = {
    balance: { type: 'string', unit: 'a method', default: 'round_robin', reader: balance, nginx: 'least_conn / hash / random' },
    hashKey: { type: 'function', unit: 'a function', default: undefined, reader: hashKey, nginx: 'hash KEY' },
    consistent: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'hash KEY consistent' },
    two: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'random two' },
    nextUpstreamTries: { type: 'number', unit: 'servers', default: 0, reader: integer(0, true), nginx: 'proxy_next_upstream_tries' },
    nextUpstreamTimeout: {
        type: 'number',
        unit: 'milliseconds',
        default: 0,
        reader: numberReader('>= 0, or Infinity', (n) => n >= 0),
        nginx: 'proxy_next_upstream_timeout',
    },
    resolveInterval: {
        type: 'number',
        unit: 'milliseconds',
        default: 30_000,
        reader: numberReader('>= 1, or Infinity', (n) => n >= 1),
        nginx: 'resolver … valid=T',
    },
};
//# sourceMappingURL=spec.js.map