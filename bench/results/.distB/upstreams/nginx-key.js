"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.normalizedUri = normalizedUri;
exports.compileHashKey = compileHashKey;
/**
 * The key of NGINX's `hash KEY` directive (a complex value: text and variables) turned into
 * a `hashKey` function of the outgoing request, for the variables an agent can see:
 * `$request_uri`, `$uri`, `$args` and `$http_NAME`.
 * @module
 */
const errors_1 = require("../errors");
/** The variables a hash key may use, for error messages. */
const KNOWN = '$request_uri, $uri, $args and $http_NAME';
/** The query string of a request target, without `?` (`$args`). */
function argsOf(path) {
    const at = path.indexOf('?');
    return at < 0 ? '' : path.slice(at + 1);
}
const decoder = new TextDecoder();
const encoder = new TextEncoder();
/**
 * `$uri`: the path without the query string, normalised as `ngx_http_parse_complex_uri`
 * does with `merge_slashes on`: `%XX` decoded, `//` merged, `.` and `..` segments resolved
 * (a `..` above the root stays at the root, where NGINX answers 400).
 */
function normalizedUri(path) {
    const raw = path.split('?', 1)[0];
    const bytes = [];
    for (let i = 0; i < raw.length; i++) {
        const hex = raw.slice(i + 1, i + 3);
        if (raw[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
            bytes.push(parseInt(hex, 16));
            i += 2;
        }
        else {
            const ch = String.fromCodePoint(raw.codePointAt(i));
            bytes.push(...encoder.encode(ch));
            i += ch.length - 1;
        }
    }
    const decoded = decoder.decode(new Uint8Array(bytes));
    if (!decoded.startsWith('/'))
        return decoded;
    const segments = decoded.split('/');
    const out = [];
    for (let i = 1; i < segments.length; i++) {
        const segment = segments[i];
        const last = i === segments.length - 1;
        if (segment === '..')
            out.pop();
        if (segment !== '..' && segment !== '.' && segment !== '')
            out.push(segment);
        else if (last)
            out.push(''); // "/a/", "/a/." and "/a/b/.." end with "/", as NGINX leaves them
    }
    return `/${out.join('/')}`;
}
/** `$http_NAME`: the header `NAME` (`_` for `-`, any case); several values joined as NGINX joins them. */
function headerOf(request, name) {
    let value = request.headers[name];
    if (value === undefined) {
        const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name);
        value = key === undefined ? undefined : request.headers[key];
    }
    if (value === undefined)
        return '';
    if (typeof value === 'number')
        return String(value);
    if (typeof value === 'string')
        return value;
    return value.join(name === 'cookie' ? '; ' : ', ');
}
/** The part a variable name stands for, or the reason there is none. */
function variable(name) {
    if (name === 'request_uri')
        return (r) => r.path;
    if (name === 'uri')
        return (r) => normalizedUri(r.path);
    if (name === 'args')
        return (r) => argsOf(r.path);
    if (name.startsWith('http_') && name.length > 5) {
        const header = name.slice(5).toLowerCase().replace(/_/g, '-');
        return (r) => headerOf(r, header);
    }
    if (name === 'remote_addr' || name === 'binary_remote_addr') {
        return `"$${name}" is the client's address, which an agent does not see: use a header the proxy in front sets, e.g. $http_x_forwarded_for`;
    }
    return `the variable "$${name}" is not one an agent can evaluate (a hash key may use ${KNOWN})`;
}
/**
 * Compiles the key of `hash KEY`.
 * @param key The key as written, e.g. `$request_uri` or `${http_x_user}:$args`.
 * @param line The directive's line, for errors.
 * @returns The `hashKey` function.
 * @throws {NginxConfigError} for a variable other than those of {@link KNOWN}, or a `$` that
 *   starts no variable name.
 */
function compileHashKey(key, line) {
    const parts = [];
    let text = '';
    const fail = (why) => {
        throw new errors_1.NginxConfigError(`invalid key ${JSON.stringify(key)} in "hash" directive: ${why}`, line);
    };
    for (let i = 0; i < key.length;) {
        if (key[i] !== '$') {
            text += key[i++];
            continue;
        }
        const braced = key[i + 1] === '{';
        const match = /^[A-Za-z0-9_]+/.exec(key.slice(i + (braced ? 2 : 1)));
        if (match === null)
            fail(`"$" at ${i + 1} starts no variable name`);
        const name = match[0];
        let end = i + (braced ? 2 : 1) + name.length;
        if (braced) {
            if (key[end] !== '}')
                fail(`"\${${name}" has no closing "}"`);
            end++;
        }
        const part = variable(name);
        if (typeof part === 'string')
            fail(part);
        if (text !== '')
            parts.push(text);
        text = '';
        parts.push(part);
        i = end;
    }
    if (text !== '')
        parts.push(text);
    return (request) => parts.map((p) => (typeof p === 'string' ? p : p(request))).join('');
}
//# sourceMappingURL=nginx-key.js.map