/**
 * The option spec (lib/options/spec.ts) is the one description of our options: the TSDoc of
 * the interfaces in lib/options/options.ts and the README's options table must state what it
 * holds, and the validation and defaults derived from it behave as it says. No socket is opened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpAgent } from '../lib';
import { InvalidOptionRangeError, InvalidOptionTypeError, UnknownOptionError } from '../lib/errors';
import type { ResolvedPoolOptions } from '../lib/options/options';
import {
  ALL_OPTION_NAMES,
  DEFAULT_POOL_OPTIONS,
  HTTP_AGENT_OPTIONS,
  HTTPS_AGENT_OPTIONS,
  HTTPS_OPTION_SPECS,
  KEEPALIVE_DISPATCHER_OPTIONS,
  type OptionSpec,
  POOL_OPTION_NAMES,
  POOL_OPTION_SPECS,
} from '../lib/options/spec';
import { nodeFreeSocketCap, nodeSessionCapacity } from '../lib/options/node-readings';
import { resolveOptions } from '../lib/options/validate';

const root = join(__dirname, '..');
type Spec = OptionSpec<number> | OptionSpec<boolean>;
/** The options as documented and checked (the dispatcher's reading; the agents read Node's own options as Node does). */
const specs: [string, Spec][] = Object.entries({ ...POOL_OPTION_SPECS, ...HTTPS_OPTION_SPECS });

/** The `Unit:` line of an option as the spec has it, e.g. "sockets; an integer ≥ 1, or `Infinity`". */
function unitLine(spec: Spec): string {
  return spec.reader.accepts === undefined ? spec.unit : `${spec.unit}; ${spec.reader.accepts}`;
}

/** The default as the TSDoc states it. */
function docDefault(spec: Spec): string {
  return typeof spec.default === 'object' ? `the value of \`${spec.default.sameAs}\`` : `\`${String(spec.default)}\``;
}

/** `text` as a regular expression that matches it literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The TSDoc of each member of each interface in `source`, by member name, as one line. */
function memberDocs(source: string): Map<string, { iface: string; doc: string }> {
  const docs = new Map<string, { iface: string; doc: string }>();
  for (const block of source.matchAll(/export interface (\w+)[^{]*\{\n([\s\S]*?)\n\}/g)) {
    for (const m of block[2]!.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)\?:/g)) {
      const doc = m[1]!.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).join(' ').replace(/\s+/g, ' ').trim();
      docs.set(m[2]!, { iface: block[1]!, doc });
    }
  }
  return docs;
}

const docs = memberDocs(readFileSync(join(root, 'lib/options/options.ts'), 'utf8'));

describe('the spec and the interfaces', () => {
  test('every member of KeepAlivePoolOptions and HttpsPoolOptions has a spec, and every spec a member', () => {
    const pool = [...docs].filter(([, d]) => d.iface === 'KeepAlivePoolOptions').map(([name]) => name);
    const https = [...docs].filter(([, d]) => d.iface === 'HttpsPoolOptions').map(([name]) => name);
    expect(pool.sort()).toEqual(Object.keys(POOL_OPTION_SPECS).sort());
    expect(https.sort()).toEqual(Object.keys(HTTPS_OPTION_SPECS).sort());
    expect([...POOL_OPTION_NAMES]).toEqual(Object.keys(POOL_OPTION_SPECS));
    expect([...ALL_OPTION_NAMES].sort()).toEqual([...pool, ...https].sort());
  });

  test.each(specs)('%s: the TSDoc states the spec\'s unit, default and NGINX directive', (name, spec) => {
    const { doc } = docs.get(name)!;
    // A note in parentheses may follow the range and the default.
    const note = ' \\([^)]*\\)';
    expect(doc).toMatch(new RegExp(`Unit: ${escape(unitLine(spec))}(${note})?\\. Default: ${escape(docDefault(spec))}(${note})?\\.( |$)`));
    expect(doc).toMatch(spec.nginx === undefined ? /NGINX: none\b/ : new RegExp(`NGINX: \`${escape(spec.nginx)}\``));
  });

  test('the type of each option is what its reader takes', () => {
    for (const [name, spec] of specs) {
      const good = spec.type === 'boolean' ? true : typeof spec.default === 'number' ? spec.default : 1;
      expect([name, spec.reader.read(name, good)]).toEqual([name, good]);
    }
  });

  test('a derived default names a pool option listed earlier', () => {
    const names = Object.keys(POOL_OPTION_SPECS);
    for (const [i, spec] of Object.values(POOL_OPTION_SPECS).entries()) {
      if (typeof spec.default === 'object') expect(names.indexOf(spec.default.sameAs)).toBeLessThan(i);
    }
  });
});

