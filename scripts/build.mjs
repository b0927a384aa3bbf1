// Builds dist/: CommonJS + .d.ts with tsc, then an ES module entry that re-exports the
// CommonJS build (one copy of the code, so `import` and `require` share one class identity).
//
//   node scripts/build.mjs                 # into dist/
//   node scripts/build.mjs --out <dir>     # into <dir> instead: a test's private build (a build
//                                          # of dist/ running meanwhile empties dist/ while it works);
//                                          # `lru-cache` and `undici` must resolve from <dir>.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
 * The ES module entry of one CommonJS entry point: a named export per export of the CommonJS
 * module (read by loading it), and declarations that re-export its own.
 */
function esmEntry(name, cjsPath) {
  const cjs = require(join(dist, 'cjs', cjsPath));
  const names = Object.keys(cjs).filter((n) => n !== 'default' && n !== '__esModule').sort();
  writeFileSync(join(dist, `esm/${name}.mjs`), `import cjs from '../cjs/${cjsPath}';\n` + names.map((n) => `export const ${n} = cjs.${n};\n`).join(''));
  writeFileSync(join(dist, `esm/${name}.d.mts`), `export * from '../cjs/${cjsPath}';\n`);
  return names;
}

const names = esmEntry('index', 'index.js');
// `upstream-keepalive/undici`: loading it needs the peer dependency `undici` (a devDependency here).
const undiciNames = esmEntry('undici', 'undici/index.js');
writeFileSync(join(dist, 'cjs/package.json'), '{ "type": "commonjs" }\n');
console.log(`built ${outAt === -1 ? 'dist' : dist}/ (${names.length} exports: ${names.join(', ')}; undici: ${undiciNames.join(', ')})`);
