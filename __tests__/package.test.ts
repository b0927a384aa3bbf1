/**
 * The published package: what `npm pack` puts in the tarball, and that a fresh project which
 * installs that tarball (offline-first: `lru-cache` comes from npm's cache) can `require` it,
 * `import` it (the same classes), and type-check against its declarations with TypeScript's
 * `node16` and `bundler` resolution.
 *
 * The tarball is packed from a copy of the project built in that copy, not from the working
 * tree: a `npm run build` running elsewhere at the same time empties `dist/` while it works.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import * as lib from '../lib';

const root = join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(root, 'node_modules/typescript/bin/tsc');
/** Not copied into the staging project (rebuilt, or not part of the package source). */
const NOT_STAGED = new Set(['node_modules', '.git', '.node-versions', 'dist', 'coverage', 'docs/api']);
/** The runtime exports of lib/index.ts, as the built package must have them. */
const libExports = Object.keys(lib)
  .filter((k) => k !== 'default' && k !== '__esModule')
  .sort();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws for a non-zero exit (the caller asserts). */
function run(file: string, args: string[], cwd: string, timeout = 60_000): Promise<Run> {
  // Lifecycle variables of an enclosing `npm test` must not configure the npm we start.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_(package|lifecycle)_|^npm_config_(local_)?prefix$/i.test(k)) env[k] = v;
  }
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function ok(r: Run, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

interface PackedManifest {
  name: string;
  version: string;
  main: string;
  module?: string;
  types: string;
  files: string[];
  exports: Record<string, string | Record<string, Record<string, string>>>;
  dependencies?: Record<string, string>;
}

let work: string;
let consumer: string;
let entries: string[];
let manifest: PackedManifest;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'uk-package-'));
  const stage = join(work, 'stage');
  cpSync(root, stage, {
    recursive: true,
    filter: (src) => {
      const rel = relative(root, src).split(sep).join('/');
      return !NOT_STAGED.has(rel) && !NOT_STAGED.has(rel.split('/')[0]!) && !rel.endsWith('.tgz');
    },
  });
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  // What `npm publish` runs (`prepare` = `npm run build`), without npm's own overhead.
  ok(await run(process.execPath, [join(stage, 'scripts/build.mjs')], stage), 'build');
  const packed = ok(await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], stage), 'npm pack');
  const tarball = join(work, packed.trim().split('\n').pop()!);
  entries = ok(await run('tar', ['-tzf', tarball], work), 'tar')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^package\//, ''));
  manifest = JSON.parse(ok(await run('tar', ['-xzOf', tarball, 'package/package.json'], work), 'tar')) as PackedManifest;

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  ok(
    await run(
      npm,
      ['install', tarball, '--prefix', consumer, '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error'],
      consumer,
      90_000,
    ),
    'npm install of the tarball',
  );
}, 150_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('holds dist, README, CHANGELOG, LICENSE and package.json, and nothing else', () => {
    const outside = entries.filter((e) => !e.startsWith('dist/') && !['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(e));
    expect(outside).toEqual([]);
    for (const required of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) expect(entries).toContain(required);
    // No tests, no TypeScript sources (declarations only), no build leftovers.
    const sources = entries.filter(
      (e) => /(^|\/)__tests__\/|\.test\.|\.spec\.|(^|\/)lib\//.test(e) || (/\.[cm]?ts$/.test(e) && !/\.d\.[cm]?ts$/.test(e)),
    );
    expect(sources).toEqual([]);
  });

  test('ships a module for every source file of lib/, CommonJS and declarations', () => {
    const libFiles = readdirSync(join(root, 'lib')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    for (const f of libFiles) {
      const base = f.replace(/\.ts$/, '');
      expect(entries).toContain(`dist/cjs/${base}.js`);
      expect(entries).toContain(`dist/cjs/${base}.d.ts`);
    }
  });

  test('package.json: every entry point exists in the tarball, and "types" comes first in each condition', () => {
    const targets = [manifest.main, manifest.types, ...(manifest.module !== undefined ? [manifest.module] : [])];
    for (const [subpath, value] of Object.entries(manifest.exports)) {
      if (typeof value === 'string') {
        targets.push(value);
        continue;
      }
      for (const [condition, inner] of Object.entries(value)) {
        expect([subpath, condition, Object.keys(inner)[0]]).toEqual([subpath, condition, 'types']);
        targets.push(...Object.values(inner));
      }
    }
    for (const t of targets) expect(entries).toContain(t.replace(/^\.\//, ''));
    expect(Object.keys(manifest.exports['.'] as Record<string, unknown>).sort()).toEqual(['import', 'require']);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'CHANGELOG.md', 'LICENSE']));
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['lru-cache']);
  });
});

