// Builds dist/: CommonJS + .d.ts with tsc, then an ES module entry that re-exports the
// CommonJS build (one copy of the code, so `import` and `require` share one class identity).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});

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
console.log(`built dist/ (${names.length} exports: ${names.join(', ')})`);
