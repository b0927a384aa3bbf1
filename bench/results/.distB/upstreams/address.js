"use strict";
/**
 * A server address, `host:port` as NGINX's `server` directive takes it (`ngx_parse_url`, with
 * port 80 when none is given), split into host and port.
 * @module
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_PORT = void 0;
exports.parseAddress = parseAddress;
exports.isIpAddress = isIpAddress;
exports.formatAddress = formatAddress;
/** The port NGINX gives a `server` written without one (`u.default_port = 80`). */
exports.DEFAULT_PORT = 80;
const NAME = /^[A-Za-z0-9_.-]+$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;
function portOf(text) {
    if (!/^\d{1,5}$/.test(text))
        return `the port ${JSON.stringify(text)} is not a number from 1 to 65535`;
    const port = Number(text);
    return port >= 1 && port <= 65535 ? port : `the port ${port} is not from 1 to 65535`;
}
/**
 * Splits `address` into host and port.
 * @returns The host and port, or the reason the text is not an address.
 */
function parseAddress(address) {
    if (address === '')
        return 'an address is host:port, not an empty string';
    if (/\s/.test(address))
        return 'an address has no spaces';
    if (address.toLowerCase().startsWith('unix:'))
        return 'unix sockets are not supported: give host:port';
    if (address.includes('/'))
        return 'an address is host:port, not a URL or a path';
    let host;
    let port;
    if (address.startsWith('[')) {
        const end = address.indexOf(']');
        if (end < 0)
            return 'an IPv6 address opened with "[" has no "]"';
        host = address.slice(1, end);
        const rest = address.slice(end + 1);
        if (rest !== '' && !rest.startsWith(':'))
            return `unexpected ${JSON.stringify(rest)} after "]" (expected ":port")`;
        port = rest === '' ? undefined : rest.slice(1);
        if (!IPV6.test(host) || !host.includes(':'))
            return `${JSON.stringify(host)} is not an IPv6 address`;
    }
    else {
        const colons = address.split(':').length - 1;
        if (colons > 1)
            return 'an IPv6 address is written in brackets: [::1]:8080';
        const at = address.indexOf(':');
        host = at < 0 ? address : address.slice(0, at);
        port = at < 0 ? undefined : address.slice(at + 1);
        if (host === '')
            return 'the host is empty';
        if (!NAME.test(host))
            return `${JSON.stringify(host)} is not a hostname or an IPv4 address`;
    }
    if (port === undefined)
        return { host, port: exports.DEFAULT_PORT };
    const n = portOf(port);
    return typeof n === 'string' ? n : { host, port: n };
}
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/**
 * Whether `host` (as {@link parseAddress} splits it) is an IP address rather than a name: a
 * `resolve` server written with one is used as it is, as NGINX does.
 */
function isIpAddress(host) {
    return host.includes(':') || IPV4.test(host);
}
/** `host:port`, an IPv6 host in brackets: `[::1]:8080`. */
function formatAddress(host, port) {
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
//# sourceMappingURL=address.js.map