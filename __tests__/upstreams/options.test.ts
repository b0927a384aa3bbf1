/**
 * The `upstreams` option: NGINX's defaults, and a typed error naming the option's path and
 * the value for every field's type and range.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidOptionRangeError, InvalidOptionTypeError } from '../../lib/errors';
import { GROUP_OPTION_SPECS, SERVER_OPTION_SPECS } from '../../lib/upstreams/spec';
import { resolveUpstreamGroup, resolveUpstreams } from '../../lib/upstreams/validate';

const CODE = 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION';

function thrown(fn: () => unknown): InvalidOptionTypeError | InvalidOptionRangeError {
  try {
    fn();
  } catch (err) {
    expect(err instanceof InvalidOptionTypeError || err instanceof InvalidOptionRangeError).toBe(true);
    expect((err as InvalidOptionTypeError).code).toBe(CODE);
    return err as InvalidOptionTypeError;
  }
  throw new Error('nothing was thrown');
}

const withServer = (server: Record<string, unknown>): unknown => ({ api_backend: { servers: [{ address: 'a:1' }, { address: 'b:2', ...server }] } });
const withGroup = (group: Record<string, unknown>): unknown => ({ api_backend: { servers: [{ address: 'a:1' }], ...group } });

describe('defaults', () => {
  test('NGINX’s: weight 1, max_fails 1, fail_timeout 10s, max_conns 0, round robin, no next-upstream limits', () => {
    expect(resolveUpstreams({ api_backend: { servers: [{ address: '10.0.0.1:8080' }] } })).toEqual({
      api_backend: {
        name: 'api_backend',
        servers: [
          { address: '10.0.0.1:8080', host: '10.0.0.1', port: 8080, weight: 1, maxFails: 1, failTimeout: 10_000, maxConns: 0, backup: false, down: false, resolve: false },
        ],
        balance: 'round_robin',
        hashKey: undefined,
        consistent: false,
        two: false,
        nextUpstreamTries: 0,
        nextUpstreamTimeout: 0,
        resolveInterval: 30_000,
      },
    });
  });

  test('the spec holds the same defaults, each with its NGINX parameter', () => {
    const defaults = Object.fromEntries(Object.entries({ ...SERVER_OPTION_SPECS, ...GROUP_OPTION_SPECS }).map(([k, s]) => [k, [s.default, s.nginx]]));
    expect(defaults).toEqual({
      address: [undefined, 'server ADDRESS'],
      weight: [1, 'weight=N'],
      maxFails: [1, 'max_fails=N'],
      failTimeout: [10_000, 'fail_timeout=T'],
      maxConns: [0, 'max_conns=N'],
      backup: [false, 'backup'],
      down: [false, 'down'],
      resolve: [false, 'resolve'],
      balance: ['round_robin', 'least_conn / hash / random'],
      hashKey: [undefined, 'hash KEY'],
      consistent: [false, 'hash KEY consistent'],
      two: [false, 'random two'],
      nextUpstreamTries: [0, 'proxy_next_upstream_tries'],
      nextUpstreamTimeout: [0, 'proxy_next_upstream_timeout'],
      resolveInterval: [30_000, 'resolver … valid=T'],
    });
  });

  test('absent is no groups; everything resolved is frozen', () => {
    expect(resolveUpstreams(undefined)).toEqual({});
    const resolved = resolveUpstreams(withServer({}));
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.api_backend!.servers[0])).toBe(true);
  });
});

describe('server options', () => {
  test.each([
    ['weight', '5', 'Type', 'of type number'],
    ['weight', 0, 'Range', 'an integer >= 1'],
    ['weight', 1.5, 'Range', 'an integer >= 1'],
    ['weight', Infinity, 'Range', 'and <= 2147483647'],
    ['weight', NaN, 'Range', 'not NaN'],
    ['maxFails', true, 'Type', 'of type number'],
    ['maxFails', -1, 'Range', 'an integer >= 0'],
    ['failTimeout', '10s', 'Type', 'of type number'],
    ['failTimeout', -1, 'Range', '>= 0 and finite'],
    ['failTimeout', Infinity, 'Range', '>= 0 and finite'],
    ['maxConns', null, 'Type', 'of type number'],
    ['maxConns', -2, 'Range', 'an integer >= 0, or Infinity'],
    ['maxConns', 0.5, 'Range', 'an integer >= 0, or Infinity'],
    ['backup', 'yes', 'Type', 'of type boolean'],
    ['down', 1, 'Type', 'of type boolean'],
    ['resolve', 0, 'Type', 'of type boolean'],
    ['address', 8080, 'Type', 'of type string (host:port)'],
    ['address', '', 'Range', 'not an empty string'],
    ['address', 'a:99999', 'Range', 'from 1 to 65535'],
    ['address', 'http://a:1', 'Range', 'not a URL'],
    ['address', '::1', 'Range', 'in brackets'],
    ['address', '[::1', 'Range', 'has no "]"'],
    ['address', '[a:b:z]:1', 'Range', 'is not an IPv6 address'],
    ['address', 'a b:1', 'Range', 'no spaces'],
    ['address', 'unix:/x.sock', 'Range', 'unix sockets'],
  ])('%s: %p is a %s error', (name, value, kind, expected) => {
    const err = thrown(() => resolveUpstreams(withServer({ [name]: value })));
    expect(err).toBeInstanceOf(kind === 'Type' ? InvalidOptionTypeError : InvalidOptionRangeError);
    expect(err.option).toBe(`upstreams.api_backend.servers[1].${name}`);
    expect(err.message).toContain(`"upstreams.api_backend.servers[1].${name}"`);
    expect(err.message).toContain(expected);
    expect(err.message).toContain('Received');
  });

  test('accepted values', () => {
    const [, b] = resolveUpstreams(withServer({ address: '[::1]:8080', weight: 100, maxFails: 0, failTimeout: 0, maxConns: Infinity, down: true })).api_backend!.servers;
    expect(b).toMatchObject({ host: '::1', port: 8080, weight: 100, maxFails: 0, failTimeout: 0, maxConns: Infinity, down: true });
  });

  test('a server without an address, not an object, or with an unknown option', () => {
    expect(thrown(() => resolveUpstreams({ g: { servers: [{ weight: 2 }] } })).option).toBe('upstreams.g.servers[0].address');
    expect(thrown(() => resolveUpstreams({ g: { servers: ['a:1'] } })).message).toContain('an object');
    const typo = thrown(() => resolveUpstreams(withServer({ Weight: 2 })));
    expect([typo.option, typo.message]).toEqual(['upstreams.api_backend.servers[1].Weight', expect.stringContaining('did you mean "weight"?')]);
    expect(thrown(() => resolveUpstreams(withServer({ slowStart: 1 }))).message).toContain('the options are address, weight, maxFails');
  });
});

describe('group options', () => {
  test.each([
    [{ balance: 'ip_hash' }, 'balance', 'Range', 'one of "round_robin", "least_conn", "hash", "random"'],
    [{ balance: 1 }, 'balance', 'Type', 'of type string'],
    [{ balance: 'hash' }, 'hashKey', 'Type', 'a function when "upstreams.api_backend.balance" is "hash"'],
    [{ balance: 'hash', hashKey: '$uri' }, 'hashKey', 'Type', 'a function'],
    [{ hashKey: (): string => 'k' }, 'hashKey', 'Type', 'absent unless "upstreams.api_backend.balance" is "hash" (it is "round_robin")'],
    [{ consistent: 'yes' }, 'consistent', 'Type', 'of type boolean'],
    [{ consistent: true }, 'consistent', 'Type', 'absent unless'],
    [{ balance: 'least_conn', two: true }, 'two', 'Type', 'is "random" (it is "least_conn")'],
    [{ two: 2 }, 'two', 'Type', 'of type boolean'],
    [{ nextUpstreamTries: -1 }, 'nextUpstreamTries', 'Range', 'an integer >= 0, or Infinity'],
    [{ nextUpstreamTries: '3' }, 'nextUpstreamTries', 'Type', 'of type number'],
    [{ nextUpstreamTimeout: -5 }, 'nextUpstreamTimeout', 'Range', '>= 0, or Infinity'],
    [{ nextUpstreamTimeout: NaN }, 'nextUpstreamTimeout', 'Range', 'not NaN'],
    [{ resolveInterval: 0, servers: [{ address: 'a:1', resolve: true }] }, 'resolveInterval', 'Range', '>= 1, or Infinity'],
    [{ resolveInterval: '30s', servers: [{ address: 'a:1', resolve: true }] }, 'resolveInterval', 'Type', 'of type number'],
    [{ resolveInterval: 1000 }, 'resolveInterval', 'Type', 'absent unless a server of "upstreams.api_backend.servers" has "resolve: true"'],
    [{ servers: 'a:1' }, 'servers', 'Type', 'an array of servers'],
    [{ servers: [] }, 'servers', 'Range', 'at least one server that is not a backup'],
    [{ servers: [{ address: 'a:1', backup: true }] }, 'servers', 'Range', 'at least one server that is not a backup'],
    [{ balance: 'hash', hashKey: (): string => '', servers: [{ address: 'a:1' }, { address: 'b:1', backup: true }] }, 'servers[1].backup', 'Range', 'takes no backup servers'],
    [{ balance: 'random', servers: [{ address: 'a:1' }, { address: 'b:1', backup: true }] }, 'servers[1].backup', 'Range', 'takes no backup servers'],
    [{ balancer: 'least_conn' }, 'balancer', 'Type', 'it is not an option of an upstream group'],
  ])('%p: %s is a %s error', (group, name, kind, expected) => {
    const err = thrown(() => resolveUpstreams(withGroup(group)));
    expect(err).toBeInstanceOf(kind === 'Type' ? InvalidOptionTypeError : InvalidOptionRangeError);
    expect(err.option).toBe(`upstreams.api_backend.${name}`);
    expect(err.message).toContain(expected);
  });

  test('false is allowed for an option of another method; backups with round robin and least_conn', () => {
    expect(resolveUpstreams(withGroup({ consistent: false, two: false })).api_backend!.balance).toBe('round_robin');
    for (const balance of ['round_robin', 'least_conn']) {
      expect(resolveUpstreams(withGroup({ balance, servers: [{ address: 'a:1' }, { address: 'b:1', backup: true }] })).api_backend!.servers[1]!.backup).toBe(true);
    }
  });

  test('the option and its groups: objects, host names, no two names differing only in case', () => {
    expect(thrown(() => resolveUpstreams([])).option).toBe('upstreams');
    expect(thrown(() => resolveUpstreams('api')).option).toBe('upstreams');
    expect(thrown(() => resolveUpstreams({ api: null })).option).toBe('upstreams.api');
    expect(thrown(() => resolveUpstreams({ 'api backend': { servers: [{ address: 'a:1' }] } })).option).toBe('upstreams["api backend"]');
    const twice = thrown(() => resolveUpstreams({ Api: { servers: [{ address: 'a:1' }] }, api: { servers: [{ address: 'a:1' }] } }));
    expect([twice.option, twice.message]).toEqual(['upstreams.api', expect.stringContaining('"upstreams.Api"')]);
    expect(resolveUpstreamGroup('api.internal-1_x', { servers: [{ address: 'a:1' }] }).name).toBe('api.internal-1_x');
  });
});

describe('the TSDoc of the option types', () => {
  const source = readFileSync(join(__dirname, '../../lib/upstreams/options.ts'), 'utf8');

  /** The TSDoc comment right before `  NAME?:` or `  NAME:`. */
  function docOf(name: string): string {
    const at = source.search(new RegExp(`\\n  ${name}\\??: `));
    expect(at).toBeGreaterThan(0);
    const start = source.lastIndexOf('/**', at);
    return source.slice(start, at).replace(/\s*\n\s*\*\s?/g, ' ');
  }

  test.each(Object.entries({ ...SERVER_OPTION_SPECS, ...GROUP_OPTION_SPECS }))('%s states the spec’s unit, default and NGINX parameter', (name, spec) => {
    const doc = docOf(name);
    expect(doc).toContain(`Unit: ${spec.unit}`);
    expect(doc).toContain(`NGINX: \`${spec.nginx}\``);
    if (spec.default === undefined) expect(doc).not.toContain('Default:');
    else expect(doc).toContain(`Default: \`${typeof spec.default === 'string' ? `'${spec.default}'` : String(spec.default)}\``);
  });
});
