/** A server of a group, as `UpstreamGroup.pick` returns it. */
export declare class Peer {
    #private;
    /** The group's name. */
    readonly group: string;
    /**
     * The server as configured (NGINX's `peer->server`), e.g. `api.internal:8080`: what
     * `hash … consistent` hashes. Every address of a `resolve` server shares it.
     */
    readonly server: string;
    /**
     * The address connected to, e.g. `10.0.0.1:8080` (NGINX's `peer->name`): what a pooled
     * connection is matched by. The configured text itself, unless the peer is an address a
     * `resolve` server's name resolved to.
     */
    readonly address: string;
    /** The host to connect to: the configured host, or for a resolved peer its IP address. */
    readonly host: string;
    /** The port to connect to. */
    readonly port: number;
    readonly weight: number;
    readonly maxFails: number;
    /** Milliseconds. */
    readonly failTimeout: number;
    readonly maxConns: number;
    readonly backup: boolean;
    readonly down: boolean;
    /** NGINX's `current_weight`. */
    get currentWeight(): number;
    /** NGINX's `effective_weight`. */
    get effectiveWeight(): number;
    /** NGINX's `fails`: failures counted towards `maxFails`. */
    get fails(): number;
    /** Requests in progress (NGINX's `conns`): picked and not yet released. */
    get active(): number;
}
//# sourceMappingURL=peer.d.ts.map