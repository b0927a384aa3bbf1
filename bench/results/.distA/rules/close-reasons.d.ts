/**
 * Why a pooled connection was closed. The strings are part of the public contract: they
 * appear in `getStats().closed`, in `socketClosed` events and on the diagnostics channel.
 *
 * - `idle_timeout`: idle longer than the effective idle timeout (NGINX `keepalive_timeout`).
 * - `max_requests`: carried its request limit (NGINX `keepalive_requests`).
 * - `max_lifetime`: older than its lifetime (NGINX `keepalive_time`).
 * - `evicted`: the least recently used idle socket, closed to make room in a full pool
 *   (NGINX `keepalive N`), a socket the pool had no room for, or a connection to an address
 *   that a `resolve` server's name no longer lists (upstream groups).
 * - `server_close`: the server closed the connection, or asked for it to be closed
 *   (`Connection: close`, an HTTP/1.0 response).
 * - `stale`: data, EOF or an error arrived while the socket was idle (NGINX's `MSG_PEEK` check).
 * - `error`: a socket error while connecting or during a request.
 * - `not_reusable`: the exchange did not end cleanly (aborted request, unread response,
 *   upgrade or CONNECT), so the connection cannot carry another request.
 * - `agent_closed`: the agent was closed or destroyed.
 */
export type CloseReason = 'idle_timeout' | 'max_requests' | 'max_lifetime' | 'evicted' | 'server_close' | 'stale' | 'error' | 'not_reusable' | 'agent_closed';
/** Every {@link CloseReason}, in a fixed order (the order of `getStats().closed`'s keys). */
export declare const CLOSE_REASONS: readonly CloseReason[];
/** A counter per close reason. */
export type CloseReasonCounts = Record<CloseReason, number>;
/** A fresh counter with every reason at zero. */
export declare function emptyCloseReasonCounts(): CloseReasonCounts;
//# sourceMappingURL=close-reasons.d.ts.map