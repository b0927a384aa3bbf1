"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isGroupName = isGroupName;
exports.resolveUpstreamGroup = resolveUpstreamGroup;
exports.resolveUpstreams = resolveUpstreams;
/**
 * Validation of the `upstreams` option against the spec (`spec.ts`): every value read by its
 * option's reader, errors naming the option's path (`upstreams.api_backend.servers[1].weight`)
 * and the value, defaults applied, and the rules between options that NGINX also enforces.
 * @module
 */
const errors_1 = require("../errors");
const address_1 = require("./address");
const spec_1 = require("./spec");
/** What a group is named: a host name (it is matched against the host of a request). */
const GROUP_NAME = /^[A-Za-z0-9_.-]+$/;
/** Whether `name` can name a group: a host name (letters, digits, `_`, `.`, `-`). */
function isGroupName(name) {
    return GROUP_NAME.test(name);
}
function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** `base.key`, or `base["key"]` for a key that is not an identifier. */
function member(base, key) {
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}
/** Throws for the first key of `given` that is not in `known`. */
function rejectUnknown(given, known, path, what) {
    for (const key of Object.keys(given)) {
        if (known.includes(key))
            continue;
        const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
        const hint = near !== undefined ? `did you mean "${near}"? ` : '';
        throw new errors_1.InvalidOptionTypeError(member(path, key), `absent: it is not an option of ${what} (${hint}the options are ${known.join(', ')})`, given[key]);
    }
}
/** Every option of `specs` read from `given`, defaults applied. */
function readAll(given, specs, path) {
    const out = {};
    for (const [name, spec] of Object.entries(specs)) {
        const value = given[name];
        out[name] = (value === undefined ? undefined : spec.reader.read(member(path, name), value)) ?? spec.default;
    }
    return out;
}
/** The balancing methods with which NGINX takes no backup servers (their modules lack `NGX_HTTP_UPSTREAM_BACKUP`). */
const NO_BACKUP = ['hash', 'random'];
function resolveServer(value, path, balance) {
    if (!isPlainObject(value))
        throw new errors_1.InvalidOptionTypeError(path, 'an object ({ address: "host:port", ... })', value);
    rejectUnknown(value, Object.keys(spec_1.SERVER_OPTION_SPECS), path, 'a server');
    if (value.address === undefined)
        throw new errors_1.InvalidOptionTypeError(member(path, 'address'), 'of type string (host:port)', undefined);
    const read = readAll(value, spec_1.SERVER_OPTION_SPECS, path);
    const address = read.address;
    const split = (0, address_1.parseAddress)(address);
    if (typeof split === 'string')
        throw new errors_1.InvalidOptionRangeError(member(path, 'address'), `host:port (${split})`, address);
    if (read.backup === true && NO_BACKUP.includes(balance)) {
        throw new errors_1.InvalidOptionRangeError(member(path, 'backup'), `false: the "${balance}" balancing method takes no backup servers (NGINX does not allow them either)`, true);
    }
    return Object.freeze({
        address,
        host: split.host,
        port: split.port,
        weight: read.weight,
        maxFails: read.maxFails,
        failTimeout: read.failTimeout,
        maxConns: read.maxConns,
        backup: read.backup,
        down: read.down,
        resolve: read.resolve,
    });
}
/** Throws when `name` is given (not `undefined`/`false`) although `balance` is not `needs`. */
function onlyWith(group, path, name, balance, needs) {
    const value = group[name];
    if (value === undefined || value === false || balance === needs)
        return;
    throw new errors_1.InvalidOptionTypeError(member(path, name), `absent unless "${member(path, 'balance')}" is "${needs}" (it is "${balance}")`, value);
}
/**
 * Validates one group of the `upstreams` option and applies the defaults.
 * @param name The group's name: a host name (letters, digits, `_`, `.`, `-`).
 * @param value The group, as given.
 * @param path The option's path in error messages. Default: `upstreams.NAME`.
 * @throws {InvalidOptionTypeError | InvalidOptionRangeError} (`code ===
 *   'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`) naming the option's path and the value.
 */
function resolveUpstreamGroup(name, value, path = member('upstreams', name)) {
    if (!isGroupName(name))
        throw new errors_1.InvalidOptionRangeError(path, 'named by a host name (letters, digits, "_", ".", "-")', name);
    if (!isPlainObject(value))
        throw new errors_1.InvalidOptionTypeError(path, 'an object ({ servers: [...] })', value);
    rejectUnknown(value, ['servers', ...Object.keys(spec_1.GROUP_OPTION_SPECS)], path, 'an upstream group');
    const read = readAll(value, spec_1.GROUP_OPTION_SPECS, path);
    const balance = read.balance;
    if (balance === 'hash' && read.hashKey === undefined) {
        throw new errors_1.InvalidOptionTypeError(member(path, 'hashKey'), `a function when "${member(path, 'balance')}" is "hash"`, undefined);
    }
    onlyWith(value, path, 'hashKey', balance, 'hash');
    onlyWith(value, path, 'consistent', balance, 'hash');
    onlyWith(value, path, 'two', balance, 'random');
    const serversPath = member(path, 'servers');
    const list = value.servers;
    if (!Array.isArray(list))
        throw new errors_1.InvalidOptionTypeError(serversPath, 'an array of servers', list);
    const servers = list.map((server, i) => resolveServer(server, `${serversPath}[${i}]`, balance));
    // ngx_http_upstream_init_round_robin: "no servers in upstream" when no server is a primary.
    if (!servers.some((s) => !s.backup)) {
        throw new errors_1.InvalidOptionRangeError(serversPath, 'an array with at least one server that is not a backup', list);
    }
    if (value.resolveInterval !== undefined && !servers.some((s) => s.resolve)) {
        throw new errors_1.InvalidOptionTypeError(member(path, 'resolveInterval'), `absent unless a server of "${serversPath}" has "resolve: true"`, value.resolveInterval);
    }
    return Object.freeze({
        name,
        servers: Object.freeze(servers),
        balance,
        hashKey: read.hashKey,
        consistent: read.consistent,
        two: read.two,
        nextUpstreamTries: read.nextUpstreamTries,
        nextUpstreamTimeout: read.nextUpstreamTimeout,
        resolveInterval: read.resolveInterval,
    });
}
/**
 * Validates the `upstreams` option (groups by name) and applies the defaults. `undefined`
 * is no groups. Two names that differ only in case are an error (hosts are matched without
 * regard to case).
 * @throws {InvalidOptionTypeError | InvalidOptionRangeError} as {@link resolveUpstreamGroup}.
 */
function resolveUpstreams(value, path = 'upstreams') {
    if (value === undefined)
        return Object.freeze({});
    if (!isPlainObject(value))
        throw new errors_1.InvalidOptionTypeError(path, 'an object of groups by name ({ api_backend: { servers: [...] } })', value);
    const groups = {};
    const seen = new Map();
    for (const [name, group] of Object.entries(value)) {
        const other = seen.get(name.toLowerCase());
        if (other !== undefined) {
            throw new errors_1.InvalidOptionRangeError(member(path, name), `named differently from "${member(path, other)}" (host names are matched without case)`, name);
        }
        seen.set(name.toLowerCase(), name);
        groups[name] = resolveUpstreamGroup(name, group, member(path, name));
    }
    return Object.freeze(groups);
}
//# sourceMappingURL=validate.js.map