import type { AgentOptions } from 'node:http';
import { InvalidOptionRangeError, InvalidOptionTypeError } from '../errors';
import { checkNearMisses } from './names';
import { DEFAULT_POOL_OPTIONS, type HttpAgentOptions, POOL_OPTION_NAMES, type ResolvedPoolOptions } from './options';

type Check = (name: string, value: unknown) => void;

function numberOf(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new InvalidOptionTypeError(name, 'of type number', value);
  if (Number.isNaN(value)) throw new InvalidOptionRangeError(name, 'a number, not NaN', value);
  return value;
}

/** An integer ≥ `min`, or `Infinity`. */
function countAtLeast(min: number): Check {
  return (name, value) => {
    const n = numberOf(name, value);
    if (n !== Infinity && (!Number.isInteger(n) || n < min)) {
      throw new InvalidOptionRangeError(name, `an integer >= ${min}, or Infinity`, value);
    }
  };
}

/** Milliseconds > 0, or `Infinity`. */
const positiveDuration: Check = (name, value) => {
  const n = numberOf(name, value);
  if (!(n > 0)) throw new InvalidOptionRangeError(name, 'a number of milliseconds > 0, or Infinity', value);
};

/** Milliseconds ≥ 0, or `Infinity`. */
const anyDuration: Check = (name, value) => {
  const n = numberOf(name, value);
  if (!(n >= 0)) throw new InvalidOptionRangeError(name, 'a number of milliseconds >= 0, or Infinity', value);
};

const fraction: Check = (name, value) => {
  const n = numberOf(name, value);
  if (!(n >= 0 && n < 1)) throw new InvalidOptionRangeError(name, '>= 0 and < 1', value);
};

const boolean: Check = (name, value) => {
  if (typeof value !== 'boolean') throw new InvalidOptionTypeError(name, 'of type boolean', value);
};

/**
 * `maxFreeSockets` is Node's option too: `0` and `null` are Node's way of asking for the
 * default (Node reads `options.maxFreeSockets || 256`); any other value is checked as ours.
 */
const freeSocketCount: Check = (name, value) => {
  if (value === null || value === 0) return;
  countAtLeast(1)(name, value);
};

/**
 * The checks of our own options. Node's options (`keepAlive`, `keepAliveMsecs`, `maxSockets`,
 * `maxTotalSockets`, `timeout`, `scheduling`, `agentKeepAliveTimeoutBuffer`, ...) are not
 * here: Node's constructor judges them, with Node's coercions and error codes.
 */
const CHECKS: Readonly<Record<string, Check>> = {
  maxIdleSockets: countAtLeast(1),
  maxFreeSockets: freeSocketCount,
  idleTimeout: positiveDuration,
  maxRequestsPerSocket: countAtLeast(1),
  maxSocketLifetime: positiveDuration,
  limitJitter: fraction,
  stripConnectionClose: boolean,
  connectTimeout: anyDuration,
  validateAfterIdle: anyDuration,
  maxQueuedRequests: countAtLeast(0),
  queueTimeout: anyDuration,
  maxCachedSessions: countAtLeast(0),
};

/**
 * Node's reading of `agentKeepAliveTimeoutBuffer` (Node >= 24 has the option): a finite
 * number >= 0, anything else is the default. The same reading on every Node line.
 */
function keepAliveBufferOf(value: unknown): number {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : DEFAULT_POOL_OPTIONS.agentKeepAliveTimeoutBuffer;
}

/** The result of {@link resolveOptions}: what goes to Node's constructor, and our own settings. */
export interface ResolvedOptions<T extends AgentOptions> {
  /** Options for the Node base class: the caller's, less ours, with our defaults for Node's. */
  readonly node: T;
  /** Our options, validated, with defaults applied. */
  readonly pool: ResolvedPoolOptions;
}

/**
 * Validates `options` (throwing a typed error that names the option and the value) and
 * splits them into Node's options and ours. `undefined` values count as absent.
 */
export function resolveOptions<T extends AgentOptions>(options: (T & HttpAgentOptions) | undefined): ResolvedOptions<T> {
  if (options === undefined || options === null) options = {} as T & HttpAgentOptions;
  // Node's agent takes any value as its options (spreading it); a non-object brings no option.
  if (typeof options !== 'object') options = {} as T & HttpAgentOptions;
  const given = options as Record<string, unknown>;
  for (const name of Object.keys(CHECKS)) {
    const value = given[name];
    if (value !== undefined) CHECKS[name]!(name, value);
  }
  checkNearMisses(given);
  const maxIdleSockets = options.maxIdleSockets ?? DEFAULT_POOL_OPTIONS.maxIdleSockets;
  const pool: ResolvedPoolOptions = Object.freeze({
    maxIdleSockets,
    maxFreeSockets: options.maxFreeSockets || maxIdleSockets,
    idleTimeout: options.idleTimeout ?? DEFAULT_POOL_OPTIONS.idleTimeout,
    agentKeepAliveTimeoutBuffer: keepAliveBufferOf(options.agentKeepAliveTimeoutBuffer),
    maxRequestsPerSocket: options.maxRequestsPerSocket ?? DEFAULT_POOL_OPTIONS.maxRequestsPerSocket,
    maxSocketLifetime: options.maxSocketLifetime ?? DEFAULT_POOL_OPTIONS.maxSocketLifetime,
    limitJitter: options.limitJitter ?? DEFAULT_POOL_OPTIONS.limitJitter,
    stripConnectionClose: options.stripConnectionClose ?? DEFAULT_POOL_OPTIONS.stripConnectionClose,
    connectTimeout: options.connectTimeout ?? DEFAULT_POOL_OPTIONS.connectTimeout,
    validateAfterIdle: options.validateAfterIdle ?? DEFAULT_POOL_OPTIONS.validateAfterIdle,
    maxQueuedRequests: options.maxQueuedRequests ?? DEFAULT_POOL_OPTIONS.maxQueuedRequests,
    queueTimeout: options.queueTimeout ?? DEFAULT_POOL_OPTIONS.queueTimeout,
  });
  const node: Record<string, unknown> = { ...given };
  // Ours stay out of Node's `agent.options` (which Node copies into every connect call),
  // except those Node has too.
  for (const name of POOL_OPTION_NAMES) {
    if (name !== 'maxFreeSockets' && name !== 'agentKeepAliveTimeoutBuffer') delete node[name];
  }
  // Our one deliberate change of a Node default: keepAlive is on unless the caller says otherwise.
  if (options.keepAlive === undefined) node.keepAlive = true;
  node.maxFreeSockets = pool.maxFreeSockets;
  return { node: node as T, pool };
}
