/**
 * got 14 (ESM only) with HttpAgent / HttpsAgent through `agent: { http, https }`, driven
 * through examples/clients/got.mjs run as a child process: the script starts its own loopback
 * backend, prints what it saw and the agent's getStats() as JSON, and these tests check them
 * (which also proves the example runs).
 */
import { join } from 'node:path';
import { ErrorCodes } from '../../lib';
import { PROTOCOLS, type Protocol } from '../helpers/server';
import { describeScenarioChecks, runScript, type ScenarioReport } from './support';

const SCRIPT = join(__dirname, '../../examples/clients/got.mjs');

describe.each(PROTOCOLS)('got over %s (examples/clients/got.mjs)', (protocol: Protocol) => {
  let report: ScenarioReport;
  beforeAll(async () => {
    const run = await runScript(SCRIPT, protocol === 'https' ? ['--https'] : [], 60_000);
    if (run.code !== 0 || run.json === undefined) throw new Error(`the example failed (exit ${run.code}, ${run.signal}):\n${run.stderr}`);
    report = run.json as ScenarioReport;
  }, 90_000);

  describeScenarioChecks('got', protocol, () => report, 'RequestError');

  test("got's RequestError keeps the agent's error as its cause", () => {
    expect(report.errors.queueFull.error).toMatchObject({ name: 'RequestError', causeCode: ErrorCodes.QUEUE_FULL });
    expect(report.errors.queueTimeout.error).toMatchObject({ name: 'RequestError', causeCode: ErrorCodes.QUEUE_TIMEOUT });
  });
});
