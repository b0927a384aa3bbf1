/**
 * The one description of every option of ours: its type, default, check, unit, NGINX
 * directive and destination. The defaults, the option names, the near-miss names, the
 * validation and the split between Node's options and ours all derive from it; the TSDoc of
 * `KeepAlivePoolOptions` and the README's table state the same (a test holds them to it).
 * @module
 */
import { InvalidOptionRangeError, InvalidOptionTypeError } from '../errors';
import { nodeFreeSocketCap, nodeSessionCapacity } from './node-readings';
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
  readonly default: V | { readonly sameAs: keyof KeepAlivePoolOptions };
  readonly reader: Reader<V>;
  /** The NGINX directive it corresponds to, `undefined` for none. */
  readonly nginx: string | undefined;
  readonly to: Destination;
}

/** Specs by option name: the options one agent class takes. */
export type OptionSet = Readonly<Record<string, OptionSpec<number> | OptionSpec<boolean>>>;

/** A spec for each member of `O`, no more and no less. */
type SpecsOf<O> = { readonly [K in keyof O]-?: OptionSpec<Extract<O[K], number | boolean>> };

function numberOf(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new InvalidOptionTypeError(name, 'of type number', value);
  if (Number.isNaN(value)) throw new InvalidOptionRangeError(name, 'a number, not NaN', value);
  return value;
}

/** A number that `accepted` admits; `expected` goes into the error message. */
function numberReader(accepts: string, expected: string, accepted: (n: number) => boolean): Reader<number> {
  return {
    accepts,
    read(name, value) {
      const n = numberOf(name, value);
      if (!accepted(n)) throw new InvalidOptionRangeError(name, expected, value);
      return n;
    },
  };
}

/** An integer ≥ `min`, or `Infinity`. */
function count(min: number): Reader<number> {
  return numberReader(`an integer ≥ ${min}, or \`Infinity\``, `an integer >= ${min}, or Infinity`, (n) => n === Infinity || (Number.isInteger(n) && n >= min));
}

const atLeastOne = count(1);

/** Milliseconds > 0, or `Infinity`. */
const positiveDuration = numberReader('> 0, or `Infinity`', 'a number of milliseconds > 0, or Infinity', (n) => n > 0);

/** Milliseconds ≥ 0, or `Infinity`. */
const anyDuration = numberReader('≥ 0, or `Infinity`', 'a number of milliseconds >= 0, or Infinity', (n) => n >= 0);

const fraction = numberReader('≥ 0 and < 1', '>= 0 and < 1', (n) => n >= 0 && n < 1);

const boolean: Reader<boolean> = {
  accepts: undefined,
  read(name, value) {
    if (typeof value !== 'boolean') throw new InvalidOptionTypeError(name, 'of type boolean', value);
    return value;
  },
};

/**
 * `maxFreeSockets` of `KeepAliveDispatcher`: `0` and `null` ask for the default, as they do of
 * Node's agent; any other value is checked as ours. (The agents read it as Node does.)
 */
const freeSocketCount: Reader<number> = {
  accepts: atLeastOne.accepts,
  read: (name, value) => (value === null || value === 0 ? undefined : atLeastOne.read(name, value)),
};

/** `maxFreeSockets` of the agents, Node's option: read as Node reads it, never an error ({@link nodeFreeSocketCap}). */
const nodeFreeSocketCount: Reader<number> = {
  accepts: undefined,
  read: (_name, value) => nodeFreeSocketCap(value),
};

/** `maxCachedSessions` of `HttpsAgent`, Node's option: any value Node accepts ({@link nodeSessionCapacity}). */
const nodeSessionCount: Reader<number> = {
  accepts: undefined,
  read: (_name, value) => nodeSessionCapacity(value),
};

/**
 * Node's reading of `agentKeepAliveTimeoutBuffer` (Node >= 24 has the option): a finite
 * number >= 0, anything else is the default, never an error. The same reading on every Node
 * line; Node's constructor, where it has the option, judges the caller's value itself.
 */
const nodeKeepAliveBuffer: Reader<number> = {
  accepts: '≥ 0 and finite',
  read: (_name, value) => (typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : undefined),
};

const POOL: Destination = { pool: true, node: 'none' };

/**
 * The options of both agents, in the order in which they are checked and in which
 * `DEFAULT_POOL_OPTIONS` and `poolOptions` list them.
 */
