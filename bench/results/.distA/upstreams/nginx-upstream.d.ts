import { type NginxKeepaliveOptions } from '../options/nginx';
import { type NginxStatement } from './nginx-tokens';
import type { UpstreamGroupOptions } from './options';
/** One `upstream` block, read. */
export interface NginxUpstreamBlock {
    /** The group's name (`upstream NAME`). */
    readonly name: string;
    /** The group, as the `upstreams` option takes it (parameters not given left out). */
    readonly group: UpstreamGroupOptions;
    /** The block's `keepalive*` directives, as `parseNginxKeepalive` reads them. */
    readonly keepaliveDirectives: NginxKeepaliveOptions;
    /** The line of `upstream NAME {`. */
    readonly line: number;
}
/** A whole text of `upstream` blocks and bare keepalive directives, read. */
export interface NginxUpstreamConfig {
    /** The blocks, in order. */
    readonly blocks: readonly NginxUpstreamBlock[];
    /** The groups by name: the `upstreams` option. */
    readonly upstreams: Readonly<Record<string, UpstreamGroupOptions>>;
    /** The keepalive directives outside any block. */
    readonly keepalive: NginxKeepaliveOptions;
}
/**
 * Reads the content of one `upstream NAME { … }` block.
 * @param name The group's name.
 * @param body The text between the braces, or its statements (from {@link statementsOf}).
 * @param line The line of `upstream NAME {` (and of the body's first line, for text). Default: 1.
 * @throws {NginxConfigError} (`code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`, with
 *   the 1-based `line`) for an unknown directive or one an agent cannot honour (`ip_hash`,
 *   NGINX Plus's), a bad `server` line, a second balancing method, a `backup` server with
 *   `hash` or `random`, no primary server, or a bad keepalive directive.
 */
export declare function parseNginxUpstreamBlock(name: string, body: string | readonly NginxStatement[], line?: number): NginxUpstreamBlock;
/**
 * Reads a text of `upstream NAME { … }` blocks and keepalive directives outside them (which
 * `parseNginxKeepalive` reads).
 * @throws {NginxConfigError} as `parseNginxUpstreamBlock`, and for a block other than
 *   `upstream`, an `upstream` without a name or a block, or two blocks of the same name
 *   (names are compared without case).
 */
export declare function parseNginxUpstreams(text: string): NginxUpstreamConfig;
//# sourceMappingURL=nginx-upstream.d.ts.map