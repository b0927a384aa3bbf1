/**
 * `least_conn` (`src/http/modules/ngx_http_upstream_least_conn_module.c`,
 * `ngx_http_upstream_get_least_conn_peer`): the peer with the fewest requests in progress
 * relative to its weight, smooth weighted round robin among the equals.
 * @module
 */
import { type Balancing } from './balancer';
import type { Peer } from './peer';
import type { Tried } from './tried';
/**
 * One pass as NGINX makes it: the first peer with the least `conns / weight` is `best`; if
 * others equal it (`many`), the peers from `best` on that equal it are weighed as in round
 * robin and the greatest `current_weight` wins, `best->current_weight -= total`. The
 * request moves to the backup tier when no primary can be picked, as in round robin.
 */
export declare function getLeastConnPeer(balancing: Balancing, tried: Tried, now: number): Peer | undefined;
//# sourceMappingURL=least-conn.d.ts.map