import type { ResolvedUpstreamGroup, ResolvedUpstreams } from './options';
/** Whether `name` can name a group: a host name (letters, digits, `_`, `.`, `-`). */
export declare function isGroupName(name: string): boolean;
/**
 * Validates one group of the `upstreams` option and applies the defaults.
 * @param name The group's name: a host name (letters, digits, `_`, `.`, `-`).
 * @param value The group, as given.
 * @param path The option's path in error messages. Default: `upstreams.NAME`.
 * @throws {InvalidOptionTypeError | InvalidOptionRangeError} (`code ===
 *   'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`) naming the option's path and the value.
 */
export declare function resolveUpstreamGroup(name: string, value: unknown, path?: string): ResolvedUpstreamGroup;
/**
 * Validates the `upstreams` option (groups by name) and applies the defaults. `undefined`
 * is no groups. Two names that differ only in case are an error (hosts are matched without
 * regard to case).
 * @throws {InvalidOptionTypeError | InvalidOptionRangeError} as {@link resolveUpstreamGroup}.
 */
export declare function resolveUpstreams(value: unknown, path?: string): ResolvedUpstreams;
//# sourceMappingURL=validate.d.ts.map