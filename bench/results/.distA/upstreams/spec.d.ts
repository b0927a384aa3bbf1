import type { Reader } from '../options/spec';
import type { UpstreamGroupOptions, UpstreamServerOptions } from './options';
/** The description of one option whose values are of type `V`. */
export interface UpstreamOptionSpec<V> {
    readonly type: 'number' | 'boolean' | 'string' | 'function';
    /** What the value counts, e.g. `milliseconds`. */
    readonly unit: string;
    /** The default; `undefined` for an option that has none (required, or absent unless given). */
    readonly default: V | undefined;
    readonly reader: Reader<V>;
    /** The NGINX parameter or directive it corresponds to. */
    readonly nginx: string;
}
/** A spec for each member of `O`, no more and no less. */
type SpecsOf<O> = {
    readonly [K in keyof O]-?: UpstreamOptionSpec<Exclude<O[K], undefined>>;
};
/** The options of one server, in the order in which they are checked. */
export declare const SERVER_OPTION_SPECS: SpecsOf<UpstreamServerOptions>;
/** The options of a group other than `servers`, in the order in which they are checked. */
export declare const GROUP_OPTION_SPECS: SpecsOf<Omit<UpstreamGroupOptions, 'servers'>>;
export {};
//# sourceMappingURL=spec.d.ts.map