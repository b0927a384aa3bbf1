/**
 * Every runnable script in examples/ runs to completion on its own: exit code 0 and a JSON
 * line on stdout, within a time bound. The folder is globbed, so a new example is picked up.
 * Skipped: examples/demo.mjs (a human-readable table, run by `npm run demo`), examples/observability/
 * and examples/bench* (tested by their owners), and any path with a part starting with "_"
 * (modules the examples share, not examples).
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { runScript } from './clients/support';

const ROOT = join(__dirname, '..');
const EXAMPLES = join(ROOT, 'examples');
const TIME_LIMIT_MS = 60_000;

function skipped(path: string): boolean {
  const parts = path.split(sep);
  return (
    path === 'demo.mjs' ||
    parts[0] === 'observability' ||
    parts[0]!.startsWith('bench') ||
    parts.some((p) => p.startsWith('_'))
  );
}

function scripts(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (skipped(relative(EXAMPLES, full))) continue;
    if (entry.isDirectory()) found.push(...scripts(full));
    else if (/\.(mjs|cjs|js)$/.test(entry.name)) found.push(full);
  }
  return found.sort();
}

const found = scripts(EXAMPLES).map((full) => relative(ROOT, full));

test('the client examples and the reverse proxy example are all found', () => {
  expect(found).toEqual(
    expect.arrayContaining(
      ['axios', 'got', 'http', 'http-proxy', 'http-proxy-middleware', 'node-fetch', 'superagent']
        .map((c) => join('examples', 'clients', `${c}.mjs`))
        .concat(join('examples', 'reverse-proxy.mjs')),
    ),
  );
  expect(found).not.toContain(join('examples', 'demo.mjs'));
  expect(found.filter((f) => f.split(sep).some((p) => p.startsWith('_')))).toEqual([]);
});

test.each(found)(`%s exits 0 and prints a JSON line within ${TIME_LIMIT_MS / 1000} s`, async (file) => {
  const started = Date.now();
  const run = await runScript(join(ROOT, file), [], TIME_LIMIT_MS);
  if (run.code !== 0) throw new Error(`${file} failed (exit ${run.code}, signal ${run.signal}):\n${run.stderr}`);
  expect(run.json).toEqual(expect.any(Object));
  expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
}, TIME_LIMIT_MS + 30_000);
