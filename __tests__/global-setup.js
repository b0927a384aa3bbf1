// Builds dist/ once before the suite when it is missing or older than lib/ (tests that run a
// child process, and the packed-tarball test, use the built package).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..');
  const built = join(root, 'dist/cjs/index.js');
  const newest = Math.max(...readdirSync(join(root, 'lib')).map((f) => statSync(join(root, 'lib', f)).mtimeMs));
  if (!existsSync(built) || statSync(built).mtimeMs < newest) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
};
