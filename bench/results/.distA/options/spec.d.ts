import type { DispatcherSocketOptions, HttpsPoolOptions, KeepAlivePoolOptions, ResolvedPoolOptions } from './options';
/**
 * How a given value of an option is read. `read` is called with every value that is not
 * `undefined`; it throws our typed error for a value it does not accept, and returns the
 * value to use, or `undefined` for "the default".
 */
export interface Reader<V> {
    /** The values accepted, as the option's TSDoc `Unit:` line states them after the unit. */
    readonly accepts: string | undefined;
    read(name: string, value: unknown): V | undefined;
}
/**
 * Where an option goes once read.
 * - `pool`: into the pool's settings (`poolOptions`);
 * - `node`: what Node's constructor gets: nothing (`'none'`: the option stays out of
 *   `agent.options`, which Node copies into every connect call), the caller's value
 *   untouched (`'given'`), or our resolved value (`'resolved'`, for an option whose default
 *   is not Node's).
 */
export interface Destination {
    readonly pool: boolean;
    readonly node: 'none' | 'given' | 'resolved';
}
/** The description of one option whose values are of type `V`. */
export interface OptionSpec<V extends number | boolean> {
    readonly type: V extends boolean ? 'boolean' : 'number';
    /** What the value counts, e.g. `milliseconds`, `sockets`. */
    readonly unit: string;
    /** The default, or the pool option whose resolved value it defaults to. */
    readonly default: V | {
        readonly sameAs: keyof KeepAlivePoolOptions;
    };
    readonly reader: Reader<V>;
    /** The NGINX directive it corresponds to, `undefined` for none. */
    readonly nginx: string | undefined;
    readonly to: Destination;
}
/** Specs by option name: the options one agent class takes. */
export type OptionSet = Readonly<Record<string, OptionSpec<number> | OptionSpec<boolean>>>;
/** A spec for each member of `O`, no more and no less. */
type SpecsOf<O> = {
    readonly [K in keyof O]-?: OptionSpec<Extract<O[K], number | boolean>>;
};
/**
 * The options of both agents, in the order in which they are checked and in which
 * `DEFAULT_POOL_OPTIONS` and `poolOptions` list them.
 */
export declare const POOL_OPTION_SPECS: SpecsOf<KeepAlivePoolOptions>;
/** The option `HttpsAgent` adds: checked by us, applied (default included) by Node's constructor. */
export declare const HTTPS_OPTION_SPECS: SpecsOf<HttpsPoolOptions>;
/**
 * The socket caps `KeepAliveDispatcher` applies itself (the agents leave them to Node's
 * constructor): read with the same readers, into the dispatcher's settings.
 */
export declare const DISPATCHER_SOCKET_SPECS: SpecsOf<DispatcherSocketOptions>;
/**
 * The options `KeepAliveDispatcher` takes: those of `HttpsAgent` beyond Node's (every pool
 * option and `maxCachedSessions`), and the socket caps.
 */
export declare const KEEPALIVE_DISPATCHER_OPTIONS: OptionSet;
/** The options `HttpAgent` takes beyond Node's. */
export declare const HTTP_AGENT_OPTIONS: OptionSet;
/** The options `HttpsAgent` takes beyond Node's. */
export declare const HTTPS_AGENT_OPTIONS: OptionSet;
/** Every option name of ours, of either agent: the names a near miss is measured against. */
export declare const ALL_OPTION_NAMES: readonly string[];
/** The option names of {@link KeepAlivePoolOptions}: these are ours, not Node's. */
export declare const POOL_OPTION_NAMES: readonly (keyof KeepAlivePoolOptions)[];
/** The defaults of {@link KeepAlivePoolOptions} (those of NGINX where NGINX has one). */
export declare const DEFAULT_POOL_OPTIONS: Readonly<Omit<ResolvedPoolOptions, 'maxFreeSockets'>>;
export {};
//# sourceMappingURL=spec.d.ts.map