// Builds dist/: CommonJS + .d.ts with tsc, then an ES module entry that re-exports the
// CommonJS build (one copy of the code, so `import` and `require` share one class identity).
//
//   node scripts/build.mjs                 # into dist/
//   node scripts/build.mjs --out <dir>     # into <dir> instead: a test's private build (a build
//                                          # of dist/ running meanwhile empties dist/ while it works);
//                                          # `lru-cache` must resolve from <dir>.
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

const cjs = createRequire(import.meta.url)(join(dist, 'cjs/index.js'));
const names = Object.keys(cjs).filter((n) => n !== 'default' && n !== '__esModule').sort();
mkdirSync(join(dist, 'esm'), { recursive: true });
writeFileSync(
  join(dist, 'esm/index.mjs'),
  `import cjs from '../cjs/index.js';\n` +
    names.map((n) => `export const ${n} = cjs.${n};\n`).join(''),
);
writeFileSync(join(dist, 'esm/index.d.mts'), `export * from '../cjs/index.js';\n`);
writeFileSync(join(dist, 'cjs/package.json'), '{ "type": "commonjs" }\n');
console.log(`built ${outAt === -1 ? 'dist' : dist}/ (${names.length} exports: ${names.join(', ')})`);
