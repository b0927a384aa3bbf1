import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Runs an example script with Node and returns its last stdout line parsed as JSON. */
function run(script: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(__dirname, '..', script)], { timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${script} failed: ${err.message}\n${stderr}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(last) as Record<string, unknown>);
    });
  });
}

describe('observability examples run and report true figures', () => {
  test('prometheus.mjs exports the pool stats with prom-client', async () => {
    const out = await run('examples/observability/prometheus.mjs');
    expect(out).toMatchObject({ example: 'prometheus', requests: 400 });
    expect(out.metrics as number).toBeGreaterThanOrEqual(8);
  });

  test('log-close-reasons.mjs logs close reasons from the diagnostics channel', async () => {
    const out = await run('examples/observability/log-close-reasons.mjs');
    expect(out).toMatchObject({ example: 'log-close-reasons', requests: 60 });
    const closed = out.closed as Record<string, number>;
    expect(closed.server_close).toBeGreaterThan(0);
    expect(closed.idle_timeout ?? 0).toBeGreaterThan(0);
  });
});
