/**
 * The option of ours that `key` is a near miss of, if any: the same name in another case, or
 * (for names of 8 characters or more) at most 2 edits away, or 1 edit for shorter ones. Keys
 * that are ours or that Node, `net` or `tls` use are never near misses.
 */
export declare function nearMissOf(key: string): string | undefined;
/**
 * Throws an {@link UnknownOptionError} ("did you mean ...?") for the first key of `given`
 * that is a near miss of one of our option names. Every other unknown key passes through,
 * as with Node's agent, which hands them to `net.connect` / `tls.connect`.
 */
export declare function checkNearMisses(given: Readonly<Record<string, unknown>>): void;
//# sourceMappingURL=names.d.ts.map