/**
 * Every error class of ours keeps its built-in base, name, code and message, and carries the
 * package's brand, so that `instanceof` holds across two copies of the package loaded in one
 * process (two versions in `node_modules`, say) and `isUpstreamKeepaliveError` recognises any
 * of them.
 *
 * The copies: lib/errors.ts as this test imports it, the same module loaded again in an
 * isolated module registry, and two CommonJS builds of it (compiled as the package build
 * compiles it) in two temporary directories.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import * as ours from '../lib/errors';
import * as root from '../lib';

type ErrorsModule = typeof ours;
type ClassName = Exclude<keyof ErrorsModule, 'ErrorCodes' | 'describeValue' | 'isUpstreamKeepaliveError'>;

const tmp = mkdtempSync(join(tmpdir(), 'upstream-keepalive-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** lib/errors.ts compiled to CommonJS (with the package's compiler options) into `dir`, and loaded. */
function builtCopy(dir: string): ErrorsModule {
  const config = ts.readConfigFile(join(__dirname, '../tsconfig.json'), (p) => readFileSync(p, 'utf8'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, join(__dirname, '..'));
  const source = readFileSync(join(__dirname, '../lib/errors.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { ...options, sourceMap: false, declaration: false } });
  mkdirSync(join(tmp, dir));
  writeFileSync(join(tmp, dir, 'errors.js'), outputText);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(tmp, dir, 'errors.js')) as ErrorsModule;
}

const copyA = builtCopy('a');
const copyB = builtCopy('b');
let isolated: ErrorsModule | undefined;
jest.isolateModules(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  isolated = require('../lib/errors') as ErrorsModule;
});
const copies: Array<[string, ErrorsModule]> = [
  ['lib/errors.ts', ours],
  ['the same module, loaded again', isolated!],
  ['CommonJS copy A', copyA],
  ['CommonJS copy B', copyB],
];

/** One error of each class, as built by `m`, with what it must look like. */
function samples(m: ErrorsModule): Array<{ cls: ClassName; err: Error & { code: string }; base: ErrorConstructor; name: string; code: string; message: string }> {
  return [
    {
      cls: 'InvalidOptionTypeError',
      err: new m.InvalidOptionTypeError('idleTimeout', 'of type number', '60s'),
      base: TypeError,
      name: 'TypeError',
      code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION',
      message: 'The "idleTimeout" option must be of type number. Received type string ("60s")',
    },
    {
      cls: 'InvalidOptionRangeError',
      err: new m.InvalidOptionRangeError('limitJitter', '>= 0 and < 1', 1),
      base: RangeError,
      name: 'RangeError',
      code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION',
      message: 'The value of "limitJitter" is out of range. It must be >= 0 and < 1. Received type number (1)',
    },
    {
      cls: 'UnknownOptionError',
      err: new m.UnknownOptionError('idleTimout', 'idleTimeout'),
      base: TypeError,
      name: 'TypeError',
      code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION',
      message: 'Unknown option "idleTimout". Did you mean "idleTimeout"?',
    },
    {
      cls: 'NginxConfigError',
      err: new m.NginxConfigError('unknown directive "proxy_pass"', 3),
      base: SyntaxError,
      name: 'SyntaxError',
      code: 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG',
      message: 'unknown directive "proxy_pass" (line 3)',
    },
    {
      cls: 'ConnectTimeoutError',
      err: new m.ConnectTimeoutError('https://example.test:443', 10000, true),
      base: Error,
      name: 'ConnectTimeoutError',
      code: 'ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT',
      message: 'Connect timeout: no TLS connection to https://example.test:443 within 10000 ms',
    },
    {
      cls: 'QueueFullError',
      err: new m.QueueFullError('http://example.test:80', 5),
      base: Error,
      name: 'QueueFullError',
      code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL',
      message: 'Queue full: 5 requests already wait for a connection to http://example.test:80',
    },
    {
      cls: 'QueueTimeoutError',
      err: new m.QueueTimeoutError('http://example.test:80', 250),
      base: Error,
      name: 'QueueTimeoutError',
      code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT',
      message: 'Queue timeout: no connection to http://example.test:80 became free within 250 ms',
    },
    {
      cls: 'AgentClosedError',
      err: new m.AgentClosedError(),
      base: Error,
      name: 'AgentClosedError',
      code: 'ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED',
      message: 'The agent is closed: the request was not sent',
    },
  ];
}

const CLASSES: readonly ClassName[] = samples(ours).map((s) => s.cls);

test('the copies are distinct: no class object is shared', () => {
  for (const cls of CLASSES) expect(new Set(copies.map(([, m]) => m[cls])).size).toBe(copies.length);
});

describe.each(copies)('errors made by %s', (_from, made) => {
  test.each(samples(made).map((s) => [s.cls, s] as const))('%s keeps its base, name, code and message', (_cls, s) => {
    expect(s.err).toBeInstanceOf(s.base);
    expect(s.err).toBeInstanceOf(Error);
    expect(s.err.name).toBe(s.name);
    expect(s.err.code).toBe(s.code);
    expect(s.err.message).toBe(s.message);
    expect(String(s.err)).toBe(`${s.name}: ${s.message}`);
    // The brand sits on the class's prototype: an error's own properties are unchanged.
    expect(Object.getOwnPropertySymbols(s.err)).toEqual([]);
  });

  test.each(copies)('is an instance of its own class of %s, and of no other class of ours', (_to, other) => {
    for (const s of samples(made)) {
      for (const cls of CLASSES) expect([s.cls, cls, s.err instanceof other[cls]]).toEqual([s.cls, cls, cls === s.cls]);
      expect(other.isUpstreamKeepaliveError(s.err)).toBe(true);
    }
  });
});

test('errors that are not ours are not instances of ours, nor recognised by the guard', () => {
  const foreign: unknown[] = [
    new Error('x'),
    new TypeError('x'),
    new RangeError('x'),
    new SyntaxError('x'),
    Object.assign(new Error('Connect timeout'), { code: 'ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT', name: 'ConnectTimeoutError' }),
    { name: 'QueueFullError', code: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL', message: 'x' },
    null,
    undefined,
    'ConnectTimeoutError',
    42,
  ];
  for (const [, m] of copies) {
    for (const value of foreign) {
      for (const cls of CLASSES) expect([cls, value instanceof m[cls]]).toEqual([cls, false]);
      expect(m.isUpstreamKeepaliveError(value)).toBe(false);
    }
  }
});

test("a user's subclass of one of ours is matched by the prototype chain, as usual", () => {
  class MyTimeout extends ours.ConnectTimeoutError {}
  const mine = new MyTimeout('http://a:80', 5, false);
  expect(mine).toBeInstanceOf(MyTimeout);
  expect(mine).toBeInstanceOf(ours.ConnectTimeoutError);
  expect(mine).toBeInstanceOf(copyA.ConnectTimeoutError);
  expect(ours.isUpstreamKeepaliveError(mine)).toBe(true);
  expect(new ours.ConnectTimeoutError('http://a:80', 5, false)).not.toBeInstanceOf(MyTimeout);
  expect(new copyA.ConnectTimeoutError('http://a:80', 5, false)).not.toBeInstanceOf(MyTimeout);
});

test('the package root exports the guard and every class', () => {
  expect(root.isUpstreamKeepaliveError).toBe(ours.isUpstreamKeepaliveError);
  for (const cls of CLASSES) expect(root[cls]).toBe(ours[cls]);
  expect(root.isUpstreamKeepaliveError(new copyB.QueueTimeoutError('http://a:80', 1))).toBe(true);
});

test('the guard narrows to the union of our classes (a code of ours)', () => {
  const err: unknown = new copyA.QueueFullError('http://a:80', 1);
  if (!ours.isUpstreamKeepaliveError(err)) throw new Error('not recognised');
  const codes: readonly string[] = Object.values(ours.ErrorCodes);
  expect(codes).toContain(err.code);
});
