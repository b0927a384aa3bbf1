/**
 * The published package: what `npm pack` puts in the tarball (with the docs the README links
 * to, and no install-time script), and that a fresh project which
 * installs that tarball (offline-first: `lru-cache` comes from npm's cache) can `require` it,
 * `import` it (the same classes), and type-check against its declarations under every common
 * module setting (CommonJS with `node10` resolution with and without `esModuleInterop`,
 * `node16`, `nodenext`, `esnext` with `bundler`; with and without `skipLibCheck`).
 *
 * The tarball is packed from a copy of the project built in that copy, not from the working
 * tree: a `npm run build` running elsewhere at the same time empties `dist/` while it works.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, posix, relative, sep } from 'node:path';
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
  scripts?: Record<string, string>;
  repository?: { type: string; url: string };
  homepage?: string;
  bugs?: { url: string };
  engines?: Record<string, string>;
}

let work: string;
let consumer: string;
let entries: string[];
let manifest: PackedManifest;
/** The tarball, extracted. */
let unpacked: string;

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
  // What `npm publish` runs (`prepack` = `npm run build`), without npm's own overhead.
  ok(await run(process.execPath, [join(stage, 'scripts/build.mjs')], stage), 'build');
  const packed = ok(await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], stage), 'npm pack');
  const tarball = join(work, packed.trim().split('\n').pop()!);
  entries = ok(await run('tar', ['-tzf', tarball], work), 'tar')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^package\//, ''));
  unpacked = join(work, 'unpacked');
  mkdirSync(unpacked);
  ok(await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], work), 'tar');
  manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as PackedManifest;

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
  test('holds dist, the docs, README, CHANGELOG, LICENSE and package.json, and nothing else', () => {
    const outside = entries.filter(
      (e) => !e.startsWith('dist/') && !/^docs\/[^/]+\.md$/.test(e) && !['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(e),
    );
    expect(outside).toEqual([]);
    for (const required of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) expect(entries).toContain(required);
    // No tests, no TypeScript sources (declarations only), no build leftovers.
    const sources = entries.filter(
      (e) => /(^|\/)__tests__\/|\.test\.|\.spec\.|(^|\/)lib\//.test(e) || (/\.[cm]?ts$/.test(e) && !/\.d\.[cm]?ts$/.test(e)),
    );
    expect(sources).toEqual([]);
    // The documentation as text only: the benchmark report and its charts stay in the repository.
    expect(entries.filter((e) => e.startsWith('docs/') && !e.endsWith('.md'))).toEqual([]);
    expect(entries).not.toContain('docs/benchmarks.md');
  });

  test("every relative link of the README, and every link between the docs, resolves inside the package (the npm page's links)", () => {
    /** Relative link targets of a Markdown file, without their #anchors. */
    const links = (file: string): string[] =>
      [...readFileSync(join(unpacked, file), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1]!.split('#')[0]!)
        .filter((t) => t !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(t));
    const readmeLinks = links('README.md');
    expect(readmeLinks.length).toBeGreaterThan(5);
    const missing = readmeLinks.filter((t) => !entries.includes(posix.normalize(t)));
    for (const doc of entries.filter((e) => /^docs\/[^/]+\.md$/.test(e))) {
      // Links from the docs to the repository's examples and bench are for readers of the repository.
      for (const t of links(doc).filter((l) => l.endsWith('.md') && !l.startsWith('../'))) {
        if (!entries.includes(posix.join('docs', t))) missing.push(`${doc} -> ${t}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('package.json: where the project lives, and no script that runs when the package is installed', () => {
    const repo = 'https://github.com/upstream-keepalive/upstream-keepalive';
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${repo}.git` });
    expect(manifest.homepage).toBe(`${repo}#readme`);
    expect(manifest.bugs).toEqual({ url: `${repo}/issues` });
    expect(manifest.engines).toEqual({ node: '>=20' });
    // npm runs these on install (`prepare` too, for tarballs and git), and npm 11 warns about them.
    const installScripts = Object.keys(manifest.scripts ?? {}).filter((k) => /^(pre|post)?install$|^prepare$/.test(k));
    expect(installScripts).toEqual([]);
    expect(manifest.scripts?.prepack).toBe('npm run build');
  });

  test('ships a module for every source file of lib/, CommonJS and declarations', () => {
    const libFiles = (readdirSync(join(root, 'lib'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
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
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'docs/*.md', 'README.md', 'CHANGELOG.md', 'LICENSE']));
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

  // The declarations and tsc do not depend on the Node line: checked on the floor line (20), once per `npm run test:node`.
  (process.versions.node.startsWith('20.') ? describe : describe.skip)('TypeScript type-checks a consumer against the installed declarations', () => {
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

    /**
     * The typed surface as consumers use it, in every module setting: no default imports (a
     * CommonJS project without `esModuleInterop` has none), real `http.Agent` subclasses
     * (`getStats`, `close`, the pool's and Node's events, `http.get({ agent })`, subclasses
     * overriding Node's hooks), and `@ts-expect-error` on each misuse of the events, so that
     * the check fails (TS2578, unused directive) if `on` accepts any event name again.
     */
    const surfaceCode = `import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { HttpAgent, HttpsAgent } from 'upstream-keepalive';
import type { AgentStats, KeepAlivePoolAgent, SocketClosedMessage } from 'upstream-keepalive';

const agent = new HttpAgent({ maxIdleSockets: 8 });
const tlsAgent = new HttpsAgent({ maxCachedSessions: 10 });
const stats: AgentStats = agent.getStats();
const closing: Promise<void> = tlsAgent.close();

agent.on('socketClosed', ({ origin, reason, requests, age }) => console.log(origin, reason.toUpperCase(), requests + age));
agent.once('requestQueued', (m) => console.log(m.origin)).prependListener('socketCreated', (m) => console.log(m.socket));
agent.on('free', (socket, options) => console.log(socket.remoteAddress, options.host));
tlsAgent.on('keylog', (line, tlsSocket) => console.log(line.length, tlsSocket.alpnProtocol));
tlsAgent.addListener('socketReused', (m) => console.log(m.requests));
const onClosed = (m: SocketClosedMessage): void => console.log(m.reason);
agent.on('socketClosed', onClosed).off('socketClosed', onClosed).removeListener('free', () => {});

// @ts-expect-error: not an event of the agent
agent.on('socketClosd', () => {});
// @ts-expect-error: not an event of the agent
tlsAgent.once('close', () => {});
// @ts-expect-error: not an event of the agent
agent.off('socket-closed', () => {});
// @ts-expect-error: not an event of the agent
agent.addListener('requestqueued', () => {});
// @ts-expect-error: not an event of the agent
agent.prependOnceListener('error', () => {});
// @ts-expect-error: keylog is an event of https agents only
agent.on('keylog', () => {});
// @ts-expect-error: a pool event's listener receives its message
agent.on('socketClosed', (message: string) => message);

http.get('http://127.0.0.1:8080/', { agent }, (res) => res.resume());
https.get('https://127.0.0.1:8443/', { agent: tlsAgent }, (res) => res.resume());
const nodeAgent: http.Agent = agent;
const nodeTlsAgent: https.Agent = tlsAgent;
// @ts-expect-error: an HttpAgent is not an https.Agent
const wrong: https.Agent = agent;
const agents: { http?: http.Agent; https?: https.Agent } = { http: agent, https: tlsAgent };
const pool: KeepAlivePoolAgent = agent;
const chained: HttpAgent = agent.on('free', () => {}).setMaxListeners(20).removeAllListeners();

class CountingAgent extends HttpAgent {
  connections = 0;
  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) {
    this.connections++;
    return super.createConnection(options, callback);
  }
}
const counting = new CountingAgent();
counting.on('socketCreated', () => counting.connections);

export const used = [stats, closing, nodeAgent, nodeTlsAgent, wrong, agents, pool, chained, agent instanceof http.Agent];
`;
    /** One type-check of {@link surfaceCode} per module setting a consumer may use, with and without `skipLibCheck`. */
    const SETTINGS: { name: string; options: Record<string, unknown>; files: string[]; loads: string[] }[] = [
      { name: 'commonjs, node10, no esModuleInterop', options: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: false }, files: ['surface.ts'], loads: ['dist/cjs/index.d.ts'] },
      {
        name: 'commonjs, node10, esModuleInterop',
        options: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
        files: ['surface.ts'],
        loads: ['dist/cjs/index.d.ts'],
      },
      { name: 'nodenext', options: { module: 'nodenext', moduleResolution: 'nodenext' }, files: ['surface.ts', 'surface.mts'], loads: ['dist/cjs/index.d.ts', 'dist/esm/index.d.mts'] },
      { name: 'esnext, bundler', options: { module: 'esnext', moduleResolution: 'bundler' }, files: ['surface.ts', 'bundler.ts'], loads: ['dist/esm/index.d.mts'] },
    ];
    const matrix = SETTINGS.flatMap((s) => [true, false].map((skipLibCheck) => ({ ...s, skipLibCheck })));
    const matrixRuns = new Map<string, Promise<Checked>>();
    const label = (m: { name: string; skipLibCheck: boolean }): string => `${m.name}, skipLibCheck ${m.skipLibCheck ? 'on' : 'off'}`;

    /** Runs `jobs` with at most `limit` at a time (each tsc run is CPU bound). */
    const limited = <T>(limit: number, jobs: (() => Promise<T>)[]): Promise<T>[] => {
      let running = 0;
      const waiting: (() => void)[] = [];
      return jobs.map(async (job) => {
        if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        try {
          return await job();
        } finally {
          running--;
          waiting.shift()?.();
        }
      });
    };

    beforeAll(() => {
      write('cjs.ts', consumerCode(named));
      write('esm.mts', consumerCode(named));
      write('bundler.ts', consumerCode(named));
      write('surface.ts', surfaceCode);
      write('surface.mts', surfaceCode);
      // The declarations are real types, not `any`: each misuse is an error, and only those are.
      write(
        'misuse.ts',
        `${named}
export const a = new HttpAgent({ maxIdleSockets: '64' });
export const b: string = new HttpsAgent().getStats().requests;
export const c = parseNginxKeepalive(CLOSE_REASONS.length);
`,
      );
      // Checking declaration files costs most (all of @types/node): only the strictest node16
      // run and half of the matrix do it, to check the package's own .d.ts files too.
      const jobs: (() => Promise<Checked>)[] = [
        () => check(tsconfig('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16' }, ['cjs.ts', 'esm.mts', 'misuse.ts'])),
        () =>
          check(
            tsconfig(
              'tsconfig.strictest.json',
              { module: 'node16', moduleResolution: 'node16', exactOptionalPropertyTypes: true, skipLibCheck: false },
              ['cjs.ts', 'esm.mts'],
            ),
          ),
        ...matrix.map(
          (m, i) => () => check(tsconfig(`tsconfig.matrix-${i}.json`, { ...m.options, skipLibCheck: m.skipLibCheck }, m.files)),
        ),
      ];
      const runs = limited(Math.max(1, Math.min(2, availableParallelism())), jobs);
      node16 = runs[0]!;
      exact = runs[1]!;
      matrix.forEach((m, i) => matrixRuns.set(label(m), runs[i + 2]!));
    });

    afterAll(async () => {
      await Promise.allSettled([node16, exact, ...matrixRuns.values()]);
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

    test.each(matrix.map((m) => [label(m), m.loads] as const))(
      '%s: the typed surface (real http.Agent subclasses; unknown event names rejected)',
      async (name, loads) => {
        const r = await matrixRuns.get(name)!;
        expect(r.out).toBe('');
        expect(r.code).toBe(0);
        expect(r.declarations).toEqual(expect.arrayContaining(loads));
      },
      60_000,
    );
  });
});
