/**
 * The README's code, as a reader pastes it: every ```js, ```mjs and ```ts block is type-checked
 * against the built package (its declarations, as a consumer's TypeScript sees them; `checkJs`
 * for the JavaScript blocks, so a name used but never defined or required is an error), and
 * every JavaScript block that can run on this machine is run with Node against the built package.
 *
 * Each block must stand alone: no block relies on names defined in another.
 *
 * The package is built privately (`scripts/build.mjs --out`) into a temporary project's
 * `node_modules/upstream-keepalive`, so `require('upstream-keepalive')` and
 * `import ... from 'upstream-keepalive'` resolve as in a consumer's project (through the
 * package's `exports`), and a build of `dist/` running elsewhere meanwhile does not matter.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The address the README's plain-HTTP examples send to; the test serves it on a free port instead. */
const EXAMPLE_ORIGIN = 'http://127.0.0.1:8080';

interface Block {
  lang: 'js' | 'mjs' | 'ts';
  /** 1-based line in README.md of the block's first code line. */
  line: number;
  code: string;
  /** The file the block is written to in the temporary project. */
  file: string;
}

/** The fenced code blocks of `markdown` in the languages checked here. */
function codeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith(fence)) end++;
    const lang = open[2]!.toLowerCase();
    if (lang === 'js' || lang === 'mjs' || lang === 'ts') {
      const extension = lang === 'js' ? 'cjs' : lang === 'mjs' ? 'mjs' : 'ts';
      found.push({ lang, line: start + 1, code: lines.slice(start, end).join('\n') + '\n', file: `readme-line-${start + 1}.${extension}` });
    }
    i = end;
  }
  return found;
}

/**
 * How a block is checked beyond its type-check:
 * - `run`: JavaScript that needs no network, or only the README's example origin
 *   ({@link EXAMPLE_ORIGIN}, served here on a free loopback port): run as written (the origin
 *   rewritten to the test server's), and it must exit by itself with status 0.
 * - `type-check only`: TypeScript (Node 20 runs no TypeScript), or a block that talks to a
 *   backend at another fixed address (e.g. `https://api.internal/`): that backend does not exist
 *   here, and a stand-in would need the reader's DNS name and a certificate trusted for it.
 */
function kindOf(block: Block): 'run' | 'type-check only' {
  if (block.lang === 'ts') return 'type-check only';
  const urls = withoutComments(block.code).match(/\bhttps?:\/\/[^\s'"`)]+/g) ?? [];
  return urls.every((u) => u === EXAMPLE_ORIGIN || u.startsWith(`${EXAMPLE_ORIGIN}/`)) ? 'run' : 'type-check only';
}

/** `code` without its `//` line comments (an address in a comment is not one the code uses). */
function withoutComments(code: string): string {
  return code.replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

interface Run {
  code: number | string;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : String(err.code ?? err.signal ?? 'failed');
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const blocks = codeBlocks(readme);
const runnable = blocks.filter((b) => kindOf(b) === 'run');

let work: string;
let server: http.Server;
let requests = 0;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'uk-readme-'));
  const pkg = join(work, 'node_modules/upstream-keepalive');
  mkdirSync(pkg, { recursive: true });
  symlinkSync(join(root, 'node_modules/lru-cache'), join(work, 'node_modules/lru-cache'), 'dir');
  copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'));
  const built = await run(process.execPath, [join(root, 'scripts/build.mjs'), '--out', join(pkg, 'dist')], root, 120_000);
  if (built.code !== 0) throw new Error(`build failed (${built.code}):\n${built.stdout}\n${built.stderr}`);

  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'readme-reader', version: '1.0.0', private: true }));
  for (const b of blocks) writeFileSync(join(work, b.file), b.code);

  server = http.createServer((req, res) => {
    requests++;
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 150_000);

afterAll(async () => {
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

test('the README has the code blocks this test checks (js, one of them runnable against the example origin)', () => {
  expect(blocks.filter((b) => b.lang === 'js').length).toBeGreaterThanOrEqual(4);
  expect(runnable.some((b) => withoutComments(b.code).includes(EXAMPLE_ORIGIN))).toBe(true);
});

test('every block type-checks on its own against the built package (checkJs for JavaScript)', async () => {
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        moduleDetection: 'force',
        strict: true,
        allowJs: true,
        checkJs: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: blocks.map((b) => b.file),
    }),
  );
  const r = await run(process.execPath, [tsc, '-p', join(work, 'tsconfig.json'), '--pretty', 'false'], work, 60_000);
  // Each diagnostic, located in README.md.
  const byFile = new Map(blocks.map((b) => [b.file, b]));
  const errors = r.stdout
    .split('\n')
    .filter((l) => /error TS/.test(l))
    .map((l) => {
      const m = /^([^(]+)\((\d+),(\d+)\): (.*)$/.exec(l);
      const b = m ? byFile.get(m[1]!) : undefined;
      return b && m ? `README.md:${b.line + Number(m[2]) - 1}:${m[3]} (${b.lang} block) ${m[4]}` : l;
    });
  expect(errors).toEqual([]);
  expect(r.code).toBe(0);
}, 60_000);

describe('the JavaScript blocks that can run here run and exit by themselves', () => {
  // (An empty table would fail the whole file; the first test reports a README without any.)
  if (runnable.length === 0) return;
  test.each(runnable.map((b) => [b.line, b] as const))('README.md line %i', async (_line, b) => {
    const file = join(work, `run-${b.file}`);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(file, b.code.split(EXAMPLE_ORIGIN).join(origin));
    const before = requests;
    const r = await run(process.execPath, [file], work, 15_000);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    if (withoutComments(b.code).includes(EXAMPLE_ORIGIN)) expect(requests).toBeGreaterThan(before);
  }, 30_000);
});
