"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readServer = readServer;
/**
 * NGINX's `server ADDRESS [parameters]` directive inside an `upstream` block, read as
 * `ngx_http_upstream_server` reads it, into a server of the `upstreams` option.
 * @module
 */
const errors_1 = require("../errors");
const nginx_1 = require("../options/nginx");
const address_1 = require("./address");
/** NGINX Plus's parameters of `server`, which open-source NGINX does not have either. */
const PLUS_PARAMETERS = ['slow_start', 'route', 'service', 'drain'];
/** A count parameter: digits only (`ngx_atoi`), at least `min`. */
function count(value, min, max) {
    if (!/^\d+$/.test(value))
        return undefined;
    const n = Number(value);
    return n >= min && n <= max ? n : undefined;
}
/** `message` without the ` (line N)` that `NginxConfigError` appends. */
const withoutLine = (message) => message.replace(/ \(line \d+\)$/, '');
/**
 * Reads one `server` statement.
 * @returns The server as an option of `upstreams` (parameters not given are left out, so
 *   that the defaults apply), and the line of each parameter given (for later errors).
 * @throws {NginxConfigError} for a missing or bad address, an unknown, repeated or bad
 *   parameter, or a parameter of NGINX Plus.
 */
function readServer(statement) {
    const [address, ...params] = statement.args;
    const line = statement.name.line;
    if (address === undefined)
        throw new errors_1.NginxConfigError('invalid number of arguments in "server" directive: expected an address', line);
    const split = (0, address_1.parseAddress)(address.text);
    if (typeof split === 'string') {
        throw new errors_1.NginxConfigError(`invalid address ${JSON.stringify(address.text)} in "server" directive: ${split}`, address.line);
    }
    const server = { address: address.text };
    const lines = new Map();
    for (const param of params) {
        const eq = param.text.indexOf('=');
        const name = eq < 0 ? param.text : param.text.slice(0, eq);
        const value = eq < 0 ? undefined : param.text.slice(eq + 1);
        const invalid = (why) => {
            throw new errors_1.NginxConfigError(`invalid parameter ${JSON.stringify(param.text)} in "server" directive: ${why}`, param.line);
        };
        if (lines.has(name))
            invalid(`"${name}" is given twice (first on line ${lines.get(name)})`);
        lines.set(name, param.line);
        const flag = (key) => {
            if (value !== undefined)
                invalid(`"${name}" takes no value`);
            server[key] = true;
        };
        const number = (min, max) => {
            if (value === undefined)
                return invalid(`"${name}" needs a value: ${name}=N`);
            return count(value, min, max) ?? invalid(`must be an integer from ${min} to ${max}`);
        };
        switch (name) {
            case 'weight':
                server.weight = number(1, 2147483647);
                break;
            case 'max_fails':
                server.maxFails = number(0, 2147483647);
                break;
            case 'max_conns':
                server.maxConns = number(0, Number.MAX_SAFE_INTEGER);
                break;
            case 'fail_timeout':
                if (value === undefined)
                    invalid('"fail_timeout" needs a value: fail_timeout=TIME');
                try {
                    server.failTimeout = (0, nginx_1.parseNginxTime)(value, param.line);
                }
                catch (err) {
                    invalid(withoutLine(err.message));
                }
                break;
            case 'backup':
            case 'down':
            case 'resolve':
                flag(name);
                break;
            default:
                invalid(PLUS_PARAMETERS.includes(name)
                    ? `"${name}" is a parameter of NGINX Plus, which an agent does not implement`
                    : 'accepted: weight=N, max_fails=N, fail_timeout=TIME, max_conns=N, backup, down, resolve');
        }
    }
    return { server, lines };
}
//# sourceMappingURL=nginx-server.js.map