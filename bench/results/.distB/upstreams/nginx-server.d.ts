import type { UpstreamServerOptions } from './options';
import type { NginxStatement } from './nginx-tokens';
/**
 * Reads one `server` statement.
 * @returns The server as an option of `upstreams` (parameters not given are left out, so
 *   that the defaults apply), and the line of each parameter given (for later errors).
 * @throws {NginxConfigError} for a missing or bad address, an unknown, repeated or bad
 *   parameter, or a parameter of NGINX Plus.
 */
export declare function readServer(statement: NginxStatement): {
    server: UpstreamServerOptions;
    lines: ReadonlyMap<string, number>;
};
//# sourceMappingURL=nginx-server.d.ts.map