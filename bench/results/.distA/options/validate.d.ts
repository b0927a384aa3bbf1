import type { AgentOptions } from 'node:http';
import type { ResolvedUpstreams } from '../upstreams/options';
import type { HttpAgentOptions, ResolvedPoolOptions } from './options';
import { type OptionSet } from './spec';
/** The result of {@link resolveOptions}: what goes to Node's constructor, and our own settings. */
export interface ResolvedOptions<T extends AgentOptions> {
    /** Options for the Node base class: the caller's, less ours, with our defaults for Node's. */
    readonly node: T;
    /** Our options, validated, with defaults applied. */
    readonly pool: ResolvedPoolOptions;
    /** The `upstreams` option, validated; `undefined` when none was given. */
    readonly upstreams: ResolvedUpstreams | undefined;
}
/**
 * Validates `options` against the option set of the agent class being built (`HttpAgent`'s
 * by default; `HttpsAgent` passes `HTTPS_AGENT_OPTIONS`), throwing a typed error that names
 * the option and the value, and splits them into Node's options and ours. `undefined` values
 * count as absent. Node's own options are not judged here: Node's constructor judges them,
 * with Node's coercions and error codes.
 */
export declare function resolveOptions<T extends AgentOptions>(options: (T & HttpAgentOptions) | undefined, set?: OptionSet): ResolvedOptions<T>;
/** The `timeout` of `close(options)`, checked: ms ≥ 0, `Infinity` when absent. */
export declare function resolveCloseTimeout(options: {
    timeout?: number | undefined;
} | undefined): number;
//# sourceMappingURL=validate.d.ts.map