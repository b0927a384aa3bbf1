"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hasConnectionToken = void 0;
exports.stripConnectionClose = stripConnectionClose;
const node_http_1 = require("node:http");
const connection_options_1 = require("../rules/connection-options");
var connection_options_2 = require("../rules/connection-options");
Object.defineProperty(exports, "hasConnectionToken", { enumerable: true, get: function () { return connection_options_2.hasConnectionToken; } });
/**
 * Lower-case names of the fields a stripped `Connection` header named, per request: removed, and
 * refused if set later. Rare (most `Connection: close` headers name nothing else), so a
 * `WeakMap` rather than a property on every request.
 */
const droppedFields = new WeakMap();
/**
 * Removes the fields a stripped `Connection` value names (RFC 9110 §7.6.1), now and if the
 * caller sets them later.
 */
function dropNamedFields(req, value) {
    for (const name of (0, connection_options_1.namedFields)(value)) {
        let dropped = droppedFields.get(req);
        if (dropped === undefined)
            droppedFields.set(req, (dropped = new Set()));
        dropped.add(name);
        if (req.hasHeader(name))
            req.removeHeader(name);
    }
}
const setHeader = node_http_1.OutgoingMessage.prototype.setHeader;
const appendHeader = node_http_1.OutgoingMessage.prototype.appendHeader;
/**
 * `setHeader` / `appendHeader` of a request going through the pool, installed on the request
 * itself (callers such as superagent set their headers after `http.request()` returns, which
 * is after `addRequest`): a caller's `Connection: close` becomes `keep-alive`, the fields it
 * names are removed, and a `Keep-Alive` header is dropped when stripping is on; a field named
 * by a `Connection` header stripped earlier is not set.
 */
function guarded(original) {
    return function guardedHeader(name, value) {
        if (typeof name === 'string') {
            const lower = name.length === 10 ? name.toLowerCase() : '';
            if (lower === 'connection') {
                if ((0, connection_options_1.asksToClose)(value)) {
                    dropNamedFields(this, value);
                    value = 'keep-alive';
                }
            }
            else if (lower === 'keep-alive') {
                return this;
            }
            else if (droppedFields.get(this)?.has(name.toLowerCase()) === true) {
                return this;
            }
        }
        return original.call(this, name, value);
    };
}
const guardedSetHeader = guarded(setHeader);
const guardedAppendHeader = appendHeader && guarded(appendHeader);
/**
 * Installs the guard on `req` (once): two own properties, the header methods; the guard is
 * installed when `setHeader` is ours.
 */
function guard(req) {
    if (req.setHeader === guardedSetHeader)
        return;
    req.setHeader = guardedSetHeader;
    if (guardedAppendHeader)
        req.appendHeader = guardedAppendHeader;
}
/**
 * Removes a `Connection: close` (and any `Keep-Alive` header) from a request whose headers
 * are not yet written, as a proxy does with its client's connection options (RFC 9110
 * §7.6.1: a proxy must remove the fields the `Connection` header names, then the header
 * itself or replace it with its own options):
 *
 * - the `Connection` header becomes `keep-alive` (what Node's keepalive agent sends when the
 *   caller sets none); its other tokens are not kept, because they are options of the
 *   caller's own connection (`Connection: close, TE` from a proxy's client is about that
 *   client's connection, not the upstream one);
 * - every field it names is removed (`Connection: close, x-foo` drops `X-Foo`; `…, TE` drops
 *   `TE`, which without its `TE` option would otherwise reach the upstream as an end-to-end
 *   field), except `Host`, `Content-Length`, `Transfer-Encoding` and `Expect`: the caller's
 *   request, body and `100-continue` wait depend on them;
 * - a `Keep-Alive` header is removed whether or not `Connection` asks to close.
 *
 * A `Connection` header that also asks for an upgrade is kept whole, with the fields it names
 * (an upgrade request is never pooled, and its `Upgrade` needs the token). A `Connection`
 * header without `close` is the caller's to send and is kept, with its fields. Headers the
 * caller sets later, before the headers are written, are filtered the same way: a `Connection:
 * close` set later is replaced and its fields removed, and a field named by a stripped
 * `Connection` header is not set.
 * @returns true when something was removed.
 */
function stripConnectionClose(req) {
    if (req.headersSent)
        return false;
    guard(req);
    let stripped = false;
    const connection = req.getHeader('connection');
    if ((0, connection_options_1.asksToClose)(connection)) {
        dropNamedFields(req, connection);
        setHeader.call(req, 'Connection', 'keep-alive');
        stripped = true;
    }
    if (req.hasHeader('keep-alive')) {
        req.removeHeader('keep-alive');
        stripped = true;
    }
    return stripped;
}
//# sourceMappingURL=connection-header.js.map