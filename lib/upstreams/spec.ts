/**
 * The one description of every option of an upstream group and of its servers: type,
 * default, check, unit and NGINX parameter, in the manner of `lib/options/spec.ts`. The
 * validation (`validate.ts`) and the defaults derive from it; the TSDoc of
 * `UpstreamServerOptions` / `UpstreamGroupOptions` states the same.
 * @module
 */
import { InvalidOptionRangeError, InvalidOptionTypeError } from '../errors';
import type { Reader } from '../options/spec';
import { parseAddress } from './address';
import type { UpstreamBalance, UpstreamGroupOptions, UpstreamRequest, UpstreamServerOptions } from './options';

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
type SpecsOf<O> = { readonly [K in keyof O]-?: UpstreamOptionSpec<Exclude<O[K], undefined>> };

function numberOf(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new InvalidOptionTypeError(name, 'of type number', value);
  if (Number.isNaN(value)) throw new InvalidOptionRangeError(name, 'a number, not NaN', value);
  return value;
}

function numberReader(accepts: string, accepted: (n: number) => boolean): Reader<number> {
  return {
    accepts,
    read(name, value) {
      const n = numberOf(name, value);
      if (!accepted(n)) throw new InvalidOptionRangeError(name, accepts, value);
      return n;
    },
  };
}

/**
 * An integer ≥ `min`: with `infinity`, any safe integer or `Infinity`; without, at most
 * 2^31 - 1 (a count that NGINX keeps in an `int`).
 */
function integer(min: number, infinity: boolean): Reader<number> {
  const max = infinity ? Number.MAX_SAFE_INTEGER : 2147483647;
  const accepts = `an integer >= ${min}${infinity ? ', or Infinity' : ' and <= 2147483647'}`;
  return numberReader(accepts, (n) => (infinity && n === Infinity) || (Number.isInteger(n) && n >= min && n <= max));
}

const boolean: Reader<boolean> = {
  accepts: undefined,
  read(name, value) {
    if (typeof value !== 'boolean') throw new InvalidOptionTypeError(name, 'of type boolean', value);
    return value;
  },
};

const address: Reader<string> = {
  accepts: 'host:port',
  read(name, value) {
    if (typeof value !== 'string') throw new InvalidOptionTypeError(name, 'of type string (host:port)', value);
    const parsed = parseAddress(value);
    if (typeof parsed === 'string') throw new InvalidOptionRangeError(name, `host:port (${parsed})`, value);
    return value;
  },
};

const BALANCES: readonly UpstreamBalance[] = ['round_robin', 'least_conn', 'hash', 'random'];

const balance: Reader<UpstreamBalance> = {
  accepts: BALANCES.map((b) => `'${b}'`).join(', '),
  read(name, value) {
    if (typeof value !== 'string') throw new InvalidOptionTypeError(name, 'of type string', value);
    if (!(BALANCES as readonly string[]).includes(value)) {
      throw new InvalidOptionRangeError(name, `one of ${BALANCES.map((b) => `"${b}"`).join(', ')}`, value);
    }
    return value as UpstreamBalance;
  },
};

const hashKey: Reader<(request: UpstreamRequest) => string> = {
  accepts: undefined,
  read(name, value) {
    if (typeof value !== 'function') throw new InvalidOptionTypeError(name, 'a function', value);
    return value as (request: UpstreamRequest) => string;
  },
};

/** The options of one server, in the order in which they are checked. */
export const SERVER_OPTION_SPECS: SpecsOf<UpstreamServerOptions> = {
  address: { type: 'string', unit: 'an address', default: undefined, reader: address, nginx: 'server ADDRESS' },
  weight: { type: 'number', unit: 'a weight', default: 1, reader: integer(1, false), nginx: 'weight=N' },
  maxFails: { type: 'number', unit: 'failures', default: 1, reader: integer(0, false), nginx: 'max_fails=N' },
  failTimeout: {
    type: 'number',
    unit: 'milliseconds',
    default: 10_000,
    reader: numberReader('>= 0 and finite', (n) => n >= 0 && Number.isFinite(n)),
    nginx: 'fail_timeout=T',
  },
  maxConns: { type: 'number', unit: 'requests', default: 0, reader: integer(0, true), nginx: 'max_conns=N' },
  backup: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'backup' },
  down: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'down' },
  resolve: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'resolve' },
};

/** The options of a group other than `servers`, in the order in which they are checked. */
export const GROUP_OPTION_SPECS: SpecsOf<Omit<UpstreamGroupOptions, 'servers'>> = {
  balance: { type: 'string', unit: 'a method', default: 'round_robin', reader: balance, nginx: 'least_conn / hash / random' },
  hashKey: { type: 'function', unit: 'a function', default: undefined, reader: hashKey, nginx: 'hash KEY' },
  consistent: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'hash KEY consistent' },
  two: { type: 'boolean', unit: 'boolean', default: false, reader: boolean, nginx: 'random two' },
  nextUpstreamTries: { type: 'number', unit: 'servers', default: 0, reader: integer(0, true), nginx: 'proxy_next_upstream_tries' },
  nextUpstreamTimeout: {
    type: 'number',
    unit: 'milliseconds',
    default: 0,
    reader: numberReader('>= 0, or Infinity', (n) => n >= 0),
    nginx: 'proxy_next_upstream_timeout',
  },
  resolveInterval: {
    type: 'number',
    unit: 'milliseconds',
    default: 30_000,
    reader: numberReader('>= 1, or Infinity', (n) => n >= 1),
    nginx: 'resolver … valid=T',
  },
};
