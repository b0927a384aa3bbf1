/**
 * What one request has tried of a group (NGINX's per-request peer data,
 * `ngx_http_upstream_rr_peer_data_t` and the balancers' extensions of it): the tier it is on,
 * the `tried` bitmap of that tier, the attempts it has left (`pc->tries`, capped by
 * `proxy_next_upstream_tries`), when it started (for `proxy_next_upstream_timeout`), and the
 * state a hash or random balancer carries from one attempt to the next.
 * @module
 */
import type { Peer } from './peer';
/**
 * One request's attempts on a group: create one per request with `UpstreamGroup.tried()`
 * and pass it to every `pick` of that request (first attempt and next upstreams).
 */
export declare class Tried {
    #private;
    /** The tier the request is on: `primary`, or `backup` once no primary could be picked. */
    get tier(): 'primary' | 'backup';
    /** The servers picked for this request so far, in order. */
    get picked(): readonly Peer[];
    /** Attempts left (NGINX's `pc->tries`): one per server not marked `down`, capped by `nextUpstreamTries`. */
    get remaining(): number;
    /**
     * Whether another server may be tried after a failed attempt, as `ngx_http_upstream_next`
     * decides: attempts are left, and `nextUpstreamTimeout` (if set) has not passed since the
     * request's first pick (`ngx_current_msec - u->peer.start_time >= timeout` ends it).
     */
    canRetry(): boolean;
    /**
     * Gives back the attempt of a failure on a reused (pooled) connection, as
     * `ngx_http_upstream_next` does for an error on a cached connection (`u->peer.tries++`):
     * the failure still counts for the server (release it as `'failure'`), and the server
     * stays tried, but the request may try one more server than it could otherwise.
     */
    refundAttempt(): void;
}
//# sourceMappingURL=tried.d.ts.map