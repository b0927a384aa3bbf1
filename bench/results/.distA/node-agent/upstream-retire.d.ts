import type { Peer } from '../upstreams/peer';
import type { PoolCore } from './core';
export declare class RetiredServers {
    #private;
    constructor(core: PoolCore);
    /**
     * Peers left their groups (`removed`, labelled by `labelOf`); `listed` holds every label a
     * group lists now (a label listed again is no longer retired). Idle connections of the
     * retired labels are closed; labels that no connection and no request uses any more are forgotten.
     */
    update(removed: readonly Peer[], listed: ReadonlySet<string>, labelOf: (peer: Peer) => string): void;
}
//# sourceMappingURL=upstream-retire.d.ts.map