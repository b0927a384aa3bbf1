/**
 * Every runnable script in examples/ runs to completion on its own: exit code 0 and a JSON
 * line on stdout, within a time bound. The folder is globbed, so a new example is picked up.
 * Skipped: examples/demo.mjs (a human-readable table, run by `npm run demo`: tested below, at a
 * reduced size), examples/observability/, examples/upstreams.mjs and examples/bench* (tested by
 * their owners: observability-examples.test, upstream-agent.test), and any
 * path with a part starting with "_" (modules the examples share, not examples).
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
    path === 'upstreams.mjs' ||
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

/** What `examples/demo.mjs --json` prints per contender. */
interface DemoRow {
  key: 'none' | 'node' | 'ours';
  connections: number;
  requests: number;
  reqPerSec: number;
  p99: number;
  errors: number;
  proxyErrors: number;
  stats: { during: { created: number }; atClose: { closed: Record<string, number> } } | null;
}

// The demo is what `npm run demo` runs on the machine's Node (the floor line); the client
// examples above run on every line.
const onTheFloorLine = process.versions.node.startsWith('20.') ? test : test.skip;

onTheFloorLine(`the demo runs its contenders in separate processes, warm-up then interleaved rounds, within ${TIME_LIMIT_MS / 1000} s`, async () => {
  // A reduced size (the full demo is about 20 s on 2 cores): 1 warm-up of 100 and 2 rounds of 200 per contender.
  const run = await runScript(join(EXAMPLES, 'demo.mjs'), ['--rounds', '2', '--requests', '200', '--warmup', '100', '--concurrency', '8', '--deadline-ms', '600000', '--json'], TIME_LIMIT_MS);
  if (run.code !== 0) throw new Error(`demo.mjs failed (exit ${run.code}, signal ${run.signal}):\n${run.stderr}`);
  const report = run.json as { rows: DemoRow[] };
  const byKey = Object.fromEntries(report.rows.map((r) => [r.key, r]));
  expect(Object.keys(byKey).sort()).toEqual(['node', 'none', 'ours']);
  for (const r of report.rows) {
    expect(r.requests).toBe(500);
    expect([r.errors, r.proxyErrors]).toEqual([0, 0]);
    expect(r.reqPerSec).toBeGreaterThan(0);
    expect(r.p99).toBeGreaterThan(0);
  }
  // Node's agent forwards the clients' Connection: close upstream; ours strips it and pools.
  expect(byKey.none!.connections).toBe(500);
  expect(byKey.node!.connections).toBe(500);
  expect(byKey.ours!.connections).toBeLessThanOrEqual(8);
  expect(byKey.ours!.stats!.atClose.closed.agent_closed).toBe(byKey.ours!.stats!.during.created);
  // Not a terminal: plain progress lines, the warm-up first, then the rounds in a rotated order.
  const steps = run.stderr.split('\n').filter((l) => /^(warm-up|round)/.test(l));
  expect(steps.map((l) => l.split(/\s{2,}/)[0])).toEqual([
    'warm-up (not measured)', 'warm-up (not measured)', 'warm-up (not measured)',
    'round 1/2', 'round 1/2', 'round 1/2', 'round 2/2', 'round 2/2', 'round 2/2',
  ]);
  expect(steps[3]).toContain('no agent');
  expect(steps[6]).toContain("Node's agent");
  for (const label of ['upstream connections opened', 'TIME_WAIT sockets left', 'requests per second (median)', 'latency p99 (median)', 'closed by agent.close() at the end']) {
    expect(run.stdout).toContain(label);
  }
}, TIME_LIMIT_MS + 30_000);
