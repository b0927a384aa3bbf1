import { type ClientRequest } from 'node:http';
export { hasConnectionToken } from '../rules/connection-options';
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
export declare function stripConnectionClose(req: ClientRequest): boolean;
//# sourceMappingURL=connection-header.d.ts.map