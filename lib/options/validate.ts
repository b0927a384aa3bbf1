import type { AgentOptions } from 'node:http';
import { InvalidOptionRangeError, InvalidOptionTypeError } from '../errors';
import type { ResolvedUpstreams } from '../upstreams/options';
import { resolveUpstreams } from '../upstreams/validate';
import { checkNearMisses } from './names';
import type { HttpAgentOptions, ResolvedPoolOptions } from './options';
import { HTTP_AGENT_OPTIONS, type OptionSet } from './spec';

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
export function resolveOptions<T extends AgentOptions>(
  options: (T & HttpAgentOptions) | undefined,
  set: OptionSet = HTTP_AGENT_OPTIONS,
): ResolvedOptions<T> {
  // Node's agent takes any value as its options (spreading it); a non-object brings no option.
  const given: Readonly<Record<string, unknown>> = options !== null && typeof options === 'object' ? (options as Record<string, unknown>) : {};
  const read = new Map<string, number | boolean | undefined>();
  for (const [name, spec] of Object.entries(set)) {
    const value = given[name];
    read.set(name, value === undefined ? undefined : spec.reader.read(name, value));
  }
  checkNearMisses(given);
  const upstreams = given.upstreams === undefined ? undefined : resolveUpstreams(given.upstreams);

  const pool: Record<string, number | boolean> = {};
  for (const [name, spec] of Object.entries(set)) {
    if (!spec.to.pool) continue;
    const { default: fallback } = spec;
    // A derived default names an option listed earlier (the spec's test holds it to that).
    pool[name] = read.get(name) ?? (typeof fallback === 'object' ? pool[fallback.sameAs]! : fallback);
  }

  const node: Record<string, unknown> = { ...given };
  // Our one deliberate change of a Node default: keepAlive is on unless the caller says otherwise.
  if (given.keepAlive === undefined) node.keepAlive = true;
  for (const [name, spec] of Object.entries(set)) {
    // Ours stay out of Node's `agent.options` (which Node copies into every connect call).
    if (spec.to.node === 'none') delete node[name];
    else if (spec.to.node === 'resolved') node[name] = pool[name];
  }
  delete node.upstreams;
  return { node: node as T, pool: Object.freeze(pool) as unknown as ResolvedPoolOptions, upstreams };
}

/** The `timeout` of `close(options)`, checked: ms ≥ 0, `Infinity` when absent. */
export function resolveCloseTimeout(options: { timeout?: number | undefined } | undefined): number {
  const timeout = options?.timeout;
  if (timeout === undefined) return Infinity;
  if (typeof timeout !== 'number') throw new InvalidOptionTypeError('timeout', 'of type number', timeout);
  if (!(timeout >= 0)) throw new InvalidOptionRangeError('timeout', 'a number of milliseconds >= 0, or Infinity', timeout);
  return timeout;
}
