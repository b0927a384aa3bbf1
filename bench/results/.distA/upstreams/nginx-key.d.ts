import type { UpstreamRequest } from './options';
/**
 * `$uri`: the path without the query string, normalised as `ngx_http_parse_complex_uri`
 * does with `merge_slashes on`: `%XX` decoded, `//` merged, `.` and `..` segments resolved
 * (a `..` above the root stays at the root, where NGINX answers 400).
 */
export declare function normalizedUri(path: string): string;
/**
 * Compiles the key of `hash KEY`.
 * @param key The key as written, e.g. `$request_uri` or `${http_x_user}:$args`.
 * @param line The directive's line, for errors.
 * @returns The `hashKey` function.
 * @throws {NginxConfigError} for a variable other than those of {@link KNOWN}, or a `$` that
 *   starts no variable name.
 */
export declare function compileHashKey(key: string, line: number): (request: UpstreamRequest) => string;
//# sourceMappingURL=nginx-key.d.ts.map