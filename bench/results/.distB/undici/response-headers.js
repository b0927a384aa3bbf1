"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readRawResponse = readRawResponse;
exports.readParsedResponse = readParsedResponse;
/**
 * What the pool reads of a response's headers, as undici hands them over: raw (`Buffer` or
 * string name / value pairs) or parsed (an object with lower-case names). Only two fields
 * matter: `Keep-Alive` (the server's idle timeout hint) and `Connection` (a `close` token).
 * @module
 */
const connection_options_1 = require("../rules/connection-options");
const keep_alive_header_1 = require("../rules/keep-alive-header");
/** A header name (10 characters long) equal to `lower` (lower-case ASCII), without converting it. */
function nameIs(name, lower) {
    for (let i = 0; i < 10; i++) {
        const c = typeof name === 'string' ? name.charCodeAt(i) : name[i];
        // ASCII upper case to lower case; '-' (45) is not a letter and stays.
        if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(i))
            return false;
    }
    return true;
}
function text(value) {
    if (value === undefined)
        return undefined;
    if (typeof value === 'string')
        return value;
    if (Array.isArray(value))
        return value.map((v) => (typeof v === 'string' ? v : v.toString('latin1')));
    return value.toString('latin1');
}
/** Fills `facts` from raw headers (one pass; only names of 10 characters are looked at). */
function readRawResponse(facts, raw) {
    facts.hint = undefined;
    facts.close = false;
    if (raw === null || raw === undefined)
        return;
    for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = raw[i];
        if (name.length !== 10 || Array.isArray(name))
            continue;
        if (nameIs(name, 'keep-alive')) {
            if (facts.hint === undefined)
                facts.hint = (0, keep_alive_header_1.parseKeepAliveTimeout)(text(raw[i + 1]));
        }
        else if (nameIs(name, 'connection')) {
            facts.close ||= (0, connection_options_1.hasConnectionToken)(text(raw[i + 1]), 'close');
        }
    }
}
/** Fills `facts` from parsed headers. */
function readParsedResponse(facts, headers) {
    facts.hint = (0, keep_alive_header_1.parseKeepAliveTimeout)(headers['keep-alive']);
    facts.close = (0, connection_options_1.hasConnectionToken)(headers.connection, 'close');
}
//# sourceMappingURL=response-headers.js.map