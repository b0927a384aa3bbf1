import type { UpstreamsOptions } from '../upstreams/options';
import type { NginxKeepaliveOptions } from './nginx';
/** What `fromNginx` reads from its text. */
export interface NginxAgentOptions extends NginxKeepaliveOptions {
    /** The `upstream` blocks, when the text has any. */
    upstreams?: UpstreamsOptions;
}
/**
 * Reads NGINX configuration text into agent options. One agent keeps one pool for all its
 * groups: the `keepalive N` of several blocks add up (each block's connections may be cached,
 * as in NGINX, under one LRU), and every other keepalive directive given in several places
 * must say the same (an agent per block is the way to differ).
 * @throws {NginxConfigError} for anything the blocks' or the directives' parsers reject, and
 *   for keepalive directives that differ between blocks.
 */
export declare function parseNginxAgentConfig(text: string): NginxAgentOptions;
//# sourceMappingURL=nginx-config.d.ts.map