describe('installed from the tarball into a fresh project', () => {
  test("require('upstream-keepalive') gives real Node agents and every export of lib/", async () => {
    const script = `
      const http = require('node:http');
      const https = require('node:https');
      const m = require('upstream-keepalive');
      const a = new m.HttpAgent();
      const b = new m.HttpsAgent();
      console.log(JSON.stringify({
        resolved: require.resolve('upstream-keepalive'),
        keys: Object.keys(m).sort(),
        http: a instanceof http.Agent,
        https: b instanceof https.Agent,
        keepAlive: a.keepAlive,
      }));
      a.destroy();
      b.destroy();`;
    const out = JSON.parse(ok(await run(process.execPath, ['-e', script], consumer), 'require')) as {
      resolved: string;
      keys: string[];
      http: boolean;
      https: boolean;
      keepAlive: boolean;
    };
    expect(out.resolved).toBe(join(consumer, 'node_modules/upstream-keepalive/dist/cjs/index.js'));
    expect(out.keys).toEqual(libExports);
    expect(out).toMatchObject({ http: true, https: true, keepAlive: true });
  });

  test("import { HttpAgent } from 'upstream-keepalive' is the same class as require gives", async () => {
    const script = `
      import { createRequire } from 'node:module';
      import * as ns from 'upstream-keepalive';
      import { HttpAgent, HttpsAgent } from 'upstream-keepalive';
      const cjs = createRequire(import.meta.url)('upstream-keepalive');
      console.log(JSON.stringify({
        resolved: import.meta.resolve('upstream-keepalive'),
        sameHttp: HttpAgent === cjs.HttpAgent,
        sameHttps: HttpsAgent === cjs.HttpsAgent,
        keys: Object.keys(ns).filter((k) => k !== 'default').sort(),
      }));`;
    const out = JSON.parse(ok(await run(process.execPath, ['--input-type=module', '-e', script], consumer), 'import')) as {
      resolved: string;
      sameHttp: boolean;
      sameHttps: boolean;
      keys: string[];
    };
    expect(out.resolved).toMatch(/\/consumer\/node_modules\/upstream-keepalive\/dist\/esm\/index\.mjs$/);
    expect(out).toMatchObject({ sameHttp: true, sameHttps: true });
    expect(out.keys).toEqual(libExports);
  });

  describe('TypeScript type-checks a consumer against the installed declarations', () => {
    const consumerCode = (importLine: string): string => `${importLine}
import { Agent } from 'node:http';
import type { HttpAgentOptions, HttpsAgentOptions, AgentStats, CloseReason } from 'upstream-keepalive';

const options: HttpAgentOptions = { maxIdleSockets: 64, idleTimeout: 30_000, maxRequestsPerSocket: 1000, keepAlive: true };
const agent: Agent = new HttpAgent(options);
const tls = new HttpsAgent({ maxCachedSessions: 10, rejectUnauthorized: true } satisfies HttpsAgentOptions);
const fromNginx: HttpAgent = HttpAgent.fromNginx('keepalive 64; keepalive_timeout 60s;');
const stats: AgentStats = fromNginx.getStats();
const reasons: readonly CloseReason[] = CLOSE_REASONS;
const closing: Promise<void> = tls.close();
export const used = [agent, stats.requests, reasons.length, closing, parseNginxKeepalive('keepalive 8;')];
`;
    const write = (name: string, text: string): void => writeFileSync(join(consumer, name), text);
    const tsconfig = (name: string, compilerOptions: Record<string, unknown>, files: string[]): string => {
      write(
        name,
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            types: ['node'],
            typeRoots: [join(root, 'node_modules/@types')],
            ...compilerOptions,
          },
          files,
        }),
      );
      return join(consumer, name);
    };
    /** Runs tsc; returns its diagnostics and the declaration files of the package it loaded. */
    const check = async (project: string): Promise<{ code: number; out: string; declarations: string[] }> => {
      const r = await run(process.execPath, [tsc, '-p', project, '--listFiles', '--pretty', 'false'], consumer);
      const declarations = r.stdout
        .split('\n')
        .filter((l) => l.includes('/node_modules/upstream-keepalive/'))
        .map((l) => l.slice(l.indexOf('/node_modules/upstream-keepalive/') + '/node_modules/upstream-keepalive/'.length));
      return { code: r.code, out: r.stdout.split('\n').filter((l) => /error TS/.test(l)).join('\n'), declarations };
    };
    const named = "import { CLOSE_REASONS, HttpAgent, HttpsAgent, parseNginxKeepalive } from 'upstream-keepalive';";
    type Checked = { code: number; out: string; declarations: string[] };
    let node16: Promise<Checked>;
    let exact: Promise<Checked>;
    let bundler: Promise<Checked>;

    beforeAll(() => {
      write('cjs.ts', consumerCode(named));
      write('esm.mts', consumerCode(named));
      write('bundler.ts', consumerCode(named));
      // The declarations are real types, not `any`: each misuse is an error, and only those are.
      write(
        'misuse.ts',
        `${named}
export const a = new HttpAgent({ maxIdleSockets: '64' });
export const b: string = new HttpsAgent().getStats().requests;
export const c = parseNginxKeepalive(CLOSE_REASONS.length);
`,
      );
      // Side by side. Checking declaration files costs most (all of @types/node): only the
      // strictest run does it, to check the package's own .d.ts files too.
      node16 = check(tsconfig('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16' }, ['cjs.ts', 'esm.mts', 'misuse.ts']));
      exact = check(
        tsconfig(
          'tsconfig.strictest.json',
          { module: 'node16', moduleResolution: 'node16', exactOptionalPropertyTypes: true, skipLibCheck: false },
          ['cjs.ts', 'esm.mts'],
        ),
      );
      bundler = check(tsconfig('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler' }, ['bundler.ts']));
    });

    afterAll(async () => {
      await Promise.allSettled([node16, exact, bundler]);
    });

    test('node16: a CommonJS .ts file (the "require" types) and an ES module .mts file (the "import" types); misuse is reported', async () => {
      const r = await node16;
      expect(r.out.split('\n')).toEqual([
        expect.stringMatching(/^misuse\.ts\(2,[0-9]+\): error TS2322: Type 'string' is not assignable to type 'number'/),
        expect.stringMatching(/^misuse\.ts\(3,[0-9]+\): error TS2322: Type 'number' is not assignable to type 'string'/),
        expect.stringMatching(/^misuse\.ts\(4,[0-9]+\): error TS2345/),
      ]);
      expect(r.code).not.toBe(0);
      expect(r.declarations).toEqual(expect.arrayContaining(['dist/cjs/index.d.ts', 'dist/esm/index.d.mts']));
    }, 60_000);

    test("the package's declarations check cleanly under a strict consumer's settings (skipLibCheck off, exactOptionalPropertyTypes)", async () => {
      const r = await exact;
      expect(r.out).toBe('');
      expect(r.code).toBe(0);
    }, 60_000);

    test('bundler: the "import" types', async () => {
      const r = await bundler;
      expect(r.out).toBe('');
      expect(r.code).toBe(0);
      expect(r.declarations).toContain('dist/esm/index.d.mts');
    }, 60_000);
  });
});