describe("README's options table", () => {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
  const header = lines.findIndex((l) => /^\|\s*option\s*\|\s*NGINX\s*\|\s*default\s*\|/.test(l));
  const rows = new Map<string, { option: string; nginx: string; default: string }>();
  for (let i = header + 2; header !== -1 && i < lines.length && lines[i]!.startsWith('|'); i++) {
    const [option = '', nginx = '', dflt = ''] = lines[i]!.replace(/^\|\s*|\s*\|\s*$/g, '').split(/\s+\|\s+/);
    const name = /^`(\w+)`/.exec(option)?.[1];
    if (name !== undefined) rows.set(name, { option, nginx, default: dflt });
  }

  test('lists every option of ours, and only those', () => {
    expect(header).not.toBe(-1);
    expect([...rows.keys()].sort()).toEqual([...ALL_OPTION_NAMES].sort());
  });

  test.each(specs)('%s: the row states the spec\'s default, NGINX directive and unit', (name, spec) => {
    const row = rows.get(name);
    expect(row).toBeDefined();
    const shownDefault = row!.default.replace(/`/g, '').split(/[\s(]/)[0];
    expect(shownDefault).toBe(typeof spec.default === 'object' ? spec.default.sameAs : String(spec.default));
    if (spec.nginx === undefined) expect(row!.nginx).toBe('—');
    else expect(row!.nginx).toMatch(new RegExp(`^\`${escape(spec.nginx)}\``));
    expect(row!.option.includes('(ms)')).toBe(spec.unit === 'milliseconds');
  });
});

/**
 * Values each documented range admits and values it refuses (by a `RangeError`); the key is
 * the text the TSDoc states after the unit. A reader whose text is not here fails the test.
 */
const RANGES: Readonly<Record<string, { ok: unknown[]; range: unknown[] }>> = {
  'an integer ≥ 1, or `Infinity`': { ok: [1, 7, 2 ** 40, Infinity], range: [0, 2.5, -1, -Infinity, NaN] },
  'an integer ≥ 0, or `Infinity`': { ok: [0, 1, 100, Infinity], range: [-1, 0.5, -Infinity, NaN] },
  '> 0, or `Infinity`': { ok: [0.5, 1, 60_000, Infinity], range: [0, -0, -1, -Infinity, NaN] },
  '≥ 0, or `Infinity`': { ok: [0, 1.5, 10_000, Infinity], range: [-1, -0.001, -Infinity, NaN] },
  '≥ 0 and < 1': { ok: [0, 0.5, 0.999], range: [1, -0.1, Infinity, NaN] },
};