export const POOL_OPTION_SPECS: SpecsOf<KeepAlivePoolOptions> = {
  maxIdleSockets: { type: 'number', unit: 'sockets', default: 256, reader: atLeastOne, nginx: 'keepalive N', to: POOL },
  maxFreeSockets: {
    type: 'number',
    unit: 'sockets',
    default: { sameAs: 'maxIdleSockets' },
    reader: freeSocketCount,
    nginx: undefined,
    to: { pool: true, node: 'resolved' },
  },
  idleTimeout: { type: 'number', unit: 'milliseconds', default: 60_000, reader: positiveDuration, nginx: 'keepalive_timeout', to: POOL },
  agentKeepAliveTimeoutBuffer: {
    type: 'number',
    unit: 'milliseconds',
    default: 1_000,
    reader: nodeKeepAliveBuffer,
    nginx: undefined,
    to: { pool: true, node: 'given' },
  },
  maxRequestsPerSocket: { type: 'number', unit: 'requests', default: 1_000, reader: atLeastOne, nginx: 'keepalive_requests', to: POOL },
  maxSocketLifetime: { type: 'number', unit: 'milliseconds', default: 3_600_000, reader: positiveDuration, nginx: 'keepalive_time', to: POOL },
  limitJitter: { type: 'number', unit: 'a fraction', default: 0.1, reader: fraction, nginx: undefined, to: POOL },
  stripConnectionClose: { type: 'boolean', unit: 'boolean', default: true, reader: boolean, nginx: 'proxy_set_header Connection ""', to: POOL },
  connectTimeout: { type: 'number', unit: 'milliseconds', default: 10_000, reader: anyDuration, nginx: 'proxy_connect_timeout', to: POOL },
  validateAfterIdle: { type: 'number', unit: 'milliseconds', default: 1_000, reader: anyDuration, nginx: undefined, to: POOL },
  warmReplacement: { type: 'boolean', unit: 'boolean', default: true, reader: boolean, nginx: undefined, to: POOL },
  maxQueuedRequests: { type: 'number', unit: 'requests', default: Infinity, reader: count(0), nginx: 'queue N', to: POOL },
  queueTimeout: { type: 'number', unit: 'milliseconds', default: 0, reader: anyDuration, nginx: 'queue N timeout=T', to: POOL },
};

/** The option `HttpsAgent` adds: checked by us, applied (default included) by Node's constructor. */
export const HTTPS_OPTION_SPECS: SpecsOf<HttpsPoolOptions> = {
  maxCachedSessions: {
    type: 'number',
    unit: 'sessions',
    default: 100,
    reader: count(0),
    nginx: 'proxy_ssl_session_reuse',
    to: { pool: false, node: 'given' },
  },
};

/**
 * The socket caps `KeepAliveDispatcher` applies itself (the agents leave them to Node's
 * constructor): read with the same readers, into the dispatcher's settings.
 */
export const DISPATCHER_SOCKET_SPECS: SpecsOf<DispatcherSocketOptions> = {
  maxSockets: { type: 'number', unit: 'sockets', default: Infinity, reader: atLeastOne, nginx: 'max_conns', to: POOL },
  maxTotalSockets: { type: 'number', unit: 'sockets', default: Infinity, reader: atLeastOne, nginx: undefined, to: POOL },
};

/**
 * The options `KeepAliveDispatcher` takes: those of `HttpsAgent` beyond Node's (every pool
 * option and `maxCachedSessions`), and the socket caps.
 */
export const KEEPALIVE_DISPATCHER_OPTIONS: OptionSet = Object.freeze({ ...POOL_OPTION_SPECS, ...HTTPS_OPTION_SPECS, ...DISPATCHER_SOCKET_SPECS });

/**
 * On the agents, the options Node's agents have too are read as Node reads them (Node accepts
 * every value of either): the same specs with Node's readings.
 */
const NODE_READ_FREE = { maxFreeSockets: { ...POOL_OPTION_SPECS.maxFreeSockets, reader: nodeFreeSocketCount } };
const NODE_READ_SESSIONS = { maxCachedSessions: { ...HTTPS_OPTION_SPECS.maxCachedSessions, reader: nodeSessionCount } };

/** The options `HttpAgent` takes beyond Node's. */
export const HTTP_AGENT_OPTIONS: OptionSet = Object.freeze({ ...POOL_OPTION_SPECS, ...NODE_READ_FREE });

/** The options `HttpsAgent` takes beyond Node's. */
export const HTTPS_AGENT_OPTIONS: OptionSet = Object.freeze({ ...POOL_OPTION_SPECS, ...HTTPS_OPTION_SPECS, ...NODE_READ_FREE, ...NODE_READ_SESSIONS });

/** Every option name of ours, of either agent: the names a near miss is measured against. */
export const ALL_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(HTTPS_AGENT_OPTIONS));

/** The option names of {@link KeepAlivePoolOptions}: these are ours, not Node's. */
export const POOL_OPTION_NAMES: readonly (keyof KeepAlivePoolOptions)[] = Object.freeze(
  Object.keys(POOL_OPTION_SPECS) as (keyof KeepAlivePoolOptions)[],
);

/** The defaults of {@link KeepAlivePoolOptions} (those of NGINX where NGINX has one). */
export const DEFAULT_POOL_OPTIONS: Readonly<Omit<ResolvedPoolOptions, 'maxFreeSockets'>> = Object.freeze(
  Object.fromEntries(
    Object.entries(POOL_OPTION_SPECS).flatMap(([name, spec]) => (typeof spec.default === 'object' ? [] : [[name, spec.default]])),
  ) as Omit<ResolvedPoolOptions, 'maxFreeSockets'>,
);
