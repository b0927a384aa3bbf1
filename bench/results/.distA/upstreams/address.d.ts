/**
 * A server address, `host:port` as NGINX's `server` directive takes it (`ngx_parse_url`, with
 * port 80 when none is given), split into host and port.
 * @module
 */
/** The port NGINX gives a `server` written without one (`u.default_port = 80`). */
export declare const DEFAULT_PORT = 80;
/** An address split. */
export interface HostPort {
    /** A hostname, an IPv4 address, or an IPv6 address (without its brackets). */
    readonly host: string;
    readonly port: number;
}
/**
 * Splits `address` into host and port.
 * @returns The host and port, or the reason the text is not an address.
 */
export declare function parseAddress(address: string): HostPort | string;
/**
 * Whether `host` (as {@link parseAddress} splits it) is an IP address rather than a name: a
 * `resolve` server written with one is used as it is, as NGINX does.
 */
export declare function isIpAddress(host: string): boolean;
/** `host:port`, an IPv6 host in brackets: `[::1]:8080`. */
export declare function formatAddress(host: string, port: number): string;
//# sourceMappingURL=address.d.ts.map