// Builds dist/ once before the suite when it is missing or older than any file of lib/ (tests
// that run a child process, and the packed-tarball test, use the built package). Every file is
// looked at, not only lib/'s own entries: a file edited in place in a subfolder leaves the
// folder's time unchanged, and dist/ would stay a build of the old source.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** The newest modification time of the files under `dir` (ms). */
function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

module.exports = async function globalSetup() {
  const root = join(__dirname, '..');
  const built = join(root, 'dist/cjs/index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestUnder(join(root, 'lib'))) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
};
