/**
 * The options that {@link parseNginxKeepalive} reads from NGINX directives. A directive that
 * is absent leaves its option out (so the agent's default applies).
 */
export interface NginxKeepaliveOptions {
    /** Idle sockets kept across all origins. Unit: sockets. NGINX: `keepalive N`. */
    maxIdleSockets?: number;
    /** An idle socket is closed after this long. Unit: milliseconds. NGINX: `keepalive_timeout T`. */
    idleTimeout?: number;
    /** Requests a socket carries at most. Unit: requests. NGINX: `keepalive_requests N`. */
    maxRequestsPerSocket?: number;
    /** No request is started on a socket older than this. Unit: milliseconds. NGINX: `keepalive_time T`. */
    maxSocketLifetime?: number;
}
/**
 * Converts an NGINX time (the syntax of `keepalive_timeout`, `keepalive_time` and every other
 * NGINX time directive, after `ngx_parse_time`) to milliseconds.
 *
 * Units: `ms`, `s`, `m` (minutes), `h`, `d`, `w`, `M` (30 days), `y` (365 days); a number
 * without a unit means seconds. Parts combine, largest unit first and each unit at most once,
 * with or without spaces between them: `1h30m`, `1h 30m`, `1m30` (90 s), `1s500ms`.
 * Only decimal digits are numbers: no sign, no fraction.
 *
 * NGINX itself takes `ms` only in millisecond directives and `M` / `y` only in second
 * directives; both sets are accepted here. NGINX also lets a few odd spellings through
 * (`1hm`, `30 40`) that are rejected here.
 *
 * @param value The time, e.g. `"60s"` or `"1h 30m"`.
 * @param line The 1-based line reported in the error. Default: 1.
 * @returns Milliseconds, an integer from 0 to `Number.MAX_SAFE_INTEGER`.
 * @throws {NginxConfigError} (`code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`) for an
 *   empty string, an unknown unit, a sign or fraction, a unit repeated or out of order, or a
 *   total above `Number.MAX_SAFE_INTEGER` ms.
 */
export declare function parseNginxTime(value: string, line?: number): number;
/** One word of NGINX configuration text, or one of `;`, `{`, `}` (`special`). */
export interface Token {
    readonly text: string;
    readonly line: number;
    /** `;`, `{` or `}` outside quotes. */
    readonly special: boolean;
    readonly quoted: boolean;
}
/** Splits text into NGINX tokens, as `ngx_conf_read_token` does (quotes, `\` escapes, `#` comments). */
export declare function tokenize(text: string): Token[];
/**
 * Reads NGINX upstream keepalive directives and returns the matching agent options:
 *
 * | directive | option | value |
 * | --- | --- | --- |
 * | `keepalive N;` | `maxIdleSockets` | integer ≥ 1 |
 * | `keepalive_timeout T;` | `idleTimeout` | time > 0, in ms |
 * | `keepalive_requests N;` | `maxRequestsPerSocket` | integer ≥ 1 |
 * | `keepalive_time T;` | `maxSocketLifetime` | time > 0, in ms |
 *
 * Times use NGINX's syntax (see {@link parseNginxTime}). The text follows NGINX's
 * configuration syntax: each directive ends with `;`, directives may share a line or span
 * several, `#` starts a comment to the end of the line, and arguments may be single- or
 * double-quoted (`keepalive_timeout "1h 30m";`).
 *
 * The parser is strict: only these four directives are accepted, each at most once. An
 * enclosing `upstream NAME { ... }` block, `server` lines and any other directive are errors,
 * so a typo cannot silently fall back to a default.
 *
 * @param text The directives, e.g. `keepalive 64; keepalive_timeout 60s;`.
 * @returns The options given by the text; `{}` for empty text or text with only comments.
 * @throws {NginxConfigError} (`code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG'`, with the
 *   1-based `line`) for an unknown or repeated directive, a wrong number of arguments, a missing
 *   `;`, a brace, an unclosed quote, or a bad number or time.
 */
export declare function parseNginxKeepalive(text: string): NginxKeepaliveOptions;
/**
 * `parsed` with every option of `overrides` that is not `undefined` on top (an override key
 * present but `undefined` does not erase a directive).
 */
export declare function withOverrides<T extends object>(parsed: NginxKeepaliveOptions, overrides: T | undefined): NginxKeepaliveOptions & T;
//# sourceMappingURL=nginx.d.ts.map