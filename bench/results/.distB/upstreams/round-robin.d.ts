/**
 * Smooth weighted round robin, NGINX's default balancer
 * (`src/http/ngx_http_upstream_round_robin.c`: `ngx_http_upstream_get_round_robin_peer` and
 * `ngx_http_upstream_get_peer`), and the switch to the backup tier that every balancer
 * with backups shares.
 * @module
 */
import { type Balancing } from './balancer';
import type { Peer } from './peer';
import type { Tried } from './tried';
/**
 * `ngx_http_upstream_get_round_robin_peer`. A tier of one server (`peers->single`) gives it
 * whenever it is not down and not at its cap (its failures are never counted). When no peer
 * of the primary tier can be picked, the request moves to the backup tier for good, its
 * `tried` bitmap cleared, and is balanced there (the `failed:` label: `rrp->peers =
 * peers->next`); when none there either, `undefined` (NGX_BUSY). Since NGINX 1.11.5 the fails
 * of the peers are no longer reset when all have failed.
 */
export declare function getRoundRobinPeer(balancing: Balancing, tried: Tried, now: number): Peer | undefined;
/**
 * The `failed:` path of the getters with backups (round robin and least_conn): if the
 * request is on the primary tier and the group has backups, it moves to them, its bitmap
 * cleared. Returns whether it moved.
 */
export declare function toBackup(balancing: Balancing, tried: Tried): boolean;
//# sourceMappingURL=round-robin.d.ts.map