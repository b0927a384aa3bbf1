/**
 * The `Connection` header's options, as the `stripConnectionClose` rule reads them (NGINX's
 * `proxy_set_header Connection ""`; RFC 9110 §7.6.1): whether a value asks to close, and the
 * fields it names, which go with it. Plain strings: each front-end applies them to its own
 * request headers.
 * @module
 */
/**
 * True when a `Connection` header value has the token (`close` or `upgrade`),
 * case-insensitive, in a comma-separated list. Allocation-free for a string value.
 */
export declare function hasConnectionToken(value: string | number | readonly string[] | undefined, token: 'close' | 'upgrade'): boolean;
/** A `Connection` value (a string, or a list of them) that asks to close and is not an upgrade. */
export declare function asksToClose(value: unknown): boolean;
/**
 * The field names a `Connection` value lists as connection options, lower-case, without
 * `close` and `keep-alive` (options, not fields here: `Keep-Alive` is removed anyway), without
 * the fields never dropped, and without anything that is not a field name.
 */
export declare function namedFields(value: unknown): string[];
//# sourceMappingURL=connection-options.d.ts.map