import type { AgentOptions } from 'node:http';
import { InvalidOptionRangeError, InvalidOptionTypeError } from './errors';
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

/** Milliseconds ≥ 0, finite. */
const finiteDuration: Check = (name, value) => {
  const n = numberOf(name, value);
  if (!(n >= 0) || !Number.isFinite(n)) {
    throw new InvalidOptionRangeError(name, 'a finite number of milliseconds >= 0', value);
  }
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

const scheduling: Check = (name, value) => {
  if (typeof value !== 'string') throw new InvalidOptionTypeError(name, 'of type string', value);
  if (value !== 'lifo' && value !== 'fifo') throw new InvalidOptionRangeError(name, "'lifo' or 'fifo'", value);
};

/**
 * The checks for every option we validate: ours, and those of Node's agent options that
 * Node itself accepts silently when wrong (Node turns `maxSockets: 0` into `Infinity`).
 */
const CHECKS: Readonly<Record<string, Check>> = {
  maxIdleSockets: countAtLeast(1),
  maxFreeSockets: countAtLeast(1),
  idleTimeout: positiveDuration,
  agentKeepAliveTimeoutBuffer: finiteDuration,
  maxRequestsPerSocket: countAtLeast(1),
  maxSocketLifetime: positiveDuration,
  limitJitter: fraction,
  stripConnectionClose: boolean,
  connectTimeout: anyDuration,
  validateAfterIdle: anyDuration,
  maxQueuedRequests: countAtLeast(0),
  queueTimeout: anyDuration,
  maxCachedSessions: countAtLeast(0),
  keepAlive: boolean,
  keepAliveMsecs: finiteDuration,
  maxSockets: countAtLeast(1),
  maxTotalSockets: countAtLeast(1),
  timeout: finiteDuration,
  scheduling,
};

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
  if (typeof options !== 'object') throw new InvalidOptionTypeError('options', 'of type object', options);
  const given = options as Record<string, unknown>;
  for (const name of Object.keys(CHECKS)) {
    const value = given[name];
    if (value !== undefined) CHECKS[name]!(name, value);
  }
  const maxIdleSockets = options.maxIdleSockets ?? DEFAULT_POOL_OPTIONS.maxIdleSockets;
  const pool: ResolvedPoolOptions = Object.freeze({
    maxIdleSockets,
    maxFreeSockets: options.maxFreeSockets ?? maxIdleSockets,
    idleTimeout: options.idleTimeout ?? DEFAULT_POOL_OPTIONS.idleTimeout,
    agentKeepAliveTimeoutBuffer: options.agentKeepAliveTimeoutBuffer ?? DEFAULT_POOL_OPTIONS.agentKeepAliveTimeoutBuffer,
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
  node.keepAlive = options.keepAlive ?? true;
  node.maxFreeSockets = pool.maxFreeSockets;
  node.scheduling = options.scheduling ?? 'lifo';
  return { node: node as T, pool };
}
