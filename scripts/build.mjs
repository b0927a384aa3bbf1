// Builds dist/: CommonJS + .d.ts with tsc, then an ES module entry that re-exports the
// CommonJS build (one copy of the code, so `import` and `require` share one class identity).
//
//   node scripts/build.mjs                 # into dist/
//   node scripts/build.mjs --out <dir>     # into <dir> instead: a test's private build (a build
//                                          # of dist/ running meanwhile empties dist/ while it works);
//                                          # `lru-cache` must resolve from <dir>.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outAt = process.argv.indexOf('--out');
if (outAt !== -1 && process.argv[outAt + 1] === undefined) throw new Error('--out needs a directory');
const dist = outAt === -1 ? join(root, 'dist') : resolve(process.argv[outAt + 1]);
rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', join(dist, 'cjs')],
  { stdio: 'inherit' },
);

const require = createRequire(import.meta.url);
mkdirSync(join(dist, 'esm'), { recursive: true });

/**
 * The names a CommonJS module compiled by tsc exports, read from its text without loading it
 * (`upstream-keepalive/undici` loads the peer dependency `undici`, which a private build's
 * directory need not provide): tsc writes each re-export as `Object.defineProperty(exports, "X", ...)`.
 */
function exportedNames(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/Object\.defineProperty\(exports, "([\w$]+)"/g)].map((m) => m[1]);
}

/**
 * The ES module entry of one CommonJS entry point: a named export per export of the CommonJS
 * module (read by loading it, or from its text with `load: false`), and declarations that
 * re-export its own.
 */
function esmEntry(name, cjsPath, load = true) {
  const file = join(dist, 'cjs', cjsPath);
  const found = load ? Object.keys(require(file)) : exportedNames(file);
  const names = found.filter((n) => n !== 'default' && n !== '__esModule').sort();
  writeFileSync(join(dist, `esm/${name}.mjs`), `import cjs from '../cjs/${cjsPath}';\n` + names.map((n) => `export const ${n} = cjs.${n};\n`).join(''));
  writeFileSync(join(dist, `esm/${name}.d.mts`), `export * from '../cjs/${cjsPath}';\n`);
  return names;
}

const names = esmEntry('index', 'index.js');
// `upstream-keepalive/undici`: not loaded here (it needs the peer dependency `undici`).
const undiciNames = esmEntry('undici', 'undici/index.js', false);
writeFileSync(join(dist, 'cjs/package.json'), '{ "type": "commonjs" }\n');
console.log(`built ${outAt === -1 ? 'dist' : dist}/ (${names.length} exports: ${names.join(', ')}; undici: ${undiciNames.join(', ')})`);
