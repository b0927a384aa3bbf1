/**
 * The connections and the waiting requests of one origin (an origin URL, and for TLS the
 * servername: two servernames on one address share no connection).
 * @module
 */
import type { OriginEntry } from '../observability/origin-registry';
import type { Exchange } from './exchange';
import type { Slot } from './slot';
export type PoolSlot = Slot<OriginPool>;
export type PoolExchange = Exchange<PoolSlot, OriginPool>;
export declare class OriginPool {
    /** The dispatcher's key for it: the origin as given, and for TLS the servername. */
    readonly key: string;
    /** The origin, `scheme://host:port`, as undici's `Client` takes it. */
    readonly origin: string;
    readonly secure: boolean;
    /** The servername its connections ask for (TLS), if the requests name one. */
    readonly servername: string | undefined;
    /** Where its connections go: the host (an IPv6 address without brackets) and port. */
    readonly hostname: string;
    readonly port: number;
    /** Its entry in the stats (label, counters, open sockets). */
    readonly entry: OriginEntry;
    /** Idle connections, least recently used first (reuse takes the last: most recently used). */
    readonly idle: PoolSlot[];
    /** Every open connection of the origin (active, idle, reserved). */
    readonly slots: Set<PoolSlot>;
    /** Requests waiting for a connection, oldest first. */
    readonly queue: PoolExchange[];
    /** Requests in the validation turn of an idle connection they took. */
    parked: number;
    /**
     * Connections whose response just completed, released a microtask later (once undici has
     * decided whether it keeps the socket); and the requests made meanwhile (undici's redirect
     * interceptor dispatches the next request from the response's completion), which wait for
     * that release rather than open another connection.
     */
    completing: number;
    readonly handoff: PoolExchange[];
    constructor(key: string, url: URL, port: number, servername: string | undefined, entry: OriginEntry);
    /** Takes `slot` out of the idle list (wherever it is). */
    dropIdle(slot: PoolSlot): void;
    /** Takes `x` out of the queue (wherever it is). */
    dropQueued(x: PoolExchange): boolean;
    /** Takes `x` out of the hand-off list, if it is there. */
    dropHandoff(x: PoolExchange): boolean;
    /** Nothing left: no connection, no waiting request. */
    get empty(): boolean;
}
//# sourceMappingURL=origin-pool.d.ts.map