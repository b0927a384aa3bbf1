import type { ClientRequestArgs } from 'node:http';
/**
 * A readable origin for stats and events: `scheme://host:port`, with (for TLS) the SNI
 * servername in place of the host when the two differ (two virtual hosts on one address are two origins),
 * and `from <localAddress>` / `via <socketPath>` when those are set. Node's own pool key
 * (`agent.getName()`) is finer: for `HttpsAgent` it also holds every TLS option, certificates
 * included, which makes it unfit to print; pools that differ only in TLS options share one
 * origin entry in the stats.
 */
/**
 * The key under which connect options may carry their origin's label (a server of an upstream
 * group is labelled by its address, not by the group's name its TLS servername holds).
 */
export declare const kOriginLabel: unique symbol;
export declare function originLabel(protocol: string, options: ClientRequestArgs & {
    servername?: string;
    [kOriginLabel]?: string;
}): string;
//# sourceMappingURL=origin.d.ts.map