/**
 * node-fetch 3 (ESM only) with HttpAgent / HttpsAgent through `agent`, driven through
 * examples/clients/node-fetch.mjs run as a child process: the script starts its own loopback
 * backend, prints what it saw and the agent's getStats() as JSON, and these tests check them
 * (which also proves the example runs).
 */
import { join } from 'node:path';
import { PROTOCOLS, type Protocol } from '../helpers/server';
import { describeScenarioChecks, runScript, type ScenarioReport } from './support';

const SCRIPT = join(__dirname, '../../examples/clients/node-fetch.mjs');

describe.each(PROTOCOLS)('node-fetch over %s (examples/clients/node-fetch.mjs)', (protocol: Protocol) => {
  let report: ScenarioReport;
  beforeAll(async () => {
    const run = await runScript(SCRIPT, protocol === 'https' ? ['--https'] : [], 60_000);
    if (run.code !== 0 || run.json === undefined) throw new Error(`the example failed (exit ${run.code}, ${run.signal}):\n${run.stderr}`);
    report = run.json as ScenarioReport;
  }, 90_000);

  describeScenarioChecks('node-fetch', protocol, () => report, 'FetchError');

  test("node-fetch's FetchError is of type 'system' and quotes the agent's message (it keeps no cause)", () => {
    expect(report.errors.queueFull.error).toMatchObject({ type: 'system' });
    expect(report.errors.queueTimeout.error).toMatchObject({ type: 'system' });
    expect(report.errors.queueFull.error?.message).toMatch(/failed, reason: Queue full: 0 requests already wait/);
    expect(report.errors.queueFull.error?.causeCode).toBeNull();
  });
});