describe('the checks, as the spec states them', () => {
  const checked = specs.filter(([name]) => name !== 'agentKeepAliveTimeoutBuffer');

  test.each(checked)('%s: the documented range is the one enforced', (name, spec) => {
    if (spec.type === 'boolean') {
      for (const value of [true, false]) expect(spec.reader.read(name, value)).toBe(value);
      for (const value of ['yes', 1, 0, null, {}]) expect(() => spec.reader.read(name, value)).toThrow(InvalidOptionTypeError);
      return;
    }
    const range = RANGES[spec.reader.accepts!];
    expect(range).toBeDefined();
    const set = KEEPALIVE_DISPATCHER_OPTIONS;
    for (const value of range!.ok) expect(resolveOptions({ [name]: value }, set)).toBeDefined();
    for (const value of range!.range) {
      if (name === 'maxFreeSockets' && value === 0) continue; // Node's way of asking for the default
      expect(() => resolveOptions({ [name]: value }, set)).toThrow(InvalidOptionRangeError);
    }
    for (const value of ['1', true, {}, [], null]) {
      if (name === 'maxFreeSockets' && value === null) continue;
      expect(() => resolveOptions({ [name]: value } as object, set)).toThrow(InvalidOptionTypeError);
    }
  });

  test('messages are those of Node\'s ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE style, word for word', () => {
    const message = (options: object): string => {
      try {
        resolveOptions(options, HTTPS_AGENT_OPTIONS);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no throw';
    };
    expect(message({ maxIdleSockets: 0 })).toBe('The value of "maxIdleSockets" is out of range. It must be an integer >= 1, or Infinity. Received type number (0)');
    expect(message({ maxQueuedRequests: -1 })).toBe('The value of "maxQueuedRequests" is out of range. It must be an integer >= 0, or Infinity. Received type number (-1)');
    expect(message({ idleTimeout: 0 })).toBe('The value of "idleTimeout" is out of range. It must be a number of milliseconds > 0, or Infinity. Received type number (0)');
    expect(message({ queueTimeout: -1 })).toBe('The value of "queueTimeout" is out of range. It must be a number of milliseconds >= 0, or Infinity. Received type number (-1)');
    expect(message({ limitJitter: 1 })).toBe('The value of "limitJitter" is out of range. It must be >= 0 and < 1. Received type number (1)');
    expect(message({ connectTimeout: NaN })).toBe('The value of "connectTimeout" is out of range. It must be a number, not NaN. Received type number (NaN)');
    expect(message({ idleTimeout: '60s' })).toBe('The "idleTimeout" option must be of type number. Received type string ("60s")');
    expect(message({ stripConnectionClose: 'yes' })).toBe('The "stripConnectionClose" option must be of type boolean. Received type string ("yes")');
    expect(message({ idleTimout: 5 })).toBe('Unknown option "idleTimout". Did you mean "idleTimeout"?');
  });

  test('agentKeepAliveTimeoutBuffer is read as Node >= 24 reads it, never an error', () => {
    for (const value of [true, -1, Infinity, NaN, '5', null, {}]) {
      expect(resolveOptions({ agentKeepAliveTimeoutBuffer: value } as object).pool.agentKeepAliveTimeoutBuffer).toBe(1000);
    }
    for (const value of [0, 1, 2500.5]) expect(resolveOptions({ agentKeepAliveTimeoutBuffer: value }).pool.agentKeepAliveTimeoutBuffer).toBe(value);
  });
});

describe('defaults and destinations', () => {
  test('DEFAULT_POOL_OPTIONS: its value, frozen', () => {
    expect(DEFAULT_POOL_OPTIONS).toStrictEqual({
      maxIdleSockets: 256,
      idleTimeout: 60_000,
      agentKeepAliveTimeoutBuffer: 1_000,
      maxRequestsPerSocket: 1_000,
      maxSocketLifetime: 3_600_000,
      limitJitter: 0.1,
      stripConnectionClose: true,
      connectTimeout: 10_000,
      validateAfterIdle: 1_000,
      warmReplacement: true,
      maxQueuedRequests: Infinity,
      queueTimeout: 0,
    });
    expect(Object.isFrozen(DEFAULT_POOL_OPTIONS)).toBe(true);
  });

  test('no options: every default, maxFreeSockets that of maxIdleSockets, keepAlive on, nothing of ours for Node', () => {
    for (const options of [undefined, null, {}, 'keepalive', 5, true]) {
      const { node, pool } = resolveOptions(options as object | undefined);
      const expected: ResolvedPoolOptions = { ...DEFAULT_POOL_OPTIONS, maxFreeSockets: 256 };
      expect(pool).toStrictEqual(expected);
      expect(Object.keys(pool)).toEqual(POOL_OPTION_NAMES);
      expect(Object.isFrozen(pool)).toBe(true);
      expect(node).toStrictEqual({ keepAlive: true, maxFreeSockets: 256 });
    }
  });

  test('maxFreeSockets: absent, 0 or null is maxIdleSockets; Node is given the resolved value', () => {
    for (const maxFreeSockets of [undefined, 0, null]) {
      const { node, pool } = resolveOptions({ maxIdleSockets: 9, maxFreeSockets } as object);
      expect([pool.maxFreeSockets, (node as { maxFreeSockets?: number }).maxFreeSockets]).toEqual([9, 9]);
    }
    expect(resolveOptions({ maxIdleSockets: 9, maxFreeSockets: 3 }).pool.maxFreeSockets).toBe(3);
  });

  test('each option goes where the spec says: pool only, pool and Node (as given or resolved), Node only', () => {
    const given = { maxIdleSockets: 5, idleTimeout: 500, agentKeepAliveTimeoutBuffer: true, maxCachedSessions: 7, timeout: 100, keepAlive: false };
    const { node, pool } = resolveOptions(given as object, HTTPS_AGENT_OPTIONS);
    const nodeOptions = node as Record<string, unknown>;
    for (const [name, spec] of specs) {
      expect([name, name in pool]).toEqual([name, spec.to.pool]);
      if (spec.to.node === 'none') expect([name, name in nodeOptions]).toEqual([name, false]);
      if (spec.to.node === 'given') expect([name, nodeOptions[name]]).toEqual([name, (given as Record<string, unknown>)[name]]);
      if (spec.to.node === 'resolved') expect([name, nodeOptions[name]]).toEqual([name, (pool as unknown as Record<string, unknown>)[name]]);
    }
    expect(nodeOptions).toMatchObject({ timeout: 100, keepAlive: false });
  });

  test("keepAlive defaults to true only when undefined; Node's own options are passed untouched, unjudged", () => {
    expect(resolveOptions({ keepAlive: undefined }).node.keepAlive).toBe(true);
    for (const keepAlive of [null, 0, false, 'x']) expect(resolveOptions({ keepAlive } as object).node).toMatchObject({ keepAlive });
    const node = resolveOptions({ maxSockets: '5', timeout: -1, scheduling: 'random' } as object).node;
    expect(node).toMatchObject({ maxSockets: '5', timeout: -1, scheduling: 'random' });
  });
});

describe('the option set of each agent class', () => {
  test("maxCachedSessions: HttpAgent's set ignores it (as Node's http.Agent does), HttpsAgent's reads it as Node does, the dispatcher's judges it", () => {
    for (const value of ['x', -1, 0.5, null, {}]) {
      expect(resolveOptions({ maxCachedSessions: value } as object).node).toMatchObject({ maxCachedSessions: value });
      expect(resolveOptions({ maxCachedSessions: value } as object, HTTP_AGENT_OPTIONS).node).toMatchObject({ maxCachedSessions: value });
      expect(resolveOptions({ maxCachedSessions: value } as object, HTTPS_AGENT_OPTIONS).node).toMatchObject({ maxCachedSessions: value });
      expect(() => resolveOptions({ maxCachedSessions: value } as object, KEEPALIVE_DISPATCHER_OPTIONS)).toThrow(
        typeof value === 'number' ? InvalidOptionRangeError : InvalidOptionTypeError,
      );
    }
  });

  test("maxCachedSessions: HttpsAgent's, checked by us and left to Node (its default is Node's)", () => {
    const { node, pool } = resolveOptions({ maxCachedSessions: 0 } as object, HTTPS_AGENT_OPTIONS);
    expect(node).toMatchObject({ maxCachedSessions: 0 });
    expect(pool).not.toHaveProperty('maxCachedSessions');
    expect(resolveOptions(undefined, HTTPS_AGENT_OPTIONS).node).not.toHaveProperty('maxCachedSessions');
  });

  test('near misses are measured against the names of both agents, for either', () => {
    for (const set of [HTTP_AGENT_OPTIONS, HTTPS_AGENT_OPTIONS]) {
      expect(() => resolveOptions({ maxCachedSession: 5 } as object, set)).toThrow(UnknownOptionError);
      expect(() => resolveOptions({ idleTimout: 5 } as object, set)).toThrow(UnknownOptionError);
    }
  });

  test("an HttpAgent leaves it to Node's http.Agent, which ignores it: any value passes, untouched", () => {
    for (const value of ['x', -1, 0.5, null]) {
      const agent = new HttpAgent({ maxCachedSessions: value } as object);
      expect(agent.options).toMatchObject({ maxCachedSessions: value });
      agent.destroy();
    }
  });
});

describe("the agents' reading of Node's own options (Node accepts every value of both)", () => {
  test('maxFreeSockets: what Node compares a free list with (`options.maxFreeSockets || 256`)', () => {
    const table: Array<[unknown, number | undefined]> = [
      [undefined, undefined], [0, undefined], [null, undefined], [NaN, undefined], [false, undefined], ['', undefined],
      [3, 3], [-1, -1], [2.5, 2.5], ['5', 5], [true, 1], [{}, Infinity], [[], 0], [Infinity, Infinity],
    ];
    for (const [value, cap] of table) expect([value, nodeFreeSocketCap(value)]).toEqual([value, cap]);
  });
  test("maxCachedSessions: the sessions Node's https.Agent would hold", () => {
    const table: Array<[unknown, number]> = [
      [undefined, 100], [0, 0], [5, 5], [1.5, 2], [-1, 1], [null, 1], [false, 1], ['0', 1], ['5', 5], [true, 1], [NaN, Infinity], [{}, Infinity], [Infinity, Infinity],
    ];
    for (const [value, n] of table) expect([value, nodeSessionCapacity(value)]).toEqual([value, n]);
  });
});
